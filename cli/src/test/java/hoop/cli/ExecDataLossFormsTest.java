package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * Files emptied by a truncating redirection nothing is written through, spelled otherwise than ": > f": on a compound
 * command that writes nothing, or by exec on a descriptor no command uses. The destroys-data flag missed each, and a
 * real bash under `hoop exec` emptied the file.
 */
class ExecDataLossFormsTest {
    @TempDir
    Path dir;
    TestGateway gw;

    @BeforeEach
    void start() throws Exception {
        gw = new TestGateway(dir.resolve("home"), TestGateway.config("""
                connections:
                  - { name: shell, type: command, command: [bash, -c], policies: [guard] }
                policies:
                  guard:
                    default: allow
                    unknown: deny
                    rules:
                      - { name: destructive, action: deny, match: { flags: [destroys-data] } }
                """), Map.of());
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void aRedirectionNothingIsWrittenThroughDestroysData() throws Exception {
        Path file = dir.resolve("kept.txt");
        for (String line : List.of("{ :; } > FILE", "if false; then :; fi > FILE", "while false; do :; done > FILE",
                "[[ -e /nonexistent ]] > FILE", "exec 3> FILE", "exec 7>FILE; echo done")) {
            Files.writeString(file, "precious\n");
            var r = gw.hoop("exec", "shell", "--", line.replace("FILE", file.toString()));
            assertEquals(3, r.exit(), line + " -> " + r.err());
            assertTrue(r.err().contains("guard.destructive"), line + " -> " + r.err());
            assertEquals("precious\n", Files.readString(file), "emptied: " + line);
        }
        var written = gw.hoop("exec", "shell", "--", ("{ echo new; } > FILE; exec 3> FILE.log; echo more >&3; cat FILE FILE.log")
                .replace("FILE", file.toString()));
        assertEquals("new\nmore\n", written.out(), written.err());
    }
}
