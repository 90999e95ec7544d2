package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A protected file named by a value computed when the line runs (a command substitution, a variable set from one, what
 * xargs reads from a here-string or a pipe of printf) went past a rule on its path, and bash printed it. Each goes
 * through `hoop exec` to a real bash; the ordinary forms computing a file name still run.
 */
class ExecComputedOperandsTest {
    @TempDir
    Path dir;
    TestGateway gw;
    Path secret;

    @BeforeEach
    void start() throws Exception {
        secret = dir.resolve("vault/secret.key");
        Files.createDirectories(secret.getParent());
        Files.writeString(secret, "TOPSECRET\n");
        gw = new TestGateway(dir.resolve("home"), TestGateway.config("""
                connections:
                  - { name: shell, type: command, command: [bash, -c], policies: [guard] }
                policies:
                  guard:
                    default: allow
                    unknown: deny
                    rules:
                      - { name: secrets, action: deny, match: { argv: ["* %s*"] } }
                """.formatted(secret)), Map.of());
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void aComputedFileIsJudgedAsAnyPath() {
        String d = secret.getParent().toString();
        for (String line : List.of("cat $(printf '%s/%s' @D@ secret.key)", "f=$(printf '%s/secret.%s' @D@ key); cat \"$f\"",
                "base64 -d <<< $(printf @D@/secret.key | base64) | xargs cat", "xargs cat <<< @D@/secret.key",
                "printf '%s\\n' @D@/secret.key | xargs cat", "printf '%s\\n' @D@/secret.key | xargs -I{} head {}",
                "cat $(echo @D@/secret).key", "cd @D@ && cat ../../$(printf ..)@D@/secret.key")) {
            var r = gw.hoop("exec", "shell", "--", line.replace("@D@", d));
            assertEquals(3, r.exit(), line + " -> " + r.out() + r.err());
            assertTrue(r.err().contains("guard.secrets"), line + " -> " + r.err());
            assertFalse(r.out().contains("TOPSECRET"), line);
        }
    }

    @Test
    void ordinaryComputedFilesStillRun() throws Exception {
        Path repo = dir.resolve("repo");
        Files.createDirectories(repo.resolve("docs"));
        Files.writeString(repo.resolve("README.md"), "readme\n");
        Files.writeString(repo.resolve("docs/a.txt"), "alpha\n");
        ExecShellEvasionTest.git(repo, "init", "-q");
        ExecShellEvasionTest.git(repo, "add", ".");
        String r = repo.toString();
        Map<String, String> expected = Map.of(
                "cd @R@/docs && cat \"$(git rev-parse --show-toplevel)/README.md\"", "readme\n",
                "cd @R@ && git ls-files | grep docs | xargs cat", "alpha\n",
                "cd @R@/docs && find . -name '*.txt' | xargs cat", "alpha\n",
                "cat $(ls @R@/docs/*.txt)", "alpha\n",
                "echo $(printf '%s' secret.key)", "secret.key\n");
        for (var e : expected.entrySet()) {
            var run = gw.hoop("exec", "shell", "--", e.getKey().replace("@R@", r));
            assertEquals(0, run.exit(), e.getKey() + " -> " + run.err());
            assertEquals(e.getValue(), run.out(), e.getKey());
        }
    }
}
