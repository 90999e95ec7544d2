package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `hoop connect aws-dev` attached in a real terminal (tmux): the aws CLI, using the credentials it printed,
 * asks to delete a bucket; the request waits, the prompt appears in that terminal, and approving it there lets
 * the DeleteBucket reach the S3 server.
 */
class AwsAttachedConnectTest {
    @TempDir
    Path dir;
    AwsFixture fixture;
    final Tmux terminal = new Tmux("aws-connect");

    @BeforeEach
    void start() throws Exception {
        // Long enough to be answered by hand.
        fixture = new AwsFixture(dir.resolve("home"), "", yaml -> yaml.replace("timeout: 2s", "timeout: 60s"));
    }

    @AfterEach
    void stop() throws Exception {
        terminal.close();
        fixture.close();
    }

    /** The `export NAME=value` lines the attached view printed (values are shell-quoted). */
    static Map<String, String> exported(String screen) {
        Map<String, String> env = new HashMap<>();
        for (String line : screen.lines().map(String::strip).filter(l -> l.startsWith("export AWS_")).toList()) {
            String kv = line.substring("export ".length());
            int eq = kv.indexOf('=');
            String v = kv.substring(eq + 1);
            if (v.startsWith("'") && v.endsWith("'")) v = v.substring(1, v.length() - 1);
            env.put(kv.substring(0, eq), v);
        }
        return env;
    }

    @Test
    void deleteBucketIsApprovedFromTheAttachedTerminal() throws Exception {
        terminal.start(240, 40, Tmux.hoop(fixture.gw.home, "connect aws-dev") + "; echo connect-exited; sleep 30");
        String screen = terminal.await("Ctrl-C ends the session", "export AWS_SECRET_ACCESS_KEY=");
        Map<String, String> env = exported(screen);
        assertTrue(env.get("AWS_ACCESS_KEY_ID").startsWith("HOOP"), screen);

        var rb = TestGateway.async(() -> {
            try {
                return AwsProxyEndToEndTest.aws(dir, env, "s3api", "delete-bucket", "--bucket", "dev-bucket");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        screen = terminal.await("wants to run: s3:DeleteBucket DELETE /dev-bucket -- [a]pprove [d]eny [v]iew, then Enter", "aws-guard.bucket-delete");
        assertTrue(fixture.s3.bucketExists("dev-bucket"), "nothing reached S3 while the request waited");
        terminal.type("a");
        terminal.keys("Enter");
        var done = rb.get(30, TimeUnit.SECONDS);
        assertEquals(0, done.exit(), done.err());
        assertFalse(fixture.s3.bucketExists("dev-bucket"), "the approved DeleteBucket ran");
        terminal.await(" approved");

        terminal.keys("C-c");
        terminal.await("connect-exited");
        var after = AwsProxyEndToEndTest.aws(dir, env, "s3", "ls");
        assertTrue(after.exit() != 0 && after.err().contains("InvalidAccessKeyId"), "Ctrl-C revoked the session's key: " + after.err());
    }
}
