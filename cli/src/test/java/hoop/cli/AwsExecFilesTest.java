package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `hoop exec aws-dev -- s3 cp s3://b/k ./c.csv` had the aws CLI write the object to a local file itself, unmasked,
 * where the agent read it next (`cat c.csv`). Such files are now written masked (text as text, anything else in
 * place), through a directory only hoop reads; the forms hoop cannot write masked are refused.
 */
class AwsExecFilesTest {
    static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String PEM_BODY = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0";
    static final String TEXT = "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = " + SECRET_KEY + "\n"
            + "owner = ops@example.com\n-----BEGIN RSA PRIVATE KEY-----\n" + PEM_BODY + "\n-----END RSA PRIVATE KEY-----\n";
    static final List<String> SECRETS = List.of("IOSFODNN7EXAMPLE", "wJalrXUtnFEMI", "ops@example.com", PEM_BODY.substring(0, 30));

    @TempDir
    Path dir;
    AwsFixture fixture;

    static String privateKeys(String yaml) {
        return yaml.replace("detectors: [email, aws_access_key, aws_secret_key]", "detectors: [email, aws_access_key, aws_secret_key, private_key]");
    }

    @BeforeEach
    void start() throws Exception {
        fixture = new AwsFixture(dir.resolve("home"), "", AwsExecFilesTest::privateKeys);
        fixture.s3.put("dev-bucket", "secrets.txt", TEXT.getBytes(StandardCharsets.UTF_8));
        fixture.s3.put("dev-bucket", "data/a/secrets.txt", TEXT.getBytes(StandardCharsets.UTF_8));
        fixture.s3.put("dev-bucket", "data/b.txt", ("note for " + "ops@example.com\n").getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    TestGateway.Run exec(String... args) {
        List<String> all = new ArrayList<>(List.of("exec", "aws-dev", "--"));
        all.addAll(List.of(args));
        return fixture.gw.hoop(all.toArray(String[]::new));
    }

    static void assertMasked(Path file) throws Exception {
        String back = Files.readString(file, StandardCharsets.ISO_8859_1);
        for (String secret : SECRETS) assertFalse(back.contains(secret), file + " holds " + secret + ": " + back);
        assertTrue(back.contains("owner = [EMAIL]"), back);
    }

    @Test
    void downloadsToAFileAreWrittenMasked() throws Exception {
        Path file = dir.resolve("c.txt");
        Path existing = Files.writeString(dir.resolve("old.txt"), "older content, longer than the masked object will be ".repeat(20));
        Path folder = Files.createDirectory(dir.resolve("folder"));
        Path slashed = dir.resolve("new-folder");
        Path outfile = dir.resolve("g.txt");
        List<String[]> forms = List.of(
                new String[] {"s3", "cp", "s3://dev-bucket/secrets.txt", file.toString()},
                new String[] {"s3", "cp", "s3://dev-bucket/secrets.txt", existing.toString(), "--quiet"},
                new String[] {"s3", "cp", "s3://dev-bucket/secrets.txt", folder.toString()},
                new String[] {"s3", "cp", "--only-show-errors", "s3://dev-bucket/secrets.txt", slashed + "/"},
                new String[] {"s3api", "get-object", "--bucket", "dev-bucket", "--key", "secrets.txt", outfile.toString()});
        for (String[] form : forms) {
            var r = exec(form);
            assertEquals(0, r.exit(), String.join(" ", form) + ": " + r.err());
            for (String secret : SECRETS) assertFalse(r.out().contains(secret) || r.err().contains(secret), r.out() + r.err());
            assertFalse(r.out().contains("exec-files") || r.err().contains("exec-files"), "hoop's staging is not shown: " + r.out());
        }
        // The CLI's report names the file asked for, as it would have (relative to the working directory).
        var shown = exec("s3", "cp", "s3://dev-bucket/secrets.txt", file.toString());
        assertTrue(shown.out().contains("download: s3://dev-bucket/secrets.txt to " + Path.of(System.getProperty("user.dir")).relativize(file)),
                shown.out());
        for (Path p : List.of(file, existing, folder.resolve("secrets.txt"), slashed.resolve("secrets.txt"), outfile)) assertMasked(p);
        assertArrayEquals(TEXT.getBytes(StandardCharsets.UTF_8), fixture.s3.get("dev-bucket", "secrets.txt"), "the object itself is untouched");
        assertNothingStaged();
    }

    @Test
    void recursiveCopiesAndSyncWriteEveryFileMasked() throws Exception {
        for (String[] form : List.of(new String[] {"s3", "cp", "--recursive", "s3://dev-bucket/data/", dir.resolve("tree").toString()},
                new String[] {"s3", "sync", "s3://dev-bucket/data", dir.resolve("synced").toString()})) {
            var r = exec(form);
            assertEquals(0, r.exit(), String.join(" ", form) + ": " + r.err());
            Path shown = Path.of(System.getProperty("user.dir")).relativize(Path.of(form[form.length - 1]).resolve("a/secrets.txt"));
            assertTrue(r.out().contains(" to " + shown), r.out());
            assertFalse(r.out().contains("exec-files"), r.out());
        }
        for (String root : List.of("tree", "synced")) {
            assertMasked(dir.resolve(root).resolve("a/secrets.txt"));
            assertEquals("note for [EMAIL]\n", Files.readString(dir.resolve(root).resolve("b.txt")));
            try (Stream<Path> s = Files.walk(dir.resolve(root))) {
                assertEquals(2, s.filter(Files::isRegularFile).count(), "no staging or partial file is left beside them");
            }
        }
        // Synced again, nothing is downloaded twice over what is there (the copies keep the objects' times).
        var again = exec("s3", "sync", "s3://dev-bucket/data", dir.resolve("synced").toString());
        assertEquals(0, again.exit(), again.err());
        assertMasked(dir.resolve("synced/a/secrets.txt"));
        assertNothingStaged();
    }

    /**
     * The CLI joins a key to the folder as it is: one with ".." segments was written above it, out of hoop's staging
     * directory (anywhere the gateway may write), unmasked. Such keys are skipped.
     */
    @Test
    void keysClimbingOutOfTheFolderAreNotWritten() throws Exception {
        fixture.s3.put("dev-bucket", "data/x/../../../../../../../../../../../../../../../../../../../../../.." + dir + "/escaped.txt",
                TEXT.getBytes(StandardCharsets.UTF_8));
        fixture.s3.put("dev-bucket", "data/../../../../../../../../../../../../../../../../../../../../../../.." + dir + "/escaped2.txt",
                TEXT.getBytes(StandardCharsets.UTF_8));
        var r = exec("s3", "cp", "--recursive", "s3://dev-bucket/data/", dir.resolve("tree").toString());
        assertEquals(0, r.exit(), r.err());
        assertMasked(dir.resolve("tree/a/secrets.txt"));
        assertFalse(Files.exists(dir.resolve("escaped.txt")), r.out());
        assertFalse(Files.exists(dir.resolve("escaped2.txt")), r.out());
        try (Stream<Path> s = Files.walk(dir)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith("escaped")).toList(), r.out());
        }
    }

    /** Text among binary bytes is masked keeping every offset; an object with nothing to mask comes back as it was. */
    @Test
    void binaryObjectsAreMaskedInPlaceAndOrdinaryOnesRoundTrip() throws Exception {
        byte[] data = new byte[1 << 20];
        new java.util.Random(11).nextBytes(data);
        byte[] plain = data.clone();
        byte[] t = TEXT.getBytes(StandardCharsets.ISO_8859_1);
        data[4095] = 0;
        System.arraycopy(t, 0, data, 4096, t.length);
        data[4096 + t.length] = (byte) 0xFF;
        fixture.s3.put("dev-bucket", "backup.tar", data);
        fixture.s3.put("dev-bucket", "random.bin", plain);
        byte[] ordinary = "just a note, nothing secret in it: café, naïve, 日本語, tab\there\r\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        fixture.s3.put("dev-bucket", "ordinary.txt", ordinary);
        var cp = exec("s3", "cp", "s3://dev-bucket/backup.tar", dir.resolve("backup.tar").toString());
        assertEquals(0, cp.exit(), cp.err());
        var get = exec("s3api", "get-object", "--bucket", "dev-bucket", "--key", "backup.tar", dir.resolve("got.tar").toString());
        assertEquals(0, get.exit(), get.err());
        for (String name : List.of("backup.tar", "got.tar")) {
            byte[] back = Files.readAllBytes(dir.resolve(name));
            assertEquals(data.length, back.length);
            String shown = new String(back, StandardCharsets.ISO_8859_1);
            for (String secret : SECRETS) assertFalse(shown.contains(secret), name + " holds " + secret);
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 0, 4096), java.util.Arrays.copyOfRange(back, 0, 4096));
            int end = 4096 + t.length;
            assertArrayEquals(java.util.Arrays.copyOfRange(data, end, data.length), java.util.Arrays.copyOfRange(back, end, back.length));
        }
        for (String[] p : new String[][] {{"random.bin", "r.bin"}, {"ordinary.txt", "o.txt"}}) {
            var r = exec("s3", "cp", "s3://dev-bucket/" + p[0], dir.resolve(p[1]).toString());
            assertEquals(0, r.exit(), r.err());
        }
        assertArrayEquals(plain, Files.readAllBytes(dir.resolve("r.bin")));
        assertArrayEquals(ordinary, Files.readAllBytes(dir.resolve("o.txt")));
        // A gzip file of text is masked as the text it holds, and stays a gzip file.
        var gz = new java.io.ByteArrayOutputStream();
        try (var z = new java.util.zip.GZIPOutputStream(gz)) {
            z.write(TEXT.getBytes(StandardCharsets.UTF_8));
        }
        fixture.s3.put("dev-bucket", "logs/trail.json.gz", gz.toByteArray());
        var zr = exec("s3", "cp", "s3://dev-bucket/logs/trail.json.gz", dir.resolve("trail.json.gz").toString());
        assertEquals(0, zr.exit(), zr.err());
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(dir.resolve("trail.json.gz")))) {
            Path plainCopy = dir.resolve("trail.json");
            Files.write(plainCopy, in.readAllBytes());
            assertMasked(plainCopy);
        }
        // To stdout it is masked as output, as it was.
        var cat = exec("s3", "cp", "s3://dev-bucket/secrets.txt", "-");
        assertEquals(0, cat.exit(), cat.err());
        assertTrue(cat.out().contains("owner = [EMAIL]"), cat.out());
    }

    /**
     * The session's own STS secret (the double hands out the key s3proxy accepts), which the child's output is masked
     * for whatever the connection's detectors: in a binary file too, on a connection that masks e-mail addresses only.
     */
    @Test
    void theSessionsOwnSecretIsMaskedInABinaryFile() throws Exception {
        fixture.close();
        fixture = new AwsFixture(dir.resolve("home2"), "", y -> y.replace("detectors: [email, aws_access_key, aws_secret_key]", "detectors: [email]"));
        byte[] data = new byte[256 << 10];
        new java.util.Random(13).nextBytes(data);
        byte[] own = S3Server.SECRET_KEY.getBytes(StandardCharsets.ISO_8859_1);
        data[99_999] = 0;
        System.arraycopy(own, 0, data, 100_000, own.length);
        data[100_000 + own.length] = (byte) 0xFF;
        fixture.s3.put("dev-bucket", "state.db", data);
        var r = exec("s3", "cp", "s3://dev-bucket/state.db", dir.resolve("state.db").toString());
        assertEquals(0, r.exit(), r.err());
        byte[] back = Files.readAllBytes(dir.resolve("state.db"));
        assertEquals(data.length, back.length);
        assertFalse(new String(back, StandardCharsets.ISO_8859_1).contains(S3Server.SECRET_KEY.substring(0, 20)));
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 0, 100_000), java.util.Arrays.copyOfRange(back, 0, 100_000));
    }

    /** Any call the CLI saves the answer of to its outfile (lambda invoke, polly synthesize-speech): written masked too. */
    @Test
    void outfilesOfOtherServicesAreWrittenMasked() throws Exception {
        var api = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        byte[] audio = new byte[64 << 10];
        new java.util.Random(5).nextBytes(audio);
        byte[] t = TEXT.getBytes(StandardCharsets.ISO_8859_1);
        audio[999] = 0;
        System.arraycopy(t, 0, audio, 1000, t.length);
        audio[1000 + t.length] = (byte) 0xFF;
        api.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            boolean speech = ex.getRequestURI().getPath().startsWith("/v1/speech");
            byte[] b = speech ? audio : TEXT.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", speech ? "audio/mpeg" : "application/json");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        api.start();
        try {
            fixture.close();
            fixture = new AwsFixture(dir.resolve("home2"), "", y -> AwsFixture.endpoint(privateKeys(y), "http://127.0.0.1:" + api.getAddress().getPort()));
            var invoke = exec("lambda", "invoke", "--function-name", "f", dir.resolve("answer.json").toString());
            assertEquals(0, invoke.exit(), invoke.err());
            assertMasked(dir.resolve("answer.json"));
            var speech = exec("polly", "synthesize-speech", "--text", "hi", "--voice-id", "Joanna", "--output-format", "mp3",
                    dir.resolve("speech.mp3").toString());
            assertEquals(0, speech.exit(), speech.err());
            byte[] back = Files.readAllBytes(dir.resolve("speech.mp3"));
            assertEquals(audio.length, back.length);
            String shown = new String(back, StandardCharsets.ISO_8859_1);
            for (String secret : SECRETS) assertFalse(shown.contains(secret), secret);
            assertArrayEquals(java.util.Arrays.copyOfRange(audio, 0, 1000), java.util.Arrays.copyOfRange(back, 0, 1000));
        } finally {
            api.stop(0);
        }
    }

    /** A relative path is the gateway's working directory's, as the CLI would have written it. */
    @Test
    void aRelativeDestinationIsTheGatewaysWorkingDirectorys() throws Exception {
        Path rel = Path.of("target", "exec-files-test-" + System.nanoTime(), "c.txt");
        Path abs = Path.of(System.getProperty("user.dir")).resolve(rel);
        try {
            var r = exec("s3", "cp", "s3://dev-bucket/secrets.txt", rel.toString());
            assertEquals(0, r.exit(), r.err());
            assertMasked(abs);
            assertTrue(r.err().contains("written masked"), r.err());
        } finally {
            Files.deleteIfExists(abs);
            Files.deleteIfExists(abs.getParent());
        }
    }

    /** A run that fails writes nothing, and leaves nothing unmasked behind; the recording says what was written. */
    @Test
    void aFailedDownloadWritesNothingAndTheRecordingNotesEachFile() throws Exception {
        Path missing = dir.resolve("missing.txt");
        var r = exec("s3api", "get-object", "--bucket", "dev-bucket", "--key", "no-such-key", missing.toString());
        assertTrue(r.exit() != 0, r.err());
        assertFalse(Files.exists(missing));
        assertNothingStaged();
        var ok = exec("s3", "cp", "s3://dev-bucket/secrets.txt", dir.resolve("ok.txt").toString());
        assertEquals(0, ok.exit(), ok.err());
        var sessions = new com.fasterxml.jackson.databind.ObjectMapper().readTree(fixture.gw.hoop("sessions", "--json").out());
        StringBuilder replays = new StringBuilder();
        for (var s : sessions) replays.append(fixture.gw.hoop("replay", s.get("id").asText()).out());
        assertTrue(replays.toString().contains(dir.resolve("ok.txt") + ": written masked (text)"), replays.toString());
        assertTrue(replays.toString().contains("hoop wrote none of the files"), replays.toString());
    }

    /**
     * What hoop cannot write masked is refused, by the policy's unknown rule and, where a policy lets unknown commands
     * run, by exec itself: mv would delete the object leaving only a masked copy; other outfiles are not staged.
     */
    @Test
    void formsThatCannotBeWrittenMaskedAreRefused() throws Exception {
        for (String policyUnknown : List.of("deny", "allow")) {
            if (policyUnknown.equals("allow")) {
                fixture.close();
                fixture = new AwsFixture(dir.resolve("home2"), "", y -> privateKeys(y).replace("unknown: deny", "unknown: allow"));
                fixture.s3.put("dev-bucket", "secrets.txt", TEXT.getBytes(StandardCharsets.UTF_8));
            }
            Path out = dir.resolve("refused-" + policyUnknown);
            List<String[]> forms = List.of(new String[] {"s3", "mv", "s3://dev-bucket/secrets.txt", out.toString()},
                    new String[] {"sagemaker-geospatial", "get-tile", "--arn", "a", "--x", "1", "--y", "1", "--z", "1", "--target", "TILE",
                            "--image-mask", out.toString(), "--image-assets", "b", "c"},
                    new String[] {"polly", "synthesize-speech", "--text", "hi", "--voice-id", "Joanna", "--output-format", "mp3",
                            "--", out.toString()});
            for (String[] form : forms) {
                var r = exec(form);
                assertEquals(3, r.exit(), policyUnknown + " " + String.join(" ", form) + ": " + r.err());
                assertTrue(r.err().contains("hoop cannot mask") || r.err().contains("only copy left would be the masked one")
                        || r.err().contains("one of which is the file the answer is written to"), r.err());
                assertFalse(Files.exists(out), String.join(" ", form) + " wrote " + out);
            }
            assertTrue(fixture.s3.get("dev-bucket", "secrets.txt") != null, "mv did not delete the object");
        }
    }

    /**
     * A byte range or one part of an object holds pieces of secrets no detector recognizes (bytes 34-49 of the object
     * are IOSFODNN7EXAMPLE, an access key without its AKIA): under a policy letting unknown commands run,
     * `s3api get-object --range` wrote the piece to its outfile "masked", that is as it was. Exec refuses such reads
     * whatever was decided; the API proxy masks a range with the bytes around it in view.
     */
    @Test
    void aByteRangeOrPartIsRefusedEvenWhenUnknownRuns() throws Exception {
        fixture.close();
        fixture = new AwsFixture(dir.resolve("home4"), "", y -> privateKeys(y).replace("unknown: deny", "unknown: allow"));
        fixture.s3.put("dev-bucket", "secrets.txt", TEXT.getBytes(StandardCharsets.UTF_8));
        Path out = dir.resolve("piece.txt");
        for (String[] form : List.of(
                new String[] {"s3api", "get-object", "--bucket", "dev-bucket", "--key", "secrets.txt", "--range", "bytes=34-49", out.toString()},
                new String[] {"s3api", "get-object", "--bucket", "dev-bucket", "--key", "secrets.txt", "--range=bytes=34-49", out.toString()},
                new String[] {"s3api", "get-object", "--bucket", "dev-bucket", "--key", "secrets.txt", "--ran", "bytes=34-49", out.toString()},
                new String[] {"s3api", "get-object", "--bucket", "dev-bucket", "--key", "secrets.txt", "--part-number", "1", out.toString()})) {
            var r = exec(form);
            assertEquals(3, r.exit(), String.join(" ", form) + ": " + r.err());
            assertTrue(r.err().contains("cannot be masked"), r.err());
            assertFalse(Files.exists(out), String.join(" ", form) + " wrote " + (Files.exists(out) ? Files.readString(out) : ""));
        }
        var whole = exec("s3api", "get-object", "--bucket", "dev-bucket", "--key", "secrets.txt", out.toString());
        assertEquals(0, whole.exit(), whole.err());
        assertMasked(out);
    }

    /**
     * A policy that lets unknown commands run does not let the CLI read the kernel's views of processes (the child's
     * and the gateway's environment, which hold the session's and the stored credentials) or hoop's own home into a
     * bucket: exec refuses those files whatever was decided (the classifier alone made them unknown, and allowed).
     */
    @Test
    void filesNoPolicyMayHandToTheCliAreRefusedEvenWhenUnknownRuns() throws Exception {
        fixture.close();
        Path home = dir.resolve("home3");
        fixture = new AwsFixture(home, "", y -> privateKeys(y).replace("unknown: deny", "unknown: allow"));
        List<String[]> forms = List.of(new String[] {"s3", "cp", "/proc/self/environ", "s3://dev-bucket/env"},
                new String[] {"s3", "cp", "/proc/" + ProcessHandle.current().pid() + "/environ", "s3://dev-bucket/env2"},
                new String[] {"s3", "cp", home.resolve("hoop.yaml").toString(), "s3://dev-bucket/config"},
                new String[] {"s3api", "put-object", "--bucket", "dev-bucket", "--key", "env3", "--body", "/proc/self/environ"});
        for (String[] form : forms) {
            var r = exec(form);
            assertEquals(3, r.exit(), String.join(" ", form) + ": " + r.err());
            assertTrue(r.err().contains("names a process or device file") || r.err().contains("names hoop's own state"), r.err());
        }
        for (String key : List.of("env", "env2", "config", "env3")) assertNull(fixture.s3.get("dev-bucket", key), key + " was uploaded");
    }

    void assertNothingStaged() throws Exception {
        Path staged = dir.resolve("home").resolve("exec-files");
        if (!Files.exists(staged)) return;
        try (Stream<Path> s = Files.list(staged)) {
            assertEquals(List.of(), s.toList(), "staged files are deleted");
        }
    }
}
