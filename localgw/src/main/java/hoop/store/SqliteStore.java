package hoop.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/** {@link Store} on one SQLite file in WAL mode: one writer thread, pooled read connections. */
public final class SqliteStore implements Store {

    private static final int READ_POOL_SIZE = 4;

    private final Writer writer;
    private final ReadPool reads;
    private Spool spool; // set once at open when records are spooled (process durability)

    private SqliteStore(Writer writer, ReadPool reads) {
        this.writer = writer;
        this.reads = reads;
    }

    /** Creates the parent directory and the file (mode 0600 where POSIX) if needed and migrates the schema. */
    public static SqliteStore open(Path dbFile) {
        return open(dbFile, Durability.POWER_LOSS);
    }

    public static SqliteStore open(Path dbFile, Durability durability) {
        return open(dbFile, Schema.MIGRATIONS, durability);
    }

    /** Lets tests play an older or newer build against the same file. */
    static SqliteStore open(Path dbFile, List<List<String>> migrations) {
        return open(dbFile, migrations, Durability.POWER_LOSS);
    }

    private static SqliteStore open(Path dbFile, List<List<String>> migrations, Durability durability) {
        Db.prepareFile(dbFile);
        Connection conn = null;
        try {
            conn = Db.openWriter(dbFile, durability);
            Schema.migrate(conn, migrations);
        } catch (SQLException | RuntimeException e) {
            ReadPool.quietlyClose(conn);
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("cannot open audit database " + dbFile + ": " + e.getMessage(), e);
        }
        SqliteStore store = new SqliteStore(new Writer(conn, OpenedFile.of(dbFile), "hoop-store-writer"), new ReadPool(dbFile, READ_POOL_SIZE));
        if (durability == Durability.PROCESS) {
            try {
                store.startSpool(dbFile);
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
        }
        return store;
    }

    /** Copies what a previous run spooled but had not copied yet, then takes new records through the spool. */
    private void startSpool(Path dbFile) {
        Spool.Owner owner = Spool.Owner.take(dbFile);
        try {
            spool = recoverAndStart(dbFile, owner);
        } catch (RuntimeException e) {
            owner.close();
            throw e;
        }
        writer.useSpool(spool, e -> appendOp(e.sessionId(), e.events(), e.at(), e.deltas()));
    }

    private Spool recoverAndStart(Path dbFile, Spool.Owner owner) {
        long ingested = await(writer.submit((c, heads) -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT ingested FROM spool_state WHERE id = 1")) {
                return rs.getLong(1);
            }
        }));
        List<Spool.Entry> left = Spool.recover(dbFile, ingested);
        long last = ingested;
        List<String> unrecorded = new ArrayList<>();
        for (Spool.Entry e : left) {
            try {
                await(writer.submit(appendOp(e.sessionId(), e.events(), e.at(), e.deltas())));
            } catch (StoreException failed) {
                unrecorded.add(SpoolQuarantine.describe(e, failed));
            }
            last = e.seq();
        }
        long done = last;
        await(writer.submit((c, heads) -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE spool_state SET ingested = ? WHERE id = 1")) {
                ps.setLong(1, done);
                ps.executeUpdate();
            }
            return null;
        }));
        SpoolQuarantine.write(dbFile, unrecorded);
        return Spool.start(dbFile, done, owner);
    }

    @Override
    public CompletableFuture<Void> createSession(SessionRecord s) {
        Objects.requireNonNull(s, "session");
        return writer.submit((c, heads) -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sessions (id, connection, connection_type, "
                    + "user_name, identity_source, started_at, ended_at, status, commands, blocked, flagged, reviewed, "
                    + "exit_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, s.id());
                ps.setString(2, s.connection());
                ps.setString(3, s.connectionType());
                ps.setString(4, s.user());
                ps.setString(5, s.identitySource());
                ps.setString(6, Times.format(s.startedAt()));
                ps.setString(7, Times.format(s.endedAt()));
                ps.setString(8, s.status());
                ps.setInt(9, s.commands());
                ps.setInt(10, s.blocked());
                ps.setInt(11, s.flagged());
                ps.setInt(12, s.reviewed());
                ps.setObject(13, s.exitCode());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Prepared once on the writer's connection: appends run for every command and every chunk of output. */
    private final HotStatements hot = new HotStatements();

    @Override
    public CompletableFuture<EventRecord> append(String sessionId, String type, String payload) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        return appendNow(sessionId, List.of(new NewEvent(type, payload))).thenApply(l -> l.get(0));
    }

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    @Override
    public CompletableFuture<Void> appendAll(String sessionId, List<NewEvent> events, int commandsDelta,
                                             int blockedDelta, int flaggedDelta, int reviewedDelta) {
        Objects.requireNonNull(sessionId, "sessionId");
        List<NewEvent> copy = List.copyOf(events);
        int[] deltas = {commandsDelta, blockedDelta, flaggedDelta, reviewedDelta};
        Spool s = spool;
        if (s == null) {
            return writer.submit(appendOp(sessionId, copy, null, deltas)).thenApply(written -> null);
        }
        long bytes = sizeOf(copy);
        try {
            s.append(sessionId, deltas, copy, (seq, at) -> writer.submitSpooled(appendOp(sessionId, copy, at, deltas), seq, bytes));
        } catch (StoreException e) {
            return CompletableFuture.failedFuture(e);
        }
        return caughtUpEnough();
    }

    /** Batch transactions the writer has committed (tests: spooled records gather into few). */
    long writerCommits() {
        return writer.commits();
    }

    /** Beyond this much spooled but not yet copied, callers wait for the writer: memory must not grow with output. */
    private static final long MAX_BACKLOG = 32L << 20;

    /**
     * Done at once while the writer keeps up; when it falls behind (a command floods output faster than SQLite
     * takes it) the caller waits for it to catch up, which slows the command instead of filling the heap.
     */
    private CompletableFuture<Void> caughtUpEnough() {
        return writer.backlog() > MAX_BACKLOG ? writer.sync() : DONE;
    }

    private static long sizeOf(List<NewEvent> events) {
        long n = 64;
        for (NewEvent e : events) {
            n += 2L * (e.type().length() + e.payload().length()) + 64;  // chars, as the queued Strings hold them
        }
        return n;
    }

    /** With the spool mapped, a record taken after the fact costs what any other does: it goes the same way. */
    @Override
    public CompletableFuture<Void> appendAfter(String sessionId, List<NewEvent> events) {
        return appendAll(sessionId, events, 0, 0, 0, 0);
    }

    private CompletableFuture<List<EventRecord>> appendNow(String sessionId, List<NewEvent> events) {
        return writer.submit(appendOp(sessionId, List.copyOf(events), null, new int[4]));
    }

    /** stamped: when the events were taken (spooled), or null to stamp them as they are written. */
    private Writer.Op<List<EventRecord>> appendOp(String sessionId, List<NewEvent> copy, Instant stamped, int[] deltas) {
        int commandsDelta = deltas[0], blockedDelta = deltas[1], flaggedDelta = deltas[2], reviewedDelta = deltas[3];
        return (c, heads) -> {
            ChainHeads.Head head = heads.get(c, sessionId);
            List<EventRecord> written = new ArrayList<>(copy.size());
            for (NewEvent e : copy) {
                long seq = head.seq() + 1;
                // Stamped by the writer (or the spool, in the same order) so that time order and seq order agree.
                Instant at = stamped != null ? stamped : Instant.now();
                String hash = ChainHash.of(head.hash(), seq, at, e.type(), e.payload());
                PreparedStatement insert = hot.get(c,
                        "INSERT INTO events (session_id, seq, at, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)");
                insert.setString(1, sessionId);
                insert.setLong(2, seq);
                insert.setString(3, Times.format(at));
                insert.setString(4, e.type());
                insert.setString(5, e.payload());
                insert.setString(6, head.hash());
                insert.setString(7, hash);
                hot.executeUpdate(insert);
                written.add(new EventRecord(sessionId, seq, at, e.type(), e.payload(), head.hash(), hash));
                head = new ChainHeads.Head(seq, hash);
            }
            if ((commandsDelta | blockedDelta | flaggedDelta | reviewedDelta) != 0) {
                if (copy.isEmpty()) {
                    addCounters(c, sessionId, commandsDelta, blockedDelta, flaggedDelta, reviewedDelta);
                } else {
                    heads.count(sessionId, deltas);
                }
            }
            // The session row's head (and these counters) are written once per batch (ChainHeads.writeBatchHeads).
            heads.advance(sessionId, head);
            return written;
        };
    }

    @Override
    public CompletableFuture<Void> updateCounters(String sessionId, int commandsDelta, int blockedDelta, int flaggedDelta,
                                                  int reviewedDelta) {
        Objects.requireNonNull(sessionId, "sessionId");
        return writer.submit((c, heads) -> {
            addCounters(c, sessionId, commandsDelta, blockedDelta, flaggedDelta, reviewedDelta);
            return null;
        });
    }

    /** Writer thread only: adds to a session's counters, failing when the session does not exist. */
    private void addCounters(Connection c, String sessionId, int commandsDelta, int blockedDelta, int flaggedDelta,
                             int reviewedDelta) throws SQLException {
        PreparedStatement ps = hot.get(c, "UPDATE sessions SET commands = commands + ?, "
                + "blocked = blocked + ?, flagged = flagged + ?, reviewed = reviewed + ? WHERE id = ?");
        ps.setInt(1, commandsDelta);
        ps.setInt(2, blockedDelta);
        ps.setInt(3, flaggedDelta);
        ps.setInt(4, reviewedDelta);
        ps.setString(5, sessionId);
        requireSession(hot.executeUpdate(ps), sessionId);
    }

    @Override
    public CompletableFuture<Void> endSession(String sessionId, Instant endedAt, String status, Integer exitCode) {
        Objects.requireNonNull(sessionId, "sessionId");
        return writer.submit((c, heads) -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE sessions SET ended_at = ?, status = ?, exit_code = ? WHERE id = ?")) {
                ps.setString(1, Times.format(endedAt));
                ps.setString(2, status);
                ps.setObject(3, exitCode);
                ps.setString(4, sessionId);
                requireSession(ps.executeUpdate(), sessionId);
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> saveApproval(ApprovalRecord a) {
        Objects.requireNonNull(a, "approval");
        return writer.submit((c, heads) -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO approvals (id, session_id, connection, requester, "
                    + "command_text, command_hash, rule, status, created_at, expires_at, on_timeout, decided_by, "
                    + "decided_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (id) DO UPDATE SET session_id = excluded.session_id, connection = excluded.connection, "
                    + "requester = excluded.requester, command_text = excluded.command_text, "
                    + "command_hash = excluded.command_hash, rule = excluded.rule, status = excluded.status, "
                    + "created_at = excluded.created_at, expires_at = excluded.expires_at, "
                    + "on_timeout = excluded.on_timeout, decided_by = excluded.decided_by, "
                    + "decided_at = excluded.decided_at, reason = excluded.reason")) {
                ps.setString(1, a.id());
                ps.setString(2, a.sessionId());
                ps.setString(3, a.connection());
                ps.setString(4, a.requester());
                ps.setString(5, a.commandText());
                ps.setString(6, a.commandHash());
                ps.setString(7, a.rule());
                ps.setString(8, a.status());
                ps.setString(9, Times.format(a.createdAt()));
                ps.setString(10, Times.format(a.expiresAt()));
                ps.setString(11, a.onTimeout());
                ps.setString(12, a.decidedBy());
                ps.setString(13, Times.format(a.decidedAt()));
                ps.setString(14, a.reason());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public int expirePending(String reason) {
        return await(writer.submit((c, heads) -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE approvals SET status = 'expired', reason = ?, decided_at = ? WHERE status = 'pending'")) {
                ps.setString(1, reason);
                ps.setString(2, Times.format(Instant.now()));
                return ps.executeUpdate();
            }
        }));
    }

    @Override
    public CompletableFuture<Void> flush() {
        return writer.sync();
    }

    @Override
    public Optional<SessionRecord> session(String idOrUniquePrefix) {
        caughtUp();
        return reads.with(c -> Reads.session(c, idOrUniquePrefix));
    }

    @Override
    public List<SessionRecord> sessions(int limit) {
        caughtUp();
        return reads.with(c -> Reads.sessions(c, limit));
    }

    @Override
    public List<SessionRecord> activeSessions() {
        caughtUp();
        return reads.with(Reads::activeSessions);
    }

    @Override
    public List<EventRecord> events(String sessionId) {
        List<EventRecord> out = new ArrayList<>();
        forEachEvent(sessionId, out::add);
        return out;
    }

    @Override
    public void forEachEvent(String sessionId, Consumer<EventRecord> sink) {
        forEachEventAfter(sessionId, 0, sink);
    }

    @Override
    public void forEachEventAfter(String sessionId, long afterSeq, Consumer<EventRecord> sink) {
        Objects.requireNonNull(sink, "sink");
        caughtUp();
        reads.with(c -> {
            Reads.forEachEvent(c, sessionId, afterSeq, sink);
            return null;
        });
    }

    @Override
    public ChainCheck verify(String sessionId) {
        caughtUp();
        return reads.with(c -> ChainVerifier.verify(c, sessionId));
    }

    @Override
    public CompletableFuture<Void> saveSignature(SessionSignature sig) {
        Objects.requireNonNull(sig, "signature");
        return writer.submit((c, heads) -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO session_signatures "
                    + "(session_id, last_seq, last_hash, key_id, signature, signed_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, sig.sessionId());
                ps.setLong(2, sig.lastSeq());
                ps.setString(3, sig.lastHash());
                ps.setString(4, sig.keyId());
                ps.setString(5, sig.signature());
                ps.setString(6, Times.format(sig.signedAt()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<SessionSignature> signature(String sessionId) {
        caughtUp();
        return reads.with(c -> Reads.signature(c, sessionId));
    }

    @Override
    public void forEachSession(Consumer<SessionRecord> sink) {
        Objects.requireNonNull(sink, "sink");
        caughtUp();
        reads.with(c -> {
            Reads.forEachSession(c, sink);
            return null;
        });
    }

    @Override
    public int pruneEndedBefore(Instant cutoff) {
        String at = Times.format(cutoff);
        return await(writer.submit((c, heads) -> {
            String old = "SELECT id FROM sessions WHERE status <> 'active' AND ended_at IS NOT NULL AND ended_at < ?";
            for (String table : List.of("events", "approvals", "session_signatures")) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE session_id IN (" + old + ")")) {
                    ps.setString(1, at);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM sessions WHERE id IN (" + old + ")")) {
                ps.setString(1, at);
                return ps.executeUpdate();
            }
        }));
    }

    @Override
    public Optional<ApprovalRecord> approval(String idOrUniquePrefix) {
        caughtUp();
        return reads.with(c -> Reads.approval(c, idOrUniquePrefix));
    }

    @Override
    public List<ApprovalRecord> approvals(String statusOrNull) {
        caughtUp();
        return reads.with(c -> Reads.approvals(c, statusOrNull));
    }

    /**
     * Reads see every write already acknowledged: spooled records are copied in first. (Not on the writer's
     * own thread, which would wait for itself; code there sees its own writes anyway.)
     */
    private void caughtUp() {
        if (spool != null && !writer.onWriterThread()) {
            await(writer.sync());
        }
    }

    /** Waits for queued writes to commit, then releases the file. Safe to call twice. */
    @Override
    public void close() {
        writer.close();
        if (spool != null) {
            spool.closeDrained(); // the writer drained: unless it failed, everything spooled is in SQLite
        }
        reads.close();
    }

    /** Test hook: runs raw SQL on the writer's own connection, outside any batch, to simulate a failing disk. */
    CompletableFuture<Void> onWriterConnection(Writer.RawOp op) {
        return writer.submitRaw(op);
    }

    /** Test hook: runs an op inside the writer's next batch transaction, to make a commit fail for real. */
    <T> CompletableFuture<T> onWriterTransaction(Writer.Op<T> op) {
        return writer.submit(op);
    }

    private static void requireSession(int updated, String sessionId) {
        if (updated == 0) {
            throw new StoreException("unknown session " + sessionId);
        }
    }

    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("audit write failed: " + e.getCause(), e.getCause());
        }
    }
}
