package hoop.policy.shell;

import java.util.List;
import java.util.Objects;

/**
 * One command the shell would execute, after quote removal and wrapper unwrapping.
 *
 * @param program basename of the executed program (e.g. {@code rm} for {@code /usr/bin/rm})
 * @param args    words after the program, quotes removed, redirections excluded
 */
public record SimpleCommand(String program, List<String> args, String dir, List<String> guessedArgs,
                            List<List<String>> readings, List<Integer> runTimeArgs) {

    /**
     * @param dir         the directory an earlier cd in the same script moved to (absolute, normalised),
     *                    or null when none did or it cannot be known; relative arguments may be inside it
     * @param guessedArgs the arguments with variables expanded as far as the script shows them
     *                    ({@code f=/etc/shadow; cat $f}, unset ones empty), or null when no argument uses one
     * @param readings    further readings of the arguments, one per value the script's variables may hold when the
     *                    command runs (a loop's words, a later assignment a function or loop body sees), or null
     * @param runTimeArgs indexes of arguments whose value is read or computed at run time ({@code $(..)}, a variable
     *                    read from input, what xargs supplies; {@code args.size()}: words xargs appends), or null
     */
    public SimpleCommand {
        Objects.requireNonNull(program, "program");
        args = List.copyOf(args);
        guessedArgs = guessedArgs == null ? null : List.copyOf(guessedArgs);
        readings = readings == null ? null : readings.stream().map(List::copyOf).toList();
        runTimeArgs = runTimeArgs == null ? null : List.copyOf(runTimeArgs);
    }

    public SimpleCommand(String program, List<String> args, String dir, List<String> guessedArgs) {
        this(program, args, dir, guessedArgs, null, null);
    }

    public SimpleCommand(String program, List<String> args) {
        this(program, args, null, null);
    }

    public String display() {
        return args.isEmpty() ? program : program + " " + String.join(" ", args);
    }
}
