package hoop.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A YAML tree that remembers where every node came from and its path from the root. */
public sealed interface YamlNode {
    Location location();

    String path();

    default ConfigException error(String problem) {
        return new ConfigException(location(), path(), problem);
    }

    default String describe() {
        return switch (this) {
            case MapNode m -> "a mapping";
            case ListNode l -> "a list";
            case Scalar s -> s.text() == null ? "null" : "a scalar";
        };
    }

    record MapNode(Location location, String path, LinkedHashMap<String, YamlNode> entries, Map<String, Location> keyLocations)
            implements YamlNode {}

    record ListNode(Location location, String path, List<YamlNode> items) implements YamlNode {}

    /** text is null for YAML null / empty values. */
    record Scalar(Location location, String path, String text) implements YamlNode {}
}
