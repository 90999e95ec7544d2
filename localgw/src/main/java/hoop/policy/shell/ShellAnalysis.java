package hoop.policy.shell;

import java.util.List;

/**
 * Result of analysing a script or argv. When {@link #unknown()} is true the command list is
 * incomplete by definition: callers enforcing a policy must treat the whole input as unsafe.
 *
 * @param unknownReasons     every reason the input is unknown
 * @param commandlessReasons those that no command carries ({@link SimpleCommand#file()} carries the others): eval, a
 *                           program computed at run time, a script hoop cannot parse, ...
 */
public record ShellAnalysis(List<SimpleCommand> commands, List<String> unknownReasons, List<String> commandlessReasons) {

    public ShellAnalysis {
        commands = List.copyOf(commands);
        unknownReasons = List.copyOf(unknownReasons);
        commandlessReasons = List.copyOf(commandlessReasons);
    }

    public ShellAnalysis(List<SimpleCommand> commands, List<String> unknownReasons) {
        this(commands, unknownReasons, unknownReasons);
    }

    public boolean unknown() {
        return !unknownReasons.isEmpty();
    }
}
