package hoop.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "exec", description = {"Run a command through a connection: judged, masked and recorded.",
        "Exit code: the command's own; 3 when policy denied it; 4 when the gateway is not running."})
final class ExecCommand implements Callable<Integer> {
    @ParentCommand
    HoopCommand root;

    @Parameters(index = "0", paramLabel = "CONNECTION")
    String connection;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments for the connection's fixed command.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        List<String> a = new ArrayList<>(args);
        if (!a.isEmpty() && a.get(0).equals("--")) a.remove(0);
        var ctx = root.ctx;
        return ExecClient.run(GatewayClient.connect(ctx.home()), connection, a, ctx.in(), ctx.out(), ctx.err());
    }
}
