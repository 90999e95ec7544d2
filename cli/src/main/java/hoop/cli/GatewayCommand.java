package hoop.cli;

import hoop.config.DefaultConfig;
import hoop.config.HoopConfig;
import hoop.gateway.Gateway;
import hoop.guard.GuardedConnection;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "gateway", description = "Run the gateway in the foreground (Ctrl-C stops it).")
final class GatewayCommand implements Callable<Integer> {
    @ParentCommand
    HoopCommand root;

    @Override
    public Integer call() throws Exception {
        var ctx = root.ctx;
        if (root.config == null && DefaultConfig.writeIfMissing(ctx.home())) {
            ctx.out().println("hoop: wrote a default configuration to " + ctx.home().config() + " (edit it, then: hoop config check)");
        }
        HoopConfig cfg = root.loadConfig();
        hoop.gateway.ProductionNetty.apply();
        CountDownLatch stop = new CountDownLatch(1);
        Gateway gw;
        try {
            gw = Gateway.start(cfg, ctx.home(), new ConsoleDecisionLog(ctx.out()));
        } catch (java.net.BindException e) {
            String hint = e.getMessage().contains("in use") ? "is another hoop gateway running? " : "";
            throw new CliException(ExitCodes.FAILURE, "cannot listen: " + e.getMessage() + " (" + hint
                    + "change gateway.listen or the connection's listen in " + root.configFile() + ")");
        }
        Thread hook = new Thread(() -> {
            gw.close();
            stop.countDown();
        }, "hoop-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        var a = gw.address();
        ctx.out().println("hoop gateway listening on " + a.getHostString() + ":" + a.getPort() + " (control API)");
        for (GuardedConnection c : gw.connections().values()) {
            var listen = gw.listeners().get(c.name());
            ctx.out().println("  connection " + c.name() + " (" + c.type() + "): " + (listen == null
                    ? "hoop exec " + c.name() + " -- ..."
                    : "listening on " + listen.getHostString() + ":" + listen.getPort() + "; credentials: hoop connect " + c.name()));
        }
        if (gw.expiredOnStart() > 0) {
            ctx.out().println("  expired " + gw.expiredOnStart() + " approval request(s) left pending by a previous run");
        }
        ctx.out().println("  state in " + ctx.home().dir() + "; Ctrl-C stops");
        ctx.out().flush();
        stop.await();
        return ExitCodes.OK;
    }
}
