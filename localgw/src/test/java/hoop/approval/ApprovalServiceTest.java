package hoop.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hoop.core.Command;
import hoop.core.Decision;
import hoop.core.Identity;
import hoop.core.Session;
import hoop.store.SessionRecord;
import hoop.store.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Window grants and approval binding, against the real SQLite store, with a clock the test moves. */
class ApprovalServiceTest {
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @TempDir
    Path dir;
    SqliteStore store;
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    MovableClock clock = new MovableClock();
    ApprovalService approvals;
    Session session;

    @BeforeEach
    void setUp() {
        store = SqliteStore.open(dir.resolve("hoop.db"));
        approvals = new ApprovalService(store, timer, clock);
        session = new Session("s-1", "appdb", "postgres", new Identity("agent", null, List.of(), "local"), clock.instant());
        store.createSession(new SessionRecord("s-1", "appdb", "postgres", "agent", "local", clock.instant(), null, "active",
                0, 0, 0, 0, null)).join();
    }

    @AfterEach
    void tearDown() {
        timer.shutdownNow();
        store.close();
    }

    Decision.Review review(Duration window) {
        return new Decision.Review("p.writes", null, Duration.ofMinutes(5), Decision.OnTimeout.DENY, List.of("user:alice"), 1, window);
    }

    @Test
    void aWindowGrantLastsItsWindowAndNoLonger() throws Exception {
        var req = approvals.request(new Command(session, "DELETE FROM t WHERE id = 1", List.of()), "DELETE FROM t WHERE id = 1",
                review(Duration.ofMinutes(15)));
        approvals.decide(req.record().id(), true, new Approver("alice", List.of()), null, true);
        assertTrue(req.outcome().get(5, TimeUnit.SECONDS).approved());
        assertTrue(approvals.windowGrant("s-1", "p.writes").isPresent());
        assertFalse(approvals.windowGrant("s-2", "p.writes").isPresent(), "only for the session it was granted in");
        assertFalse(approvals.windowGrant("s-1", "p.other").isPresent(), "only for its rule");
        clock.now = clock.now.plus(Duration.ofMinutes(14));
        assertTrue(approvals.windowGrant("s-1", "p.writes").isPresent());
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertFalse(approvals.windowGrant("s-1", "p.writes").isPresent(), "expired after 15 minutes");
    }

    @Test
    void aWindowCannotBeGrantedWhereTheRuleHasNone() {
        var req = approvals.request(new Command(session, "DELETE FROM t WHERE id = 2", List.of()), "x", review(null));
        ApprovalException e = assertThrows(ApprovalException.class,
                () -> approvals.decide(req.record().id(), true, new Approver("alice", List.of()), null, true));
        assertEquals(ApprovalException.Reason.FORBIDDEN, e.reason());
    }

    @Test
    void theHashBindsConnectionSessionTextAndParameters() {
        String base = CommandHash.of("appdb", "s-1", "DELETE FROM t WHERE id = $1", List.of("$1 = '1'"));
        assertEquals(base, CommandHash.of("appdb", "s-1", "DELETE FROM t WHERE id = $1", List.of("$1 = '1'")));
        assertFalse(base.equals(CommandHash.of("appdb", "s-1", "DELETE FROM t WHERE id = $1", List.of("$1 = '2'"))));
        assertFalse(base.equals(CommandHash.of("appdb", "s-2", "DELETE FROM t WHERE id = $1", List.of("$1 = '1'"))));
        assertFalse(base.equals(CommandHash.of("other", "s-1", "DELETE FROM t WHERE id = $1", List.of("$1 = '1'"))));
        // Length prefixes: moving text between parts never collides.
        assertFalse(CommandHash.of("a", "b", "cd", List.of()).equals(CommandHash.of("a", "bc", "d", List.of())));
    }
}
