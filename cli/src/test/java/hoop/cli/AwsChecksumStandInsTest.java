package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S3 checksums are digests of an object's bytes, as its ETag is: beside a masked body a CRC32 of a short secret is
 * solved outright. HeadObject with checksum mode and GetObjectAttributes showed them as the service gave them; they
 * are keyed stand-ins of the same shape now, the same through the proxy and through `hoop exec`. The S3-compatible
 * server that runs here (s3proxy) returns no checksums: a local double answers these two calls as S3 does.
 */
class AwsChecksumStandInsTest {
    static final String CRC32 = "gpIULA==";
    static final String SHA256 = "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=";
    static final String MD5 = "9109c57a1839ee59dec2f09d583874d0";

    @TempDir
    Path dir;

    static HttpServer upstream() throws Exception {
        HttpServer s3 = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s3.createContext("/", ex -> {
            String query = String.valueOf(ex.getRequestURI().getRawQuery());
            if (ex.getRequestMethod().equals("HEAD")) {
                ex.getResponseHeaders().set("ETag", "\"" + MD5 + "\"");
                ex.getResponseHeaders().set("Content-Type", "text/plain");
                ex.getResponseHeaders().set("Last-Modified", "Wed, 02 Dec 2026 10:00:00 GMT");
                ex.getResponseHeaders().set("x-amz-checksum-crc32", CRC32);
                ex.getResponseHeaders().set("x-amz-checksum-type", "FULL_OBJECT");
                ex.sendResponseHeaders(200, -1);
                ex.close();
            } else if (query.contains("attributes")) {
                AwsFixture.reply(ex, 200, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                        + "<GetObjectAttributesResponse xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><ETag>" + MD5 + "</ETag>"
                        + "<Checksum><ChecksumSHA256>" + SHA256 + "</ChecksumSHA256><ChecksumType>FULL_OBJECT</ChecksumType></Checksum>"
                        + "<ObjectSize>21</ObjectSize></GetObjectAttributesResponse>");
            } else {
                AwsFixture.reply(ex, 404, "application/xml", "<Error><Code>NoSuchKey</Code><Message>none</Message></Error>");
            }
        });
        s3.start();
        return s3;
    }

    @Test
    void checksumsOfAnObjectAreStandInsThroughTheProxyAndExec() throws Exception {
        HttpServer s3 = upstream();
        String url = "http://127.0.0.1:" + s3.getAddress().getPort();
        try (AwsFixture fixture = new AwsFixture(dir.resolve("home"), "", yaml -> AwsFixture.endpoint(yaml, url))) {
            Map<String, String> env = AwsFixture.env(fixture.connect());
            String[] head = {"s3api", "head-object", "--bucket", "dev-bucket", "--key", "owner.txt", "--checksum-mode", "ENABLED"};
            String[] attributes = {"s3api", "get-object-attributes", "--bucket", "dev-bucket", "--key", "owner.txt",
                    "--object-attributes", "Checksum", "ETag"};
            var proxiedHead = AwsProxyEndToEndTest.aws(dir, env, head);
            var proxiedAttributes = AwsProxyEndToEndTest.aws(dir, env, attributes);
            var execHead = fixture.gw.hoop(exec(head));
            var execAttributes = fixture.gw.hoop(exec(attributes));
            for (var r : List.of(proxiedHead, proxiedAttributes)) assertEquals(0, r.exit(), r.out() + r.err());
            for (var r : List.of(execHead, execAttributes)) assertEquals(0, r.exit(), r.out() + r.err());
            for (String out : List.of(proxiedHead.out(), proxiedAttributes.out(), execHead.out(), execAttributes.out())) {
                assertFalse(out.contains(CRC32) || out.contains(SHA256) || out.contains(MD5), out);
            }
            String crc = hoop.core.StandIns.checksum(CRC32, 4), sha = hoop.core.StandIns.checksum(SHA256, 32);
            assertTrue(proxiedHead.out().contains("\"ChecksumCRC32\": \"" + crc + "\""), proxiedHead.out());
            assertTrue(proxiedAttributes.out().contains("\"ChecksumSHA256\": \"" + sha + "\""), proxiedAttributes.out());
            // hoop exec's own stand-ins (DigestStandIns) agree with the proxy's.
            assertTrue(execHead.out().contains("\"ChecksumCRC32\": \"" + crc + "\""), execHead.out());
            assertTrue(execAttributes.out().contains("\"ChecksumSHA256\": \"" + sha + "\""), execAttributes.out());
        } finally {
            s3.stop(0);
        }
    }

    private static String[] exec(String... argv) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of("exec", "aws-dev", "--"), java.util.stream.Stream.of(argv))
                .toArray(String[]::new);
    }
}
