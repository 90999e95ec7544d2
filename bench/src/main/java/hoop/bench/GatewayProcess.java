package hoop.bench;

import hoop.config.ConfigLoader;
import hoop.config.HoopHome;
import hoop.gateway.Gateway;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A gateway in a process of its own, as `hoop gateway` runs it, for benchmarks whose clients and servers share
 * another JVM: their garbage and JIT work then do not land in the gateway's. Runs until killed, or until the
 * bench that started it ends in any way (a killed bench would otherwise leave it running). Bench only.
 * Arguments: HOOP_HOME; the environment supplies ${env:...} values.
 */
public final class GatewayProcess {
    private GatewayProcess() {
    }

    public static void main(String[] args) throws Exception {
        var env = new java.util.HashMap<>(System.getenv());
        env.put("HOOP_HOME", args[0]);
        HoopHome home = HoopHome.fromEnv(env);
        hoop.gateway.ProductionNetty.apply();
        Gateway gw = Gateway.start(ConfigLoader.load(Path.of(args[0]).resolve("hoop.yaml"), env), home);
        Runtime.getRuntime().addShutdownHook(new Thread(gw::close));
        CountDownLatch benchEnded = new CountDownLatch(1);
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(benchEnded::countDown));
        benchEnded.await();
        System.exit(0);
    }
}
