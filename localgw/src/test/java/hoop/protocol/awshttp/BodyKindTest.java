package hoop.protocol.awshttp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Which bodies are masked, and as what: text in UTF-8, an 8-bit encoding, UTF-16 or UTF-32; binary passes byte-exact. */
class BodyKindTest {
    private static BodyKind of(String type, byte[] b) {
        return BodyKind.of(type, b, b.length);
    }

    @Test
    void textIsKnownInTheEncodingsPeopleExportIn() {
        assertEquals(BodyKind.TEXT, of(null, "plain ops@example.com\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(BodyKind.TEXT, of(null, "caf\u00e9 cr\u00e8me\n".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(BodyKind.UTF16LE, of(null, "\uFEFFa,b\r\n".getBytes(StandardCharsets.UTF_16LE)));
        assertEquals(BodyKind.UTF16BE, of(null, "\uFEFFa,b\r\n".getBytes(StandardCharsets.UTF_16BE)));
        assertEquals(BodyKind.UTF16LE, of(null, "no byte order mark, ops@example.com".getBytes(StandardCharsets.UTF_16LE)));
        assertEquals(BodyKind.UTF16BE, of(null, "no byte order mark, ops@example.com".getBytes(StandardCharsets.UTF_16BE)));
        assertEquals(BodyKind.UTF16LE, of("text/csv; charset=UTF-16", "a,b".getBytes(StandardCharsets.UTF_16LE)));
        assertEquals(BodyKind.TEXT, of("application/json", new byte[] {0, 1, 2}));
    }

    /** UTF-32 was binary (three NULs beside each letter, no run of text), and so was its byte order mark read as UTF-16's. */
    @Test
    void utf32IsTextToo() {
        java.nio.charset.Charset le = java.nio.charset.Charset.forName("UTF-32LE"), be = java.nio.charset.Charset.forName("UTF-32BE");
        assertEquals(BodyKind.UTF32LE, of(null, "\uFEFFa,b\r\n".getBytes(le)));
        assertEquals(BodyKind.UTF32BE, of(null, "\uFEFFa,b\r\n".getBytes(be)));
        assertEquals(BodyKind.UTF32LE, of(null, "no byte order mark, ops@example.com".getBytes(le)));
        assertEquals(BodyKind.UTF32BE, of("application/octet-stream", "no byte order mark, ops@example.com".getBytes(be)));
        // Small numbers as int32 are no letters.
        java.nio.ByteBuffer counts = java.nio.ByteBuffer.allocate(400).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 100; i++) counts.putInt(i % 16);
        assertEquals(BodyKind.BINARY, of(null, counts.array()));
    }

    /** A charset in the type is the asker's word (?response-content-type=): the bytes decide whether and how it is UTF-16. */
    @Test
    void aUtf16CharsetIsBelievedOnlyWhereTheBytesAreUtf16() {
        byte[] utf8 = "alice@example.com\nbob@example.org\n".getBytes(StandardCharsets.UTF_8);
        for (String type : new String[] {"text/plain; charset=utf-16be", "text/plain; charset=utf-16", "text/plain; charset=utf-16le"}) {
            assertEquals(BodyKind.TEXT, of(type, utf8), type);
            assertEquals(BodyKind.UTF16LE, of(type, "a,b".getBytes(StandardCharsets.UTF_16LE)), type);
            assertEquals(BodyKind.UTF16BE, of(type, "a,b".getBytes(StandardCharsets.UTF_16BE)), type);
        }
    }

    @Test
    void binaryStaysBinary() {
        Random r = new Random(1);
        byte[] big = new byte[64 << 10];
        r.nextBytes(big);
        assertEquals(BodyKind.BINARY, of(null, big));
        assertEquals(BodyKind.BINARY, of("application/octet-stream", big));
        for (int i = 0; i < 200; i++) {
            byte[] small = new byte[120];
            r.nextBytes(small);
            for (int k = 0; k < small.length; k++) if (small[k] == 0) small[k] = 1;  // no NUL: control bytes still tell
            assertEquals(BodyKind.BINARY, of(null, small));
        }
        assertEquals(BodyKind.BINARY, of(null, new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0}));
    }
}
