package hoop.gateway;

import hoop.approval.ApprovalService;
import hoop.config.HoopConfig;
import hoop.config.HoopHome;
import hoop.core.Version;
import hoop.guard.DecisionLog;
import hoop.guard.Guard;
import hoop.guard.GuardedConnection;
import hoop.store.SqliteStore;
import hoop.store.Store;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** A running gateway: store, guard, connections and the control API, closed in reverse order. */
public final class Gateway implements AutoCloseable {
    private final HoopHome home;
    private final Store store;
    private final ScheduledExecutorService timer;
    private final ControlServer control;
    private final Map<String, GuardedConnection> connections;
    private final int expiredOnStart;

    private Gateway(HoopHome home, Store store, ScheduledExecutorService timer, ControlServer control,
                    Map<String, GuardedConnection> connections, int expiredOnStart) {
        this.home = home;
        this.store = store;
        this.timer = timer;
        this.control = control;
        this.connections = connections;
        this.expiredOnStart = expiredOnStart;
    }

    public static Gateway start(HoopConfig cfg, HoopHome home) throws IOException, InterruptedException {
        return start(cfg, home, DecisionLog.NONE);
    }

    public static Gateway start(HoopConfig cfg, HoopHome home, DecisionLog log) throws IOException, InterruptedException {
        home.ensureExists();
        Connections.validate(cfg);
        String token = home.secret(home.tokenFile(), 32);
        byte[] maskKey = HexFormat.of().parseHex(home.secret(home.maskKeyFile(), 32));
        Store store = SqliteStore.open(home.database());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hoop-approval-timer");
            t.setDaemon(true);
            return t;
        });
        try {
            ApprovalService approvals = new ApprovalService(store, timer, Clock.systemUTC());
            int expired = approvals.expireLeftovers();
            Guard guard = new Guard(store, approvals, Clock.systemUTC(), log);
            Map<String, GuardedConnection> conns = Connections.build(cfg, guard, maskKey);
            ControlServer control = new ControlServer(cfg.gateway().listenHost(), cfg.gateway().listenPort(),
                    () -> new ControlHandler(token, conns, approvals, Version.VALUE));
            InetSocketAddress addr = control.address();
            HoopHome.writePrivate(home.addressFile(), addr.getHostString() + ":" + addr.getPort() + "\n");
            return new Gateway(home, store, timer, control, conns, expired);
        } catch (IOException | InterruptedException | RuntimeException e) {
            timer.shutdownNow();
            store.close();
            throw e;
        }
    }

    public InetSocketAddress address() {
        return control.address();
    }

    public Map<String, GuardedConnection> connections() {
        return connections;
    }

    public int expiredOnStart() {
        return expiredOnStart;
    }

    @Override
    public void close() {
        control.close();
        timer.shutdownNow();
        store.close();
        try {
            Files.deleteIfExists(home.addressFile());
        } catch (IOException ignored) {
            // A stale address file only makes the CLI report "not running" a little later.
        }
    }
}
