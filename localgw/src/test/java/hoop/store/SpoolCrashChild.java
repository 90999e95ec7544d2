package hoop.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Run in a child JVM by {@link SpoolTest}: keeps the writer busy so nothing reaches SQLite, spools commands,
 * then dies at once (Runtime.halt: no shutdown hooks, no close), as a crashed gateway would.
 */
public final class SpoolCrashChild {
    static final int EXIT = 42;

    public static void main(String[] args) throws Exception {
        SqliteStore store = SqliteStore.open(Path.of(args[0]), Durability.PROCESS);
        store.createSession(Fixtures.session("s-1", Instant.now())).join();
        store.append("s-1", "session_start", "{}").join();
        CountDownLatch busy = new CountDownLatch(1);
        store.onWriterTransaction((c, heads) -> {
            busy.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        busy.await();
        for (int i = 0; i < 50; i++) {
            store.appendAll("s-1", List.of(new Store.NewEvent("command", "{\"text\":\"cmd " + i + "\"}"),
                    new Store.NewEvent("decision", "{}")), 1, 0, 0, 0).join();
        }
        System.out.println("spooled 50");
        System.out.flush();
        Runtime.getRuntime().halt(EXIT);
    }
}
