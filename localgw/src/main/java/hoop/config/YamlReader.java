package hoop.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;

/**
 * Reads YAML into {@link YamlNode}s with locations. Jackson's tree model drops locations, so the tree is
 * built from the streaming parser; duplicate keys are rejected because YAML silently keeping the last one
 * hides mistakes in policies.
 */
public final class YamlReader {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private YamlReader() {}

    public static YamlNode read(Path file, String text) {
        try (JsonParser p = FACTORY.createParser(new StringReader(text))) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return new YamlNode.MapNode(new Location(file, 1, 1), "", new LinkedHashMap<>(), new HashMap<>());
            }
            YamlNode root = node(p, file, "");
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                // Jackson stops at the end of the first document: what follows a "---" was dropped without a word.
                if (t != JsonToken.VALUE_NULL) {
                    throw new ConfigException(loc(p, file), "", "a second YAML document: hoop.yaml is one document (remove the ---)");
                }
            }
            return root;
        } catch (JsonProcessingException e) {
            throw invalid(file, e);
        } catch (IOException e) {
            throw new ConfigException(new Location(file, 1, 1), "", "cannot read: " + e.getMessage());
        }
    }

    /**
     * SnakeYAML's message spans lines (a context, an excerpt of the file with a caret under it): the error is one
     * line, its problem and where it lies.
     */
    private static ConfigException invalid(Path file, JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null) {
            String problem = oneLine(m.getProblem()) + (m.getContext() == null ? "" : " (" + oneLine(m.getContext()) + ")");
            return new ConfigException(new Location(file, m.getProblemMark().getLine() + 1, m.getProblemMark().getColumn() + 1), "",
                    "invalid YAML: " + problem);
        }
        JsonLocation loc = e.getLocation();
        Location where = loc == null ? new Location(file, 1, 1) : new Location(file, loc.getLineNr(), loc.getColumnNr());
        return new ConfigException(where, "", "invalid YAML: " + oneLine(e.getOriginalMessage()));
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static YamlNode node(JsonParser p, Path file, String path) throws IOException {
        Location here = loc(p, file);
        JsonToken t = p.currentToken();
        if (p instanceof com.fasterxml.jackson.dataformat.yaml.YAMLParser y && y.isCurrentAlias()) {
            // The streaming parser hands an alias over as its anchor's name: "argv: *dangerous" became the one pattern
            // "dangerous", and the deny rule written with it matched nothing.
            throw new ConfigException(here, path, "YAML aliases (*" + p.getText() + ") are not supported: write the value out");
        }
        if (t == JsonToken.START_OBJECT) {
            LinkedHashMap<String, YamlNode> entries = new LinkedHashMap<>();
            HashMap<String, Location> keys = new HashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                Location keyLoc = loc(p, file);
                String childPath = path.isEmpty() ? key : path + "." + key;
                if (entries.containsKey(key)) {
                    throw new ConfigException(keyLoc, childPath, "duplicate key '" + key + "' (first at line " + keys.get(key).line() + ")");
                }
                p.nextToken();
                keys.put(key, keyLoc);
                entries.put(key, node(p, file, childPath));
            }
            return new YamlNode.MapNode(here, path, entries, keys);
        }
        if (t == JsonToken.START_ARRAY) {
            ArrayList<YamlNode> items = new ArrayList<>();
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                items.add(node(p, file, path + "[" + i++ + "]"));
            }
            return new YamlNode.ListNode(here, path, items);
        }
        if (t == JsonToken.VALUE_NULL) return new YamlNode.Scalar(here, path, null);
        return new YamlNode.Scalar(here, path, p.getText());
    }

    private static Location loc(JsonParser p, Path file) {
        JsonLocation l = p.currentTokenLocation();
        return new Location(file, l.getLineNr(), l.getColumnNr());
    }
}
