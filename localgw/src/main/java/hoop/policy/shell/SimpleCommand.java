package hoop.policy.shell;

import java.util.List;
import java.util.Objects;

/**
 * One command the shell would execute, after quote removal and wrapper unwrapping.
 *
 * @param program basename of the executed program (e.g. {@code rm} for {@code /usr/bin/rm})
 * @param args    words after the program, quotes removed, redirections excluded
 */
public record SimpleCommand(String program, List<String> args) {

    public SimpleCommand {
        Objects.requireNonNull(program, "program");
        args = List.copyOf(args);
    }

    public String display() {
        return args.isEmpty() ? program : program + " " + String.join(" ", args);
    }
}
