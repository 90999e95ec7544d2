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

    private record Pending(ApprovalRecord record, Decision.Review review, CompletableFuture<ApprovalOutcome> outcome,
                           ScheduledFuture<?> timeout, java.util.Set<String> approvedBy, java.util.Set<String> windowBy) {}

    /** Window grants: a rule approved for the rest of a session, until its expiry. */
    private record WindowKey(String sessionId, String rule) {}

    private record Window(String grantedBy, Instant until) {}

    private final Map<WindowKey, Window> windows = new ConcurrentHashMap<>();
    private final ApprovalNotifier notifier;

    public ApprovalService(Store store, ScheduledExecutorService timer, Clock clock) {
        this(store, timer, clock, ApprovalNotifier.NONE);
    }

    public ApprovalService(Store store, ScheduledExecutorService timer, Clock clock, ApprovalNotifier notifier) {
        this.store = store;
        this.timer = timer;
        this.clock = clock;
        this.notifier = notifier;
    }

    /** Who granted this rule for the session, while a window grant lasts. */
    public Optional<String> windowGrant(String sessionId, String rule) {
        Window w = windows.get(new WindowKey(sessionId, rule));
        if (w == null) return Optional.empty();
        if (!w.until().isAfter(clock.instant())) {
            windows.remove(new WindowKey(sessionId, rule));
            return Optional.empty();
        }
        return Optional.of(w.grantedBy() + " (window until " + w.until() + ")");
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
        pending.put(id, new Pending(rec, review, outcome, t, new java.util.concurrent.CopyOnWriteArraySet<>(),
                new java.util.concurrent.CopyOnWriteArraySet<>()));
        notifier.created(rec);
        // The single store writer keeps order, so this insert lands before any later decision's update.
        store.saveApproval(rec).whenComplete((v, err) -> {
            if (err != null) finish(id, "cancelled", false, "gateway", "could not record the request: " + err.getMessage());
        });
        return new Request(rec, outcome);
    }

    public ApprovalRecord decide(String idOrPrefix, boolean approve, String by, String reason) {
        return decide(idOrPrefix, approve, new Approver(by, List.of()), reason, false);
    }

    /**
     * Approve or deny. A request needs min_approvals distinct approvers; a denial by any allowed approver
     * ends it. window: also grant the rule for the rest of the session (only where the rule defines one).
     */
    public ApprovalRecord decide(String idOrPrefix, boolean approve, Approver who, String reason, boolean window) {
        if (idOrPrefix == null || idOrPrefix.length() < 4) {
            throw new ApprovalException(ApprovalException.Reason.NOT_FOUND, "give at least 4 characters of the request id");
        }
        // Pending requests are looked up in memory first: their row may still be on its way to the store.
        List<String> live = pending.keySet().stream().filter(k -> k.startsWith(idOrPrefix)).toList();
        ApprovalRecord rec = live.size() == 1 ? pending.get(live.get(0)).record() : store.approval(idOrPrefix)
                .orElseThrow(() -> new ApprovalException(ApprovalException.Reason.NOT_FOUND, "no approval request " + idOrPrefix));
        Pending p = pending.get(rec.id());
        if (p == null || !"pending".equals(rec.status())) {
            throw new ApprovalException(ApprovalException.Reason.NOT_PENDING, "request " + rec.id() + " is " + rec.status() + ", not pending");
        }
        who.refusal(p.review().approvers(), rec.requester(), rec.rule()).ifPresent(why -> {
            throw new ApprovalException(ApprovalException.Reason.FORBIDDEN, why);
        });
        if (window && p.review().window() == null) {
            throw new ApprovalException(ApprovalException.Reason.FORBIDDEN, "rule " + rec.rule() + " has no window to grant");
        }
        if (approve) {
            synchronized (p) {
                // A window grants more than the statement shown: with min_approvals N it takes N approvers asking for it,
                // or one approver's window would stand on another's consent to a single statement.
                java.util.Set<String> after = new java.util.LinkedHashSet<>(p.approvedBy());
                after.add(who.name());
                boolean completes = after.size() >= p.review().minApprovals();
                if (window && completes) {
                    List<String> once = after.stream().filter(n -> !n.equals(who.name()) && !p.windowBy().contains(n)).toList();
                    if (!once.isEmpty()) {
                        throw new ApprovalException(ApprovalException.Reason.FORBIDDEN, String.join(", ", once)
                                + " approved this statement only; a window for rule " + rec.rule() + " needs each of its "
                                + p.review().minApprovals() + " approvals to ask for it (approve without the window, or they approve again with it)");
                    }
                }
                p.approvedBy().add(who.name());
                if (window) p.windowBy().add(who.name());
                else p.windowBy().remove(who.name());
                if (!completes) return withDecider(p.record(), "pending", String.join(", ", p.approvedBy()), reason);
                if (window) {
                    windows.put(new WindowKey(rec.sessionId(), rec.rule()),
                            new Window(String.join(", ", p.approvedBy()), clock.instant().plus(p.review().window())));
                }
            }
        }
        String by = approve ? String.join(", ", p.approvedBy()) : who.name();
        return finish(rec.id(), approve ? "approved" : "denied", approve, by, reason)
                .orElseThrow(() -> new ApprovalException(ApprovalException.Reason.NOT_PENDING, "request " + rec.id() + " was already decided"));
    }

    private ApprovalRecord withDecider(ApprovalRecord r, String status, String by, String reason) {
        return new ApprovalRecord(r.id(), r.sessionId(), r.connection(), r.requester(), r.commandText(), r.commandHash(),
                r.rule(), status, r.createdAt(), r.expiresAt(), r.onTimeout(), by, clock.instant(), reason);
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
        notifier.decided(done);
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
