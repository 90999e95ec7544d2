package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A policy regex that backtracks without end on some command: judging stops after its budget and the command is
 * denied, with a reason naming the rule, and the gateway keeps serving other clients meanwhile.
 */
class PolicyRegexTimeoutTest {
    static final String CONFIG = TestGateway.config("""
            connections:
              - { name: shell, type: command, command: [bash, -c], policies: [p] }
            policies:
              p:
                default: allow
                unknown: allow
                rules:
                  - { name: camel-words, action: deny, match: { text: ["^(([a-z])+.)+[A-Z]([a-z])+$"] } }
            """);

    @TempDir
    Path dir;

    @Test
    void aCatastrophicRegexDeniesTheCommandAndOthersAreServed() throws Exception {
        try (TestGateway gw = new TestGateway(dir.resolve("home"), CONFIG, Map.of())) {
            assertEquals("fine.\n", gw.hoop("exec", "shell", "--", "echo fine.").out());
            String slow = "echo " + "a".repeat(20_000) + "!";
            CompletableFuture<TestGateway.Run> judged = TestGateway.async(() -> gw.hoop("exec", "shell", "--", slow));
            for (int i = 0; i < 4; i++) { // a few, so some land on the event loop judging the slow one
                TestGateway.Run other = TestGateway.async(() -> gw.hoop("exec", "shell", "--", "echo other.")).get(20, TimeUnit.SECONDS);
                assertEquals("other.\n", other.out(), other.err());
            }
            TestGateway.Run r = judged.get(20, TimeUnit.SECONDS);
            assertEquals(ExitCodes.DENIED, r.exit(), r.out() + r.err());
            assertTrue(r.err().contains("could not be judged") && r.err().contains("rule 'p.camel-words'"), r.err());
            assertEquals("", r.out());
        }
    }

    static final String MASKING = TestGateway.config("""
            connections:
              - { name: shell, type: command, command: [bash, -c], policies: [p], masking: [m] }
            policies:
              p: { default: allow, unknown: allow }
            masking:
              m:
                patterns:
                  - { name: camel, regex: '^(([a-z])+.)+[A-Z]([a-z])+$' }
            """);

    /** The same regex as an output masking pattern: what it cannot finish reading is masked whole, in time. */
    @Test
    void aCatastrophicMaskingRegexMasksWhatItCouldNotReadAndOthersAreServed() throws Exception {
        try (TestGateway gw = new TestGateway(dir.resolve("home"), MASKING, Map.of())) {
            assertEquals("fine.\n", gw.hoop("exec", "shell", "--", "echo fine.").out());
            CompletableFuture<TestGateway.Run> masked = TestGateway.async(() ->
                    gw.hoop("exec", "shell", "--", "printf 'a%.0s' $(seq 20000); echo '!'"));
            for (int i = 0; i < 4; i++) {
                TestGateway.Run other = TestGateway.async(() -> gw.hoop("exec", "shell", "--", "echo other.")).get(20, TimeUnit.SECONDS);
                assertEquals("other.\n", other.out(), other.err());
            }
            TestGateway.Run r = masked.get(30, TimeUnit.SECONDS);
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("[CAMEL]") && !r.out().contains("aaaaaaaaaa"), r.out().length() > 300 ? r.out().substring(0, 300) : r.out());
        }
    }
}
