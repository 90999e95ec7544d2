package hoop.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final Path FILE = Path.of("hoop.yaml");

    private static ConfigException error(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(FILE, yaml, Map.of()));
    }

    @Test
    void embeddedDefaultLoads() {
        HoopConfig cfg = ConfigLoader.parse(FILE, DefaultConfig.text(), Map.of());
        assertEquals("127.0.0.1", cfg.gateway().listenHost());
        assertEquals(8009, cfg.gateway().listenPort());
        assertEquals("shell", cfg.connections().get(0).name());
        assertEquals(java.util.List.of("bash", "-c"), cfg.connections().get(0).command());
        assertEquals(Action.DENY, cfg.policies().get("shell-guard").unknownAction());
    }

    /** The state directory and every file hoop writes in it are its OS user's alone (a run_as user must not read them). */
    @Test
    void theDefaultConfigAndTheStateDirectoryArePrivate(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("home");
        Files.createDirectories(state);
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));
        HoopHome home = new HoopHome(state);
        assertTrue(DefaultConfig.writeIfMissing(home));
        home.secret(home.tokenFile(), 32);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
        for (Path f : java.util.List.of(home.config(), home.tokenFile())) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
        }
    }

    @Test
    void unknownFieldNamesLineColumnAndPath() {
        ConfigException e = error("""
                gateway:
                  listen: 127.0.0.1:8009
                policies:
                  p:
                    rules:
                      - action: deny
                        mach: { argv: ["rm *"] }
                """);
        assertEquals(7, e.location().line());
        assertEquals("policies.p.rules[0].mach", e.field());
        assertTrue(e.getMessage().startsWith("hoop.yaml:7:"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown field 'mach'"), e.getMessage());
    }

    @Test
    void badEnumValueIsPointedAt() {
        ConfigException e = error("""
                policies:
                  p:
                    default: maybe
                """);
        assertEquals(3, e.location().line());
        assertEquals("policies.p.default", e.field());
        assertTrue(e.getMessage().contains("expected one of [allow, flag, review, deny]"), e.getMessage());
    }

    @Test
    void danglingPolicyReference() {
        ConfigException e = error("""
                connections:
                  - name: shell
                    type: command
                    command: [bash, -c]
                    policies: [nope]
                """);
        assertEquals(5, e.location().line());
        assertTrue(e.getMessage().contains("unknown policy 'nope'"), e.getMessage());
    }

    @Test
    void postgresAuthTimeoutIsReadAndBoundsAreEnforced() {
        String conn = "connections:\n  - name: db\n    type: postgres\n    listen: 127.0.0.1:0\n    upstream: { host: h, user: u }\n";
        assertEquals(java.time.Duration.ofMinutes(1), ConfigLoader.parse(FILE, conn, Map.of()).connections().get(0).postgres().authTimeout());
        assertEquals(java.time.Duration.ofSeconds(5),
                ConfigLoader.parse(FILE, conn + "    auth_timeout: 5s\n", Map.of()).connections().get(0).postgres().authTimeout());
        ConfigException e = error(conn + "    auth_timeout: 0s\n");
        assertEquals(6, e.location().line());
        assertEquals("connections[0].auth_timeout", e.field());
    }

    @Test
    void requestBodyMemoryBelowOneLargestBodyNamesTheField() {
        ConfigException e = error("gateway:\n  listen: 127.0.0.1:0\n  request_body_memory_mb: 5\n");
        assertEquals(3, e.location().line());
        assertEquals("gateway.request_body_memory_mb", e.field());
        assertTrue(e.getMessage().contains("at least 17"), e.getMessage());
        ConfigException words = error("gateway:\n  request_body_memory_mb: lots\n");
        assertEquals(2, words.location().line());
        assertEquals(64, ConfigLoader.parse(FILE, "gateway:\n  request_body_memory_mb: 64\n", Map.of()).gateway().requestBodyMemoryMb());
    }

    @Test
    void invalidYamlSyntaxHasLocation() {
        ConfigException e = error("gateway:\n  listen: [unclosed\n");
        assertTrue(e.location().line() >= 2, e.getMessage());
        assertTrue(e.getMessage().contains("invalid YAML"), e.getMessage());
    }

    @Test
    void duplicateKeysAreRejected() {
        ConfigException e = error("policies:\n  p: {}\n  p: {}\n");
        assertEquals(3, e.location().line());
        assertTrue(e.getMessage().contains("duplicate key 'p'"), e.getMessage());
    }

    @Test
    void badDurationAndTimeoutOnNonReview() {
        assertTrue(error("""
                policies:
                  p:
                    rules:
                      - { action: review, match: { argv: ["x"] }, timeout: soon }
                """).getMessage().contains("expected a duration"));
        assertTrue(error("""
                policies:
                  p:
                    rules:
                      - { action: deny, match: { argv: ["x"] }, timeout: 2m }
                """).getMessage().contains("timeout only applies to action: review"));
    }

    @Test
    void approverRulesAreValidated() {
        ConfigException bad = error("""
                policies:
                  p:
                    rules:
                      - action: review
                        match: { kind: [write] }
                        approvers: [self, team:dba]
                """);
        assertEquals(6, bad.location().line());
        assertTrue(bad.getMessage().contains("approver must be self, user:NAME or group:NAME"), bad.getMessage());
        assertTrue(error("""
                policies:
                  p:
                    rules:
                      - { action: review, match: { kind: [write] }, min_approvals: 0 }
                """).getMessage().contains("must be at least 1"));
        HoopConfig ok = ConfigLoader.parse(FILE, """
                notify: { webhook: "https://hooks.example.com/x" }
                policies:
                  p:
                    rules:
                      - { action: review, match: { kind: [write] }, approvers: [self, "group:dba"], min_approvals: 2, window: 15m }
                """, Map.of());
        var rule = ok.policies().get("p").rules().get(0);
        assertEquals(java.util.List.of("self", "group:dba"), rule.approvers());
        assertEquals(2, rule.minApprovals());
        assertEquals(java.time.Duration.ofMinutes(15), rule.window());
        assertEquals("https://hooks.example.com/x", ok.webhook().toString());
        assertTrue(error("notify: { webhook: 'ftp://x' }\n").getMessage().contains("an http(s) URL"));
    }

    @Test
    void plannedConnectionTypeSaysNotYet() {
        ConfigException e = error("connections:\n  - { name: db, type: mysql, command: [x] }\n");
        assertTrue(e.getMessage().contains("not supported by this build yet"), e.getMessage());
        assertEquals("connections[0].type", e.field());
    }

    @Test
    void secretsResolveFromEnvAndFileAndAreRemembered(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("token.txt"), "file-secret-123\n");
        Path cfg = dir.resolve("hoop.yaml");
        Files.writeString(cfg, """
                connections:
                  - name: shell
                    type: command
                    command: [bash, -c]
                    env: { A: "${env:API_TOKEN}", B: "${file:token.txt}", C: "prefix-${env:API_TOKEN}" }
                """);
        HoopConfig c = ConfigLoader.load(cfg, Map.of("API_TOKEN", "env-secret-456"));
        Map<String, String> env = c.connections().get(0).env();
        assertEquals("env-secret-456", env.get("A"));
        assertEquals("file-secret-123", env.get("B"));
        assertEquals("prefix-env-secret-456", env.get("C"));
        assertEquals(java.util.Set.of("env-secret-456", "file-secret-123"), c.secrets());
    }

    @Test
    void missingEnvSecretIsAConfigError() {
        ConfigException e = error("""
                connections:
                  - name: shell
                    type: command
                    command: [bash, -c]
                    env: { A: "${env:HOOP_TEST_UNSET_VAR}" }
                """);
        assertEquals(5, e.location().line());
        assertTrue(e.getMessage().contains("HOOP_TEST_UNSET_VAR is not set"), e.getMessage());
    }

    @Test
    void invalidCustomRegex() {
        ConfigException e = error("""
                masking:
                  pii:
                    patterns: [{ name: t, regex: 'TCK-[0-9' }]
                """);
        assertEquals(3, e.location().line());
        assertTrue(e.getMessage().contains("invalid regex"), e.getMessage());
    }

    @Test
    void missingFileIsReported(@TempDir Path dir) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("none.yaml"), Map.of()));
        assertTrue(e.getMessage().contains("file not found"));
    }
}
