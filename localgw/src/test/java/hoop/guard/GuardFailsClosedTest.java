package hoop.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hoop.approval.ApprovalService;
import hoop.core.Command;
import hoop.core.Decision;
import hoop.core.Identity;
import hoop.core.Session;
import hoop.core.Verdict;
import hoop.policy.Classification;
import hoop.policy.PolicyEngine;
import hoop.store.EventRecord;
import hoop.store.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command whose judging fails in any way does not run, and is recorded as refused (real SQLite store). */
class GuardFailsClosedTest {
    @TempDir
    Path dir;

    @Test
    void aClassifierThatRunsOutOfStackDeniesTheCommandAndRecordsWhy() throws Exception {
        assertRefused(cmd -> {
            throw new StackOverflowError();
        }, "StackOverflowError");
    }

    @Test
    void aClassifierThatThrowsDeniesTheCommandAndRecordsWhy() throws Exception {
        assertRefused(cmd -> {
            throw new IllegalStateException("lexer state lost");
        }, "IllegalStateException");
    }

    private void assertRefused(Function<Command, Classification> classifier, String cause) throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (SqliteStore store = SqliteStore.open(dir.resolve("hoop.db"))) {
            Guard guard = new Guard(store, new ApprovalService(store, timer, Clock.systemUTC()), Clock.systemUTC(), DecisionLog.NONE);
            Session s = guard.openSession("db", "postgres", new Identity("alice", null, List.of(), "local")).get(10, TimeUnit.SECONDS);
            Verdict v = guard.judge(new Command(s, "SELECT 1", List.of()), classifier, PolicyEngine.build(List.of()),
                    t -> t, ApprovalListener.NONE).get(10, TimeUnit.SECONDS);
            assertFalse(v.allowed());
            Decision.Deny deny = assertInstanceOf(Decision.Deny.class, v.decision());
            assertTrue(deny.message().contains(cause), deny.message());
            List<EventRecord> events = store.events(s.id());
            EventRecord command = events.stream().filter(e -> e.type().equals("command")).findFirst().orElseThrow();
            assertTrue(command.payload().contains("\"action\":\"deny\""), command.payload());
            assertTrue(command.payload().contains("classifier failed"), command.payload());
            assertEquals(1, events.stream().filter(e -> e.type().equals("command")).count());
        } finally {
            timer.shutdownNow();
        }
    }
}
