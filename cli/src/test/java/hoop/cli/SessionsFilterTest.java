package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `hoop sessions` filters and `hoop sessions prune` on sessions recorded by a real gateway. */
class SessionsFilterTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    TestGateway gw;

    @BeforeEach
    void record() throws Exception {
        gw = new TestGateway(dir.resolve("home"), ExecEndToEndTest.CONFIG, Map.of("API_TOKEN", ExecEndToEndTest.SECRET));
        assertEquals(0, gw.hoop("exec", "shell", "--", "echo fine").exit());
        assertEquals(3, gw.hoop("exec", "shell", "--", "rm -rf /nothing").exit());
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    JsonNode sessions(String... filters) throws Exception {
        String[] args = AuditVerifyTest.concat(new String[] {"sessions", "--json"}, filters);
        var r = gw.hoop(args);
        assertEquals(0, r.exit(), r.err());
        return JSON.readTree(r.out());
    }

    @Test
    void filtersNarrowTheList() throws Exception {
        assertEquals(2, sessions().size());
        JsonNode blocked = sessions("--status", "blocked");
        assertEquals(1, blocked.size());
        assertEquals(1, blocked.get(0).get("blocked").asInt());
        assertEquals(2, sessions("--connection", "shell", "--since", "1h").size());
        assertEquals(0, sessions("--connection", "elsewhere").size());
        String user = blocked.get(0).get("user").asText();
        assertEquals(2, sessions("--user", user).size());
        assertEquals(0, sessions("--user", "nobody-" + user).size());
        assertEquals(0, sessions("--status", "error").size());
        assertEquals(1, sessions("--limit", "1").size());

        var table = gw.hoop("sessions", "--status", "blocked");
        assertTrue(table.out().contains("APPROVALS") && table.out().contains(blocked.get(0).get("id").asText().substring(0, 8)), table.out());
        assertEquals(ExitCodes.USAGE, gw.hoop("sessions", "--status", "weird").exit());
        assertEquals(ExitCodes.USAGE, gw.hoop("sessions", "--since", "yesterday").exit());
    }

    @Test
    void pruneDeletesOnlyOldEndedSessions() throws Exception {
        var kept = gw.hoop("sessions", "prune", "--older-than", "30d");
        assertEquals(0, kept.exit(), kept.err());
        assertTrue(kept.out().contains("pruned 0 sessions"), kept.out());
        assertEquals(2, sessions().size());
        Thread.sleep(5);
        var all = gw.hoop("sessions", "prune", "--older-than", "1ms");
        assertTrue(all.out().contains("pruned 2 sessions"), all.out());
        assertEquals(0, sessions().size());
        assertEquals(0, gw.hoop("audit", "verify", "--all").exit(), "nothing left is nothing broken");
    }
}
