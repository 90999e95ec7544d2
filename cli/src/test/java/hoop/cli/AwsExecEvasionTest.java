package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `hoop exec aws-dev -- ...` argvs the real aws CLI (2.9) reads as another call or resource than hoop judged,
 * against a real s3proxy: each must be refused before the CLI runs, and prod-data/report.txt must survive.
 */
class AwsExecEvasionTest {
    static final byte[] REPORT = "quarterly".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    AwsFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new AwsFixture(dir.resolve("home"), "", AwsFixture.rulesFirst(
                "- { name: keep, action: deny, match: { operation: [\"s3:DeleteObject\"], resource: [\"arn:aws:s3:::dev-bucket/keep/*\"] }, message: \"keep/ stays\" }",
                "- { name: emr, action: deny, match: { operation: [\"elasticmapreduce:TerminateJobFlows\", \"rds:DeleteDBCluster\"] }, message: \"clusters stay\" }",
                "- { name: acl, action: deny, match: { operation: [\"s3:PutObjectAcl\"] }, message: \"no ACL changes\" }",
                "- { name: secret, action: deny, match: { operation: [\"s3:GetObject\"], resource: [\"arn:aws:s3:::dev-bucket/secret/*\"] }, message: \"secret/ is not read\" }",
                "- { name: private, action: deny, match: { operation: [\"s3:PutBucketPublicAccessBlock\", \"s3:PutBucketObjectLockConfiguration\", \"s3:PutBucketNotification\"] }, message: \"bucket settings stay\" }",
                "- { name: exact, action: deny, match: { operation: [\"s3:PutObject\"], resource: [\"arn:aws:s3:::dev-bucket/exact.txt\"] }, message: \"exact.txt is not written\" }"));
        fixture.s3.createBucket("prod-data");
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    /** `hoop exec aws-dev -- ARGV`. */
    TestGateway.Run exec(String... argv) {
        String[] args = new String[argv.length + 3];
        args[0] = "exec";
        args[1] = "aws-dev";
        args[2] = "--";
        System.arraycopy(argv, 0, args, 3, argv.length);
        return fixture.gw.hoop(args);
    }

    /** Refused by hoop (exit 3) with prod-data/report.txt back in place before, and intact after. */
    void refused(String... argv) throws Exception {
        fixture.s3.put("prod-data", "report.txt", REPORT);
        var r = exec(argv);
        if (r.exit() != 3 || !java.util.Arrays.equals(REPORT, fixture.s3.get("prod-data", "report.txt"))) {
            boolean intact = java.util.Arrays.equals(REPORT, fixture.s3.get("prod-data", "report.txt"));
            passed.add(String.join(" ", argv) + " (exit " + r.exit() + (intact ? "" : ", report.txt changed") + ")");
        }
    }

    /**
     * The child runs on the gateway's host (in a team setup, not the agent's): hoop's home holds its configuration,
     * recordings, tokens and keys. Copying them out, or a file over them, is refused, by path, file:// or a link.
     */
    @Test
    void hoopsOwnHomeIsNotReadNorWritten() throws Exception {
        Path home = fixture.gw.home;
        String config = Files.readString(home.resolve("hoop.yaml"));
        fixture.s3.put("dev-bucket", "evil.yaml", "connections: []\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Path link = Files.createSymbolicLink(dir.resolve("innocent.yaml"), home.resolve("hoop.yaml"));
        String[][] argvs = {
                {"s3", "cp", home.resolve("hoop.yaml").toString(), "s3://dev-bucket/stolen.yaml"},
                {"s3", "cp", home.resolve("hoop.db") + "/../hoop.yaml", "s3://dev-bucket/stolen.yaml"},
                {"s3api", "put-object", "--bucket", "dev-bucket", "--key", "stolen.yaml", "--body", home.resolve("hoop.yaml").toString()},
                {"s3api", "put-object", "--bucket", "dev-bucket", "--key", "stolen.yaml", "--body=" + link},
                {"s3", "cp", "s3://dev-bucket/evil.yaml", home.resolve("hoop.yaml").toString()},
                {"s3", "sync", "s3://dev-bucket/", home.toString()},
        };
        for (String[] argv : argvs) {
            var r = exec(argv);
            if (r.exit() != 3) passed.add(String.join(" ", argv) + " (exit " + r.exit() + ")");
        }
        assertEquals(java.util.List.of(), passed, "commands that reached hoop's home");
        assertEquals(config, Files.readString(home.resolve("hoop.yaml")), "the configuration is untouched");
        assertEquals(null, fixture.s3.get("dev-bucket", "stolen.yaml"), "nothing was copied out");
    }

    /** The argvs that got through: all are reported at once. */
    final java.util.List<String> passed = new java.util.ArrayList<>();

    /** Each of these deleted or overwrote prod-data/report.txt through a rule on arn:aws:s3:::prod-*. */
    @Test
    void argvTheCliReadsOtherwiseThanHoopIsRefused() throws Exception {
        // argparse takes an unambiguous prefix as the option: hoop saw no --bucket, so no resource.
        refused("s3api", "delete-object", "--buck", "prod-data", "--key", "report.txt");
        // Given twice, argparse keeps the last; hoop judged the first.
        refused("s3api", "delete-object", "--bucket", "dev-bucket", "--bucket", "prod-data", "--key", "report.txt");
        // The parameters in a JSON document hoop did not read.
        refused("s3api", "delete-object", "--cli-input-json", "{\"Bucket\":\"prod-data\",\"Key\":\"report.txt\"}");
        // file:// replaces the value with the file's content.
        Path bucket = Files.writeString(dir.resolve("b.txt"), "prod-data");
        refused("s3api", "delete-object", "--bucket", "file://" + bucket, "--key", "report.txt");
        Path path = Files.writeString(dir.resolve("p.txt"), "s3://prod-data/report.txt");
        refused("s3", "rm", "file://" + path);
        // An option's value read as the path: hoop judged dev-bucket/x, the CLI removed the next word.
        refused("s3", "rm", "--exclude", "s3://dev-bucket/x", "s3://prod-data/report.txt");
        Path local = Files.writeString(dir.resolve("local.txt"), "overwritten");
        refused("s3", "cp", "--content-type", "s3://dev-bucket/x", local.toString(), "s3://prod-data/report.txt");
        // --endpoint is --endpoint-url: the session's credential would go to another server.
        refused("s3", "ls", "--endpoint", "http://127.0.0.1:9");
        // ls and website read a path without s3:// as a bucket: hoop judged them on no resource.
        refused("s3", "ls", "prod-data");
        refused("s3", "website", "prod-data", "--index-document", "index.html");
        // "help" as an option's value: hoop judged the whole command a help read.
        refused("s3", "rm", "s3://prod-data/report.txt", "--exclude", "help");
        refused("s3api", "delete-object", "--bucket", "prod-data", "--key", "report.txt", "--request-payer", "help");
        assertEquals(java.util.List.of(), passed);
    }

    /**
     * A recursive command acts on every key under its path: judged on the path alone (arn:aws:s3:::dev-bucket),
     * no rule on dev-bucket/keep/* applied, and it deleted keep/a.
     */
    @Test
    void recursiveCommandsAreJudgedOnEveryKeyUnderTheirPath() throws Exception {
        byte[] kept = "kept".getBytes(StandardCharsets.UTF_8);
        fixture.s3.put("dev-bucket", "keep/a", kept);
        fixture.s3.put("dev-bucket", "tmp/b", kept);
        Path empty = Files.createDirectory(dir.resolve("empty"));
        for (String[] argv : new String[][] {{"s3", "rm", "--recursive", "s3://dev-bucket/"}, {"s3", "rm", "--recursive", "s3://dev-bucket/ke"},
                {"s3", "sync", "--delete", empty.toString(), "s3://dev-bucket"}, {"s3", "mv", "--recursive", "s3://dev-bucket/", empty.toString()}}) {
            String[] args = new String[argv.length + 3];
            System.arraycopy(new String[] {"exec", "aws-dev", "--"}, 0, args, 0, 3);
            System.arraycopy(argv, 0, args, 3, argv.length);
            var r = fixture.gw.hoop(args);
            assertEquals(3, r.exit(), String.join(" ", argv) + ": " + r.err());
            assertTrue(r.err().contains("denied by aws-guard."), r.err());
            assertTrue(java.util.Arrays.equals(kept, fixture.s3.get("dev-bucket", "keep/a")), String.join(" ", argv) + " deleted keep/a");
        }
        var tmp = fixture.gw.hoop("exec", "aws-dev", "--", "s3", "rm", "--recursive", "s3://dev-bucket/tmp/");
        assertEquals(0, tmp.exit(), tmp.err());
        assertTrue(fixture.s3.get("dev-bucket", "tmp/b") == null);
    }

    /** s3api options that make the call also another IAM action: judged on the call's own name, they did it unseen. */
    @Test
    void s3apiOptionsAreTheActionsIamAuthorizesThemAs() throws Exception {
        byte[] kept = "kept".getBytes(StandardCharsets.UTF_8);
        fixture.s3.put("dev-bucket", "secret/s", kept);
        fixture.s3.put("dev-bucket", "keep/a", kept);
        // CopyObject reads its source: it copied secret/s out past a GetObject rule on secret/*.
        var copy = fixture.gw.hoop("exec", "aws-dev", "--", "s3api", "copy-object", "--bucket", "dev-bucket", "--key", "public/s",
                "--copy-source", "dev-bucket/secret/s");
        assertEquals(3, copy.exit(), copy.err());
        assertTrue(copy.err().contains("secret/ is not read"), copy.err());
        assertTrue(fixture.s3.get("dev-bucket", "public/s") == null);
        // --acl sets the ACL (s3:PutObjectAcl).
        Path local = Files.writeString(dir.resolve("x.txt"), "x");
        var acl = fixture.gw.hoop("exec", "aws-dev", "--", "s3api", "put-object", "--bucket", "dev-bucket", "--key", "pub/x",
                "--body", local.toString(), "--acl", "public-read");
        assertEquals(3, acl.exit(), acl.err());
        assertTrue(acl.err().contains("no ACL changes"), acl.err());
        assertTrue(fixture.s3.get("dev-bucket", "pub/x") == null);
        // delete-objects deletes the keys its document names, which hoop does not read: any key of the bucket.
        var del = fixture.gw.hoop("exec", "aws-dev", "--", "s3api", "delete-objects", "--bucket", "dev-bucket",
                "--delete", "{\"Objects\":[{\"Key\":\"keep/a\"}]}");
        assertEquals(3, del.exit(), del.err());
        assertTrue(del.err().contains("keep/ stays"), del.err());
        assertTrue(java.util.Arrays.equals(kept, fixture.s3.get("dev-bucket", "keep/a")));
    }

    /**
     * An alias in the gateway user's ~/.aws/cli/alias, planted through hoop itself (an object copied down to that
     * path), made `s3api NAME`, judged as an unknown write with no resource, run delete-object on prod-data.
     */
    @Test
    void cliAliasesInTheGatewayHomeAreNotRead() throws Exception {
        fixture.s3.put("prod-data", "report.txt", REPORT);
        String name = "hoop-probe-" + Long.toHexString(System.nanoTime());
        fixture.s3.put("dev-bucket", "alias", ("[command s3api]\n" + name + " = delete-object --bucket prod-data --key report.txt\n")
                .getBytes(StandardCharsets.UTF_8));
        Path alias = Path.of(System.getProperty("user.home"), ".aws", "cli", "alias");
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.exists(alias), "a real alias file is in the way: " + alias);
        try {
            var plant = fixture.gw.hoop("exec", "aws-dev", "--", "s3", "cp", "s3://dev-bucket/alias", alias.toString());
            assertEquals(0, plant.exit(), plant.err());
            var run = fixture.gw.hoop("exec", "aws-dev", "--", "s3api", name);
            assertTrue(run.exit() != 0, run.out() + run.err());
            assertTrue(java.util.Arrays.equals(REPORT, fixture.s3.get("prod-data", "report.txt")), "the alias deleted prod-data/report.txt");
        } finally {
            Files.deleteIfExists(alias);
            Files.deleteIfExists(alias.getParent());
            Files.deleteIfExists(alias.getParent().getParent());
        }
    }

    /**
     * --cli-auto-prompt reads the command from stdin, pre-filled with the judged one: Ctrl-U erased `s3 ls` and
     * the CLI ran the delete-object typed after it.
     */
    @Test
    void autoPromptCannotReplaceTheJudgedCommand() throws Exception {
        fixture.s3.put("prod-data", "report.txt", REPORT);
        String typed = "\u0015s3api delete-object --bucket prod-data --key report.txt --endpoint-url " + fixture.s3.endpoint() + "\n";
        var r = fixture.gw.hoopWithInput(new java.io.ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)),
                "exec", "aws-dev", "--", "--cli-auto-prompt", "s3", "ls");
        assertTrue(java.util.Arrays.equals(REPORT, fixture.s3.get("prod-data", "report.txt")), "the typed command deleted report.txt");
        assertEquals(3, r.exit(), r.out() + r.err());
    }

    /**
     * The child's environment holds the session's STS credential, which works against AWS with no hoop between (no
     * rules, no recording) until it expires. file:///proc/self/environ as a parameter made the CLI echo the whole
     * environment in its parse error, unmasked; copied up as a file it would be stored.
     */
    @Test
    void theChildCannotReadItsOwnEnvironment() throws Exception {
        java.util.List<String> leaked = new java.util.ArrayList<>();
        String token = fixture.sts.sessionToken;
        for (String[] argv : new String[][] {
                {"s3api", "put-object", "--bucket", "dev-bucket", "--key", "env", "--metadata", "file:///proc/self/environ"},
                {"s3api", "put-object", "--bucket", "dev-bucket", "--key", "env", "--tagging=file:///proc/self/environ"},
                {"ec2", "describe-instances", "--filters", "file:///proc/../proc/self/environ"},
                {"ec2", "describe-instances", "--filters", "file:///dev/fd/../../proc/self/environ"},
                {"s3", "cp", "/proc/self/environ", "s3://dev-bucket/env"},
                {"s3api", "put-object", "--bucket", "dev-bucket", "--key", "env", "--body", "/proc/self/environ"}}) {
            String[] args = new String[argv.length + 3];
            System.arraycopy(new String[] {"exec", "aws-dev", "--"}, 0, args, 0, 3);
            System.arraycopy(argv, 0, args, 3, argv.length);
            var r = fixture.gw.hoop(args);
            String seen = r.out() + r.err();
            byte[] env = fixture.s3.get("dev-bucket", "env");
            if (seen.contains(S3Server.SECRET_KEY) || seen.contains(token) || r.exit() != 3 || env != null) {
                leaked.add(String.join(" ", argv) + " (exit " + r.exit() + (seen.contains(S3Server.SECRET_KEY) ? ", printed the secret" : "")
                        + (seen.contains(token) ? ", printed the token" : "") + (env != null ? ", stored an object" : "") + ")");
            }
            if (env != null) fixture.s3.delete("dev-bucket", "env");
        }
        assertEquals(java.util.List.of(), leaked);
    }

    /**
     * `s3 presign` prints a URL signed with the session's STS credential: fetched directly from the upstream, it
     * returned the object unmasked and unrecorded, for as long as the credential lives.
     */
    @Test
    void presignedUrlsDoNotReadAroundMasking() throws Exception {
        fixture.s3.put("dev-bucket", "notes.txt", "contact ops@example.com\n".getBytes(StandardCharsets.UTF_8));
        var r = fixture.gw.hoop("exec", "aws-dev", "--", "s3", "presign", "s3://dev-bucket/notes.txt");
        String url = r.out().strip();
        if (url.startsWith("http")) {
            var res = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertTrue(!res.body().contains("ops@example.com"), "the presigned URL read the object unmasked: " + res.statusCode());
        }
        assertEquals(3, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("aws-guard.no-iam"), r.err());
        // An RDS IAM auth token is minted locally from the same credential: a password to the database, for 15 min.
        var rds = fixture.gw.hoop("exec", "aws-dev", "--", "rds", "generate-db-auth-token", "--hostname", "db.example.com", "--port", "5432",
                "--username", "app");
        assertTrue(!rds.out().contains("X-Amz-Signature"), rds.out());
        assertEquals(3, rds.exit(), rds.err());
    }

    /**
     * `--debug` prints each request's headers, the session token among them, and every answer raw: refused (see
     * AwsSecretOutputTest.noCallIsLoggedRaw), the token printed nowhere.
     */
    @Test
    void theSessionCredentialIsNotPrinted() throws Exception {
        var r = fixture.gw.hoop("exec", "aws-dev", "--", "s3", "ls", "s3://dev-bucket", "--debug");
        assertEquals(3, r.exit(), r.err());
        assertTrue(r.err().contains("--debug"), r.err());
        assertTrue(!(r.out() + r.err()).contains(fixture.sts.sessionToken), "the session token is printed");
        assertTrue(!TestDb.contains(fixture.gw, fixture.sts.sessionToken), "the recording holds the session token");
    }

    /** A CLI command named otherwise than its IAM prefix (emr is elasticmapreduce): a rule by the IAM name missed it. */
    @Test
    void commandsAreNamedByTheirIamPrefix() {
        var r = fixture.gw.hoop("exec", "aws-dev", "--", "emr", "terminate-job-flows", "--job-flow-ids", "j-1");
        assertEquals(3, r.exit(), r.err());
        assertTrue(r.err().contains("clusters stay"), r.err());
    }

    /**
     * DocumentDB and Neptune are the RDS API (signed as rds, authorized as rds:DeleteDBCluster): named docdb:... and
     * neptune:..., the commands passed a rule on rds:DeleteDBCluster (as efs, keyspaces, location... passed theirs).
     */
    @Test
    void commandsOfAnotherServicesApiAreNamedByIt() {
        for (String service : java.util.List.of("docdb", "neptune")) {
            var r = fixture.gw.hoop("exec", "aws-dev", "--", service, "delete-db-cluster", "--db-cluster-identifier", "prod", "--skip-final-snapshot");
            assertEquals(3, r.exit(), service + ": " + r.err());
            assertTrue(r.err().contains("clusters stay"), r.err());
        }
    }

    /**
     * The CLI's kebab-case names lose an acronym's case: get-cluster-credentials-with-iam was judged
     * GetClusterCredentialsWithIam, not the credential-issuing GetClusterCredentialsWithIAM, so a read, and the CLI
     * asked for a database password past the rule on credential exports.
     */
    @Test
    void credentialCallsAreKnownInTheCasesTheCliSpellsThem() {
        var r = fixture.gw.hoop("exec", "aws-dev", "--", "redshift", "get-cluster-credentials-with-iam", "--cluster-identifier", "prod");
        assertEquals(3, r.exit(), r.err());
        assertTrue(r.err().contains("aws-guard.no-iam"), r.err());
    }

    /**
     * s3api commands are named by the API (delete-public-access-block is s3:DeletePublicAccessBlock), a rule by the
     * IAM action (s3:PutBucketPublicAccessBlock, as the proxy names the request): the commands passed it.
     */
    @Test
    void s3apiCommandsAreAlsoTheirIamActions() {
        for (String[] argv : new String[][] {{"s3api", "delete-public-access-block", "--bucket", "dev-bucket"},
                {"s3api", "put-public-access-block", "--bucket", "dev-bucket", "--public-access-block-configuration", "BlockPublicAcls=false"},
                {"s3api", "put-object-lock-configuration", "--bucket", "dev-bucket", "--object-lock-configuration", "ObjectLockEnabled=Enabled"},
                {"s3api", "put-bucket-notification-configuration", "--bucket", "dev-bucket", "--notification-configuration", "{}"}}) {
            String[] args = new String[argv.length + 3];
            System.arraycopy(new String[] {"exec", "aws-dev", "--"}, 0, args, 0, 3);
            System.arraycopy(argv, 0, args, 3, argv.length);
            var r = fixture.gw.hoop(args);
            assertEquals(3, r.exit(), String.join(" ", argv) + ": " + r.err());
            assertTrue(r.err().contains("bucket settings stay"), r.err());
        }
        // And the other way round: a rule by the API's name matches the proxy's.
        assertTrue(hoop.core.aws.IamNames.of("s3:DeleteBucketPublicAccessBlock").contains("s3:DeletePublicAccessBlock"));
    }

    /**
     * Through the proxy, PUT ?lifecycle is named s3:PutBucketLifecycle: a rule on the API's name, which the CLI's
     * put-bucket-lifecycle-configuration carries, did not apply, and the request went to the upstream.
     */
    @Test
    void aBucketConfigurationIsKnownByItsApiNameThroughTheProxy() throws Exception {
        fixture.close(); // this case needs its own rules
        fixture = new AwsFixture(dir.resolve("home2"), "", AwsFixture.rulesBeforeProd(
                "- { name: lifecycle, action: deny, match: { operation: [\"s3:PutBucketLifecycleConfiguration\", \"s3:DeleteBucketAnalyticsConfiguration\"] }, message: \"lifecycles stay\" }"));
        var env = AwsFixture.env(fixture.connect());
        String rules = "{\"Rules\":[{\"ID\":\"x\",\"Status\":\"Enabled\",\"Filter\":{\"Prefix\":\"\"},\"Expiration\":{\"Days\":1}}]}";
        var put = AwsProxyEndToEndTest.aws(dir, env, "s3api", "put-bucket-lifecycle-configuration", "--bucket", "dev-bucket",
                "--lifecycle-configuration", rules);
        assertTrue(put.exit() != 0 && put.err().contains("lifecycles stay"), put.err());
        var del = AwsProxyEndToEndTest.aws(dir, env, "s3api", "delete-bucket-analytics-configuration", "--bucket", "dev-bucket", "--id", "a");
        assertTrue(del.exit() != 0 && del.err().contains("lifecycles stay"), del.err());
    }

    /** A byte range of an object printed to stdout: a piece of a secret that no detector recognizes, unmasked. */
    @Test
    void byteRangesAreNotPrinted() throws Exception {
        fixture.s3.put("dev-bucket", "notes.txt", "contact ops@example.com key sk_live_0123456789abcdef\n".getBytes(StandardCharsets.UTF_8));
        var r = fixture.gw.hoop("exec", "aws-dev", "--", "s3api", "get-object", "--bucket", "dev-bucket", "--key", "notes.txt",
                "--range", "bytes=24-47", "/dev/stdout");
        assertTrue(!r.out().contains("sk_live_0123456789ab"), r.out());
        assertEquals(3, r.exit(), r.err());
    }

    /**
     * upload-part-copy copies an object, or a range of it, into an upload hoop exec judges a command at a time:
     * bytes 0-19 of a text object completed alone made an object read back with half of its key ("hello
     * sk_live_012345"), and a whole text object copied behind 5 MB of the client's NULs made one read back as binary,
     * the email in its short run of text unmasked (through the API proxy too). Refused in any spelling argparse takes.
     */
    @Test
    void aPartCopiedFromAnObjectIsRefused() throws Exception {
        fixture.s3.put("dev-bucket", "notes.txt", "hello sk_live_0123456789abcdef ops@example.com\n".getBytes(StandardCharsets.UTF_8));
        var create = fixture.gw.hoop("exec", "aws-dev", "--", "s3api", "create-multipart-upload", "--bucket", "dev-bucket", "--key", "half",
                "--query", "UploadId", "--output", "text");
        assertEquals(0, create.exit(), create.err());
        String id = create.out().trim();
        String[][] copies = {{"--copy-source-range", "bytes=0-19"}, {"--copy-source-r", "bytes=0-19"}, {}};
        for (String[] extra : copies) {
            java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of("exec", "aws-dev", "--", "s3api", "upload-part-copy",
                    "--bucket", "dev-bucket", "--key", "half", "--upload-id", id, "--part-number", "1", "--copy-source", "dev-bucket/notes.txt"));
            argv.addAll(java.util.List.of(extra));
            var r = fixture.gw.hoop(argv.toArray(String[]::new));
            assertEquals(3, r.exit(), argv + ": " + r.err());
        }
        var copy = fixture.gw.hoop("exec", "aws-dev", "--", "s3api", "copy-object", "--bucket", "dev-bucket", "--key", "whole",
                "--copy-source", "dev-bucket/notes.txt");
        assertEquals(0, copy.exit(), copy.err());

        // The same splice with its parts sent through the API proxy (each allowed there alone) and completed by exec:
        // the proxy refuses that completion, exec ran it, and the object read back through the proxy with the email whole.
        var env = AwsFixture.env(fixture.connect());
        try (var s3 = AwsFixture.sdk(env).build()) {
            String up = s3.createMultipartUpload(b -> b.bucket("dev-bucket").key("spliced")).uploadId();
            String e1 = s3.uploadPart(b -> b.bucket("dev-bucket").key("spliced").uploadId(up).partNumber(1),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(new byte[5 << 20])).eTag();
            String e2 = s3.uploadPartCopy(b -> b.sourceBucket("dev-bucket").sourceKey("notes.txt").destinationBucket("dev-bucket")
                    .destinationKey("spliced").uploadId(up).partNumber(2)).copyPartResult().eTag();
            String parts = "{\"Parts\":[{\"PartNumber\":1,\"ETag\":" + e1 + "},{\"PartNumber\":2,\"ETag\":" + e2 + "}]}";
            var complete = fixture.gw.hoop("exec", "aws-dev", "--", "s3api", "complete-multipart-upload", "--bucket", "dev-bucket",
                    "--key", "spliced", "--upload-id", up, "--multipart-upload", parts);
            assertEquals(3, complete.exit(), complete.err());
            assertEquals(null, fixture.s3.get("dev-bucket", "spliced"));
        }
    }

    /**
     * A file copied into a folder (s3://b/, or s3://b, which the CLI reads as s3://b/) lands under its own name:
     * judged as a write of the folder (arn:aws:s3:::dev-bucket/), cp and mv overwrote exact.txt past a rule on it.
     */
    @Test
    void aFileCopiedIntoAFolderIsJudgedUnderItsOwnName() throws Exception {
        byte[] kept = "kept".getBytes(StandardCharsets.UTF_8);
        Path local = Files.writeString(Files.createDirectory(dir.resolve("d")).resolve("exact.txt"), "overwritten");
        fixture.s3.put("dev-bucket", "tmp/exact.txt", "moved".getBytes(StandardCharsets.UTF_8));
        for (String[] argv : new String[][] {{"s3", "cp", local.toString(), "s3://dev-bucket/"}, {"s3", "cp", local.toString(), "s3://dev-bucket"},
                {"s3", "mv", "s3://dev-bucket/tmp/exact.txt", "s3://dev-bucket/"}, {"s3", "cp", local + "/.", "s3://dev-bucket/"}}) {
            fixture.s3.put("dev-bucket", "exact.txt", kept);
            String[] args = new String[argv.length + 3];
            System.arraycopy(new String[] {"exec", "aws-dev", "--"}, 0, args, 0, 3);
            System.arraycopy(argv, 0, args, 3, argv.length);
            var r = fixture.gw.hoop(args);
            assertEquals(3, r.exit(), String.join(" ", argv) + ": " + r.err());
            assertTrue(java.util.Arrays.equals(kept, fixture.s3.get("dev-bucket", "exact.txt")), String.join(" ", argv) + " overwrote exact.txt");
        }
        assertTrue(fixture.gw.hoop("exec", "aws-dev", "--", "s3", "cp", local.toString(), "s3://dev-bucket/").err().contains("exact.txt is not written"));
        assertTrue(fixture.s3.get("dev-bucket", "tmp/exact.txt") != null, "mv removed its source");
        // Into another folder it lands there, and runs.
        var pub = fixture.gw.hoop("exec", "aws-dev", "--", "s3", "cp", local.toString(), "s3://dev-bucket/pub/");
        assertEquals(0, pub.exit(), pub.err());
        assertTrue(fixture.s3.get("dev-bucket", "pub/exact.txt") != null);
    }

    /** The same commands spelled plainly still run. */
    @Test
    void plainSpellingsStillRun() throws Exception {
        Path local = Files.writeString(dir.resolve("local.txt"), "hello");
        var cp = fixture.gw.hoop("exec", "aws-dev", "--", "s3", "cp", "--content-type", "text/plain", local.toString(), "s3://dev-bucket/x");
        assertEquals(0, cp.exit(), cp.err());
        var rm = fixture.gw.hoop("exec", "aws-dev", "--", "s3api", "delete-object", "--bucket", "dev-bucket", "--key", "x");
        assertEquals(0, rm.exit(), rm.err());
        assertTrue(fixture.s3.get("dev-bucket", "x") == null);
    }

    /**
     * The CLI's own commands that are no API call of their name: named only as their command (deploy:Push,
     * cloudformation:Package, elasticmapreduce:CreateDefaultRoles), they ran past the rule on prod-* and the one on
     * kind admin, uploading into prod-data or creating IAM roles with the session's credential. (These commands send
     * their S3 uploads to AWS itself, not to the connection's endpoint: refused, nothing leaves.)
     */
    @Test
    void theClisOwnCommandsAreJudgedAsTheCallsTheyMake() throws Exception {
        Path src = Files.createDirectories(dir.resolve("app"));
        Files.writeString(src.resolve("index.py"), "def handler(e, c): return 1\n");
        Path template = Files.writeString(dir.resolve("t.yaml"),
                "Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Code: " + src + "\n");
        for (String[] argv : new String[][] {
                {"deploy", "push", "--application-name", "a", "--s3-location", "s3://prod-data/app.zip", "--source", src.toString()},
                {"cloudformation", "package", "--template-file", template.toString(), "--s3-bucket", "prod-data"}}) {
            var r = exec(argv);
            assertEquals(3, r.exit(), String.join(" ", argv) + ": " + r.err());
            assertTrue(r.err().contains("production is read-only here"), r.err());
        }
        for (String[] argv : new String[][] {{"emr", "create-default-roles"}, {"dlm", "create-default-role"},
                {"deploy", "register", "--instance-name", "x"}}) {
            var r = exec(argv);
            assertEquals(3, r.exit(), String.join(" ", argv) + ": " + r.err());
            assertTrue(r.err().contains("no-iam"), r.err());
        }
    }
}
