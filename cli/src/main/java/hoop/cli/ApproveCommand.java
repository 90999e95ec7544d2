package hoop.cli;

import picocli.CommandLine.Command;

@Command(name = "approve", description = "Approve a pending request: the waiting command runs.")
final class ApproveCommand extends DecisionCommand {
    @Override
    String verb() {
        return "approve";
    }
}
