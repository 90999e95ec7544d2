package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real aws CLI's coloured table output (--output table --color on) through `hoop exec`: every value is
 * wrapped in colour sequences, so a key that starts a value follows the colour's final 'm'.
 */
class AwsTerminalOutputTest {
    static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    @TempDir
    Path dir;
    AwsFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new AwsFixture(dir.resolve("home"));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void colouredTableValuesAreMasked() {
        fixture.s3.put("dev-bucket", KEY_ID + "/notes.txt", new byte[] {1});
        fixture.s3.put("dev-bucket", SECRET, new byte[] {2});
        var r = fixture.gw.hoop("exec", "aws-dev", "--", "s3api", "list-objects-v2", "--bucket", "dev-bucket",
                "--output", "table", "--color", "on");
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains("\u001B[1m\u001B[34m[AWS_ACCESS_KEY]/notes.txt"), r.out());
        assertFalse(r.out().contains(KEY_ID) || r.out().contains(SECRET), r.out());
        assertTrue(r.out().contains("ListObjectsV2"), r.out());
    }
}
