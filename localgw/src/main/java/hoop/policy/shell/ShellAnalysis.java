package hoop.policy.shell;

import java.util.List;

/**
 * Result of analysing a script or argv. When {@link #unknown()} is true the command list is
 * incomplete by definition: callers enforcing a policy must treat the whole input as unsafe.
 */
public record ShellAnalysis(List<SimpleCommand> commands, List<String> unknownReasons) {

    public ShellAnalysis {
        commands = List.copyOf(commands);
        unknownReasons = List.copyOf(unknownReasons);
    }

    public boolean unknown() {
        return !unknownReasons.isEmpty();
    }
}
