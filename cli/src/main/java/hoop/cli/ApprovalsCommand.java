package hoop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "approvals", description = {"Pending approval requests: a live view on a terminal (a approve, w window, d deny, q quit),",
                "the plain list otherwise (`list --json` for scripts)."},
        subcommands = ApprovalsCommand.ListCommand.class)
final class ApprovalsCommand implements Callable<Integer> {
    @ParentCommand
    HoopCommand root;

    @Option(names = "--as", paramLabel = "NAME", description = "Approver name in the live view (local mode: default the OS user).")
    String as;

    @Override
    public Integer call() throws Exception {
        GatewayClient gw = GatewayClient.connect(root.ctx.home());
        // The live view needs a real terminal on our own streams; anything else gets the plain list.
        if (root.ctx.in() == System.in && root.ctx.out() == System.out) {
            try (org.jline.terminal.Terminal t = org.jline.terminal.TerminalBuilder.builder().system(true).dumb(true).build()) {
                if (!t.getType().startsWith("dumb")) {
                    return new ApprovalsTui(gw, t, as != null ? as : hoop.core.Identity.localUser().subject()).run();
                }
            }
        }
        return list(root, false, false);
    }

    @Command(name = "list", description = "Print approval requests (pending unless --all).")
    static final class ListCommand implements Callable<Integer> {
        @ParentCommand
        ApprovalsCommand parent;

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        @Option(names = "--all", description = "Include decided, expired and cancelled requests.")
        boolean all;

        @Override
        public Integer call() {
            return list(parent.root, json, all);
        }
    }

    static int list(HoopCommand root, boolean json, boolean all) {
        GatewayClient gw = GatewayClient.connect(root.ctx.home());
        GatewayClient.Reply r = gw.get(all ? "/v1/approvals" : "/v1/approvals?status=pending");
        if (r.status() != 200) throw new CliException(ExitCodes.FAILURE, r.error());
        PrintStream out = root.ctx.out();
        JsonNode items = r.body().path("approvals");
        if (json) {
            out.println(items.toPrettyString());
            return ExitCodes.OK;
        }
        if (items.isEmpty()) {
            out.println(all ? "no approval requests" : "no pending approval requests");
            return ExitCodes.OK;
        }
        out.printf("%-12s  %-9s  %-12s  %-10s  %-24s  %s%n", "ID", "STATUS", "CONNECTION", "REQUESTER", "RULE", "COMMAND");
        for (JsonNode a : items) {
            out.printf("%-12s  %-9s  %-12s  %-10s  %-24s  %s%n", a.path("id").asText(), a.path("status").asText(),
                    a.path("connection").asText(), a.path("requester").asText(), a.path("rule").asText(),
                    Text.oneLine(a.path("command").asText(), 80));
        }
        return ExitCodes.OK;
    }
}
