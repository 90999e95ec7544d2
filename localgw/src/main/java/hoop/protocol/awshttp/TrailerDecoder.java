package hoop.protocol.awshttp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decodes an aws-chunked body with trailing headers (STREAMING-UNSIGNED-PAYLOAD-TRAILER, or
 * STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER with signed chunks and a signed trailer) into the plain object
 * bytes. Each chunk signature and the trailer signature are checked against the client's chain, and the
 * checksum the trailer carries against the bytes received. The last data chunk is held back until the trailer
 * is checked: a body whose checksum or signature is wrong never reaches the upstream whole.
 */
final class TrailerDecoder extends RangeInputStream {
    private static final byte[] EMPTY = new byte[0];

    /** Signs the canonical trailers' hash, chained from the final chunk's signature. */
    interface TrailerChain {
        String sign(String previous, byte[] trailersSha256);
    }

    private final InputStream in;
    private final ChunkResigner.Chain chunks;
    private final TrailerChain trailer;
    private final Map<String, TrailerChecksum> declared = new TreeMap<>();
    private final long decodedLength;
    private String prev;
    private long total;
    private boolean done;
    private boolean started;
    private int nextSize;
    private String nextSig;

    /**
     * chunks and trailer null: unsigned chunks and trailer. declaredTrailers: the x-amz-trailer names, each a
     * checksum TrailerChecksum knows (the caller refuses others).
     */
    TrailerDecoder(InputStream in, String seed, ChunkResigner.Chain chunks, TrailerChain trailer, List<String> declaredTrailers,
                   long decodedLength) {
        this.in = in;
        this.prev = seed;
        this.chunks = chunks;
        this.trailer = trailer;
        this.decodedLength = decodedLength;
        for (String t : declaredTrailers) declared.put(t, TrailerChecksum.forTrailer(t));
    }

    long decodedLength() {
        return decodedLength;
    }

    boolean signed() {
        return chunks != null;
    }

    @Override
    protected boolean next() throws IOException {
        if (done) return false;
        advance();
        return true;
    }

    private void advance() throws IOException {
        if (!started) {
            started = true;
            header();
        }
        if (nextSize == 0) {
            finish();
            serve(EMPTY, 0, 0);
            return;
        }
        byte[] data = new byte[nextSize];
        if (in.readNBytes(data, 0, nextSize) != nextSize || !AwsChunked.line(in).isEmpty()) throw new IOException("truncated aws-chunked body");
        check(data);
        total += data.length;
        if (total > decodedLength) throw new IOException("IncompleteBody: the body is longer than x-amz-decoded-content-length");
        for (TrailerChecksum c : declared.values()) c.update(data, 0, data.length);
        header();
        // The data goes on only once what follows it is read: after the last chunk, that is the checked trailer.
        if (nextSize == 0) finish();
        serve(data, 0, data.length);
    }

    private void header() throws IOException {
        AwsChunked.Header h = AwsChunked.Header.parse(AwsChunked.line(in), signed());
        nextSize = h.size();
        nextSig = h.signature();
    }

    private void check(byte[] data) throws IOException {
        if (!signed()) return;
        String expected = chunks.next(prev, AwsChunked.sha256(data));
        if (!AwsChunked.same(expected, nextSig)) throw new IOException("SignatureDoesNotMatch: chunk signature");
        prev = expected;
    }

    /** The final (empty) chunk was announced: check its signature, read and check the trailers, then the length. */
    private void finish() throws IOException {
        check(EMPTY);
        Map<String, String> trailers = new TreeMap<>();
        String signature = null;
        for (String l; (l = AwsChunked.lineOrEnd(in)) != null && !l.isEmpty(); ) {
            int colon = l.indexOf(':');
            if (colon <= 0) throw new IOException("malformed aws-chunked trailer");
            String name = l.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
            String value = l.substring(colon + 1).trim();
            if (name.equals("x-amz-trailer-signature")) signature = value;
            else if (trailers.put(name, value) != null || trailers.size() > 16) throw new IOException("malformed aws-chunked trailer");
        }
        if (!trailers.keySet().equals(declared.keySet())) {
            throw new IOException("InvalidRequest: the trailers sent " + trailers.keySet() + " are not the ones x-amz-trailer declared " + declared.keySet());
        }
        if (signed()) {
            StringBuilder canonical = new StringBuilder();
            trailers.forEach((k, v) -> canonical.append(k).append(':').append(v).append('\n'));
            String expected = trailer.sign(prev, AwsChunked.sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
            if (signature == null || !AwsChunked.same(expected, signature)) throw new IOException("SignatureDoesNotMatch: trailer signature");
        }
        for (var e : declared.entrySet()) {
            String computed = e.getValue().value();
            if (!computed.equals(trailers.get(e.getKey()))) {
                throw new IOException("BadDigest: the " + e.getKey().substring("x-amz-checksum-".length()).toUpperCase(java.util.Locale.ROOT)
                        + " you specified did not match the calculated checksum");
            }
        }
        if (total != decodedLength) throw new IOException("IncompleteBody: the body is not x-amz-decoded-content-length bytes long");
        done = true;
    }
}
