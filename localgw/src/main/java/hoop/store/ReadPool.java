package hoop.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Read connections, kept apart from the writer's so WAL lets reads run while a batch commits. Idle ones are
 * reused to skip re-opening; a burst beyond the pool size just opens extra connections and closes them after.
 */
final class ReadPool implements AutoCloseable {

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final Path dbFile;
    private final BlockingQueue<Connection> idle;
    private volatile boolean closed;

    ReadPool(Path dbFile, int size) {
        this.dbFile = dbFile;
        this.idle = new ArrayBlockingQueue<>(size);
    }

    <T> T with(Work<T> work) {
        if (closed) {
            throw new StoreException("store is closed");
        }
        Connection c = idle.poll();
        try {
            if (c == null) {
                c = Db.openReader(dbFile);
            }
            T result = work.run(c);
            release(c);
            return result;
        } catch (SQLException e) {
            quietlyClose(c);
            throw new StoreException("audit read failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Caller code (a streaming sink) threw; statements were closed by try-with-resources, the connection is fine.
            release(c);
            throw e;
        }
    }

    private void release(Connection c) {
        if (c == null) {
            return;
        }
        if (closed || !idle.offer(c)) {
            quietlyClose(c);
        } else if (closed) {
            drain();
        }
    }

    @Override
    public void close() {
        closed = true;
        drain();
    }

    private void drain() {
        Connection c;
        while ((c = idle.poll()) != null) {
            quietlyClose(c);
        }
    }

    static void quietlyClose(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // Nothing useful to do: the connection is being thrown away either way.
        }
    }
}
