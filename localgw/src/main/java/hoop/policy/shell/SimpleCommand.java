package hoop.policy.shell;

import java.util.List;
import java.util.Objects;

/**
 * One command the shell would execute, after quote removal and wrapper unwrapping.
 *
 * @param program basename of the executed program (e.g. {@code rm} for {@code /usr/bin/rm})
 * @param args    words after the program, quotes removed, redirections excluded
 */
public record SimpleCommand(String program, List<String> args, String dir) {

    /**
     * @param dir the directory an earlier cd in the same script moved to (absolute, normalised), or
     *            null when none did or it cannot be known; relative arguments may be inside it
     */
    public SimpleCommand {
        Objects.requireNonNull(program, "program");
        args = List.copyOf(args);
    }

    public SimpleCommand(String program, List<String> args) {
        this(program, args, null);
    }

    public String display() {
        return args.isEmpty() ? program : program + " " + String.join(" ", args);
    }
}
