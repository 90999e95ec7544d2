package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `hoop gateway` on a HOOP_HOME it cannot use: one line saying what is wrong with it, not an exception's type. */
class GatewayBadHomeTest {
    @TempDir
    Path dir;

    private TestGateway.Run gateway(Path home) throws Exception {
        Path cfg = dir.resolve("hoop.yaml");
        Files.writeString(cfg, TestGateway.config("connections:\n  - { name: sh, type: command, command: [bash, -c] }\n"));
        return TestGateway.cli(Map.of("HOOP_HOME", home.toString(), "HOME", dir.toString()), "--config", cfg.toString(), "gateway");
    }

    @Test
    void aHomeThatIsAFile() throws Exception {
        Path home = Files.writeString(dir.resolve("home"), "");
        TestGateway.Run r = gateway(home);
        assertEquals(ExitCodes.FAILURE, r.exit(), r.out() + r.err());
        assertEquals("hoop: HOOP_HOME " + home + " is not a directory (" + home + " is a file)", r.err().strip());
    }

    @Test
    void aDatabaseThatIsNotSqlite() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.write(home.resolve("hoop.db"), "this is not a database, it is a text file long enough to have a header".repeat(20).getBytes());
        TestGateway.Run r = gateway(home);
        assertEquals(ExitCodes.FAILURE, r.exit(), r.out() + r.err());
        assertEquals("hoop: cannot open audit database " + home.resolve("hoop.db")
                + ": [SQLITE_NOTADB] File opened that is not a database file (file is not a database)", r.err().strip());
    }
}
