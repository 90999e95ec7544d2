package hoop.protocol.awshttp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** A body that names its call is named by the bytes the service reads: plain, inflated, or refused. */
class NamingBodyTest {
    static final byte[] FORM = "Action=DeleteQueue&QueueUrl=q".getBytes(StandardCharsets.UTF_8);

    static Map<String, List<String>> headers(String... kv) {
        Map<String, List<String>> h = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) h.computeIfAbsent(kv[i], k -> new java.util.ArrayList<>()).add(kv[i + 1]);
        return h;
    }

    static byte[] gzip(byte[] b) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    @Test
    void aPlainBodyIsNamedAsItCame() {
        for (var h : List.of(headers(), headers("content-type", "application/x-www-form-urlencoded; charset=utf-8"),
                headers("content-encoding", "identity"), headers("content-type", "application/x-amz-json-1.0"))) {
            var plain = NamingBody.of(FORM, h, "UNSIGNED-PAYLOAD", 1 << 20);
            assertSame(FORM, plain.body());
            assertFalse(plain.decoded());
        }
    }

    @Test
    void aCompressedBodyIsNamedAndSentAsWhatItInflatesTo() throws Exception {
        var plain = NamingBody.of(gzip(FORM), headers("content-encoding", "gzip", "content-type", "application/x-www-form-urlencoded"), null, 1 << 20);
        assertArrayEquals(FORM, plain.body());
        assertTrue(plain.decoded() && !plain.headers().containsKey("content-encoding") && plain.headers().containsKey("content-type"));
        byte[] bomb = gzip(new byte[2 << 20]);
        assertThrows(IllegalArgumentException.class, () -> NamingBody.of(bomb, headers("content-encoding", "gzip"), null, 1 << 20));
    }

    @Test
    void whatHoopCannotReadAsTheServiceDoesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> NamingBody.of(FORM, headers(), "STREAMING-UNSIGNED-PAYLOAD-TRAILER", 1 << 20));
        assertThrows(IllegalArgumentException.class, () -> NamingBody.of(FORM, headers(), "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", 1 << 20));
        for (var h : List.of(headers("content-encoding", "aws-chunked"), headers("content-encoding", "br"),
                headers("content-encoding", "gzip", "content-encoding", "gzip"), headers("content-encoding", "gzip, br"),
                headers("content-type", "application/x-www-form-urlencoded; charset=utf-16"),
                headers("content-type", "application/x-www-form-urlencoded;charset=\"UTF-16LE\""))) {
            assertThrows(IllegalArgumentException.class, () -> NamingBody.of(FORM, h, null, 1 << 20), h.toString());
        }
    }
}
