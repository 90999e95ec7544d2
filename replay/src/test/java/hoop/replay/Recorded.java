package hoop.replay;

import hoop.store.EventRecord;
import hoop.store.SessionRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/** Fixed sessions, as the guard records them, with fixed times so renderings can be compared with golden files. */
final class Recorded {
    static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    final SessionRecord session;
    final List<EventRecord> events = new ArrayList<>();

    private Recorded(SessionRecord session) {
        this.session = session;
    }

    Recorded at(double seconds, String type, String payload) {
        events.add(new EventRecord(session.id(), events.size() + 1, T0.plusNanos((long) (seconds * 1e9)), type, payload, "", ""));
        return this;
    }

    Recorded out(double seconds, String stream, byte[] data) {
        return at(seconds, "output", "{\"stream\":\"" + stream + "\",\"data\":\"" + Base64.getEncoder().encodeToString(data) + "\"}");
    }

    /**
     * The same session as the guard records it since format 2: each decision inside its command's event (one
     * event where format 1 had two), renumbered.
     */
    Recorded asFormat2() {
        Recorded r = new Recorded(session);
        for (EventRecord e : events) {
            if (e.type().equals("decision")) {
                EventRecord command = r.events.remove(r.events.size() - 1);
                String p = command.payload();
                r.at(command, p.substring(0, p.length() - 1) + ",\"decision\":" + e.payload() + "}");
            } else if (e.type().equals("session_start")) {
                r.at(e, e.payload().replace("\"format\":1", "\"format\":2"));
            } else {
                r.at(e, e.payload());
            }
        }
        return r;
    }

    private void at(EventRecord e, String payload) {
        events.add(new EventRecord(session.id(), events.size() + 1, e.at(), e.type(), payload, "", ""));
    }

    Consumer<Consumer<EventRecord>> feed() {
        return sink -> events.forEach(sink);
    }

    static Recorded sql() {
        Recorded r = new Recorded(new SessionRecord("7c1f3a52-9d0e-4b8a-a1c2-5f6e7d8c9b0a", "appdb", "postgres", "alice@example.com",
                "oidc", T0, T0.plusSeconds(75), "closed", 3, 1, 0, 1, null));
        return r.at(0.002, "session_start", "{\"format\":1,\"connection\":\"appdb\",\"type\":\"postgres\",\"user\":\"alice@example.com\",\"source\":\"oidc\"}")
                .at(1.5, "command", "{\"text\":\"SELECT id, name, email, card_number FROM customers ORDER BY id\",\"argv\":[],\"kinds\":[\"read\"]}")
                .at(1.5, "decision", "{\"rule\":null,\"action\":\"allow\",\"message\":null}")
                .at(1.503, "result", "{\"conn\":\"c1\",\"tag\":\"SELECT 3\",\"error\":null,\"rows\":3,\"duration_ms\":2.4,\"truncated\":true,"
                        + "\"columns\":[\"id\",\"name\",\"email\",\"card_number\"],\"sample\":[[\"1\",\"Alice Liddell of Wonderland Avenue\",\"[EMAIL]\",\"[CREDIT_CARD]\"],"
                        + "[\"2\",\"Bob\",\"[EMAIL]\",null]]}")
                .at(10, "command", "{\"text\":\"DELETE FROM customers WHERE id = 2\",\"argv\":[],\"kinds\":[\"write\"]}")
                .at(10, "decision", "{\"rule\":\"sql-guard.deletes\",\"action\":\"review\",\"message\":\"deletes need a second pair of eyes\",\"timeout_ms\":300000,\"on_timeout\":\"deny\"}")
                .at(10.001, "approval_requested", "{\"id\":\"a81b\",\"rule\":\"sql-guard.deletes\",\"expires_at\":\"2026-03-01T09:05:10Z\",\"on_timeout\":\"deny\"}")
                .at(52.2, "approval_decided", "{\"id\":\"a81b\",\"status\":\"approved\",\"approved\":true,\"by\":\"bob\",\"reason\":null}")
                .at(52.21, "result", "{\"conn\":\"c1\",\"tag\":\"DELETE 1\",\"error\":null,\"rows\":1,\"duration_ms\":0.8,\"truncated\":false,\"columns\":[],\"sample\":[]}")
                .at(60, "command", "{\"text\":\"DROP TABLE customers\",\"argv\":[],\"kinds\":[\"ddl\"]}")
                .at(60, "decision", "{\"rule\":\"sql-guard.schema-changes\",\"action\":\"deny\",\"message\":\"schema changes go through migrations\"}")
                .at(75, "session_end", "{\"status\":\"closed\"}");
    }

    static Recorded exec() {
        Recorded r = new Recorded(new SessionRecord("0b9e8d7c-6f5a-4e3d-9c2b-1a0f9e8d7c6b", "shell", "command", "root", "local",
                T0, T0.plusSeconds(4), "closed", 1, 0, 0, 0, 0));
        byte[] euro = "price 5 €\n".getBytes(StandardCharsets.UTF_8); // the € (3 bytes) is split across two chunks
        return r.at(0.001, "session_start", "{\"format\":1,\"connection\":\"shell\",\"type\":\"command\",\"user\":\"root\",\"source\":\"local\"}")
                .at(0.01, "command", "{\"text\":\"./build.sh\",\"argv\":[\"./build.sh\"],\"kinds\":[\"exec\"]}")
                .at(0.01, "decision", "{\"rule\":null,\"action\":\"allow\",\"message\":null}")
                .out(0.5, "stdout", "\033[1;32mcompiling\033[0m mail [EMAIL]\n".getBytes(StandardCharsets.UTF_8))
                .out(1.0, "stdout", "[#   ] 25%\r".getBytes(StandardCharsets.UTF_8))
                .out(1.5, "stdout", "[##  ] 50%\r[####] 100%\n".getBytes(StandardCharsets.UTF_8))
                .out(2.0, "stdout", java.util.Arrays.copyOf(euro, euro.length - 3))
                .out(2.1, "stdout", java.util.Arrays.copyOfRange(euro, euro.length - 3, euro.length))
                .out(3.0, "stderr", "warning: 2 deprecations\n".getBytes(StandardCharsets.UTF_8))
                .at(3.9, "exit", "{\"exit_code\":0}")
                .at(4.0, "session_end", "{\"status\":\"closed\",\"exit_code\":0}");
    }
}
