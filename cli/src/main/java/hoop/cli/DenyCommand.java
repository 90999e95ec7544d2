package hoop.cli;

import picocli.CommandLine.Command;

@Command(name = "deny", description = "Deny a pending request: the waiting command fails with your reason.")
final class DenyCommand extends DecisionCommand {
    @Override
    String verb() {
        return "deny";
    }
}
