package hoop.config;

import java.util.List;

/**
 * Conditions of a rule; all given conditions must hold (each list matches if any of its items does, flags
 * must all be present). users: subject or email; groups: any of the caller's groups. unbounded: shorthand for the
 * "unbounded" flag (UPDATE/DELETE without WHERE). operation, resource: globs on an AWS call ("s3:Delete*",
 * "arn:aws:s3:::prod-*").
 */
public record MatchConfig(List<String> argv, List<String> kind, List<String> text, List<String> users, List<String> groups,
                          List<String> flags, List<String> tables, Boolean unbounded, Location location,
                          List<String> operation, List<String> resource, String path) {
    public boolean isEmpty() {
        return argv.isEmpty() && kind.isEmpty() && text.isEmpty() && users.isEmpty() && groups.isEmpty() && flags.isEmpty()
                && tables.isEmpty() && unbounded == null && operation.isEmpty() && resource.isEmpty();
    }
}
