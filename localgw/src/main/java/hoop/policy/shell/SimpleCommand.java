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
                            List<List<String>> readings, List<Integer> runTimeArgs, ProgramFile file, String home) {

    /**
     * @param dir         the directory an earlier cd in the same script moved to (absolute, normalised),
     *                    or null when none did or it cannot be known; relative arguments may be inside it
     * @param guessedArgs the arguments with variables expanded as far as the script shows them
     *                    ({@code f=/etc/shadow; cat $f}, unset ones empty), or null when no argument uses one
     * @param readings    further readings of the arguments, one per value the script's variables may hold when the
     *                    command runs (a loop's words, a later assignment a function or loop body sees), or null
     * @param runTimeArgs indexes of arguments whose value is read or computed at run time ({@code $(..)}, a variable
     *                    read from input, what xargs supplies; {@code args.size()}: words xargs appends), or null
     * @param file        the file the script runs as its program ({@code ./gradlew}), when that file is all that makes the
     *                    command unknown and the analysis knows which file it is; null otherwise
     * @param home        the home directory of the user the command runs as ($HOME, where ~ leads; normalised), the
     *                    run_as user's on a connection that has one; null when unknown. Rules name paths from ~, so a
     *                    path under it is matched as ~/...: it must be the home the command gets, not the gateway's
     */
    public SimpleCommand {
        Objects.requireNonNull(program, "program");
        args = List.copyOf(args);
        guessedArgs = guessedArgs == null ? null : List.copyOf(guessedArgs);
        readings = readings == null ? null : readings.stream().map(List::copyOf).toList();
        runTimeArgs = runTimeArgs == null ? null : List.copyOf(runTimeArgs);
    }

    public SimpleCommand(String program, List<String> args, String dir, List<String> guessedArgs,
                         List<List<String>> readings, List<Integer> runTimeArgs) {
        this(program, args, dir, guessedArgs, readings, runTimeArgs, null, PathNormalizer.HOME);
    }

    public SimpleCommand(String program, List<String> args, String dir, List<String> guessedArgs) {
        this(program, args, dir, guessedArgs, null, null);
    }

    SimpleCommand withFile(ProgramFile f) {
        return new SimpleCommand(program, args, dir, guessedArgs, readings, runTimeArgs, f, home);
    }

    /** The same program run with other arguments, where this one runs and with its home (no guesses or readings). */
    SimpleCommand withArgs(List<String> otherArgs) {
        return new SimpleCommand(program, otherArgs, dir, null, null, null, null, home);
    }

    /**
     * A program run by its path outside the system's program directories: what it does is whatever the file holds.
     *
     * @param path   the file, absolute and lexically normalised
     * @param origin the directory the script started in, against which a rule's relative path is read
     * @param reason why the command is unknown
     */
    public record ProgramFile(String path, String origin, String reason) {
        public ProgramFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(reason, "reason");
        }
    }

    public SimpleCommand(String program, List<String> args) {
        this(program, args, null, null);
    }

    public String display() {
        return args.isEmpty() ? program : program + " " + String.join(" ", args);
    }
}
