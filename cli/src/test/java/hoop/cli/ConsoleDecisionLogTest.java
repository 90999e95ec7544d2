package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hoop.core.Command;
import hoop.core.Decision;
import hoop.core.Identity;
import hoop.core.Session;
import hoop.core.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gateway console under a burst: every refusal and flag shown, plain allowed commands capped and counted. */
class ConsoleDecisionLogTest {
    @Test
    void aBurstOfAllowedCommandsIsCountedAndNoRefusalIsLost() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleDecisionLog log = new ConsoleDecisionLog(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Session s = new Session("0123456789abcdef", "demo", "postgres", new Identity("tester", null, List.of(), "local"), Instant.now());
        Verdict allowed = Verdict.of(new Decision.Allow(null, false, null));
        for (int i = 0; i < 500; i++) log.judged(new Command(s, "SELECT " + i, List.of()), "SELECT " + i, allowed);
        log.judged(new Command(s, "DROP TABLE customers", List.of()), "DROP TABLE customers",
                Verdict.of(new Decision.Deny("sql-guard.schema-changes", "use migrations")));
        log.judged(new Command(s, "SELECT 'flagged'", List.of()), "SELECT 'flagged'", Verdict.of(new Decision.Allow("watch", true, null)));
        // Normally one flush takes the whole burst; on a slow machine it may take two, each capped alike.
        String out = "";
        for (int i = 0; i < 100 && shown(out) + counted(out) < 500; i++) {
            Thread.sleep(50);
            out = bytes.toString(StandardCharsets.UTF_8);
        }
        assertEquals(500, shown(out) + counted(out), out);
        long flushes = out.lines().filter(l -> l.contains(" more allowed commands")).count();
        assertTrue(flushes >= 1 && shown(out) <= flushes * ConsoleDecisionLog.MAX_ALLOWED_PER_FLUSH, out);
        assertTrue(out.contains("DROP TABLE customers  ->  DENIED"), out);
        assertTrue(out.contains("FLAGGED watch"), out);
        // The next burst starts a new count.
        log.judged(new Command(s, "SELECT 'later'", List.of()), "SELECT 'later'", allowed);
        for (int i = 0; i < 100 && !bytes.toString(StandardCharsets.UTF_8).contains("SELECT 'later'"); i++) Thread.sleep(50);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("SELECT 'later'  ->  allowed"));
    }

    private static long shown(String out) {
        return out.lines().filter(l -> l.endsWith("->  allowed")).count();
    }

    /** The allowed commands the "(N more allowed commands ...)" lines count. */
    private static long counted(String out) {
        return out.lines().filter(l -> l.contains(" more allowed commands"))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf('(') + 1, l.indexOf(" more")))).sum();
    }
}
