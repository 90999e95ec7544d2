package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Objects compressed in a format hoop does not read (xz, bzip2, zstd, zip): binary to the masker, they passed with
 * their text unread, and `xz -d` on what the aws CLI downloaded through the proxy showed every key in it; exec wrote
 * them to the file asked for the same way. The middle of an object shows no magic at all, so a byte range past the
 * first bytes of one (gzip too) passed as plain binary, and the ranges joined decompress. All are refused now; a
 * plain binary object and its ranges still pass byte-exact.
 */
class AwsCompressedObjectsTest {
    static final List<String> SECRETS = List.of("ops@example.com", "AKIAIOSFODNN7EXAMPLE", "sk_live_0123456789abcdef");

    @TempDir
    Path dir;
    AwsFixture fixture;
    Map<String, String> env;
    Path plain;

    @BeforeEach
    void start() throws Exception {
        fixture = new AwsFixture(dir.resolve("home"));
        env = AwsFixture.env(fixture.connect());
        // Lines that do not compress to nothing: a compressed object long enough for ranges past the margin.
        StringBuilder text = new StringBuilder();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 6_000; i++) {
            text.append(i).append(' ').append(Long.toHexString(random.nextLong())).append(Long.toHexString(random.nextLong()))
                    .append(" admin_contact = ops@example.com aws_key = AKIAIOSFODNN7EXAMPLE stripe = sk_live_0123456789abcdef\n");
        }
        plain = Files.writeString(dir.resolve("app.env"), text);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    /** file compressed by a command writing to stdout. */
    private byte[] packed(String... command) throws Exception {
        Path out = dir.resolve("packed");
        List<String> argv = new java.util.ArrayList<>(List.of(command));
        argv.add(plain.toString());
        assertEquals(0, new ProcessBuilder(argv).redirectOutput(out.toFile()).start().waitFor(), String.join(" ", argv));
        return Files.readAllBytes(out);
    }

    private static boolean leaks(byte[] b) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        return SECRETS.stream().anyMatch(s::contains);
    }

    @Test
    void anObjectInACompressedFormatHoopCannotReadIsRefusedThroughTheProxyAndNotWrittenByExec() throws Exception {
        Path zip = dir.resolve("app.zip");
        assertEquals(0, new ProcessBuilder("zip", "-j", "-q", zip.toString(), plain.toString()).start().waitFor());
        Map<String, byte[]> objects = Map.of("app.env.xz", packed("xz", "-c"), "app.env.bz2", packed("bzip2", "-c"),
                "app.env.zst", packed("zstd", "-q", "-c"), "app.zip", Files.readAllBytes(zip));
        for (var o : objects.entrySet()) {
            assertFalse(leaks(o.getValue()), o.getKey() + " shows its text as it is stored");
            fixture.s3.put("dev-bucket", o.getKey(), o.getValue());
            Path back = dir.resolve("back-" + o.getKey());
            var get = AwsProxyEndToEndTest.aws(dir, env, "s3api", "get-object", "--bucket", "dev-bucket", "--key", o.getKey(), back.toString());
            assertEquals(254, get.exit(), o.getKey() + ": " + get.err());
            assertTrue(get.err().contains("AccessDenied") && get.err().contains("compressed data, which hoop cannot read"), get.err());
            assertFalse(Files.exists(back) && Files.size(back) > 0, o.getKey() + " was downloaded");

            Path out = dir.resolve("exec-" + o.getKey());
            var exec = fixture.gw.hoop("exec", "aws-dev", "--", "s3", "cp", "s3://dev-bucket/" + o.getKey(), out.toString());
            assertEquals(1, exec.exit(), o.getKey() + ": " + exec.out() + exec.err());
            assertTrue(exec.err().contains(out + ": not written: it is") && exec.err().contains("compressed data"), exec.err());
            assertFalse(Files.exists(out), o.getKey() + " was written by exec");
        }
    }

    @Test
    void aByteRangeFromTheMiddleOfACompressedObjectIsRefused() throws Exception {
        Map<String, byte[]> objects = Map.of("logs/app.env.gz", packed("gzip", "-c"), "logs/app.env.xz", packed("xz", "-c"));
        for (var o : objects.entrySet()) {
            assertTrue(o.getValue().length > 100_000, o.getKey() + " is " + o.getValue().length + " bytes");
            fixture.s3.put("dev-bucket", o.getKey(), o.getValue());
            for (String range : List.of("bytes=40000-", "bytes=50000-90000", "bytes=-30000")) {
                Path back = dir.resolve("range");
                Files.deleteIfExists(back);
                var get = AwsProxyEndToEndTest.aws(dir, env, "s3api", "get-object", "--bucket", "dev-bucket", "--key", o.getKey(),
                        "--range", range, back.toString());
                assertEquals(254, get.exit(), o.getKey() + " " + range + ": " + get.err());
                assertTrue(get.err().contains("AccessDenied") && get.err().contains("compressed object cannot be masked"), get.err());
                assertFalse(Files.exists(back) && Files.size(back) > 0, o.getKey() + " " + range + " was served");
            }
        }
        // Plain binary: its ranges, anywhere, still pass byte-exact.
        byte[] random = new byte[200_000];
        new java.util.Random(3).nextBytes(random);
        fixture.s3.put("dev-bucket", "blob.bin", random);
        Path back = dir.resolve("blob-range");
        var get = AwsProxyEndToEndTest.aws(dir, env, "s3api", "get-object", "--bucket", "dev-bucket", "--key", "blob.bin",
                "--range", "bytes=100000-149999", back.toString());
        assertEquals(0, get.exit(), get.err());
        assertArrayEquals(java.util.Arrays.copyOfRange(random, 100_000, 150_000), Files.readAllBytes(back));
    }

    /**
     * gzip hoop inflates, but what it inflated to was only masked as binary: a .gz.gz (or xz under gzip) came back with
     * its inner stream unread, through the proxy (stored so, or under Content-Encoding gzip) and exec alike.
     */
    @Test
    void aCompressedStreamInsideGzipIsRefused() throws Exception {
        byte[] gz = packed("gzip", "-c");
        byte[] gzgz = AwsContentEncodingTest.gzip(gz);
        byte[] xzgz = AwsContentEncodingTest.gzip(packed("xz", "-c"));
        fixture.s3.put("dev-bucket", "app.env.gz.gz", gzgz);
        fixture.s3.put("dev-bucket", "app.env.xz.gz", xzgz);
        Path local = Files.write(dir.resolve("upload.gz"), gzgz);
        assertEquals(0, AwsProxyEndToEndTest.aws(dir, env, "s3api", "put-object", "--bucket", "dev-bucket", "--key", "encoded.gz",
                "--body", local.toString(), "--content-encoding", "gzip").exit());
        for (String key : List.of("app.env.gz.gz", "app.env.xz.gz", "encoded.gz")) {
            Path back = dir.resolve("back-" + key);
            var get = AwsProxyEndToEndTest.aws(dir, env, "s3api", "get-object", "--bucket", "dev-bucket", "--key", key, back.toString());
            assertEquals(254, get.exit(), key + ": " + get.err());
            assertTrue(get.err().contains("AccessDenied") && get.err().contains("compressed data, which hoop cannot read"), get.err());
            assertFalse(Files.exists(back) && Files.size(back) > 0, key + " was downloaded");
        }
        for (String key : List.of("app.env.gz.gz", "app.env.xz.gz")) {
            byte[] piped = fixture.gw.hoopStdout("exec", "aws-dev", "--", "s3", "cp", "s3://dev-bucket/" + key, "-");
            String shown = new String(piped, StandardCharsets.ISO_8859_1);
            assertTrue(shown.startsWith("hoop: output withheld: it holds") && shown.contains("inside gzip"), key + ": " + shown);
            assertFalse(leaks(piped) || (piped.length > 2 && (piped[0] & 0xFF) == 0x1F), key + " came out");
            Path out = dir.resolve("exec-" + key);
            var exec = fixture.gw.hoop("exec", "aws-dev", "--", "s3", "cp", "s3://dev-bucket/" + key, out.toString());
            assertEquals(1, exec.exit(), key + ": " + exec.out() + exec.err());
            assertTrue(exec.err().contains(out + ": not written: it is") && exec.err().contains("inside gzip"), exec.err());
            assertFalse(Files.exists(out), key + " was written by exec");
        }
        // base64 of gzip in gzip, inside a text object: one gzip was looked into, the inner one passed as no text.
        byte[] small = AwsContentEncodingTest.gzip(AwsContentEncodingTest.gzip(
                "admin_contact = ops@example.com\naws_key = AKIAIOSFODNN7EXAMPLE\n".getBytes(StandardCharsets.UTF_8)));
        String line = "payload: " + java.util.Base64.getEncoder().encodeToString(small) + "\n";
        fixture.s3.put("dev-bucket", "record.txt", line.getBytes(StandardCharsets.US_ASCII));
        Path record = dir.resolve("record.txt");
        var read = AwsProxyEndToEndTest.aws(dir, env, "s3api", "get-object", "--bucket", "dev-bucket", "--key", "record.txt", record.toString());
        assertEquals(0, read.exit(), read.err());
        assertEquals("payload: [COMPRESSED]\n", Files.readString(record));
        // One gzip is still read, masked and sent back gzip.
        fixture.s3.put("dev-bucket", "app.env.gz", gz);
        Path back = dir.resolve("back.gz");
        var get = AwsProxyEndToEndTest.aws(dir, env, "s3api", "get-object", "--bucket", "dev-bucket", "--key", "app.env.gz", back.toString());
        assertEquals(0, get.exit(), get.err());
        byte[] text = AwsContentEncodingTest.gunzip(Files.readAllBytes(back));
        assertFalse(leaks(text));
        assertTrue(new String(text, StandardCharsets.UTF_8).contains("[EMAIL]"));
    }

    /**
     * A compressed file inside an archive (a backup tar of .gz and .xz logs; a .tar.gz of them): the archive is binary,
     * masked in place, and its members' compressed text passed unread to whoever unpacked it, through the proxy and
     * exec alike. Such an answer is refused, such output withheld, such a download not written.
     */
    @Test
    void aCompressedFileInsideAnArchiveIsRefused() throws Exception {
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.write(etc.resolve("app.env.gz"), packed("gzip", "-c"));
        Files.write(etc.resolve("app.env.xz"), packed("xz", "-c"));
        Files.writeString(etc.resolve("readme.txt"), "nothing secret here\n");
        assertEquals(0, new ProcessBuilder("zip", "-j", "-q", etc.resolve("app.zip").toString(), plain.toString()).start().waitFor());
        Map<String, List<String>> archives = Map.of("gz-member.tar", List.of("readme.txt", "app.env.gz"),
                "xz-member.tar", List.of("readme.txt", "app.env.xz"), "gz-member.tar.gz", List.of("readme.txt", "app.env.gz"),
                "zip-member.tar", List.of("readme.txt", "app.zip"));
        for (var a : archives.entrySet()) {
            Path tar = dir.resolve(a.getKey());
            List<String> argv = new java.util.ArrayList<>(List.of("tar", a.getKey().endsWith(".gz") ? "czf" : "cf", tar.toString(), "-C", etc.toString()));
            argv.addAll(a.getValue());
            assertEquals(0, new ProcessBuilder(argv).start().waitFor());
            fixture.s3.put("dev-bucket", a.getKey(), Files.readAllBytes(tar));

            Path back = dir.resolve("back-" + a.getKey());
            var get = AwsProxyEndToEndTest.aws(dir, env, "s3api", "get-object", "--bucket", "dev-bucket", "--key", a.getKey(), back.toString());
            assertEquals(254, get.exit(), a.getKey() + ": " + get.err());
            assertTrue(get.err().contains("AccessDenied") && get.err().contains("compressed data, which hoop cannot read"), get.err());
            assertFalse(Files.exists(back) && Files.size(back) > 0, a.getKey() + " was downloaded");

            Path out = dir.resolve("exec-" + a.getKey());
            var exec = fixture.gw.hoop("exec", "aws-dev", "--", "s3", "cp", "s3://dev-bucket/" + a.getKey(), out.toString());
            assertEquals(1, exec.exit(), a.getKey() + ": " + exec.out() + exec.err());
            assertTrue(exec.err().contains(out + ": not written: it holds"), exec.err());
            assertFalse(Files.exists(out), a.getKey() + " was written by exec");

            byte[] piped = fixture.gw.hoopStdout("exec", "aws-dev", "--", "s3", "cp", "s3://dev-bucket/" + a.getKey(), "-");
            assertTrue(new String(piped, StandardCharsets.ISO_8859_1).contains("hoop: output withheld: it holds"), a.getKey());
            Path shown = Files.write(dir.resolve("shown-" + a.getKey()), piped);
            Path unpacked = Files.createDirectories(dir.resolve("unpacked-" + a.getKey()));
            new ProcessBuilder("tar", "xf", shown.toString(), "-C", unpacked.toString()).start().waitFor();
            for (String member : a.getValue()) {
                Path m = unpacked.resolve(member);
                if (!Files.exists(m)) continue;
                var d = new ProcessBuilder(member.endsWith(".zip") ? List.of("unzip", "-p", m.toString())
                        : List.of(member.endsWith(".xz") ? "xz" : "gzip", "-d", "-c", m.toString())).start();
                byte[] decoded = d.getInputStream().readAllBytes();
                assertFalse(leaks(decoded), a.getKey() + " showed " + member);
            }
        }
        // Found past the answer's first piece (after a large member), it cuts the answer off there: nothing of the
        // compressed member reaches the client.
        byte[] noise = new byte[400_000];
        new java.util.Random(5).nextBytes(noise);
        Files.write(etc.resolve("noise.bin"), noise);
        Path late = dir.resolve("late.tar");
        assertEquals(0, new ProcessBuilder("tar", "cf", late.toString(), "-C", etc.toString(), "noise.bin", "app.env.gz").start().waitFor());
        fixture.s3.put("dev-bucket", "late.tar", Files.readAllBytes(late));
        Path lateBack = dir.resolve("back-late.tar");
        var cut = AwsProxyEndToEndTest.aws(dir, env, "s3api", "get-object", "--bucket", "dev-bucket", "--key", "late.tar", lateBack.toString());
        assertTrue(cut.exit() != 0, cut.out());
        assertTrue(!Files.exists(lateBack) || Files.size(lateBack) < Files.size(late), "the whole tar was served");
        if (Files.exists(lateBack)) {
            byte[] got = Files.readAllBytes(lateBack);
            assertFalse(leaks(got));
            assertTrue(got.length <= noise.length + 1024, "bytes of the compressed member were served: " + got.length);
        }
        // A tar of plain text still comes back as a tar, its text masked in place.
        Path tar = dir.resolve("plain.tar");
        assertEquals(0, new ProcessBuilder("tar", "cf", tar.toString(), "-C", dir.toString(), "app.env").start().waitFor());
        fixture.s3.put("dev-bucket", "plain.tar", Files.readAllBytes(tar));
        Path back = dir.resolve("back-plain.tar");
        var get = AwsProxyEndToEndTest.aws(dir, env, "s3api", "get-object", "--bucket", "dev-bucket", "--key", "plain.tar", back.toString());
        assertEquals(0, get.exit(), get.err());
        assertEquals(Files.size(tar), Files.size(back));
        assertFalse(leaks(Files.readAllBytes(back)));
    }

    /**
     * An archive shipped as base64 inside a text (a config bundle's .tar.gz, a tar): it decoded to no text, so it was
     * left as it came, and base64 -d | tar xz showed the files in it. The text in it is masked now, and a compressed
     * member hides the blob whole.
     */
    @Test
    void anArchiveInBase64IsMaskedAsTheTextInIt() throws Exception {
        Path etc = Files.createDirectories(dir.resolve("bundle"));
        Files.writeString(etc.resolve("app.env"), "admin_contact = ops@example.com\naws_key = AKIAIOSFODNN7EXAMPLE\n");
        Files.write(etc.resolve("old.env.gz"), AwsContentEncodingTest.gzip("aws_key = AKIAIOSFODNN7EXAMPLE\n".getBytes(StandardCharsets.UTF_8)));
        Path tgz = dir.resolve("bundle.tar.gz");
        Path tar = dir.resolve("bundle.tar");
        Path nested = dir.resolve("nested.tar.gz");
        assertEquals(0, new ProcessBuilder("tar", "czf", tgz.toString(), "-C", etc.toString(), "app.env").start().waitFor());
        assertEquals(0, new ProcessBuilder("tar", "cf", tar.toString(), "-C", etc.toString(), "app.env").start().waitFor());
        assertEquals(0, new ProcessBuilder("tar", "czf", nested.toString(), "-C", etc.toString(), "old.env.gz").start().waitFor());
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        String doc = "bundle: " + b64.encodeToString(Files.readAllBytes(tgz)) + "\nraw: " + b64.encodeToString(Files.readAllBytes(tar))
                + "\nnested: " + b64.encodeToString(Files.readAllBytes(nested)) + "\n";
        fixture.s3.put("dev-bucket", "bundle.yaml", doc.getBytes(StandardCharsets.US_ASCII));
        Path back = dir.resolve("bundle.yaml");
        var get = AwsProxyEndToEndTest.aws(dir, env, "s3api", "get-object", "--bucket", "dev-bucket", "--key", "bundle.yaml", back.toString());
        assertEquals(0, get.exit(), get.err());
        List<String> lines = Files.readAllLines(back);
        assertEquals(3, lines.size(), lines.toString());
        byte[] bundle = java.util.Base64.getDecoder().decode(lines.get(0).substring("bundle: ".length()));
        assertFalse(leaks(AwsContentEncodingTest.gunzip(bundle)), "bundle.tar.gz");
        byte[] raw = java.util.Base64.getDecoder().decode(lines.get(1).substring("raw: ".length()));
        assertFalse(leaks(raw), "bundle.tar");
        assertTrue(new String(raw, StandardCharsets.ISO_8859_1).contains("[EMAIL]"), "the tar's text is masked where it stands");
        assertEquals("nested: [COMPRESSED]", lines.get(2));
    }
}
