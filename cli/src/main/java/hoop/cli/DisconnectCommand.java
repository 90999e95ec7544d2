package hoop.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "disconnect", description = "End a live session: its credentials stop working and its clients are disconnected.")
final class DisconnectCommand implements Callable<Integer> {
    @ParentCommand
    HoopCommand root;

    @Parameters(index = "0", paramLabel = "SESSION", description = "Session id (a unique prefix is enough).")
    String session;

    @Override
    public Integer call() {
        GatewayClient.Reply r = GatewayClient.connect(root.ctx.home()).delete("/v1/sessions/" + GatewayClient.segment(SessionIds.normalize(session)));
        if (r.status() != 200) throw new CliException(ExitCodes.FAILURE, r.error());
        root.ctx.out().println("session " + r.field("id") + " closed");
        return ExitCodes.OK;
    }
}
