package hoop.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Durable record of sessions, their event chains and approvals.
 * Writes return futures that complete only once the change is committed, so a caller can refuse to run a
 * command whose audit record failed. Reads are synchronous and see only committed data.
 */
public interface Store extends AutoCloseable {

    CompletableFuture<Void> createSession(SessionRecord s);

    /**
     * Appends one event; the future completes only after the row is durably committed. seq is 1,2,3.. per session,
     * hash = hex(SHA-256(prevHash + "\n" + seq + "\n" + at.toString() + "\n" + type + "\n" + payload)),
     * prevHash of seq 1 = 64 zeros.
     */
    CompletableFuture<EventRecord> append(String sessionId, String type, String payload);

    CompletableFuture<Void> updateCounters(String sessionId, int commandsDelta, int blockedDelta, int flaggedDelta, int reviewedDelta);

    /** One event of a group written together. */
    record NewEvent(String type, String payload) {}

    /**
     * Appends several events and adjusts the counters in one write: all of it is recorded or none. The hot
     * path of every judged command (its command and decision records, its output) goes through here, and the
     * future completes once the record is as durable as configured: with process durability that is when it
     * is spooled (safe from a gateway crash), and it reaches the database a few milliseconds later, in order.
     * Reads through this store wait for it; seq and hash are assigned when it reaches the database.
     */
    CompletableFuture<Void> appendAll(String sessionId, java.util.List<NewEvent> events,
                                                             int commandsDelta, int blockedDelta, int flaggedDelta, int reviewedDelta);

    /**
     * For what is recorded after it happened (a result whose rows were already sent): in order with the rest,
     * but nothing waits for it: no counters change and, with power-loss durability, the caller need not wait
     * for the commit that holds it.
     */
    CompletableFuture<Void> appendAfter(String sessionId, java.util.List<NewEvent> events);

    CompletableFuture<Void> endSession(String sessionId, Instant endedAt, String status, Integer exitCode);

    /**
     * Completes once every write acknowledged so far is in the database, where other processes (the CLI)
     * read it.
     */
    CompletableFuture<Void> flush();

    /** Exact id or a unique prefix of one; an ambiguous prefix throws StoreException rather than guessing. */
    Optional<SessionRecord> session(String idOrUniquePrefix);

    /** Newest first. */
    List<SessionRecord> sessions(int limit);

    /** Sessions still marked active: at a gateway's start, the ones an earlier gateway left when it died. */
    List<SessionRecord> activeSessions();

    /** In seq order. */
    List<EventRecord> events(String sessionId);

    /** Streams in seq order with constant memory, for replaying sessions too long to hold in a list. */
    void forEachEvent(String sessionId, Consumer<EventRecord> sink);

    /** Events with seq greater than afterSeq, in order: lets a follower tail a live session cheaply. */
    void forEachEventAfter(String sessionId, long afterSeq, Consumer<EventRecord> sink);

    ChainCheck verify(String sessionId);

    /** Keeps the gateway's signature over a closed session's head (one per session; a second one replaces it). */
    CompletableFuture<Void> saveSignature(SessionSignature signature);

    Optional<SessionSignature> signature(String sessionId);

    /** Every session, newest first, streamed; a sink that throws stops the walk (the exception propagates). */
    void forEachSession(Consumer<SessionRecord> sink);

    /**
     * Retention: deletes sessions that ended before {@code cutoff}, with their events, approvals and signatures,
     * in one transaction. Active sessions are never pruned. Returns how many sessions were deleted.
     */
    int pruneEndedBefore(Instant cutoff);

    /** Insert or replace by id. */
    CompletableFuture<Void> saveApproval(ApprovalRecord a);

    Optional<ApprovalRecord> approval(String idOrUniquePrefix);

    /** Newest first; null means every status. */
    List<ApprovalRecord> approvals(String statusOrNull);

    /**
     * Called on gateway start: nobody is left waiting on a pending approval from a previous run, so every pending
     * one becomes expired with this reason. Returns how many changed.
     */
    int expirePending(String reason);

    @Override
    void close();
}
