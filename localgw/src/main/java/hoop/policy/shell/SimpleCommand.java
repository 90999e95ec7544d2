package hoop.policy.shell;

import java.util.List;
import java.util.Objects;

/**
 * One command the shell would execute, after quote removal and wrapper unwrapping.
 *
 * @param program basename of the executed program (e.g. {@code rm} for {@code /usr/bin/rm})
 * @param args    words after the program, quotes removed, redirections excluded
 */
public record SimpleCommand(String program, List<String> args, String dir, List<String> guessedArgs) {

    /**
     * @param dir         the directory an earlier cd in the same script moved to (absolute, normalised),
     *                    or null when none did or it cannot be known; relative arguments may be inside it
     * @param guessedArgs the arguments with variables expanded as far as the script shows them
     *                    ({@code f=/etc/shadow; cat $f}, unset ones empty), or null when no argument uses one
     */
    public SimpleCommand {
        Objects.requireNonNull(program, "program");
        args = List.copyOf(args);
        guessedArgs = guessedArgs == null ? null : List.copyOf(guessedArgs);
    }

    public SimpleCommand(String program, List<String> args) {
        this(program, args, null, null);
    }

    public String display() {
        return args.isEmpty() ? program : program + " " + String.join(" ", args);
    }
}
