package hoop.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import hoop.core.EventType;
import hoop.core.Identity;
import hoop.core.Session;
import hoop.guard.Guard;
import hoop.identity.TokenRejected;
import hoop.store.Store;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Refused control-API calls happen before any session exists, so each gateway process records them in one
 * audit session of its own (connection "hoop:control", created on the first refusal, ended when the gateway
 * stops): an auth_rejected event per refusal, hash-chained like every recording (hoop replay shows them).
 * The token itself is never recorded, only why it was refused.
 */
final class AuthAudit implements AutoCloseable {
    static final String CONNECTION = "hoop:control";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Guard guard;
    private final Store store;
    private CompletableFuture<Session> session;

    AuthAudit(Guard guard, Store store) {
        this.guard = guard;
        this.store = store;
    }

    synchronized CompletableFuture<Void> rejected(String method, String path, String remote, TokenRejected why) {
        if (session == null) {
            session = guard.openSession(CONNECTION, "control", new Identity("hoop-gateway", null, List.of(), "gateway"));
        }
        String payload = JSON.createObjectNode().put("reason", why.reason()).put("message", why.getMessage())
                .put("method", method).put("path", path).put("remote", remote).toString();
        return session.thenCompose(s -> store.append(s.id(), EventType.AUTH_REJECTED.wireName(), payload)).thenApply(e -> null);
    }

    @Override
    public synchronized void close() {
        if (session == null) return;
        session.thenCompose(s -> guard.closeSession(s, "closed", null)).orTimeout(5, java.util.concurrent.TimeUnit.SECONDS)
                .exceptionally(e -> null).join();
    }
}
