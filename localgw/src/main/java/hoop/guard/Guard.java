package hoop.guard;

import hoop.approval.ApprovalOutcome;
import hoop.approval.ApprovalService;
import hoop.core.Command;
import hoop.core.Decision;
import hoop.core.EventType;
import hoop.core.Identity;
import hoop.core.ResultChunk;
import hoop.core.ResultSummary;
import hoop.core.Session;
import hoop.core.Verdict;
import hoop.policy.Classification;
import hoop.policy.PolicyEngine;
import hoop.store.AuditKey;
import hoop.store.SessionRecord;
import hoop.store.Store;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The one place that decides: classify, decide, record, and wait for approval when policy says so. Any
 * failure on the way (classifier, store, approval) ends in a denial, never in a forwarded command.
 */
public final class Guard {
    private final Store store;
    private final ApprovalService approvals;
    private final Clock clock;
    private final DecisionLog log;
    private final AuditKey auditKey; // null: sessions are closed unsigned (tests that do not care)

    public Guard(Store store, ApprovalService approvals, Clock clock, DecisionLog log) {
        this(store, approvals, clock, log, null);
    }

    public Guard(Store store, ApprovalService approvals, Clock clock, DecisionLog log, AuditKey auditKey) {
        this.store = store;
        this.approvals = approvals;
        this.clock = clock;
        this.log = log;
        this.auditKey = auditKey;
    }

    public CompletableFuture<Session> openSession(String connection, String connectionType, Identity identity) {
        Session s = new Session(UUID.randomUUID().toString(), connection, connectionType, identity, clock.instant());
        SessionRecord rec = new SessionRecord(s.id(), connection, connectionType, identity.subject(), identity.source(),
                s.startedAt(), null, "active", 0, 0, 0, 0, null);
        String start = Events.json(g -> {
            g.writeNumberField("format", Events.FORMAT_VERSION);
            g.writeStringField("connection", connection);
            g.writeStringField("type", connectionType);
            g.writeStringField("user", identity.subject());
            g.writeStringField("source", identity.source());
            if (identity.email() != null) g.writeStringField("email", identity.email());
            if (!identity.groups().isEmpty()) Events.strings(g, "groups", identity.groups());
        });
        return store.createSession(rec)
                .thenCompose(v -> store.append(s.id(), EventType.SESSION_START.wireName(), start))
                .thenApply(e -> s);
    }

    /**
     * mask: the connection's masker, applied to the command as recorded, so the recording holds no secret
     * the client typed (the approval still binds to the exact, unmasked command).
     */
    public CompletableFuture<Verdict> judge(Command cmd, Function<Command, Classification> classifier, PolicyEngine engine,
                                            UnaryOperator<String> mask, ApprovalListener listener) {
        Classification c;
        Decision d;
        try {
            c = classifier.apply(cmd);
            d = engine.decide(cmd, c);
        } catch (RuntimeException | StackOverflowError e) {
            // Fail closed: a command we could not judge does not run. A classifier that recursed too deep for its
            // thread's stack is a command it could not judge, not a reason to lose the connection or the record.
            c = new Classification(java.util.List.of(), java.util.List.of("classifier failed: " + e));
            // Only a timeout's message is shown (it names the rule alone): others may quote the unmasked command.
            d = new Decision.Deny("guard", "the command could not be judged (" + (e instanceof hoop.policy.RuleTimeout
                    ? e.getMessage() : e.getClass().getSimpleName()) + ")");
        }
        Decision decision = d;
        String maskedText = mask.apply(cmd.text());
        List<String> argv = cmd.argv().stream().map(mask).toList();
        Classification judged = c;
        String sid = cmd.session().id();
        boolean flagged = decision instanceof Decision.Allow a && a.flagged();
        // One event, one write: the command with its decision, and the session's counters, recorded together or not
        // at all. (Format 1 recorded the decision as an event of its own; the readers still take both.)
        String command = Events.json(g -> {
            g.writeStringField("text", maskedText);
            Events.strings(g, "argv", argv);
            Events.strings(g, "kinds", judged.kinds());
            if (judged.unknown()) Events.strings(g, "unknown", judged.unknownReasons());
            Events.decision(g, decision);
        });
        CompletableFuture<?> recorded = store.appendAll(sid, List.of(new Store.NewEvent(EventType.COMMAND.wireName(), command)),
                1, decision instanceof Decision.Deny ? 1 : 0, flagged ? 1 : 0, decision instanceof Decision.Review ? 1 : 0);
        return recorded
                .thenCompose(v -> decision instanceof Decision.Review r ? review(cmd, r, mask, listener)
                        : CompletableFuture.completedFuture(Verdict.of(decision)))
                .thenApply(v -> judged.unknown() ? v.withUnknown() : v)
                .exceptionally(err -> new Verdict(false, new Decision.Deny("guard", "recording failed"), "guard",
                        "the command was not run because it could not be recorded: " + rootMessage(err)))
                .whenComplete((v, err) -> {
                    if (v != null) log.judged(cmd, maskedText, v);
                });
    }

    private CompletableFuture<Verdict> review(Command cmd, Decision.Review r, UnaryOperator<String> mask, ApprovalListener listener) {
        var granted = approvals.windowGrant(cmd.session().id(), r.rule());
        if (granted.isPresent()) {
            String decided = Events.json(g -> {
                g.writeStringField("status", "approved");
                g.writeBooleanField("approved", true);
                g.writeStringField("by", granted.get());
                g.writeStringField("reason", "window grant for rule " + r.rule());
            });
            return store.append(cmd.session().id(), EventType.APPROVAL_DECIDED.wireName(), decided)
                    .thenApply(e -> new Verdict(true, r, granted.get(), "window grant"));
        }
        // Values a database statement runs with are part of what the approver sees (and the hash binds).
        StringBuilder shownText = new StringBuilder(cmd.argv().isEmpty() || !"postgres".equals(cmd.session().connectionType()) ? cmd.text()
                : cmd.text() + "  -- with " + String.join(", ", cmd.argv()));
        // What an EXECUTE runs is not in its text: the approver sees what the connection prepared under that name.
        cmd.prepared().forEach((name, texts) -> texts.forEach(t -> shownText.append("\n  -- ").append(name).append(" was prepared as: ").append(t)));
        String shown = shownText.toString();
        ApprovalService.Request req = approvals.request(cmd, mask.apply(shown), r);
        String requested = Events.json(g -> {
            g.writeStringField("id", req.record().id());
            g.writeStringField("rule", r.rule());
            g.writeStringField("expires_at", req.record().expiresAt().toString());
            g.writeStringField("on_timeout", req.record().onTimeout());
        });
        return store.append(cmd.session().id(), EventType.APPROVAL_REQUESTED.wireName(), requested)
                .thenCompose(e -> {
                    listener.waiting(new hoop.core.ApprovalNotice(req.record().id(), r.rule(), req.record().expiresAt(), req.record().onTimeout()));
                    return req.outcome();
                })
                .thenCompose(outcome -> recordOutcome(cmd, r, outcome));
    }

    private CompletableFuture<Verdict> recordOutcome(Command cmd, Decision.Review r, ApprovalOutcome o) {
        var rec = o.record();
        String decided = Events.json(g -> {
            g.writeStringField("id", rec.id());
            g.writeStringField("status", rec.status());
            g.writeBooleanField("approved", o.approved());
            g.writeStringField("by", rec.decidedBy());
            g.writeStringField("reason", rec.reason());
        });
        String sid = cmd.session().id();
        return store.append(sid, EventType.APPROVAL_DECIDED.wireName(), decided)
                .thenCompose(e -> o.approved() ? CompletableFuture.completedFuture((Void) null)
                        : store.updateCounters(sid, 0, 1, 0, 0))
                .thenApply(v -> new Verdict(o.approved(), r, rec.decidedBy(),
                        rec.reason() != null ? rec.reason() : rec.status()));
    }

    public void cancelApproval(String id, String reason) {
        approvals.cancel(id, reason);
    }

    /** Records already-masked output; the caller sends it to the client only once this completes. */
    public CompletableFuture<Void> recordOutput(Session s, ResultChunk chunk) {
        EventType type = chunk.stream() == ResultChunk.Stream.INPUT ? EventType.INPUT : EventType.OUTPUT;
        String n = Events.json(g -> {
            g.writeStringField("stream", chunk.stream().name().toLowerCase());
            g.writeStringField("data", Base64.getEncoder().encodeToString(chunk.data()));
        });
        return record(s, type.wireName(), n);
    }

    public CompletableFuture<Void> recordExit(Session s, int exitCode) {
        return record(s, EventType.EXIT.wireName(), Events.json(g -> g.writeNumberField("exit_code", exitCode)));
    }

    /** Records a statement's result; rows beyond the sample were sent to the client but are not kept. */
    public CompletableFuture<Void> recordResult(Session s, String connectionId, ResultSummary r) {
        String n = Events.json(g -> {
            g.writeStringField("conn", connectionId);
            g.writeStringField("tag", r.tag());
            g.writeStringField("error", r.error());
            g.writeNumberField("rows", r.rows());
            g.writeNumberField("duration_ms", r.durationMicros() / 1000.0);
            g.writeBooleanField("truncated", r.truncated());
            Events.strings(g, "columns", r.columns());
            g.writeArrayFieldStart("sample");
            for (var row : r.sample()) {
                g.writeStartArray();
                for (String v : row) g.writeString(v);
                g.writeEndArray();
            }
            g.writeEndArray();
        });
        return store.appendAfter(s.id(), List.of(new Store.NewEvent(EventType.RESULT.wireName(), n)));
    }

    public CompletableFuture<Void> recordError(Session s, String message) {
        return record(s, EventType.ERROR.wireName(), Events.json(g -> g.writeStringField("message", message)));
    }

    /** The hot path: spooled, so the caller does not wait for the database (see Store.appendAll). */
    private CompletableFuture<Void> record(Session s, String type, String payload) {
        return store.appendAll(s.id(), List.of(new Store.NewEvent(type, payload)), 0, 0, 0, 0);
    }

    /**
     * Closes, as failed, each session an earlier gateway left active when it stopped without ending it (killed,
     * crashed, machine lost): none of them can have a live client now. Each is signed like any other, so
     * `hoop audit verify` holds it to its chain instead of reporting it open forever. Returns how many.
     */
    public int closeLeftoverSessions() {
        List<SessionRecord> left = store.activeSessions();
        for (SessionRecord r : left) {
            Session s = new Session(r.id(), r.connection(), r.connectionType(),
                    new Identity(r.user(), null, List.of(), r.identitySource()), r.startedAt());
            recordError(s, "the gateway stopped before this session ended; closed when it started again")
                    .thenCompose(v -> closeSession(s, "error", null)).join();
        }
        return left.size();
    }

    public CompletableFuture<Void> closeSession(Session s, String status, Integer exitCode) {
        String end = Events.json(g -> {
            g.writeStringField("status", status);
            if (exitCode != null) g.writeNumberField("exit_code", exitCode);
        });
        // append waits for everything queued before it, so session_end is the head the signature covers.
        return store.append(s.id(), EventType.SESSION_END.wireName(), end)
                .thenCompose(e -> auditKey == null ? CompletableFuture.completedFuture((Void) null)
                        : store.saveSignature(auditKey.sign(s.id(), e.seq(), e.hash(), clock.instant())))
                .thenCompose(v -> store.endSession(s.id(), clock.instant(), status, exitCode));
    }

    static String rootMessage(Throwable t) {
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
