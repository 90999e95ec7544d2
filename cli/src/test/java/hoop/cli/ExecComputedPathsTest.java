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
 * A file a rule denies reading, named through what bash computes from the script itself: a tilde prefix (~-, ~+, ~ under
 * a HOME the script sets), where cd goes by $OLDPWD or a variable, a parameter operator on a known value, a directory
 * or name written around a command substitution, or an awk program opening it. Each went through `hoop exec` to a real
 * bash, which printed the file.
 */
class ExecComputedPathsTest {
    @TempDir
    Path dir;
    TestGateway gw;
    Path secrets;

    @BeforeEach
    void start() throws Exception {
        secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(secrets.resolve("secret.txt"), "the-secret-value\n");
        Files.writeString(secrets.resolve("notes.txt"), "plain notes\n");
        gw = new TestGateway(dir.resolve("home"), TestGateway.config("""
                connections:
                  - { name: shell, type: command, command: [bash, -c], policies: [guard] }
                policies:
                  guard:
                    default: allow
                    unknown: deny
                    rules:
                      - { name: secret, action: deny, match: { argv: ["* %s*"] } }
                """.formatted(secrets.resolve("secret.txt"))), Map.of());
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void aPathComputedFromTheScriptMeetsTheRuleOnIt() {
        for (String line : List.of("HOME=DIR; cat ~/secret.txt", "cd DIR; cd /; cat ~-/secret.txt", "cd DIR && cat ~+/secret.txt",
                "OLDPWD=DIR; cd -; cat secret.txt", "d=DIR; cd $d; cat secret.txt", "cd DIR/../secret?; cat secret.txt",
                "x=SECRET.TXT; cat DIR/${x,,}", "x=DIR/notes.txt; cat ${x/notes/secret}", "x=DIR/secret.txt.bak; cat ${x%.bak}",
                "cat DIR/$(echo secret.txt)", "cat \"$(dirname DIR/x)/secret.txt\"", "cat DIR/sec`echo ret`.txt")) {
            String run = line.replace("DIR", secrets.toString());
            var r = gw.hoop("exec", "shell", "--", run);
            assertEquals(3, r.exit(), run + " -> " + r.out() + r.err());
            assertTrue(r.err().contains("guard.secret"), run + " -> " + r.err());
            assertFalse(r.out().contains("the-secret-value"), run);
        }
    }

    /** awk opens files its program names (getline < file): mawk printed the file while hoop saw no path at all. */
    @Test
    void aFileAnAwkProgramOpensMeetsTheRuleOnIt() {
        for (String line : List.of("awk 'BEGIN{while((getline l < \"DIR/secret.txt\")>0) print l}'",
                "awk 'BEGIN{f = \"DIR/\" \"secret.txt\"; getline l < f; print l}'",
                "awk -v f=DIR/secret.txt 'BEGIN{getline l < f; print l}'",
                "awk 'BEGIN{ARGV[1] = \"DIR/secret.txt\"; ARGC = 2} {print}'")) {
            String run = line.replace("DIR", secrets.toString());
            var r = gw.hoop("exec", "shell", "--", run);
            assertEquals(3, r.exit(), run + " -> " + r.out() + r.err());
            assertFalse(r.out().contains("the-secret-value"), run);
        }
        var notes = gw.hoop("exec", "shell", "--", "awk 'BEGIN{getline l < \"DIR/notes.txt\"; print l}'; awk -F' ' '{print $2}' DIR/notes.txt"
                .replace("DIR", secrets.toString()));
        assertEquals("plain notes\nnotes\n", notes.out(), notes.err());
    }

    @Test
    void theSameFormsReadOtherFiles() {
        var r = gw.hoop("exec", "shell", "--", ("x=NOTES.TXT; cat DIR/${x,,}; cd DIR && cat ~+/notes.txt; cd /;"
                + " cat \"$(dirname DIR/x)/notes.txt\"; d=DIR; cd $d; cat notes.txt").replace("DIR", secrets.toString()));
        assertEquals(0, r.exit(), r.err());
        assertEquals("plain notes\n".repeat(4), r.out());
    }
}
