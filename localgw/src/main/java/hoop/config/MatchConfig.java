package hoop.config;

import java.util.List;

/** Conditions of a rule; all given conditions must hold (each list matches if any of its items does). */
public record MatchConfig(List<String> argv, List<String> kind, List<String> text, List<String> users, Location location) {
    public boolean isEmpty() {
        return argv.isEmpty() && kind.isEmpty() && text.isEmpty() && users.isEmpty();
    }
}
