package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Answers hoop must undo to read (a Content-Encoding, event stream framing). A compressed body is no text to the
 * masker, so it passed as binary and the
 * client inflated it unmasked. An S3 object stored with Content-Encoding gzip (s3proxy keeps it, as S3 does) is
 * masked as the text it inflates to and comes back gzip; a client asking an API for gzip (curl --compressed) no
 * longer gets it, since hoop asks the upstream for identity; an encoding hoop cannot read is refused. The API
 * cases use a small double answering as Secrets Manager's JSON protocol does (it cannot run here), compressing when
 * asked as AWS front ends do.
 */
class AwsContentEncodingTest {
    static final String TEXT = "contact ops@example.com key sk_live_0123456789abcdef\n";

    @TempDir
    Path dir;
    AwsFixture fixture;
    HttpServer api;

    @AfterEach
    void stop() throws Exception {
        if (fixture != null) fixture.close();
        if (api != null) api.stop(0);
    }

    static byte[] gzip(byte[] b) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] b) throws Exception {
        try (GZIPInputStream z = new GZIPInputStream(new ByteArrayInputStream(b))) {
            return z.readAllBytes();
        }
    }

    /** The aws connection pointed at the service double (this::answer); a session's AWS_* variables. */
    private Map<String, String> throughApiDouble() throws Exception {
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", this::answer);
        api.start();
        String endpoint = "http://127.0.0.1:" + api.getAddress().getPort();
        fixture = new AwsFixture(dir.resolve("home"), "", yaml -> AwsFixture.endpoint(yaml, endpoint));
        return AwsFixture.env(fixture.connect());
    }

    @Test
    void aGzipObjectIsMaskedAsTheTextItHoldsAndStaysGzip() throws Exception {
        fixture = new AwsFixture(dir.resolve("home"));
        Map<String, String> env = AwsFixture.env(fixture.connect());
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 5_000; i++) big.append("line ").append(i).append(' ').append(TEXT);
        Path gz = dir.resolve("notes.txt.gz");
        Files.write(gz, gzip(big.toString().getBytes(StandardCharsets.UTF_8)));
        var put = AwsProxyEndToEndTest.aws(dir, env, "s3api", "put-object", "--bucket", "dev-bucket", "--key", "notes.txt",
                "--body", gz.toString(), "--content-encoding", "gzip", "--content-type", "text/plain");
        assertEquals(0, put.exit(), put.err());
        Path back = dir.resolve("back.gz");
        var get = AwsProxyEndToEndTest.aws(dir, env, "s3api", "get-object", "--bucket", "dev-bucket", "--key", "notes.txt", back.toString());
        assertEquals(0, get.exit(), get.err());
        assertTrue(get.out().contains("\"ContentEncoding\": \"gzip\""), get.out());
        byte[] got = Files.readAllBytes(back);
        assertEquals(0x1f, got[0] & 0xff, "still gzip, as stored");
        String text = new String(gunzip(got), StandardCharsets.UTF_8);
        assertEquals(big.toString().replace("ops@example.com", "[EMAIL]").replace("sk_live_0123456789abcdef", "[API_SECRET]"), text);

        // A gzip file (a CloudTrail-style .json.gz: no Content-Encoding, the CLI names it application/json) is read
        // as what it inflates to as well; a range of one (here typed application/gzip) is refused, not passed.
        Path trail = dir.resolve("trail.json.gz");
        Files.write(trail, gzip(big.toString().getBytes(StandardCharsets.UTF_8)));
        assertEquals(0, AwsProxyEndToEndTest.aws(dir, env, "s3", "cp", trail.toString(), "s3://dev-bucket/logs/trail.json.gz").exit());
        Path trailBack = dir.resolve("trail.back.gz");
        var cp = AwsProxyEndToEndTest.aws(dir, env, "s3", "cp", "s3://dev-bucket/logs/trail.json.gz", trailBack.toString());
        assertEquals(0, cp.exit(), cp.err());
        assertEquals(text, new String(gunzip(Files.readAllBytes(trailBack)), StandardCharsets.UTF_8));
        // hoop exec: the CLI writes the gzip file to stdout, which is masked as the text it inflates to as well.
        byte[] piped = fixture.gw.hoopStdout("exec", "aws-dev", "--", "s3", "cp", "s3://dev-bucket/logs/trail.json.gz", "-");
        assertEquals(text, new String(gunzip(piped), StandardCharsets.UTF_8));
        assertEquals(0, AwsProxyEndToEndTest.aws(dir, env, "s3api", "put-object", "--bucket", "dev-bucket", "--key", "logs/typed.gz",
                "--body", trail.toString(), "--content-type", "application/gzip").exit());
        var range = AwsProxyEndToEndTest.aws(dir, env, "s3api", "get-object", "--bucket", "dev-bucket", "--key", "logs/typed.gz",
                "--range", "bytes=0-99", dir.resolve("part").toString());
        assertEquals(254, range.exit(), range.err());
        assertTrue(range.err().contains("AccessDenied"), range.err());

        // A binary object under gzip comes back gzip, inflating to the bytes stored (its text masked in place).
        byte[] random = new byte[200_000];
        new java.util.Random(3).nextBytes(random);
        Path bin = dir.resolve("blob.gz");
        Files.write(bin, gzip(random));
        assertEquals(0, AwsProxyEndToEndTest.aws(dir, env, "s3api", "put-object", "--bucket", "dev-bucket", "--key", "blob",
                "--body", bin.toString(), "--content-encoding", "gzip").exit());
        Path binBack = dir.resolve("blob.back");
        assertEquals(0, AwsProxyEndToEndTest.aws(dir, env, "s3api", "get-object", "--bucket", "dev-bucket", "--key", "blob",
                binBack.toString()).exit());
        assertArrayEquals(random, gunzip(Files.readAllBytes(binBack)));
    }

    /**
     * A gzip whose content is binary (a .tar.gz of config files) passed as the compressed bytes it came as, which no
     * detector reads: every secret in the archive reached the client. What it inflates to is masked in place, as an
     * uncompressed tar is, so it is still an archive whose members hold their masked text; so is a tar the writer
     * stored under Content-Encoding: gzip.
     */
    @Test
    void aCompressedArchiveIsMaskedAsTheTextInItAndStaysAnArchive() throws Exception {
        fixture = new AwsFixture(dir.resolve("home"));
        Map<String, String> env = AwsFixture.env(fixture.connect());
        Path etc = Files.createDirectories(dir.resolve("etc"));
        String conf = "# settings of the billing service, one per line\nadmin_contact = ops@example.com\n"
                + "aws_key = AKIAIOSFODNN7EXAMPLE\nstripe = sk_live_0123456789abcdef\n";
        Files.writeString(etc.resolve("app.conf"), conf);
        Path tgz = dir.resolve("backup.tar.gz");
        assertEquals(0, AwsProxyEndToEndTest.run(dir, Map.of(), List.of("tar", "czf", tgz.toString(), "-C", etc.toString(), "app.conf")).exit());
        assertEquals(0, AwsProxyEndToEndTest.aws(dir, env, "s3", "cp", tgz.toString(), "s3://dev-bucket/backup.tar.gz").exit());
        assertEquals(0, AwsProxyEndToEndTest.aws(dir, env, "s3api", "put-object", "--bucket", "dev-bucket", "--key", "backup.tar",
                "--body", tgz.toString(), "--content-encoding", "gzip").exit());
        for (String key : List.of("backup.tar.gz", "backup.tar")) {
            Path back = dir.resolve(key + ".back");
            var get = AwsProxyEndToEndTest.aws(dir, env, "s3api", "get-object", "--bucket", "dev-bucket", "--key", key, back.toString());
            assertEquals(0, get.exit(), get.err());
            Path out = Files.createDirectories(dir.resolve("out-" + key));
            var untar = AwsProxyEndToEndTest.run(dir, Map.of(), List.of("tar", "xzf", back.toString(), "-C", out.toString()));
            assertEquals(0, untar.exit(), key + ": " + untar.err());
            String got = Files.readString(out.resolve("app.conf"));
            for (String secret : List.of("ops@example.com", "AKIAIOSFODNN7EXAMPLE", "sk_live_0123456789abcdef")) {
                assertFalse(got.contains(secret), key + " held " + secret + ": " + got);
            }
            assertTrue(got.startsWith("# settings of the billing service") && got.length() == conf.length(), got);
        }
    }

    @Test
    void anApiAnswerIsNotCompressedForTheClientAndAnEncodingHoopCannotReadIsRefused() throws Exception {
        Map<String, String> env = throughApiDouble();

        var gz = curl(env, "{\"SecretId\":\"notes\"}");
        assertEquals(0, gz.exit(), gz.err());
        assertTrue(gz.out().contains("contact [EMAIL] key [API_SECRET]"), gz.out());
        assertFalse(gz.out().contains("ops@example.com"), gz.out());

        var br = curl(env, "{\"SecretId\":\"brotli\"}");
        assertTrue(br.out().contains("AccessDenied") && br.out().contains("Content-Encoding br"), br.out() + br.err());
        assertFalse(TestDb.contains(fixture.gw, "ops@example.com"));
    }

    /** curl signs with the session's pseudo credential, asks for any compression and inflates what it gets. */
    private AwsProxyEndToEndTest.Proc curl(Map<String, String> env, String body) throws Exception {
        return AwsProxyEndToEndTest.run(dir, env, List.of("curl", "-sS", "--compressed", "--aws-sigv4", "aws:amz:us-east-1:secretsmanager",
                "--user", env.get("AWS_ACCESS_KEY_ID") + ":" + env.get("AWS_SECRET_ACCESS_KEY"),
                "-H", "X-Amz-Target: secretsmanager.GetSecretValue", "-H", "Content-Type: application/x-amz-json-1.1",
                "--data-raw", body, env.get("AWS_ENDPOINT_URL") + "/"));
    }

    /**
     * Lambda's InvokeWithResponseStream answers in event stream frames (length, headers, payload, CRCs): passed as
     * binary, the function's output reached the client unread. It is refused in the call's own error shape.
     */
    @Test
    void anEventStreamAnswerIsRefused() throws Exception {
        Map<String, String> env = throughApiDouble();
        var stream = AwsProxyEndToEndTest.run(dir, env, List.of("curl", "-sS", "--aws-sigv4", "aws:amz:us-east-1:lambda",
                "--user", env.get("AWS_ACCESS_KEY_ID") + ":" + env.get("AWS_SECRET_ACCESS_KEY"), "--data-raw", "{}",
                env.get("AWS_ENDPOINT_URL") + "/2021-11-15/functions/greeter/response-streaming-invocations"));
        assertEquals(0, stream.exit(), stream.err());
        assertFalse(stream.out().contains("ops@example.com"), stream.out());
        assertTrue(stream.out().contains("AccessDeniedException") && stream.out().contains("event stream"), stream.out());
    }

    /**
     * Kinesis through an SDK speaking CBOR (application/x-amz-cbor-1.1): a record's Data is raw bytes behind a length
     * prefix and MillisBehindLatest 0 is a NUL byte, so the answer was binary and the record went out as put. It is
     * masked string by string, with its length written anew (0x52: a byte string of 18).
     */
    @Test
    void aCborAnswerIsMaskedStringByString() throws Exception {
        Map<String, String> env = throughApiDouble();
        var records = AwsProxyEndToEndTest.run(dir, env, List.of("curl", "-sS", "--aws-sigv4", "aws:amz:us-east-1:kinesis",
                "--user", env.get("AWS_ACCESS_KEY_ID") + ":" + env.get("AWS_SECRET_ACCESS_KEY"),
                "-H", "X-Amz-Target: Kinesis_20131202.GetRecords", "-H", "Content-Type: application/x-amz-cbor-1.1",
                "--data-raw", "{}", env.get("AWS_ENDPOINT_URL") + "/"));
        assertEquals(0, records.exit(), records.err());
        assertFalse(records.out().contains("ops@example.com"), records.out());
        assertTrue(records.out().contains("Rwritten by [EMAIL]"), records.out());
    }

    /** One event stream message: prelude (total and headers length, CRC), headers, payload, message CRC. */
    static byte[] eventMessage(String eventType, byte[] payload) {
        java.io.ByteArrayOutputStream h = new java.io.ByteArrayOutputStream();
        for (String[] kv : new String[][] {{":message-type", "event"}, {":event-type", eventType}}) {
            h.write(kv[0].length());
            h.writeBytes(kv[0].getBytes(StandardCharsets.US_ASCII));
            h.write(7);
            h.write(0);
            h.write(kv[1].length());
            h.writeBytes(kv[1].getBytes(StandardCharsets.US_ASCII));
        }
        byte[] headers = h.toByteArray();
        int total = 12 + headers.length + payload.length + 4;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(total);
        b.putInt(total).putInt(headers.length);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b.array(), 0, 8);
        b.putInt((int) crc.getValue()).put(headers).put(payload);
        crc.reset();
        crc.update(b.array(), 0, total - 4);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    private void answer(HttpExchange ex) throws java.io.IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (String.valueOf(ex.getRequestHeaders().getFirst("X-Amz-Target")).endsWith("GetRecords")) {
            byte[] data = "written by ops@example.com".getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream cbor = new ByteArrayOutputStream();
            cbor.write(0xA2);
            cbor.write(0x67);
            cbor.writeBytes("Records".getBytes(StandardCharsets.UTF_8));
            cbor.write(0x81);
            cbor.write(0xA1);
            cbor.write(0x64);
            cbor.writeBytes("Data".getBytes(StandardCharsets.UTF_8));
            cbor.write(0x58);  // a byte string, its length in the next byte
            cbor.write(data.length);
            cbor.writeBytes(data);
            cbor.write(0x72);
            cbor.writeBytes("MillisBehindLatest".getBytes(StandardCharsets.UTF_8));
            cbor.write(0x00);
            byte[] b = cbor.toByteArray();
            ex.getResponseHeaders().set("Content-Type", "application/x-amz-cbor-1.1");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
            return;
        }
        if (ex.getRequestURI().getPath().endsWith("/response-streaming-invocations")) {
            byte[] frame = eventMessage("PayloadChunk", ("{\"greeting\":\"hello " + "ops@example.com\"}").getBytes(StandardCharsets.UTF_8));
            ex.getResponseHeaders().set("Content-Type", "application/vnd.amazon.eventstream");
            ex.sendResponseHeaders(200, frame.length);
            ex.getResponseBody().write(frame);
            ex.close();
            return;
        }
        String reply = "{\"Name\":\"notes\",\"SecretString\":\"" + TEXT.trim() + "\"}";
        byte[] b = reply.getBytes(StandardCharsets.UTF_8);
        String accept = String.valueOf(ex.getRequestHeaders().getFirst("Accept-Encoding"));
        try {
            if (body.contains("brotli")) {
                ex.getResponseHeaders().set("Content-Encoding", "br");
                b = new byte[] {0x1b, 0x33, 0x00, (byte) 0xf8, 0x25, 0x04, 0x11, 0x55};
            } else if (accept.contains("gzip")) {
                ex.getResponseHeaders().set("Content-Encoding", "gzip");
                b = gzip(b);
            }
        } catch (Exception e) {
            throw new java.io.IOException(e);
        }
        ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }
}
