package hoop.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The only code that writes. One thread owns the write connection, so SQLite never sees competing writers and
 * the chain heads need no locking. Ops are committed in batches to amortise the fsync, and a future completes
 * only after the commit that contains its op.
 *
 * <p>Spooled ops were already made safe by {@link Spool}; their callers do not wait, so they do not wake the
 * writer either (unless it sleeps with nothing to do): it gathers them for a few milliseconds and commits them
 * together, which takes a thread wakeup and a transaction off every command's path.
 */
final class Writer implements AutoCloseable {

    /** A unit of work that runs inside the batch transaction, under its own savepoint. */
    interface Op<T> {
        T apply(Connection c, ChainHeads heads) throws SQLException;
    }

    /** Work that must run outside any transaction (pragmas); only tests need it today. */
    interface RawOp {
        void apply(Connection c) throws SQLException;
    }

    static final int MAX_BATCH = 1024;
    /** How long spooled ops gather before the writer commits them. */
    private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final Logger LOG = Logger.getLogger(Writer.class.getName());

    /** spoolSeq: 0 for an ordinary op, else the spool record this op copies into SQLite. */
    private record Pending<T>(Op<T> op, RawOp raw, CompletableFuture<T> future, long spoolSeq, long bytes) {
    }

    private static final Pending<Void> STOP = new Pending<>(null, null, null, 0, 0);
    /** Size of spooled records queued but not yet in SQLite: what callers are told to wait on when it is large. */
    private final java.util.concurrent.atomic.AtomicLong backlog = new java.util.concurrent.atomic.AtomicLong();

    private final Connection conn;
    private final ChainHeads heads = new ChainHeads();
    private final ConcurrentLinkedQueue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
    private final Object submitLock = new Object();
    private boolean closed; // guarded by submitLock
    /** Parked with nothing queued: a spooled op must wake it, or it would wait for the next ordinary one. */
    private volatile boolean sleeping;
    /** Someone waits for an op queued since the last drain (or close() was called): no more gathering. */
    private volatile boolean urgent;
    /** Batch transactions committed so far: what batching saves is counted in these. */
    private final java.util.concurrent.atomic.AtomicLong commits = new java.util.concurrent.atomic.AtomicLong();
    /** Ops queued and not yet drained: gathering stops once a whole batch is waiting. */
    private final java.util.concurrent.atomic.AtomicInteger queued = new java.util.concurrent.atomic.AtomicInteger();
    private volatile Spool spool; // null when every op is waited for (power-loss durability), or until recovered
    /** Turns a spool record back into its op, to copy it again once the database takes records. */
    private java.util.function.Function<Spool.Entry, Op<?>> recopy;
    /** Spooled ops up to this seq were copied by a retry; queued before it, they must not be copied twice. */
    private long copiedThrough;
    private long nextRetry;
    private final OpenedFile file;
    private final Thread thread;

    Writer(Connection conn, OpenedFile file, String name) {
        this.conn = conn;
        this.file = file;
        this.nextRetry = System.nanoTime(); // compared by difference: nanoTime may be negative
        // Daemon so a gateway that forgets close() can still exit; unfinished futures then simply never succeed.
        this.thread = Thread.ofPlatform().name(name).daemon(true).start(this::loop);
    }

    <T> CompletableFuture<T> submit(Op<T> op) {
        return enqueue(new Pending<>(op, null, new CompletableFuture<>(), 0, 0), true);
    }

    CompletableFuture<Void> submitRaw(RawOp raw) {
        return enqueue(new Pending<>(null, raw, new CompletableFuture<>(), 0, 0), true);
    }

    /**
     * Queues the copy of spool record {@code spoolSeq}; the caller does not wait for it. Must be called in
     * spool order (from inside {@link Spool#append}), so SQLite sees records in the order they were taken.
     */
    void submitSpooled(Op<?> op, long spoolSeq, long bytes) {
        backlog.addAndGet(bytes);
        enqueue(new Pending<>(op, null, new CompletableFuture<>(), spoolSeq, bytes), false);
    }

    long commits() {
        return commits.get();
    }

    /** Bytes of spooled records SQLite has not taken yet. */
    long backlog() {
        return backlog.get();
    }

    /** Once, after the spool's leftovers from a previous run are copied: from then on records go through it. */
    void useSpool(Spool s, java.util.function.Function<Spool.Entry, Op<?>> recopy) {
        this.recopy = recopy;
        spool = s;
    }

    boolean onWriterThread() {
        return Thread.currentThread() == thread;
    }

    /** Completes once everything queued before it is committed: what readers wait for to see spooled writes. */
    CompletableFuture<Void> sync() {
        return submit((c, h) -> null);
    }

    private <T> CompletableFuture<T> enqueue(Pending<T> p, boolean wake) {
        int waiting;
        // The lock makes "closed" and "queued" one step, so nothing can slip in behind STOP and hang forever.
        synchronized (submitLock) {
            StoreException failed = spool == null ? null : spool.failure();
            if (closed) {
                p.future().completeExceptionally(new StoreException("audit store is closed; nothing was recorded"));
                return p.future();
            } else if (failed != null && p.spoolSeq() == 0) {
                p.future().completeExceptionally(failed);
                return p.future();
            }
            queue.add(p);
            waiting = queued.incrementAndGet();
        }
        if (wake) {
            urgent = true;
        }
        if (wake || sleeping || waiting == MAX_BATCH) {
            LockSupport.unpark(thread);
        }
        return p.future();
    }

    /** Commits everything already queued, then stops the thread and closes the connection. */
    @Override
    public void close() {
        synchronized (submitLock) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
            queued.incrementAndGet();
        }
        urgent = true;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true; // finish closing anyway: leaving the writer running would leak the connection
            }
        }
        ReadPool.quietlyClose(conn);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        List<Pending<?>> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            retryIfDue();
            urgent = false; // before draining: an op queued after this point sets it again
            Pending<?> p;
            while (batch.size() < MAX_BATCH && (p = queue.poll()) != null) {
                queued.decrementAndGet();
                batch.add(p);
            }
            if (batch.isEmpty()) {
                sleeping = true;
                if (queue.isEmpty() && refusing() != null) {
                    LockSupport.parkNanos(this, RETRY_NANOS); // idle, but the refused records must be tried again
                } else if (queue.isEmpty()) {
                    LockSupport.park(this); // only close() ends the writer, so queued ops are never abandoned
                }
                sleeping = false;
                gather();
                continue;
            }
            boolean stop = batch.remove(STOP);
            try {
                run(batch);
            } catch (Throwable t) {
                failAll(List.copyOf(batch), failure("audit writer failed", t));
            }
            long done = 0;
            for (Pending<?> q : batch) {
                done += q.bytes();
            }
            backlog.addAndGet(-done);
            batch.clear();
            if (stop) {
                return;
            }
            gather();
        }
    }

    /**
     * Lets spooled ops gather for a while before the next commit. They are safe in the spool already and nobody
     * waits for them, so under steady load one commit takes hundreds of commands instead of a few: the commit's
     * locks and WAL writes are what cost. Waited-for ops, close() and a full batch end the wait at once.
     */
    private void gather() {
        long deadline = System.nanoTime() + GATHER_NANOS;
        long left;
        while (!urgent && queued.get() < MAX_BATCH && (left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left);
        }
    }

    private void run(List<Pending<?>> batch) {
        if (copiedThrough > 0) {
            skipCopied(batch);
        }
        StoreException failed = spool == null ? null : spool.failure();
        if (failed != null) {
            // A spooled record SQLite refused stays unrecorded; copying later ones would mark it as done.
            failAll(List.copyOf(batch), failed);
            return;
        }
        int i = 0;
        while (i < batch.size()) {
            if (batch.get(i).raw() != null) {
                runRaw(batch.get(i++));
                continue;
            }
            int j = i;
            while (j < batch.size() && batch.get(j).raw() == null) {
                j++;
            }
            runTransaction(batch.subList(i, j));
            i = j;
        }
    }

    private void runRaw(Pending<?> p) {
        @SuppressWarnings("unchecked")
        CompletableFuture<Void> f = (CompletableFuture<Void>) p.future();
        try {
            p.raw().apply(conn);
            completeLater(List.of(() -> f.complete(null)));
        } catch (Throwable t) {
            failAll(List.of(p), failure("audit write failed", t));
        }
    }

    /**
     * Optimistic first: the whole batch in one transaction without per-op savepoints (the common case, and
     * half the statements). Only if something fails is the batch rolled back and replayed op by op under
     * savepoints, so a bad op still fails alone and the rest still commit.
     */
    private void runTransaction(List<Pending<?>> ops) {
        List<Runnable> completions = new ArrayList<>(ops.size());
        try {
            tx.begin(conn);
            long spooled = 0;
            for (Pending<?> p : ops) {
                completions.add(runPlain(p));
                heads.opSucceeded();
                spooled = Math.max(spooled, p.spoolSeq());
            }
            heads.writeBatchHeads(conn, hot);
            markIngested(spooled);
            file.check();
            tx.commit(conn);
            commits.incrementAndGet();
            heads.batchCommitted();
            spoolIngested(spooled);
        } catch (Throwable t) {
            heads.opFailed();
            heads.batchFailed();
            rollbackQuietly();
            runWithSavepoints(ops);
            return;
        }
        completeLater(completions);
    }

    private <T> Runnable runPlain(Pending<T> p) throws SQLException {
        T result = p.op().apply(conn, heads);
        return () -> p.future().complete(result);
    }

    private void runWithSavepoints(List<Pending<?>> ops) {
        List<Runnable> completions = new ArrayList<>(ops.size());
        try (Statement st = conn.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            long spooled = 0;
            for (int i = 0; i < ops.size(); i++) {
                Pending<?> p = ops.get(i);
                StoreException refused = spool == null ? null : spool.failure();
                if (refused != null) {
                    completions.add(() -> p.future().completeExceptionally(refused));
                    continue;
                }
                completions.add(runOne(st, p));
                if (p.spoolSeq() > 0 && p.future().isCompletedExceptionally()) {
                    continue; // runOne has failed the spool: this record and all after it wait for a restart
                }
                spooled = Math.max(spooled, p.spoolSeq());
            }
            heads.writeBatchHeads(conn, hot);
            markIngested(spooled);
            file.check();
            st.execute("COMMIT");
            heads.batchCommitted();
            spoolIngested(spooled);
        } catch (Throwable t) {
            heads.batchFailed();
            rollbackQuietly();
            // Even ops that ran fine are not durable now, so every caller must hear it failed.
            failAll(List.copyOf(ops), failure("audit write not committed", t));
            return;
        }
        completeLater(completions);
    }

    /** Runs one op under a savepoint so a bad op (say a duplicate id) fails alone instead of failing its batch. */
    private <T> Runnable runOne(Statement st, Pending<T> p) throws SQLException {
        st.execute("SAVEPOINT op");
        T result;
        try {
            result = p.op().apply(conn, heads);
        } catch (SQLException | RuntimeException e) {
            heads.opFailed();
            try {
                st.execute("ROLLBACK TO op");
                st.execute("RELEASE op");
            } catch (SQLException gone) {
                // SQLite rolls the whole transaction back on some errors (SQLITE_FULL, I/O): the batch is lost,
                // and the op's own error is the one worth reporting.
                StoreException lost = failure("audit write not committed", e);
                lost.addSuppressed(gone);
                throw lost;
            }
            StoreException failure = failure("audit write failed", e);
            if (p.spoolSeq() > 0) {
                refuseFurtherWrites(failure);
                p.future().completeExceptionally(failure); // now, so the caller's loop sees it
            }
            return () -> p.future().completeExceptionally(failure);
        }
        st.execute("RELEASE op");
        heads.opSucceeded();
        return () -> p.future().complete(result);
    }

    private final TransactionStatements tx = new TransactionStatements();
    /** Statements the writer itself runs once per batch (session heads). */
    private final HotStatements hot = new HotStatements();

    private void rollbackQuietly() {
        try (Statement st = conn.createStatement()) {
            st.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // The transaction may already be gone (SQLite rolls back by itself on some I/O errors).
        }
    }

    private void markIngested(long spoolSeq) throws SQLException {
        if (spoolSeq > 0) {
            PreparedStatement ps = hot.get(conn, "UPDATE spool_state SET ingested = ? WHERE id = 1");
            ps.setLong(1, spoolSeq);
            hot.executeUpdate(ps);
        }
    }

    private void spoolIngested(long spoolSeq) {
        if (spoolSeq > 0) {
            spool.ingested(spoolSeq);
        }
    }

    /**
     * SQLite would not take a spooled record. It stays in the spool, and every later write is refused, so no
     * command runs without its record, until a retry copies it and everything after it (or a restart does, or
     * sets it aside in the unrecorded file).
     */
    private void refuseFurtherWrites(StoreException cause) {
        LOG.log(Level.SEVERE, "the audit database refused a spooled record; hoop refuses further commands until it takes "
                + "the record on a retry", cause);
        spool.fail(new StoreException("the audit store failed (" + cause.getMessage()
                + "); commands run again once the database takes records", cause));
    }

    /** How often a refusing spool is copied again: the database may take records again (space freed, lock gone). */
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private StoreException refusing() {
        Spool s = spool;
        return s == null ? null : s.failure();
    }

    /**
     * Writer thread: while the spool refuses, copies every record it holds past the database's mark again, in
     * one transaction. Only if all of them commit does the spool take records again; else it keeps refusing.
     */
    private void retryIfDue() {
        Spool s = spool;
        if (s == null || s.failure() == null || recopy == null || System.nanoTime() - nextRetry < 0) {
            return;
        }
        nextRetry = System.nanoTime() + RETRY_NANOS;
        synchronized (submitLock) {
            if (closed) {
                return;
            }
        }
        List<Pending<?>> again = new ArrayList<>();
        long through;
        try {
            through = ingestedMark();
            for (Spool.Entry e : Spool.recover(s.dbFile(), through)) {
                again.add(new Pending<>(recopy.apply(e), null, new CompletableFuture<>(), e.seq(), 0));
                through = e.seq();
            }
            file.check();
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.FINE, "the audit spool cannot be copied again yet", e);
            return;
        }
        if (!again.isEmpty()) {
            runTransaction(again); // with the spool refusing, a failure here commits none of them
            if (again.stream().anyMatch(p -> !p.future().isDone() || p.future().isCompletedExceptionally())) {
                return;
            }
        }
        copiedThrough = through;
        if (s.resume(through)) {
            LOG.warning("the audit database takes records again; " + again.size() + " spooled record(s) copied, commands run again");
        }
    }

    private long ingestedMark() throws SQLException {
        try (Statement st = conn.createStatement(); var rs = st.executeQuery("SELECT ingested FROM spool_state WHERE id = 1")) {
            return rs.getLong(1);
        }
    }

    /** Spooled ops a retry copied already (queued before the refusal) are done: their records are in. */
    private void skipCopied(List<Pending<?>> batch) {
        batch.removeIf(p -> {
            if (p.spoolSeq() > 0 && p.spoolSeq() <= copiedThrough) {
                backlog.addAndGet(-p.bytes());
                p.future().complete(null);
                return true;
            }
            return false;
        });
    }

    private void failAll(List<Pending<?>> ops, StoreException e) {
        if (spool != null && ops.stream().anyMatch(p -> p.spoolSeq() > 0) && spool.failure() == null) {
            refuseFurtherWrites(e);
        }
        completeLater(ops.stream().<Runnable>map(p -> () -> p.future().completeExceptionally(e)).toList());
    }

    /**
     * Completion runs on the writer thread, after the commit: a hop to another thread costs a wakeup on every
     * command's critical path. Callers must therefore chain only quick work on these futures (hand off to an
     * event loop, complete another future) and use *Async for anything slow.
     */
    private static void completeLater(List<Runnable> completions) {
        completions.forEach(Runnable::run);
    }

    private static StoreException failure(String what, Throwable t) {
        if (t instanceof StoreException se) {
            return se;
        }
        return new StoreException(what + ": " + t.getMessage(), t);
    }
}
