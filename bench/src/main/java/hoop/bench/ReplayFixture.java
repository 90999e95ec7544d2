package hoop.bench;

import hoop.store.AuditKey;
import hoop.store.ChainCheck;
import hoop.store.SqliteStore;
import hoop.store.SessionRecord;
import hoop.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Writes one long signed session for bench/replay.sh: N events in the shapes the guard records (a SQL command
 * with its decision, a 20-row result, then an exec-style output chunk), committed in batches of 1,000.
 * Usage: ReplayFixture HOOP_HOME EVENTS; prints the session id.
 */
public final class ReplayFixture {
    private ReplayFixture() {}

    public static void main(String[] args) {
        Path home = Path.of(args[0]);
        int total = Integer.parseInt(args[1]);
        String id = UUID.randomUUID().toString();
        try (Store store = SqliteStore.open(home.resolve("hoop.db"))) {
            store.createSession(new SessionRecord(id, "bench", "postgres", "bench-user", "local", Instant.now(), null, "active",
                    0, 0, 0, 0, null)).join();
            StringBuilder rows = new StringBuilder();
            for (int r = 0; r < 20; r++) rows.append(r == 0 ? "" : ",").append("[\"").append(r).append("\",\"[EMAIL]\",\"customer ").append(r).append("\"]");
            String result = "{\"conn\":\"c1\",\"tag\":\"SELECT 20\",\"error\":null,\"rows\":20,\"duration_ms\":1.2,\"truncated\":false,"
                    + "\"columns\":[\"id\",\"email\",\"name\"],\"sample\":[" + rows + "]}";
            String output = "{\"stream\":\"stdout\",\"data\":\"" + Base64.getEncoder().encodeToString(
                    "\033[32mok\033[0m building module 42 of 100 ... [EMAIL]\n".getBytes(StandardCharsets.UTF_8)) + "\"}";
            List<Store.NewEvent> batch = new ArrayList<>();
            for (int i = 1; i < total; i++) {
                batch.add(switch (i % 3) {
                    case 1 -> new Store.NewEvent("command", "{\"text\":\"SELECT id, email, name FROM customers WHERE id > " + i
                            + " LIMIT 20\",\"argv\":[],\"kinds\":[\"read\"],\"decision\":{\"rule\":null,\"action\":\"allow\",\"message\":null}}");
                    case 2 -> new Store.NewEvent("result", result);
                    default -> new Store.NewEvent("output", output);
                });
                if (batch.size() == 1000) {
                    store.appendAll(id, batch, 0, 0, 0, 0).join();
                    batch.clear();
                }
            }
            store.appendAll(id, batch, total / 3, 0, 0, 0).join();
            var end = store.append(id, "session_end", "{\"status\":\"closed\"}").join();
            store.saveSignature(AuditKey.loadOrCreate(home.resolve("audit.key")).sign(id, end.seq(), end.hash(), Instant.now())).join();
            store.endSession(id, Instant.now(), "closed", null).join();
            ChainCheck c = store.verify(id);
            if (!c.ok() || c.eventsChecked() != total) throw new IllegalStateException("fixture is broken: " + c);
        }
        System.out.println(id);
    }
}
