package hoop.protocol.awshttp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrailerDecoderTest {
    private static final byte[] CHECK = "123456789".getBytes(StandardCharsets.US_ASCII);

    private static long crc(String trailer, byte[] data) {
        TrailerChecksum c = TrailerChecksum.forTrailer(trailer);
        c.update(data, 0, data.length);
        long v = 0;
        for (byte b : c.result()) v = (v << 8) | (b & 0xff);
        return v;
    }

    @Test
    void checksumsMatchTheirCatalogueCheckValues() {
        assertEquals(0xcbf43926L, crc("x-amz-checksum-crc32", CHECK));
        assertEquals(0xe3069283L, crc("x-amz-checksum-crc32c", CHECK));
        assertEquals(0xae8b14860a799888L, crc("x-amz-checksum-crc64nvme", CHECK));
        assertEquals(null, TrailerChecksum.forTrailer("x-amz-meta-x"));
    }

    private static byte[] unsignedBody(byte[] data, int chunk, String trailerValue) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (int off = 0; off < data.length; off += chunk) {
            int n = Math.min(chunk, data.length - off);
            o.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            o.write(data, off, n);
            o.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        o.writeBytes(("0\r\nx-amz-checksum-crc32c:" + trailerValue + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return o.toByteArray();
    }

    private static String crc32c(byte[] data) {
        TrailerChecksum c = TrailerChecksum.forTrailer("x-amz-checksum-crc32c");
        c.update(data, 0, data.length);
        return c.value();
    }

    /** One byte per read, as a slow client delivers it. */
    private static InputStream trickle(byte[] b) {
        return new FilterInputStream(new ByteArrayInputStream(b)) {
            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                return super.read(buf, off, Math.min(1, len));
            }
        };
    }

    @Test
    void decodesUnsignedChunksFedOneByteAtATime() throws Exception {
        byte[] data = new byte[70_001];
        new java.util.Random(3).nextBytes(data);
        var d = new TrailerDecoder(trickle(unsignedBody(data, 8192, crc32c(data))), null, null, null, List.of("x-amz-checksum-crc32c"), data.length);
        assertArrayEquals(data, d.readAllBytes());
    }

    @Test
    void aWrongChecksumFailsBeforeTheLastChunkIsReleased() throws Exception {
        byte[] data = new byte[20_000];
        new java.util.Random(4).nextBytes(data);
        var d = new TrailerDecoder(new ByteArrayInputStream(unsignedBody(data, 8192, crc32c(new byte[1]))), null, null, null,
                List.of("x-amz-checksum-crc32c"), data.length);
        byte[] got = new byte[data.length];
        int n = d.readNBytes(got, 0, 16384);
        assertEquals(16384, n);
        IOException e = assertThrows(IOException.class, () -> d.read(got, n, got.length - n));
        assertTrue(e.getMessage().startsWith("BadDigest: "), e.getMessage());
    }

    @Test
    void aLengthOtherThanDeclaredOrAMissingTrailerFails() {
        byte[] data = new byte[100];
        var longer = new TrailerDecoder(new ByteArrayInputStream(unsignedBody(data, 64, crc32c(data))), null, null, null,
                List.of("x-amz-checksum-crc32c"), 99);
        assertTrue(assertThrows(IOException.class, longer::readAllBytes).getMessage().startsWith("IncompleteBody: "));
        var other = new TrailerDecoder(new ByteArrayInputStream(unsignedBody(data, 64, crc32c(data))), null, null, null,
                List.of("x-amz-checksum-crc32"), 100);
        assertTrue(assertThrows(IOException.class, other::readAllBytes).getMessage().startsWith("InvalidRequest: "));
    }
}
