package hoop.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwsConfigTest {
    static final Map<String, String> ENV = Map.of("AWS_KEY", "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

    private static String conn(String creds, String jit, String extra) {
        return """
                connections:
                  - name: aws-dev
                    type: aws
                    region: eu-west-1
                    credentials: %s
                    jit:
                %s
                %s
                """.formatted(creds, jit.indent(6).stripTrailing(), extra.indent(4).stripTrailing());
    }

    private static ConfigException error(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(Path.of("hoop.yaml"), yaml, ENV));
    }

    @Test
    void fullConnectionLoads(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("one-bucket.json"), "{\n \"Version\": \"2012-10-17\",\n \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]\n}");
        String yaml = conn("{ profile: default }", """
                role_arn: arn:aws:iam::123456789012:role/agent
                duration: 15m
                session_policy: one-bucket.json""", "endpoint: null");
        var c = ConfigLoader.parse(dir.resolve("hoop.yaml"), yaml, ENV).connections().get(0);
        assertEquals("aws", c.type());
        assertEquals(List.of("aws"), c.command());
        assertEquals("eu-west-1", c.aws().region());
        assertEquals("default", c.aws().credentials().profile());
        assertEquals(Duration.ofMinutes(15), c.aws().jit().duration());
        assertEquals("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}",
                c.aws().jit().sessionPolicy());
        assertNull(c.aws().endpoint());
    }

    @Test
    void staticKeysFromEnvAndResourcesShorthand() {
        var cfg = ConfigLoader.parse(Path.of("hoop.yaml"), conn("{ access_key_id: \"${env:AWS_KEY}\", secret_access_key: \"${env:AWS_SECRET}\" }", """
                role_arn: arn:aws:iam::123456789012:role/agent
                duration: 1h
                resources: [arn:aws:s3:::dev-bucket]""", "endpoint: http://127.0.0.1:9000"), ENV);
        var aws = cfg.connections().get(0).aws();
        assertEquals("AKIAIOSFODNN7EXAMPLE", aws.credentials().accessKeyId());
        assertTrue(cfg.secrets().contains("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), "static keys are masked everywhere");
        assertTrue(aws.jit().sessionPolicy().contains("\"arn:aws:s3:::dev-bucket/*\""), aws.jit().sessionPolicy());
        assertEquals("http://127.0.0.1:9000", aws.endpoint().toString());
        assertTrue(!aws.credentials().toString().contains("wJalr"), "toString never shows a key");
    }

    @Test
    void clientBodyTimeoutIsReadAndBounded() {
        String jit = "role_arn: arn:aws:iam::123456789012:role/agent\nresources: [arn:aws:s3:::b1]";
        var plain = ConfigLoader.parse(Path.of("hoop.yaml"), conn("{ profile: default }", jit, ""), ENV);
        assertEquals(java.time.Duration.ofMinutes(1), plain.connections().get(0).aws().clientBodyTimeout());
        var set = ConfigLoader.parse(Path.of("hoop.yaml"), conn("{ profile: default }", jit, "client_body_timeout: 30s"), ENV);
        assertEquals(java.time.Duration.ofSeconds(30), set.connections().get(0).aws().clientBodyTimeout());
        ConfigException e = error(conn("{ profile: default }", jit, "client_body_timeout: 1h"));
        assertEquals("connections[0].client_body_timeout", e.field());
        assertTrue(e.getMessage().contains("above zero and at most 10m"), e.getMessage());
    }

    @Test
    void literalKeysInTheFileAreRefused() {
        ConfigException e = error(conn("{ access_key_id: AKIAIOSFODNN7EXAMPLE, secret_access_key: \"${env:AWS_SECRET}\" }",
                "role_arn: arn:aws:iam::123456789012:role/agent\nresources: [arn:aws:s3:::b1]", ""));
        assertEquals(5, e.location().line());
        assertEquals("connections[0].credentials.access_key_id", e.field());
        assertTrue(e.getMessage().contains("must come from ${env:VAR}"), e.getMessage());
    }

    @Test
    void headerAndKeepaliveTimeoutsAreReadAndBoundedWithTheirPlace() {
        String jit = "role_arn: arn:aws:iam::123456789012:role/agent\nresources: [arn:aws:s3:::b1]";
        var plain = ConfigLoader.parse(Path.of("hoop.yaml"), conn("{ profile: default }", jit, ""), ENV).connections().get(0).aws();
        assertEquals(Duration.ofMinutes(1), plain.clientHeaderTimeout());
        assertEquals(Duration.ofSeconds(75), plain.keepaliveTimeout());
        var set = ConfigLoader.parse(Path.of("hoop.yaml"), conn("{ profile: default }", jit,
                "client_header_timeout: 10s\nkeepalive_timeout: 2m"), ENV).connections().get(0).aws();
        assertEquals(Duration.ofSeconds(10), set.clientHeaderTimeout());
        assertEquals(Duration.ofMinutes(2), set.keepaliveTimeout());
        for (String[] bad : new String[][] {
                {"keepalive_timeout: 0s", "above zero and at most 1h"}, {"keepalive_timeout: off", "expected a duration"},
                {"keepalive_timeout: 2h", "above zero and at most 1h"}, {"client_header_timeout: 0ms", "above zero and at most 10m"},
                {"client_header_timeout: 11m", "above zero and at most 10m"}, {"client_header_timeout: soon", "expected a duration"}}) {
            ConfigException e = error(conn("{ profile: default }", jit, "client_body_timeout: 30s\n" + bad[0]));
            assertEquals("hoop.yaml", e.location().file().getFileName().toString(), bad[0]);
            assertEquals(10, e.location().line(), bad[0]);
            assertEquals("connections[0]." + bad[0].substring(0, bad[0].indexOf(':')), e.field(), bad[0]);
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
        }
    }

    @Test
    void durationOutsideWhatStsAcceptsIsPointedAt() {
        ConfigException e = error(conn("{ profile: default }",
                "role_arn: arn:aws:iam::123456789012:role/agent\nduration: 13h\nresources: [arn:aws:s3:::b1]", ""));
        assertEquals(8, e.location().line());
        assertEquals("connections[0].jit.duration", e.field());
        assertTrue(e.getMessage().contains("15m to 12h"), e.getMessage());
    }

    @Test
    void policyFileOrResourcesButNotBoth() {
        ConfigException e = error(conn("{ profile: default }",
                "role_arn: arn:aws:iam::123456789012:role/agent\nsession_policy: p.json\nresources: [arn:aws:s3:::b1]", ""));
        assertTrue(e.getMessage().contains("exactly one of session_policy"), e.getMessage());
        ConfigException missing = error(conn("{ profile: default }",
                "role_arn: arn:aws:iam::123456789012:role/agent\nsession_policy: none.json", ""));
        assertEquals("connections[0].jit.session_policy", missing.field());
        assertTrue(missing.getMessage().contains("cannot read session policy"), missing.getMessage());
    }

    @Test
    void badRoleRegionAndUnknownField() {
        assertEquals("connections[0].jit.role_arn", error(conn("{ profile: default }",
                "role_arn: agent\nresources: [arn:aws:s3:::b1]", "")).field());
        assertEquals("connections[0].region", error(conn("{ profile: default }",
                "role_arn: arn:aws:iam::123456789012:role/agent\nresources: [arn:aws:s3:::b1]", "").replace("eu-west-1", "europe")).field());
        ConfigException e = error(conn("{ profile: default }",
                "role_arn: arn:aws:iam::123456789012:role/agent\nresources: [arn:aws:s3:::b1]", "env: { A: b }"));
        assertTrue(e.getMessage().contains("unknown field 'env'"), e.getMessage());
    }
}
