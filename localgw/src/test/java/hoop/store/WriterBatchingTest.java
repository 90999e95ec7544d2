package hoop.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static hoop.store.Fixtures.get;
import static hoop.store.Fixtures.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WriterBatchingTest {

    @TempDir
    Path dir;

    /**
     * Under steady load the queue is never empty when a commit ends; spooled records must still gather into one
     * commit per gathering window instead of a commit per few records (each commit costs locks and WAL writes on
     * every command's budget).
     */
    @Test
    void spooledRecordsUnderSteadyLoadGatherIntoFewCommits() throws Exception {
        try (SqliteStore store = SqliteStore.open(dir.resolve("hoop.db"), Durability.PROCESS)) {
            get(store.createSession(session("s", Instant.now())));
            long before = store.writerCommits();
            long start = System.nanoTime();
            int sent = 0;
            while (System.nanoTime() - start < 400_000_000L) {
                for (int i = 0; i < 5; i++, sent++) {
                    get(store.appendAll("s", List.of(new Store.NewEvent("command", "{\"text\":\"SELECT " + sent + "\"}")), 1, 0, 0, 0));
                }
                Thread.sleep(0, 200_000);
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            List<EventRecord> events = store.events("s"); // a read: everything spooled is copied in first
            assertEquals(sent, events.size());
            long commits = store.writerCommits() - before;
            // One commit per 20 ms window at most, plus slack for the first wakeup and the read's own sync.
            assertTrue(commits <= elapsedMs / 20 + 4, commits + " commits for " + sent + " records in " + elapsedMs + " ms");
            assertTrue(store.verify("s").ok());
        }
    }
}
