package hoop.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static hoop.store.Fixtures.get;
import static hoop.store.Fixtures.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConcurrencyTest {

    private static final int THREADS = 8;
    private static final int PER_THREAD = 500;
    private static final int SESSIONS = 4;

    @TempDir
    Path dir;

    @Test
    void concurrentAppendsProduceContiguousVerifiedChains() throws Exception {
        try (SqliteStore store = SqliteStore.open(dir.resolve("hoop.db"))) {
            for (int s = 0; s < SESSIONS; s++) {
                get(store.createSession(session("s-" + s, Instant.now())));
            }
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<CompletableFuture<EventRecord>>>> work = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                work.add(pool.submit(() -> {
                    go.await();
                    List<CompletableFuture<EventRecord>> mine = new ArrayList<>();
                    for (int i = 0; i < PER_THREAD; i++) {
                        String sid = "s-" + ((thread + i) % SESSIONS);
                        mine.add(store.append(sid, "command", "t" + thread + " i" + i));
                        if (i % 50 == 0) {
                            // Reads interleave with the writer; they must not block or fail it.
                            store.sessions(SESSIONS);
                        }
                    }
                    return mine;
                }));
            }
            go.countDown();

            int completed = 0;
            for (var w : work) {
                for (var f : w.get(60, TimeUnit.SECONDS)) {
                    get(f);
                    completed++;
                }
            }
            pool.shutdown();
            assertEquals(THREADS * PER_THREAD, completed);

            int total = 0;
            for (int s = 0; s < SESSIONS; s++) {
                List<EventRecord> events = store.events("s-" + s);
                for (int i = 0; i < events.size(); i++) {
                    assertEquals(i + 1, events.get(i).seq());
                }
                total += events.size();
                ChainCheck check = store.verify("s-" + s);
                assertTrue(check.ok(), check.problem());
                assertEquals(events.size(), check.eventsChecked());
            }
            assertEquals(THREADS * PER_THREAD, total);
        }
    }
}
