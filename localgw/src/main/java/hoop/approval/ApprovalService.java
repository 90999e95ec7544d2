package hoop.approval;

import hoop.core.Command;
import hoop.core.Decision;
import hoop.store.ApprovalRecord;
import hoop.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Pending approvals as futures: nobody's thread waits. A request ends exactly once, by a decision, its
 * timeout (outcome per on_timeout), or cancellation; the store holds every state change.
 */
public final class ApprovalService {
    private final Store store;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    private record Pending(ApprovalRecord record, CompletableFuture<ApprovalOutcome> outcome, ScheduledFuture<?> timeout) {}

    public ApprovalService(Store store, ScheduledExecutorService timer, Clock clock) {
        this.store = store;
        this.timer = timer;
        this.clock = clock;
    }

    /** Expires whatever a previous gateway process left pending: never silently approved. */
    public int expireLeftovers() {
        return store.expirePending("gateway restarted while the request was pending");
    }

    public record Request(ApprovalRecord record, CompletableFuture<ApprovalOutcome> outcome) {}

    /** shownText: the command as approvers see it (masked); the hash binds to the exact command. */
    public Request request(Command cmd, String shownText, Decision.Review review) {
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        ApprovalRecord rec = new ApprovalRecord(id, cmd.session().id(), cmd.connection(), cmd.session().identity().subject(),
                shownText, CommandHash.of(cmd.connection(), cmd.session().id(), cmd.text(), cmd.argv()), review.rule(),
                "pending", now, now.plus(review.timeout()), review.onTimeout().name().toLowerCase(), null, null, null);
        CompletableFuture<ApprovalOutcome> outcome = new CompletableFuture<>();
        ScheduledFuture<?> t = timer.schedule(() -> expire(id, review.onTimeout()), review.timeout().toMillis(), TimeUnit.MILLISECONDS);
        pending.put(id, new Pending(rec, outcome, t));
        // The single store writer keeps order, so this insert lands before any later decision's update.
        store.saveApproval(rec).whenComplete((v, err) -> {
            if (err != null) finish(id, "cancelled", false, "gateway", "could not record the request: " + err.getMessage());
        });
        return new Request(rec, outcome);
    }

    public ApprovalRecord decide(String idOrPrefix, boolean approve, String by, String reason) {
        ApprovalRecord rec = store.approval(idOrPrefix)
                .orElseThrow(() -> new ApprovalException(ApprovalException.Reason.NOT_FOUND, "no approval request " + idOrPrefix));
        Pending p = pending.get(rec.id());
        if (p == null || !"pending".equals(rec.status())) {
            throw new ApprovalException(ApprovalException.Reason.NOT_PENDING, "request " + rec.id() + " is " + rec.status() + ", not pending");
        }
        return finish(rec.id(), approve ? "approved" : "denied", approve, by, reason)
                .orElseThrow(() -> new ApprovalException(ApprovalException.Reason.NOT_PENDING, "request " + rec.id() + " was already decided"));
    }

    public void cancel(String id, String reason) {
        finish(id, "cancelled", false, "gateway", reason);
    }

    private void expire(String id, Decision.OnTimeout onTimeout) {
        finish(id, "expired", onTimeout == Decision.OnTimeout.ALLOW, "timeout", "not answered in time; on_timeout " + onTimeout.name().toLowerCase());
    }

    private Optional<ApprovalRecord> finish(String id, String status, boolean approved, String by, String reason) {
        Pending p = pending.remove(id);
        if (p == null) return Optional.empty();
        p.timeout().cancel(false);
        ApprovalRecord r = p.record();
        ApprovalRecord done = new ApprovalRecord(r.id(), r.sessionId(), r.connection(), r.requester(), r.commandText(),
                r.commandHash(), r.rule(), status, r.createdAt(), r.expiresAt(), r.onTimeout(), by, clock.instant(), reason);
        store.saveApproval(done).whenComplete((v, err) -> {
            // A decision that cannot be stored must not let the command run.
            if (err != null) p.outcome().complete(new ApprovalOutcome(done, false));
            else p.outcome().complete(new ApprovalOutcome(done, approved));
        });
        return Optional.of(done);
    }

    public List<ApprovalRecord> list(String statusOrNull) {
        return store.approvals(statusOrNull);
    }
}
