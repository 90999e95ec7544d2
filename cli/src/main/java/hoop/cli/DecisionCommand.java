package hoop.cli;

import hoop.core.Identity;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** approve and deny share everything but the verb. Exit 0 done, 1 not pending / not found. */
abstract class DecisionCommand implements Callable<Integer> {
    @ParentCommand
    HoopCommand root;

    @Parameters(index = "0", paramLabel = "ID", description = "Request id (a unique prefix is enough).")
    String id;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why; recorded and shown to the requester.")
    String reason;

    @Option(names = "--as", paramLabel = "NAME", description = "Approver name (local mode: default the OS user).")
    String as;

    @Option(names = "--group", paramLabel = "GROUP", description = "A group of the approver (for group:NAME rules).")
    java.util.List<String> groups = new java.util.ArrayList<>();

    boolean window() {
        return false;
    }

    abstract String verb();

    @Override
    public Integer call() {
        GatewayClient gw = GatewayClient.connect(root.ctx.home());
        var body = GatewayClient.JSON.createObjectNode().put("by", as != null ? as : Identity.localUser().subject())
                .put("window", window());
        groups.forEach(body.putArray("groups")::add);
        if (reason != null) body.put("reason", reason);
        GatewayClient.Reply r = gw.post("/v1/approvals/" + GatewayClient.segment(id) + "/" + verb(), body);
        if (r.status() != 200) throw new CliException(ExitCodes.FAILURE, r.error());
        String status = r.field("status");
        root.ctx.out().println(r.field("id") + " " + (status.equals("pending")
                ? "approved by " + r.body().path("decided_by").asText() + ", more approvals needed" : status) + ": "
                + Text.oneLine(r.body().path("command").asText(), 100));
        return ExitCodes.OK;
    }
}
