package hoop.protocol.awshttp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hoop.core.SigV4;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AwsChunkedDecoderTest {
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
        var d = new AwsChunkedDecoder(trickle(unsignedBody(data, 8192, crc32c(data))), null, null, false, List.of("x-amz-checksum-crc32c"), data.length);
        assertArrayEquals(data, d.readAllBytes());
    }

    @Test
    void aWrongChecksumFailsBeforeTheLastChunkIsReleased() throws Exception {
        byte[] data = new byte[20_000];
        new java.util.Random(4).nextBytes(data);
        var d = new AwsChunkedDecoder(new ByteArrayInputStream(unsignedBody(data, 8192, crc32c(new byte[1]))), null, null, false,
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
        var longer = new AwsChunkedDecoder(new ByteArrayInputStream(unsignedBody(data, 64, crc32c(data))), null, null, false,
                List.of("x-amz-checksum-crc32c"), 99);
        assertTrue(assertThrows(IOException.class, longer::readAllBytes).getMessage().startsWith("IncompleteBody: "));
        var other = new AwsChunkedDecoder(new ByteArrayInputStream(unsignedBody(data, 64, crc32c(data))), null, null, false,
                List.of("x-amz-checksum-crc32"), 100);
        assertTrue(assertThrows(IOException.class, other::readAllBytes).getMessage().startsWith("InvalidRequest: "));
    }

    /** Signed chunks without a trailer, as SDKs send over plain HTTP; tamper: a chunk changed after signing, or -1. */
    private static byte[] signedBody(byte[] data, int chunk, SigV4.ChunkChain chain, String seed, int tamper, String afterFinal) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        String prev = seed;
        for (int off = 0, k = 0; ; off += chunk, k++) {
            int n = Math.max(0, Math.min(chunk, data.length - off));
            byte[] part = java.util.Arrays.copyOfRange(data, Math.min(off, data.length), Math.min(off, data.length) + n);
            prev = chain.chunk(prev, AwsChunked.sha256(part));
            if (k == tamper) part[n / 2] ^= 1;
            o.writeBytes((Integer.toHexString(n) + AwsChunked.SIGNATURE + prev + "\r\n").getBytes(StandardCharsets.US_ASCII));
            if (n == 0) break;
            o.writeBytes(part);
            o.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        o.writeBytes((afterFinal + "\r\n").getBytes(StandardCharsets.US_ASCII));
        return o.toByteArray();
    }

    private static final String SEED = "0".repeat(64);

    private static SigV4.ChunkChain chain() {
        return new hoop.credentials.SigV4Signer().chunkChain("secret", "20261129T000000Z", "20261129/us-east-1/s3/aws4_request");
    }

    private static AwsChunkedDecoder signedDecoder(byte[] body, SigV4.ChunkChain chain, long length) {
        return new AwsChunkedDecoder(new ByteArrayInputStream(body), SEED, chain, false, List.of(), length);
    }

    @Test
    void signedChunksWithoutATrailerDecodeToThePlainBytes() throws Exception {
        byte[] data = new byte[200_001];
        new java.util.Random(5).nextBytes(data);
        SigV4.ChunkChain chain = chain();
        assertArrayEquals(data, signedDecoder(signedBody(data, 65536, chain, SEED, -1, ""), chain, data.length).readAllBytes());
        assertArrayEquals(new byte[0], signedDecoder(signedBody(new byte[0], 65536, chain, SEED, -1, ""), chain, 0).readAllBytes());
    }

    /** The last data chunk is the one that could reach the upstream whole: it waits for the final chunk's signature. */
    @Test
    void aTamperedLastChunkFailsBeforeItIsReleased() throws Exception {
        byte[] data = new byte[150_000];
        new java.util.Random(6).nextBytes(data);
        SigV4.ChunkChain chain = chain();
        var d = signedDecoder(signedBody(data, 65536, chain, SEED, 2, ""), chain, data.length);
        byte[] got = new byte[data.length];
        assertEquals(131072, d.readNBytes(got, 0, 131072));
        IOException e = assertThrows(IOException.class, () -> d.read(got, 131072, got.length - 131072));
        assertTrue(e.getMessage().startsWith("SignatureDoesNotMatch: "), e.getMessage());
        // A final chunk signed out of the chain (here: from another seed) fails the same way.
        byte[] other = signedBody(data, 65536, chain, "1".repeat(64), -1, "");
        var replayed = new AwsChunkedDecoder(new ByteArrayInputStream(other), SEED, chain, false, List.of(), data.length);
        assertTrue(assertThrows(IOException.class, replayed::readAllBytes).getMessage().startsWith("SignatureDoesNotMatch: "));
    }

    @Test
    void aTrailerAfterSignedChunksThatDeclaredNoneFails() {
        byte[] data = new byte[1000];
        SigV4.ChunkChain chain = chain();
        var withTrailer = signedDecoder(signedBody(data, 512, chain, SEED, -1, "x-amz-checksum-crc32:AAAAAA==\r\n"), chain, data.length);
        assertTrue(assertThrows(IOException.class, withTrailer::readAllBytes).getMessage().startsWith("InvalidRequest: "));
        var withSignature = signedDecoder(signedBody(data, 512, chain, SEED, -1, "x-amz-trailer-signature:" + "a".repeat(64) + "\r\n"), chain,
                data.length);
        assertTrue(assertThrows(IOException.class, withSignature::readAllBytes).getMessage().contains("trailer signature without a trailer"));
    }
}
