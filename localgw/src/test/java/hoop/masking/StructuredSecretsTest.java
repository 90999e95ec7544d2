package hoop.masking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Secrets a structured text holds apart from a key on their own line: a Kubernetes Secret's data and stringData (any
 * key, either key order, YAML block and flow, JSON pretty and minified, several documents, a List), the items of an
 * array or sequence under a secret key, and a YAML value on the lines under its key. Masked with the default pii
 * profile whole, streamed in pieces, and by the naive whole-text masker alike; the neighbours stay readable.
 */
class StructuredSecretsTest {
    static final Masker M = Masker.create(MaskingRules.of(PasswordHashesTest.PII, Map.of(), List.of(), Style.REDACT), new byte[0], List.of());
    static final NaiveMasker N = NaiveMasker.create(MaskingRules.of(PasswordHashesTest.PII, Map.of(), List.of(), Style.REDACT),
            new byte[0], List.of());
    static final List<String> SECRETS = List.of("c3VwM3JzM2NyZXQ", "Zm9vYmFyYmF6cXV4", "hunterTwo77", "Wx9qLm2vZ", "qq7Rt0kPz",
            "line0neOfKey", "lineTw0OfKey");

    static void masked(String text, String... readable) {
        List<String> outs = List.of(M.mask(text), N.mask(text), stream(text, 1), stream(text, 7), stream(text, 64), stream(text, 4096));
        for (int k = 0; k < outs.size(); k++) {
            String out = outs.get(k);
            for (String s : SECRETS) assertFalse(out.contains(s), "leaked " + s + " (way " + k + "): " + out);
            for (String r : readable) assertTrue(out.contains(r), r + " should stay readable (way " + k + "): " + out);
        }
        assertEquals(text.split("\n", -1).length, outs.get(0).split("\n", -1).length, "layout: " + outs.get(0));
    }

    static void clean(String text) {
        for (String out : List.of(M.mask(text), N.mask(text), stream(text, 1), stream(text, 5))) assertEquals(text, out);
    }

    static String stream(String text, int piece) {
        StreamMasker s = M.stream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < b.length; i += piece) out.writeBytes(s.feed(b, i, Math.min(piece, b.length - i)));
        out.writeBytes(s.finish());
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void kubectlYamlHasDataBeforeKind() {
        masked("""
                apiVersion: v1
                data:
                  DB_URL: c3VwM3JzM2NyZXQ=
                  tls.key: Zm9vYmFyYmF6cXV4
                kind: Secret
                metadata:
                  name: db
                  namespace: prod
                type: Opaque
                """, "DB_URL: ", "tls.key: ", "name: db", "type: Opaque", "kind: Secret");
    }

    @Test
    void manifestWithStringDataBlockScalarsAndFlowStyle() {
        masked("""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: app
                stringData:
                  config.json: |
                    {"user": "app", "pass": "hunterTwo77"}
                  note: plain Wx9qLm2vZ
                data: {a: c3VwM3JzM2NyZXQ=, "b": "Zm9vYmFyYmF6cXV4"}
                """, "config.json: |", "note: ", "name: app", "data: {a: ");
    }

    @Test
    void aSecretAmongOtherDocumentsAndAList() {
        masked("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                data:
                  color: blue-sky
                ---
                apiVersion: v1
                data:
                  token: c3VwM3JzM2NyZXQ=
                kind: Secret
                ---
                apiVersion: v1
                items:
                - apiVersion: v1
                  data:
                    ca.crt: Zm9vYmFyYmF6cXV4
                  kind: Secret
                  metadata:
                    name: one
                - apiVersion: v1
                  data:
                    mode: fast-lane
                  kind: ConfigMap
                kind: List
                """, "color: blue-sky", "mode: fast-lane", "ca.crt: ", "name: one");
    }

    @Test
    void kubectlJsonPrettyAndMinified() {
        masked("""
                {
                    "apiVersion": "v1",
                    "data": {
                        "DB_URL": "c3VwM3JzM2NyZXQ=",
                        "tls.key": "Zm9vYmFyYmF6cXV4"
                    },
                    "kind": "Secret",
                    "metadata": {
                        "name": "db"
                    }
                }
                """, "\"DB_URL\": \"", "\"name\": \"db\"");
        masked("{\"data\": {\"x\": \"c3VwM3JzM2NyZXQ=\"}, \"kind\": \"Secret\", \"metadata\": {\"name\": \"db\"}}\n", "\"x\": \"");
        masked("{\"kind\":\"List\",\"items\":[{\"kind\":\"Secret\",\"stringData\":{\"u\":\"hunterTwo77\"}},"
                + "{\"kind\":\"ConfigMap\",\"data\":{\"c\":\"keep-me-1\"}}]}\n", "keep-me-1");
    }

    /** cat a.yaml b.yaml: two manifests without a "---" between them are two, by their second apiVersion or kind. */
    @Test
    void manifestsOneAfterTheOtherWithoutSeparator() {
        masked("""
                apiVersion: v1
                data:
                  token: c3VwM3JzM2NyZXQ=
                kind: Secret
                apiVersion: v1
                kind: ConfigMap
                data:
                  color: blue-sky
                """, "color: blue-sky");
    }

    @Test
    void otherKindsDataStays() {
        clean("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: secret-settings
                data:
                  color: blue-sky
                  size: large-one
                """);
        clean("{\"kind\": \"ConfigMap\", \"data\": {\"label\": \"db\", \"color\": \"blue-sky\"}}\n");
        clean("{\"kind\": \"Event\", \"reason\": \"SecretMounted\", \"data\": [\"one\", \"two\"]}\n");
    }

    @Test
    void arraysUnderASecretKey() {
        masked("{\"passwords\": [\"hunterTwo77\", \"Wx9qLm2vZ\"], \"users\": [\"alice\", \"bob\"]}\n", "\"alice\"", "\"bob\"");
        masked("""
                {
                  "api_keys": [
                    "hunterTwo77",
                    [ "Wx9qLm2vZ", 12345678 ]
                  ],
                  "regions": [ "eu-west-1" ]
                }
                """, "eu-west-1", "\"api_keys\": [");
        masked("""
                tokens:
                - hunterTwo77
                - "Wx9qLm2vZ"
                regions:
                - eu-west-1
                secrets: [qq7Rt0kPz, 'line0neOfKey']
                zones: [a-zone, b-zone]
                """, "eu-west-1", "a-zone, b-zone", "tokens:", "regions:");
        masked("""
                app:
                  passwords:
                    - hunterTwo77
                    -   - Wx9qLm2vZ
                  name: web-app
                """, "name: web-app");
    }

    @Test
    void blockScalarsAndValuesOnTheNextLine() {
        masked("""
                db:
                  password: |
                    line0neOfKey
                    lineTw0OfKey
                  user: admin-user
                secret: >-
                  hunterTwo77

                  Wx9qLm2vZ
                client_secret: |2
                    qq7Rt0kPz
                host: db.internal
                """, "user: admin-user", "host: db.internal", "  password: ", "secret: ");
        masked("""
                password:
                  hunterTwo77
                  Wx9qLm2vZ
                user: admin-user
                """, "user: admin-user", "password:");
    }

    @Test
    void neutralNeighboursStay() {
        clean("""
                description: |
                  a secret is kept in the vault
                  tokens rotate daily
                names:
                  - alice
                  - bob
                items: [one, two]
                password_policy:
                  min_length: 12
                """);
        clean("{\"tags\": [\"secret-scanning\", \"token-bucket\"], \"values\": [1, 2, 3]}\n");
        // Numbers under a secret key are counts, not secrets: a secret is a string.
        clean("{\"RequireSymbols\": true, \"Tokens\": [1, 2]}\n");
        clean("passwords:\n- 3\n- true\nports: [80, 443]\n");
    }
}
