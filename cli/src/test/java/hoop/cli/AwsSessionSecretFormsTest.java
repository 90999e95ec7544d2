package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An aws exec session's own STS credential (handed out by the STS double, which stands in for AWS STS) is in its
 * child's environment: printed transformed, it must be masked like a configured secret. The aws CLI itself cannot
 * pipe its environment through base64, so the connection runs bash here, with the same session credential (and no
 * endpoint, which hoop would pass bash as an aws CLI option).
 */
class AwsSessionSecretFormsTest {
    @TempDir
    Path dir;
    AwsFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new AwsFixture(dir.resolve("home"), "", yaml -> yaml.replace("command: [" + AwsExecEndToEndTest.AWS + "]", "command: [bash, -c]")
                .replaceFirst("(?m)^\\s+endpoint: http://\\S+\n", "")
                .replace("unknown: deny", "unknown: allow"));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void theSessionsStsCredentialPrintedEncodedIsMasked() throws Exception {
        var r = fixture.gw.hoop("exec", "aws-dev", "--", "printf %s \"$AWS_SECRET_ACCESS_KEY\" | base64; echo \"$AWS_SESSION_TOKEN\" | xxd -p;"
                + " echo \"${AWS_SECRET_ACCESS_KEY:0:20}\"; echo \"${AWS_SECRET_ACCESS_KEY:20}\" | rev; echo done");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().endsWith("done\n") && r.out().contains("[SECRET]"), r.out());
        String secret = fixture.sts.secretAccessKey;
        String[] forms = {Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)).substring(0, 16),
                HexFormat.of().formatHex(fixture.sts.sessionToken.getBytes(StandardCharsets.UTF_8)).substring(0, 20),
                secret.substring(0, 12), new StringBuilder(secret.substring(20)).reverse().substring(0, 12)};
        String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(fixture.gw.hoop("sessions", "--json").out()).get(0).get("id").asText();
        String replay = fixture.gw.hoop("replay", id).out();
        assertTrue(replay.contains("done"), replay);
        for (String f : forms) {
            assertFalse(r.out().contains(f), f + " shown: " + r.out());
            assertFalse(replay.contains(f), f + " recorded: " + replay);
            assertFalse(TestDb.contains(fixture.gw, f), f + " in the database");
        }
    }
}
