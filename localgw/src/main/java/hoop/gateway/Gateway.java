package hoop.gateway;

import hoop.relay.Transport;
import hoop.approval.ApprovalService;
import hoop.config.ConnectionConfig;
import hoop.config.HoopConfig;
import hoop.config.HoopHome;
import hoop.core.Version;
import hoop.guard.DecisionLog;
import hoop.guard.Guard;
import hoop.guard.GuardedConnection;
import hoop.guard.LiveSessions;
import hoop.protocol.postgres.PostgresListener;
import hoop.store.AuditKey;
import hoop.store.SqliteStore;
import hoop.store.Store;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A running gateway: store, guard, connections, listeners and the control API, closed in reverse order. */
public final class Gateway implements AutoCloseable {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(Gateway.class.getName());

    private final HoopHome home;
    private final List<AutoCloseable> resources;
    private final ControlServer control;
    private final Map<String, GuardedConnection> connections;
    private final Map<String, InetSocketAddress> listeners;
    private final SessionService sessions;
    private final int expiredOnStart;

    private Gateway(HoopHome home, List<AutoCloseable> resources, ControlServer control, Map<String, GuardedConnection> connections,
                    Map<String, InetSocketAddress> listeners, SessionService sessions, int expiredOnStart) {
        this.home = home;
        this.resources = resources;
        this.control = control;
        this.connections = connections;
        this.listeners = listeners;
        this.sessions = sessions;
        this.expiredOnStart = expiredOnStart;
    }

    public static Gateway start(HoopConfig cfg, HoopHome home) throws IOException, InterruptedException {
        return start(cfg, home, DecisionLog.NONE);
    }

    public static Gateway start(HoopConfig cfg, HoopHome home, DecisionLog log) throws IOException, InterruptedException {
        // Before any secret is read: a command run as the gateway's own OS user must not read them from /proc.
        NonDumpable.apply();
        home.ensureExists();
        hoop.guard.AwsDownloads.clearLeftovers(home.dir().resolve(hoop.guard.AwsDownloads.DIR));
        Connections.validate(cfg);
        String token = home.secret(home.tokenFile(), 32);
        byte[] maskKey = HexFormat.of().parseHex(home.secret(home.maskKeyFile(), 32));
        // Closed in reverse order of opening.
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            Store store = SqliteStore.open(home.database(), hoop.store.Durability.valueOf(cfg.gateway().durability().name()));
            opened.add(store);
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "hoop-timer");
                t.setDaemon(true);
                return t;
            });
            opened.add(timer::shutdownNow);
            // One event loop per core (Netty's default is two): a proxy's loops only wait on sockets, and fewer
            // threads mean fewer context switches per relayed message (measured with bench/pg.sh).
            EventLoopGroup group = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), Transport.ioHandlers());
            opened.add(() -> group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly());
            ApprovalService approvals = new ApprovalService(store, timer, Clock.systemUTC(),
                    cfg.webhook() == null ? hoop.approval.ApprovalNotifier.NONE : new hoop.approval.WebhookNotifier(cfg.webhook()));
            int expired = approvals.expireLeftovers();
            Guard guard = new Guard(store, approvals, Clock.systemUTC(), log, AuditKey.loadOrCreate(home.auditKeyFile()));
            int leftover = guard.closeLeftoverSessions();
            if (leftover > 0) LOG.warning(leftover + " session(s) an earlier gateway left open were closed as failed");
            AwsConnections aws = new AwsConnections(cfg, opened);
            // hoop's own secrets too: a command it runs is its OS user and can print them (cat $HOOP_HOME/mask.key would
            // let hashed values be confirmed by guessing; audit.key would sign an edited recording).
            Map<String, GuardedConnection> conns = Connections.build(cfg, guard, maskKey, aws.secrets(), ownSecrets(home, token), home.dir());
            aws.attach(cfg, conns);
            LiveSessions live = new LiveSessions(Clock.systemUTC());
            Map<String, SessionService.Endpoint> endpoints = new LinkedHashMap<>();
            Map<String, InetSocketAddress> listeners = new LinkedHashMap<>();
            for (ConnectionConfig c : cfg.connections()) {
                if (c.postgres() == null) continue;
                var pg = c.postgres();
                var target = Upstreams.postgres(c, home, opened);
                PostgresListener l = PostgresListener.start(group, pg.listenHost(), pg.listenPort(), conns.get(c.name()), live,
                        target, pg.recordRows(), pg.authTimeout());
                opened.add(l);
                listeners.put(c.name(), l.address());
                endpoints.put(c.name(), new SessionService.Endpoint(l.address(), target.database(), null));
            }
            var heldBodies = new hoop.protocol.awshttp.HeldBodies(cfg.gateway().requestBodyMemoryMb() > 0
                    ? (long) cfg.gateway().requestBodyMemoryMb() << 20 : hoop.protocol.awshttp.HeldBodies.defaultLimit());
            for (ConnectionConfig c : cfg.connections()) {
                if (c.aws() == null) continue;
                var a = c.aws();
                var l = hoop.protocol.awshttp.AwsHttpListener.start(group, a.listenHost(), a.listenPort(), conns.get(c.name()), live,
                        new hoop.credentials.SigV4Signer(), hoop.core.aws.AwsResources.Scope.of(a.jit().roleArn(), a.region()), a.endpoint(), heldBodies,
                        new hoop.protocol.awshttp.ClientTimeouts(a.clientHeaderTimeout(), a.clientBodyTimeout(), a.keepaliveTimeout()));
                opened.add(l);
                listeners.put(c.name(), l.address());
                endpoints.put(c.name(), new SessionService.Endpoint(l.address(), null, a.region()));
            }
            SessionService sessions = new SessionService(conns, endpoints, live, timer, Clock.systemUTC());
            opened.add(() -> sessions.endAll("gateway stopped"));
            ControlAuth auth = new ControlAuth(token, cfg.identity(), Clock.systemUTC());
            AuthAudit audit = new AuthAudit(guard, store);
            opened.add(audit);
            java.util.concurrent.ExecutorService authPool = Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "hoop-auth");
                t.setDaemon(true);
                return t;
            });
            opened.add(authPool::shutdownNow);
            ControlServer control = new ControlServer(group, cfg.gateway().listenHost(), cfg.gateway().listenPort(),
                    () -> new ControlHandler(auth, audit, authPool, conns, approvals, sessions, store, Version.VALUE));
            opened.add(control);
            InetSocketAddress addr = control.address();
            HoopHome.writePrivate(home.addressFile(), addr.getHostString() + ":" + addr.getPort() + "\n");
            writeIdentityFile(home, cfg.identity());
            return new Gateway(home, opened, control, conns, listeners, sessions, expired);
        } catch (IOException | InterruptedException | RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    /** gateway.token, mask.key and the audit key's private part, as the files hold them. */
    private static java.util.Set<String> ownSecrets(HoopHome home, String token) throws IOException {
        java.util.Set<String> out = new java.util.HashSet<>();
        out.add(token);
        out.add(java.nio.file.Files.readString(home.maskKeyFile()).strip());
        if (java.nio.file.Files.exists(home.auditKeyFile())) {
            for (String line : java.nio.file.Files.readAllLines(home.auditKeyFile())) {
                String[] f = line.strip().split("\\s+");
                if (f.length == 2 && f[0].equals("private") && f[1].length() >= 20) out.add(f[1]);
            }
        }
        return out;
    }

    /**
     * Tells the CLI which credential this gateway wants: "local", or "oidc ISSUER CLIENT_ID" (then `hoop login`
     * needs no flags and the CLI sends the user's access token instead of gateway.token).
     */
    private static void writeIdentityFile(HoopHome home, hoop.config.IdentityConfig id) throws IOException {
        String line = id.oidc() ? "oidc " + id.issuer() + " " + (id.clientId() == null ? "-" : id.clientId()) : "local";
        HoopHome.writePrivate(home.identityFile(), line + "\n");
    }

    public InetSocketAddress address() {
        return control.address();
    }

    public Map<String, GuardedConnection> connections() {
        return connections;
    }

    /** Where each database connection listens for clients. */
    public Map<String, InetSocketAddress> listeners() {
        return listeners;
    }

    public int expiredOnStart() {
        return expiredOnStart;
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(home.addressFile());
            Files.deleteIfExists(home.identityFile());
        } catch (IOException ignored) {
            // A stale address file only makes the CLI report "not running" a little later.
        }
        closeAll(resources);
    }

    private static void closeAll(List<AutoCloseable> opened) {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception ignored) {
                // Keep closing the rest: one stuck resource must not keep others open.
            }
        }
    }
}
