package hoop.gateway;

import hoop.core.Identity;
import hoop.core.Session;
import hoop.guard.GuardedConnection;
import hoop.guard.LiveSessions;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Creates and ends `hoop connect` sessions: a recorded session plus a credential only it knows. */
final class SessionService {
    static final Duration MAX_TTL = Duration.ofDays(7);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where clients reach a connection that hands out session credentials; awsRegion is set for aws connections. */
    record Endpoint(InetSocketAddress address, String database, String awsRegion) {}

    record Created(LiveSessions.Grant grant, Endpoint endpoint) {
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            if (endpoint.awsRegion() != null) {
                // Pseudo credentials: they sign requests to hoop only, and die with the session.
                env.put("AWS_ENDPOINT_URL", uri());
                env.put("AWS_ACCESS_KEY_ID", grant.user());
                env.put("AWS_SECRET_ACCESS_KEY", grant.password());
                env.put("AWS_REGION", endpoint.awsRegion());
                env.put("AWS_DEFAULT_REGION", endpoint.awsRegion());
                return env;
            }
            env.put("PGHOST", endpoint.address().getHostString());
            env.put("PGPORT", String.valueOf(endpoint.address().getPort()));
            env.put("PGUSER", grant.user());
            env.put("PGPASSWORD", grant.password());
            env.put("PGDATABASE", endpoint.database());
            return env;
        }

        String uri() {
            if (endpoint.awsRegion() != null) return "http://" + endpoint.address().getHostString() + ":" + endpoint.address().getPort();
            return "postgresql://" + grant.user() + ":" + URLEncoder.encode(grant.password(), StandardCharsets.UTF_8) + "@"
                    + endpoint.address().getHostString() + ":" + endpoint.address().getPort() + "/"
                    + URLEncoder.encode(endpoint.database(), StandardCharsets.UTF_8);
        }
    }

    private final Map<String, GuardedConnection> connections;
    private final Map<String, Endpoint> endpoints;
    private final LiveSessions live;
    private final Clock clock;
    /** Sessions that end when their owner's token does, with the end their ttl would give them. */
    private final Map<String, java.time.Instant> boundToToken = new java.util.concurrent.ConcurrentHashMap<>();

    SessionService(Map<String, GuardedConnection> connections, Map<String, Endpoint> endpoints, LiveSessions live,
                   ScheduledExecutorService timer, Clock clock) {
        this.connections = connections;
        this.endpoints = endpoints;
        this.live = live;
        this.clock = clock;
        timer.scheduleWithFixedDelay(this::expire, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * tokenExpiry: when the caller's OIDC token expires (null in local mode). The session ends then at the
     * latest, so a session never outlives the identity that opened it; the client is told to log in again.
     */
    java.util.concurrent.CompletableFuture<Created> create(String connection, Duration ttl, Identity identity, java.time.Instant tokenExpiry) {
        GuardedConnection conn = connections.get(connection);
        if (conn == null) throw new IllegalArgumentException("no connection named '" + connection + "' (configured: " + connections.keySet() + ")");
        Endpoint endpoint = endpoints.get(connection);
        if (endpoint == null) {
            throw new IllegalArgumentException("connection '" + connection + "' is of type " + conn.type()
                    + "; use: hoop exec " + connection + " -- ...");
        }
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) throw new IllegalArgumentException("ttl must be above zero and at most 7d");
        return conn.openSession(identity).thenApply(s -> {
            Created c = grant(s, ttl, endpoint, tokenExpiry);
            if (conn.credentials() != null) live.onEnd(s.id(), () -> conn.credentials().release(s));
            return c;
        });
    }

    private Created grant(Session s, Duration ttl, Endpoint endpoint, java.time.Instant tokenExpiry) {
        // An AWS access key id is upper-case alphanumeric; the HOOP prefix keeps it from looking like a real one.
        String user = endpoint.awsRegion() != null ? "HOOP" + s.id().replace("-", "").substring(0, 16).toUpperCase(java.util.Locale.ROOT)
                : "hoop_" + s.id().replace("-", "").substring(0, 12);
        byte[] secret = new byte[endpoint.awsRegion() != null ? 30 : 24];
        RANDOM.nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        java.time.Instant until = clock.instant().plus(ttl);
        if (tokenExpiry != null && tokenExpiry.isBefore(until)) {
            boundToToken.put(s.id(), until);
            until = tokenExpiry;
        }
        LiveSessions.Grant g = new LiveSessions.Grant(s, user, password, until);
        live.register(g);
        return new Created(g, endpoint);
    }

    Optional<LiveSessions.Grant> find(String idOrPrefix) {
        return live.all().stream().filter(x -> x.session().id().startsWith(idOrPrefix)).findFirst();
    }

    /**
     * A session that ends with its owner's token lives on with a newer one (the attached `hoop connect` sends it
     * as it refreshes), up to the end its ttl set; the owner check is the caller's. Others are returned as they are.
     */
    Optional<LiveSessions.Grant> extend(LiveSessions.Grant g, java.time.Instant tokenExpiry) {
        String id = g.session().id();
        java.time.Instant ttlEnd = tokenExpiry == null ? null : boundToToken.get(id);
        if (ttlEnd == null) return live.get(id);
        java.time.Instant until = tokenExpiry.isBefore(ttlEnd) ? tokenExpiry : ttlEnd;
        if (until.equals(ttlEnd)) boundToToken.remove(id);
        return live.extend(id, until);
    }

    Optional<LiveSessions.Grant> end(String idOrPrefix, String reason) {
        Optional<LiveSessions.Grant> g = find(idOrPrefix);
        g.ifPresent(x -> close(x, reason));
        return g;
    }

    private void expire() {
        for (LiveSessions.Grant g : live.expired()) {
            close(g, boundToToken.remove(g.session().id()) != null
                    ? "the identity token expired; run: hoop login, then hoop connect again" : "ttl expired");
        }
    }

    private void close(LiveSessions.Grant g, String reason) {
        if (live.end(g.session().id()).isPresent()) {
            boundToToken.remove(g.session().id());
            GuardedConnection conn = connections.get(g.session().connection());
            conn.guard().recordError(g.session(), "session ended: " + reason)
                    .thenCompose(v -> conn.guard().closeSession(g.session(), "closed", null));
        }
    }

    void endAll(String reason) {
        live.all().forEach(g -> close(g, reason));
    }
}
