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

    abstract String verb();

    @Override
    public Integer call() {
        GatewayClient gw = GatewayClient.connect(root.ctx.home());
        var body = GatewayClient.JSON.createObjectNode().put("by", Identity.localUser().subject());
        if (reason != null) body.put("reason", reason);
        GatewayClient.Reply r = gw.post("/v1/approvals/" + id + "/" + verb(), body);
        if (r.status() != 200) throw new CliException(ExitCodes.FAILURE, r.error());
        root.ctx.out().println(r.body().path("id").asText() + " " + r.body().path("status").asText() + ": "
                + Text.oneLine(r.body().path("command").asText(), 100));
        return ExitCodes.OK;
    }
}
