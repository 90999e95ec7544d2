package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets that structured text holds apart from a secret word before them, read through the default config as shipped
 * (its pii profile): a Kubernetes Secret manifest as kubectl prints it (data before kind) and as a file of several
 * documents, kubectl's JSON, arrays under a secret key and YAML values under their key, `cat`-ed through the real
 * `hoop exec` into bash, and a Secret as a jsonb value read through the real psql. No value shows, nor is recorded;
 * the keys, a ConfigMap's data and arrays under neutral keys stay readable.
 */
class StructuredSecretsEndToEndTest {
    static final String B64 = "cG9zdGdyZXM6Ly9hcHA6aHVudGVy";
    static final String TLS = "LS0tLS1CRUdJTiBYWVogS0VZ";
    static final String PLAIN = "Str1ngD4taPlainV4l";
    static final String ITEM = "Arr4yIt3mS3cretQ";
    static final String NESTED = "N3st3dIt3mS3cret";
    static final String BLOCK = "Bl0ckSc4larL1ne9";
    static final String NEXT = "N3xtL1neV4lue77";
    static final String SEQ = "S3qu3nc3It3mZ";
    static final List<String> SECRETS = List.of(B64, TLS, PLAIN, ITEM, NESTED, BLOCK, NEXT, SEQ);

    @TempDir
    static Path dir;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = new TestGateway(dir.resolve("home"), DefaultDemoMaskingTest.defaults(), Map.of());
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    static void assertNotKept(String sessionId, String shown) throws Exception {
        String replay = gw.hoop("replay", sessionId).out();
        for (String secret : SECRETS) {
            assertFalse(shown.contains(secret), () -> secret + " shows in\n" + shown);
            assertFalse(replay.contains(secret), () -> secret + " is in the recording\n" + replay);
            assertFalse(TestDb.contains(gw, secret), () -> secret + " is in the database");
        }
    }

    String exec(String script) throws Exception {
        var r = gw.hoop("exec", "shell", "--", script);
        assertEquals(0, r.exit(), r.err());
        String shown = r.out() + r.err();
        JsonNode sessions = new ObjectMapper().readTree(gw.hoop("sessions", "--json").out());
        assertNotKept(sessions.get(0).get("id").asText(), shown);
        return shown;
    }

    @Test
    void kubernetesSecretsInYamlAndJsonShowTheirKeysButNoValue() throws Exception {
        Path files = Files.createDirectories(dir.resolve("k8s"));
        // kubectl get secret db -o yaml: its keys in alphabetical order, data before kind.
        Files.writeString(files.resolve("get.yaml"), "apiVersion: v1\ndata:\n  DB_URL: " + B64 + "\n  tls.key: " + TLS
                + "\nkind: Secret\nmetadata:\n  name: db\n  namespace: prod\ntype: Opaque\n");
        Files.writeString(files.resolve("app.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: app-settings
                data:
                  LOG_LEVEL: debug-verbose
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: app
                stringData:
                  config.json: |
                    {"dsn": "%s"}
                  note: %s
                """.formatted(BLOCK, PLAIN));
        Files.writeString(files.resolve("get.json"), "{\n    \"apiVersion\": \"v1\",\n    \"data\": {\n        \"ca.crt\": \"" + TLS
                + "\"\n    },\n    \"kind\": \"Secret\"\n}\n{\"data\":{\"x\":\"" + B64 + "\"},\"kind\":\"Secret\"}\n");
        String shown = exec("cd " + files + " && cat get.yaml && cat app.yaml && cat get.json");
        assertTrue(shown.contains("data:\n  DB_URL: [PASSWORD_ASSIGNMENT]\n  tls.key: [PASSWORD_ASSIGNMENT]\nkind: Secret\n"), shown);
        assertTrue(shown.contains("  LOG_LEVEL: debug-verbose\n"), shown);
        assertTrue(shown.contains("  config.json: |\n    [PASSWORD_ASSIGNMENT]\n  note: [PASSWORD_ASSIGNMENT]\n"), shown);
        assertTrue(shown.contains("\"ca.crt\": \"[PASSWORD_ASSIGNMENT]\""), shown);
    }

    @Test
    void arraysAndValuesUnderTheirSecretKeyAreMasked() throws Exception {
        Path files = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(files.resolve("keys.json"), "{\n  \"api_keys\": [\n    \"" + ITEM + "\",\n    [\"" + NESTED
                + "\"]\n  ],\n  \"regions\": [\"eu-west-1\", \"us-east-2\"]\n}\n");
        Files.writeString(files.resolve("app.yml"), """
                db:
                  password: |
                    %s
                  user: app-user
                secret:
                  %s
                tokens:
                - %s
                zones:
                - zone-a1
                """.formatted(BLOCK, NEXT, SEQ));
        String shown = exec("cat " + files.resolve("keys.json") + " " + files.resolve("app.yml"));
        assertTrue(shown.contains("\"regions\": [\"eu-west-1\", \"us-east-2\"]"), shown);
        assertTrue(shown.contains("    \"[PASSWORD_ASSIGNMENT]\",\n"), shown);
        assertTrue(shown.contains("  user: app-user\nsecret:\n  [PASSWORD_ASSIGNMENT]\ntokens:\n- [PASSWORD_ASSIGNMENT]\nzones:\n- zone-a1\n"),
                shown);
    }

    @Test
    void aSecretOfHalfAMegabyteWrittenLineByLineShowsNoValue() throws Exception {
        // A writer that sends each line apart (bash's builtin printf in a loop, a slow producer) hands the gateway a
        // piece per line; the Secret's data comes before its kind, so all of it must be held until the kind arrives.
        String text = bigSecretJson(8_000);
        Path big = Files.writeString(Files.createDirectories(dir.resolve("k8s-big")).resolve("big.json"), text);
        var r = gw.hoop("exec", "shell", "--", "while IFS= read -r l; do printf '%s\\n' \"$l\"; done < " + big);
        assertEquals(0, r.exit(), r.err());
        String shown = r.out();
        assertTrue(shown.contains("\"key7999\": \"[PASSWORD_ASSIGNMENT]\""), shown.substring(Math.max(0, shown.length() - 2000)));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"key[0-9]+\": \"[A-Za-z0-9+/=]{8,}").matcher(shown);
        assertFalse(m.find(), () -> "shown: " + m.group());
        assertFalse(TestDb.contains(gw, bigSecretValue(4000)), "a value is in the database");
    }

    static String bigSecretValue(int i) {
        return java.util.Base64.getEncoder().encodeToString(("value-" + i + "-of-a-large-secret").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** kubectl get secret -o json: data (before kind) with keys entries. */
    static String bigSecretJson(int keys) {
        StringBuilder sb = new StringBuilder("{\n    \"apiVersion\": \"v1\",\n    \"data\": {\n");
        for (int i = 0; i < keys; i++) sb.append("        \"key").append(i).append("\": \"").append(bigSecretValue(i)).append("\",\n");
        return sb.append("        \"last\": \"eA==\"\n    },\n    \"kind\": \"Secret\",\n    \"type\": \"Opaque\"\n}\n").toString();
    }

    @Test
    void aSecretAsJsonbThroughPsql() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "demo");
        PostgresEndToEndTest.Psql r = PostgresEndToEndTest.psqlAll(s,
                "SELECT '{\"apiVersion\": \"v1\", \"data\": {\"DB_URL\": \"" + B64 + "\"}, \"kind\": \"Secret\"}'::jsonb, "
                        + "'{\"kind\": \"ConfigMap\", \"data\": {\"mode\": \"fast-lane\"}}'::jsonb, "
                        + "'{\"passwords\": [\"" + ITEM + "\"], \"names\": [\"alice\"]}'::jsonb").allOk();
        assertTrue(r.out().contains("\"DB_URL\": \"[PASSWORD_ASSIGNMENT]\""), r.out());
        assertTrue(r.out().contains("{\"data\": {\"mode\": \"fast-lane\"}, \"kind\": \"ConfigMap\"}"), r.out());
        assertTrue(r.out().contains("\"names\": [\"alice\"]"), r.out());
        assertNotKept(s.get("id").asText(), r.out() + r.err());
    }
}
