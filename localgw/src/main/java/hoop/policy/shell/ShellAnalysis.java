package hoop.policy.shell;

import java.util.List;

/**
 * Result of analysing a script or argv. When {@link #unknown()} is true the command list is
 * incomplete by definition: callers enforcing a policy must treat the whole input as unsafe.
 *
 * @param unknownReasons     every reason the input is unknown
 * @param commandlessReasons those that no command carries ({@link SimpleCommand#file()} carries the others): eval, a
 *                           program computed at run time, a script hoop cannot parse, ...
 * @param emptied            indexes of the commands that are a truncating redirection of a command writing nothing
 *                           ("> f", ": > f"): the words of such a ">" unit do not tell it from "sort x > f"; or of a
 *                           command archiving what it removes into output sent to /dev/null ("tar -cf - --remove-files
 *                           d > /dev/null")
 */
public record ShellAnalysis(List<SimpleCommand> commands, List<String> unknownReasons, List<String> commandlessReasons,
                            java.util.Set<Integer> emptied) {

    public ShellAnalysis {
        commands = List.copyOf(commands);
        unknownReasons = List.copyOf(unknownReasons);
        commandlessReasons = List.copyOf(commandlessReasons);
        emptied = java.util.Set.copyOf(emptied);
    }

    public ShellAnalysis(List<SimpleCommand> commands, List<String> unknownReasons, List<String> commandlessReasons) {
        this(commands, unknownReasons, commandlessReasons, java.util.Set.of());
    }

    public ShellAnalysis(List<SimpleCommand> commands, List<String> unknownReasons) {
        this(commands, unknownReasons, unknownReasons);
    }

    /** Why the command at index destroys data it did not create (see {@link DataLoss}), or null. */
    public String destroys(int index) {
        if (!emptied.contains(index)) return DataLoss.of(commands.get(index));
        return commands.get(index).program().equals(">") ? "a redirection empties a file"
                : "the files are removed once archived into output that goes to /dev/null, which keeps nothing of them";
    }

    public boolean unknown() {
        return !unknownReasons.isEmpty();
    }
}
