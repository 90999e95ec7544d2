package hoop.policy;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The kind names policies may use, per connection type; any other name in a policy is a config error. */
public final class Kinds {
    public static final String EXEC = "exec";
    public static final String UNKNOWN = "unknown";

    private static final Map<String, Set<String>> BY_TYPE = Map.of(
            "command", Set.of(EXEC, UNKNOWN),
            "postgres", Set.of("read", "write", "ddl", "dcl", "admin", "transaction", "session", "copy-out", "copy-in",
                    "copy-program", "procedural", UNKNOWN),
            "aws", Set.of("read", "write", "delete", "admin", UNKNOWN));

    private Kinds() {}

    public static Set<String> all() {
        Set<String> all = new TreeSet<>();
        BY_TYPE.values().forEach(all::addAll);
        return all;
    }
}
