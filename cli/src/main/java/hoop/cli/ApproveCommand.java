package hoop.cli;

import picocli.CommandLine.Command;

@Command(name = "approve", description = "Approve a pending request: the waiting command runs.")
final class ApproveCommand extends DecisionCommand {
    @picocli.CommandLine.Option(names = "--window", description = "Also approve later commands of this rule in the session, for the rule's window.")
    boolean window;

    @Override
    boolean window() {
        return window;
    }

    @Override
    String verb() {
        return "approve";
    }
}
