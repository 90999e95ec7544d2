package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `hoop exec aws-dev -- ...` with the real aws CLI (Debian awscli) against a real S3 server that accepts only
 * the credential STS handed out: the long-lived key configured in hoop.yaml would be refused there.
 */
class AwsExecEndToEndTest {
    static final String AWS = "/usr/bin/aws";
    static final String LONG_KEY = "AKIALONGLIVEDGATEWAY";
    static final String LONG_SECRET = "LongLivedGatewaySecret/DoNotLeak0123456789";

    @TempDir
    Path dir;
    AwsFixture fixture;

    static String config(String sts, String s3, String extraRules) {
        return TestGateway.config("""
                connections:
                  - name: aws-dev
                    type: aws
                    command: [%s]
                    region: us-east-1
                    credentials: { access_key_id: "${env:GW_AWS_KEY}", secret_access_key: "${env:GW_AWS_SECRET}" }
                    jit:
                      role_arn: arn:aws:iam::123456789012:role/agent
                      duration: 15m
                      resources: [arn:aws:s3:::dev-bucket]
                      sts_endpoint: %s
                    endpoint: %s
                    listen: 127.0.0.1:0
                    policies: [aws-guard]
                    masking: [cloud]
                policies:
                  aws-guard:
                    default: allow
                    unknown: deny
                    rules:
                      - { name: no-iam, action: deny, match: { kind: [admin] }, message: "no IAM or credential export" }
                      - { name: bucket-delete, action: review, match: { operation: ["s3:DeleteBucket"] }, timeout: 2s, on_timeout: deny }
                      - { name: prod, action: deny, match: { resource: ["arn:aws:s3:::prod-*"] }, message: "production is read-only here" }
                %s
                masking:
                  cloud:
                    detectors: [email, aws_access_key, aws_secret_key]
                    patterns: [{ name: api_secret, regex: 'sk_live_[0-9a-zA-Z]{16}' }]
                """.formatted(AWS, sts, s3, extraRules));
    }

    @BeforeEach
    void start() throws Exception {
        fixture = new AwsFixture(dir.resolve("home"));
        fixture.s3.createBucket("prod-data");
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void listCopyAndReadWithTheJitCredentialAndMaskedOutput() throws Exception {
        fixture.s3.put("dev-bucket", "notes.txt", "contact ops@example.com key sk_live_0123456789abcdef\n".getBytes(StandardCharsets.UTF_8));
        var ls = fixture.gw.hoop("exec", "aws-dev", "--", "s3", "ls", "s3://dev-bucket");
        assertEquals(0, ls.exit(), ls.err() + ls.out());
        assertTrue(ls.out().contains("notes.txt"), ls.out());
        var cat = fixture.gw.hoop("exec", "aws-dev", "--", "s3", "cp", "s3://dev-bucket/notes.txt", "-");
        assertEquals(0, cat.exit(), cat.err());
        assertEquals("contact [EMAIL] key [API_SECRET]\n", cat.out());
        Path local = dir.resolve("up.bin");
        byte[] data = new byte[300_000];
        new java.util.Random(7).nextBytes(data);
        Files.write(local, data);
        var cp = fixture.gw.hoop("exec", "aws-dev", "--", "s3", "cp", local.toString(), "s3://dev-bucket/up.bin");
        assertEquals(0, cp.exit(), cp.err());
        assertArrayEquals(data, fixture.s3.get("dev-bucket", "up.bin"));
        // One AssumeRole per exec session, asking for the configured role and scope.
        assertEquals(3, fixture.sts.calls.size());
        assertEquals("arn:aws:iam::123456789012:role/agent", fixture.sts.calls.get(0).form().get("RoleArn"));
        assertTrue(fixture.sts.calls.get(0).form().get("Policy").contains("arn:aws:s3:::dev-bucket/*"));
    }

    /**
     * A secret handed to the CLI as an option's value is kept out of the recording, as on a command connection,
     * where the connection masks passwords (here: password_assignment added to its profile).
     */
    @Test
    void aSecretGivenAsAnOptionIsNotRecorded() throws Exception {
        fixture.close();
        fixture = new AwsFixture(dir.resolve("home2"), "", AwsFixture::passwords);
        String[] typed = {"Typed-Secret-String-1", "Typed-Master-Pw-2"};
        // The endpoint is s3proxy: both calls fail there, after hoop judged and recorded them.
        fixture.gw.hoop("exec", "aws-dev", "--", "secretsmanager", "create-secret", "--name", "db", "--secret-string", typed[0]);
        fixture.gw.hoop("exec", "aws-dev", "--", "rds", "modify-db-instance", "--db-instance-identifier", "d",
                "--master-user-password=" + typed[1]);
        var sessions = new com.fasterxml.jackson.databind.ObjectMapper().readTree(fixture.gw.hoop("sessions", "--json").out());
        assertEquals(2, sessions.size(), sessions.toString());
        StringBuilder replays = new StringBuilder();
        for (var s : sessions) replays.append(fixture.gw.hoop("replay", s.get("id").asText()).out());
        assertTrue(replays.toString().contains("--secret-string"), replays.toString());
        for (String p : typed) assertFalse(replays.toString().contains(p), p + " was recorded: " + replays);
    }

    /**
     * Asked for by the user, the CLI prints listed keys still percent-encoded (ops%40example.com), which no detector
     * reads: refused as unknown; the listing the CLI encodes and decodes itself is masked.
     */
    @Test
    void keysListedPercentEncodedAreRefused() throws Exception {
        fixture.s3.put("dev-bucket", "users/ops@example.com/p.json", "{}".getBytes(StandardCharsets.UTF_8));
        var r = fixture.gw.hoop("exec", "aws-dev", "--", "s3api", "list-objects-v2", "--bucket", "dev-bucket", "--encoding-type", "url");
        assertEquals(3, r.exit(), r.err() + r.out());
        assertTrue(r.err().contains("--encoding-type prints keys percent-encoded"), r.err());
        assertFalse(r.out().contains("ops%40example.com"), r.out());
        var plain = fixture.gw.hoop("exec", "aws-dev", "--", "s3api", "list-objects-v2", "--bucket", "dev-bucket");
        assertEquals(0, plain.exit(), plain.err());
        assertTrue(plain.out().contains("users/[EMAIL]/p.json"), plain.out());
    }

    @Test
    void theChildSeesOnlyTheSessionCredentialAndNeverTheLongLivedOne() throws Exception {
        var r = fixture.gw.hoop("exec", "aws-dev", "--", "configure", "list");
        assertEquals(3, r.exit(), "configure is kind admin and denied: " + r.err());
        assertTrue(r.err().contains("denied by aws-guard.no-iam"), r.err());
        var exp = fixture.gw.hoop("exec", "aws-dev", "--", "configure", "export-credentials");
        assertEquals(3, exp.exit(), exp.err());
        // What the program actually gets: run `env` through a command connection built the same way would need
        // another type; instead the aws CLI itself reports the key it signs with when asked who it is (sts double).
        var who = fixture.gw.hoop("exec", "aws-dev", "--", "s3api", "list-buckets", "--query", "Buckets[].Name", "--output", "text");
        assertEquals(0, who.exit(), who.err());
        assertTrue(who.out().contains("dev-bucket"), who.out());
        for (String leaked : new String[] {LONG_KEY, LONG_SECRET}) {
            assertFalse(who.out().contains(leaked) || who.err().contains(leaked) || r.err().contains(leaked));
            assertFalse(TestDb.contains(fixture.gw, leaked), "the recording never holds the long-lived credential");
        }
    }

    @Test
    void childEnvironmentHoldsTheJitKeyAndNothingLongLived() throws Exception {
        String extra = """
                  permissive: { default: allow, unknown: allow }
                """;
        String yaml = config(fixture.sts.endpoint().toString(), fixture.s3.endpoint().toString(), extra).replace("  - name: aws-dev\n",
                "  - name: aws-env\n    type: aws\n    command: [bash, -c]\n    region: us-east-1\n"
                + "    credentials: { access_key_id: \"${env:GW_AWS_KEY}\", secret_access_key: \"${env:GW_AWS_SECRET}\" }\n"
                + "    jit: { role_arn: \"arn:aws:iam::123456789012:role/agent\", resources: [arn:aws:s3:::dev-bucket], sts_endpoint: \""
                + fixture.sts.endpoint() + "\" }\n    policies: [permissive]\n  - name: aws-dev\n");
        try (TestGateway withEnv = new TestGateway(dir.resolve("home2"), yaml, Map.of("GW_AWS_KEY", LONG_KEY, "GW_AWS_SECRET", LONG_SECRET))) {
            var r = withEnv.hoop("exec", "aws-env", "--", "[ \"$AWS_ACCESS_KEY_ID\" = " + S3Server.ACCESS_KEY + " ] && echo jit-key;"
                    + " [ -n \"$AWS_SESSION_TOKEN\" ] && echo token; env | grep -q -e AKIALONG -e LongLivedGateway && echo LEAK || echo clean;"
                    + " [ \"$AWS_SHARED_CREDENTIALS_FILE\" = /dev/null ] && echo no-profile");
            assertEquals("jit-key\ntoken\nclean\nno-profile\n", r.out(), r.err());
        }
    }

    /**
     * An object's ETag is the MD5 of its body: printed beside the body shown masked, it confirmed guesses of what was
     * masked offline (issue 6). In every form the CLI prints it (json, text, table, yaml, a --query, --debug's raw
     * headers and XML) the ETag is the stand-in the aws proxy shows, the same in each, and the real MD5 nowhere.
     */
    @Test
    void digestsOfMaskedObjectsAreShownAsStandIns() throws Exception {
        byte[] body = "owner ops@example.com\n".getBytes(StandardCharsets.UTF_8);
        fixture.s3.put("dev-bucket", "owner.txt", body);
        String md5 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(body));
        var cat = fixture.gw.hoop("exec", "aws-dev", "--", "s3", "cp", "s3://dev-bucket/owner.txt", "-");
        assertEquals("owner [EMAIL]\n", cat.out(), cat.err());
        var head = fixture.gw.hoop("exec", "aws-dev", "--", "s3api", "head-object", "--bucket", "dev-bucket", "--key", "owner.txt");
        assertEquals(0, head.exit(), head.err());
        var m = java.util.regex.Pattern.compile("\"ETag\": \"\\\\\"([0-9a-f]{32})\\\\\"\"").matcher(head.out());
        assertTrue(m.find(), head.out());
        String shown = m.group(1);
        // The aws proxy (`hoop connect`) shows the same stand-in: one key per gateway run.
        var proxied = AwsProxyEndToEndTest.aws(dir, AwsFixture.env(fixture.connect()), "s3api", "head-object", "--bucket", "dev-bucket", "--key", "owner.txt");
        assertTrue(proxied.out().contains("\\\"" + shown + "\\\""), proxied.out() + proxied.err());
        String[][] argvs = {
                {"s3api", "head-object", "--bucket", "dev-bucket", "--key", "owner.txt", "--output", "text"},
                {"s3api", "head-object", "--bucket", "dev-bucket", "--key", "owner.txt", "--output", "table"},
                {"s3api", "head-object", "--bucket", "dev-bucket", "--key", "owner.txt", "--output", "yaml"},
                {"s3api", "head-object", "--bucket", "dev-bucket", "--key", "owner.txt", "--query", "ETag", "--output", "text"},
                {"s3api", "list-objects-v2", "--bucket", "dev-bucket"},
                {"s3api", "list-objects-v2", "--bucket", "dev-bucket", "--output", "table"},
                {"s3api", "list-objects-v2", "--bucket", "dev-bucket", "--output", "table", "--color", "on"},
                {"s3api", "list-objects-v2", "--bucket", "dev-bucket", "--query", "Contents[].[reverse(ETag), join('/', ['x', ETag])]"},
                {"s3api", "get-object", "--bucket", "dev-bucket", "--key", "owner.txt", dir.resolve("got.txt").toString()},
                {"s3api", "head-object", "--bucket", "dev-bucket", "--key", "owner.txt", "--debug"},
        };
        String reversed = new StringBuilder(md5).reverse().toString();
        for (String[] argv : argvs) {
            String[] args = new String[argv.length + 3];
            System.arraycopy(new String[] {"exec", "aws-dev", "--"}, 0, args, 0, 3);
            System.arraycopy(argv, 0, args, 3, argv.length);
            var r = fixture.gw.hoop(args);
            String all = r.out() + r.err();
            if (all.contains(md5) || all.contains(reversed)) passed.add(String.join(" ", argv) + ": " + all);
            if (!argv[argv.length - 1].equals("--debug") && !argv[argv.length - 1].startsWith("Contents") && !all.contains(shown)) {
                passed.add(String.join(" ", argv) + " lacks the stand-in " + shown + ": " + all);
            }
        }
        assertEquals(java.util.List.of(), passed);
        assertFalse(TestDb.contains(fixture.gw, md5), "the recording holds the real MD5");
    }

    final java.util.List<String> passed = new java.util.ArrayList<>();

    /** Checksums (base64 CRC32, MD5, SHA-1, SHA-256) an aws connection's command prints are keyed stand-ins of their shape. */
    @Test
    void checksumsAnAwsCommandPrintsAreStandIns() throws Exception {
        String yaml = config(fixture.sts.endpoint().toString(), fixture.s3.endpoint().toString(), "  open: { default: allow, unknown: allow }\n")
                .replace("  - name: aws-dev\n", "  - name: aws-sh\n    type: aws\n    command: [bash, -c]\n    region: us-east-1\n"
                + "    credentials: { access_key_id: \"${env:GW_AWS_KEY}\", secret_access_key: \"${env:GW_AWS_SECRET}\" }\n"
                + "    jit: { role_arn: \"arn:aws:iam::123456789012:role/agent\", resources: [arn:aws:s3:::dev-bucket], sts_endpoint: \""
                + fixture.sts.endpoint() + "\" }\n    policies: [open]\n  - name: aws-dev\n");
        try (TestGateway sh = new TestGateway(dir.resolve("home3"), yaml, Map.of("GW_AWS_KEY", LONG_KEY, "GW_AWS_SECRET", LONG_SECRET))) {
            String crc = "gZ0bSQ==", sha1 = "qZk+NkcGgWq6PiVxeFDCbJzQ2J0=", sha256 = "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=";
            String md5 = "9109c57a1839ee59dec2f09d583874d0", md5b64 = "kQnFehg57lnewvCdWDh00A==";
            var r = sh.hoop("exec", "aws-sh", "--", "printf '%s\\n' '\"ChecksumCRC32\": \"" + crc + "\",' '| " + sha1 + " |' "
                    + "\"x-amz-checksum-sha256: " + sha256 + "\" 'MD5OfBody " + md5 + "' 'Content-MD5: " + md5b64 + "' "
                    + "'keep 0e4f3a6c-5b2d-4c1e-9f7a-1234567890ab 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12 task/c/" + md5 + " " + md5 + "-2' $'|\\e[1m\\e[34m" + md5 + "\\e[0m|'");
            assertEquals(0, r.exit(), r.err());
            // The last line as `--color on` draws a table cell: the escape's final letter touches the value.
            for (String real : new String[] {crc, sha1, sha256, "MD5OfBody " + md5, "m" + md5, md5b64}) assertFalse(r.out().contains(real), real + ": " + r.out());
            assertTrue(r.out().matches("(?s)\"ChecksumCRC32\": \"[A-Za-z0-9+/]{6}==\",\n\\| [A-Za-z0-9+/]{27}= \\|\n.*"), r.out());
            assertTrue(r.out().contains("keep 0e4f3a6c-5b2d-4c1e-9f7a-1234567890ab 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12 task/c/" + md5
                    + " " + md5 + "-2\n"), "UUIDs, 40-hex hashes, path components and multipart ETags stay: " + r.out());
        }
    }

    @Test
    void policyJudgesOperationsAndResources() {
        var rb = fixture.gw.hoop("exec", "aws-dev", "--", "s3", "rb", "s3://dev-bucket");
        assertEquals(3, rb.exit(), rb.err());
        assertTrue(rb.err().contains("waiting for approval") || rb.err().contains("approval"), rb.err());
        assertTrue(rb.err().contains("denied by aws-guard.bucket-delete"), rb.err());
        assertTrue(fixture.s3.bucketExists("dev-bucket"), "the bucket was not deleted");
        var api = fixture.gw.hoop("exec", "aws-dev", "--", "s3api", "delete-bucket", "--bucket", "dev-bucket");
        assertEquals(3, api.exit(), api.err());
        var prod = fixture.gw.hoop("exec", "aws-dev", "--", "s3", "cp", "s3://prod-data/x", "-");
        assertEquals(3, prod.exit(), prod.err());
        assertTrue(prod.err().contains("production is read-only here"), prod.err());
        var iam = fixture.gw.hoop("exec", "aws-dev", "--", "iam", "list-users");
        assertTrue(iam.err().contains("denied by aws-guard.no-iam"), iam.err());
        var escape = fixture.gw.hoop("exec", "aws-dev", "--", "s3", "ls", "--endpoint-url", "http://evil.example.com");
        assertEquals(3, escape.exit(), escape.err());
        assertTrue(escape.err().contains("aws-guard.unknown"), escape.err());
    }
}
