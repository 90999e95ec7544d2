package hoop.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The only code that writes. One thread owns the write connection, so SQLite never sees competing writers and
 * the chain heads need no locking. Ops are committed in batches to amortise the fsync, and a future completes
 * only after the commit that contains its op.
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

    static final int MAX_BATCH = 256;

    private record Pending<T>(Op<T> op, RawOp raw, CompletableFuture<T> future) {
    }

    private static final Pending<Void> STOP = new Pending<>(null, null, null);

    private final Connection conn;
    private final ChainHeads heads = new ChainHeads();
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Object submitLock = new Object();
    private boolean closed; // guarded by submitLock
    private final Thread thread;

    Writer(Connection conn, String name) {
        this.conn = conn;
        // Daemon so a gateway that forgets close() can still exit; unfinished futures then simply never succeed.
        this.thread = Thread.ofPlatform().name(name).daemon(true).start(this::loop);
    }

    <T> CompletableFuture<T> submit(Op<T> op) {
        return enqueue(new Pending<>(op, null, new CompletableFuture<>()));
    }

    CompletableFuture<Void> submitRaw(RawOp raw) {
        return enqueue(new Pending<>(null, raw, new CompletableFuture<>()));
    }

    private <T> CompletableFuture<T> enqueue(Pending<T> p) {
        // The lock makes "closed" and "queued" one step, so nothing can slip in behind STOP and hang forever.
        synchronized (submitLock) {
            if (closed) {
                p.future().completeExceptionally(new StoreException("audit store is closed; nothing was recorded"));
            } else {
                queue.add(p);
            }
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
        }
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
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue; // only close() ends the writer, so queued ops are never abandoned
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            boolean stop = batch.remove(STOP);
            try {
                run(batch);
            } catch (Throwable t) {
                failAll(List.copyOf(batch), failure("audit writer failed", t));
            }
            batch.clear();
            if (stop) {
                return;
            }
        }
    }

    private void run(List<Pending<?>> batch) {
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
            for (Pending<?> p : ops) {
                completions.add(runPlain(p));
                heads.opSucceeded();
            }
            heads.writeBatchHeads(conn, hot);
            tx.commit(conn);
            heads.batchCommitted();
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
            for (Pending<?> p : ops) {
                completions.add(runOne(st, p));
            }
            heads.writeBatchHeads(conn, hot);
            st.execute("COMMIT");
            heads.batchCommitted();
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

    private static void failAll(List<Pending<?>> ops, StoreException e) {
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
