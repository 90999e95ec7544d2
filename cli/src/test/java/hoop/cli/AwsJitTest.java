package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hoop.core.Identity;
import hoop.core.Session;
import hoop.credentials.BaseCredentials;
import hoop.credentials.StsJit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The AssumeRole request the gateway sends, as STS receives it (form fields and the SigV4 scope). */
class AwsJitTest {
    static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\","
            + "\"Resource\":[\"arn:aws:s3:::dev-bucket\",\"arn:aws:s3:::dev-bucket/*\"]}]}";

    @Test
    void assumeRoleCarriesRoleDurationPolicyAndTheSessionsIdentity() throws Exception {
        try (StsDouble sts = new StsDouble("ASIAJITJITJITJIT0001", "jit/secret/KEY0000000000000000000000001");
             StsJit jit = new StsJit(BaseCredentials.of("AKIALONGLIVED0000001", "long/lived/SECRET00000000000000000001"),
                     "eu-west-1", sts.endpoint(), new StsJit.Role("arn:aws:iam::123456789012:role/agent", Duration.ofMinutes(15), POLICY),
                     Clock.systemUTC(), Runnable::run)) {
            Session s = new Session("0a1b2c3d-0000-4000-8000-000000000001", "aws-dev", "aws",
                    new Identity("alice", "alice@example.com", List.of(), "oidc"), Instant.now());
            var c = jit.forSession(s).join();
            assertEquals("ASIAJITJITJITJIT0001", c.accessKeyId());
            assertEquals(sts.sessionToken, c.sessionToken());
            assertEquals(1, sts.calls.size());
            Map<String, String> expected = new TreeMap<>(Map.of("Action", "AssumeRole", "Version", "2011-06-15",
                    "RoleArn", "arn:aws:iam::123456789012:role/agent", "DurationSeconds", "900", "Policy", POLICY,
                    "RoleSessionName", "hoop-0a1b2c3d-alice", "SourceIdentity", "alice@example.com"));
            assertEquals(expected, sts.calls.get(0).form());
            String auth = sts.calls.get(0).authorization();
            assertTrue(auth.startsWith("AWS4-HMAC-SHA256 Credential=AKIALONGLIVED0000001/"), auth);
            assertTrue(auth.contains("/eu-west-1/sts/aws4_request"), auth);
            // Reused for the session's life: one AssumeRole per session, not per command.
            assertSame(c, jit.forSession(s).join());
            assertEquals(1, sts.calls.size());
            jit.release(s);
            jit.forSession(s).join();
            assertEquals(2, sts.calls.size());
        }
    }
}
