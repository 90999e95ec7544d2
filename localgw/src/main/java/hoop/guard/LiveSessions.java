package hoop.guard;

import hoop.core.Session;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Sessions that hand out per-session credentials (`hoop connect`): the only secrets a client ever holds.
 * Ending a session (Ctrl-C, `hoop disconnect`, its ttl) revokes the credential and closes its client
 * connections through the hooks adapters register.
 */
public final class LiveSessions {
    public record Grant(Session session, String user, String password, Instant expiresAt) {
        @Override
        public String toString() {
            return "Grant[" + session.id() + ", " + user + ", expires " + expiresAt + "]";
        }
    }

    private final Map<String, Grant> byId = new ConcurrentHashMap<>();
    private final Map<String, List<Runnable>> endHooks = new ConcurrentHashMap<>();
    private final Clock clock;

    public LiveSessions(Clock clock) {
        this.clock = clock;
    }

    public void register(Grant g) {
        byId.put(g.session().id(), g);
    }

    /** The live grant for this user on this connection; expired grants are never returned. */
    public Optional<Grant> find(String connection, String user) {
        Instant now = clock.instant();
        return byId.values().stream()
                .filter(g -> g.session().connection().equals(connection) && constantTimeEquals(g.user(), user))
                .filter(g -> g.expiresAt().isAfter(now))
                .findFirst();
    }

    public Optional<Grant> get(String sessionId) {
        return Optional.ofNullable(byId.get(sessionId));
    }

    public List<Grant> all() {
        return List.copyOf(byId.values());
    }

    /** Runs hook when the session ends; immediately if it already has. */
    public void onEnd(String sessionId, Runnable hook) {
        endHooks.computeIfAbsent(sessionId, k -> new CopyOnWriteArrayList<>()).add(hook);
        if (!byId.containsKey(sessionId)) end(sessionId);
    }

    public void removeHook(String sessionId, Runnable hook) {
        List<Runnable> hooks = endHooks.get(sessionId);
        if (hooks != null) hooks.remove(hook);
    }

    /** Moves a live session's end later (never earlier); the grant as it now is, empty if it is not live. */
    public Optional<Grant> extend(String sessionId, Instant until) {
        return Optional.ofNullable(byId.computeIfPresent(sessionId, (k, g) ->
                until.isAfter(g.expiresAt()) ? new Grant(g.session(), g.user(), g.password(), until) : g));
    }

    /** Returns the ended grant, if it was live. */
    public Optional<Grant> end(String sessionId) {
        Grant g = byId.remove(sessionId);
        List<Runnable> hooks = endHooks.remove(sessionId);
        if (hooks != null) hooks.forEach(Runnable::run);
        return Optional.ofNullable(g);
    }

    public List<Grant> expired() {
        Instant now = clock.instant();
        return byId.values().stream().filter(g -> !g.expiresAt().isAfter(now)).toList();
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
