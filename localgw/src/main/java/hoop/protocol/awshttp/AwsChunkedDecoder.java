package hoop.protocol.awshttp;

import hoop.core.SigV4;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decodes an aws-chunked upload into the plain object bytes: signed chunks (STREAMING-AWS4-HMAC-SHA256-PAYLOAD),
 * or chunks with trailing headers (STREAMING-UNSIGNED-PAYLOAD-TRAILER, or STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER
 * with signed chunks and a signed trailer). Each chunk signature and the trailer signature are checked against the
 * client's chain, and the checksum the trailer carries against the bytes received. The last data chunk is held
 * back until the final chunk and the trailer are checked: a body whose checksum or signature is wrong never
 * reaches the upstream whole.
 *
 * <p>The plain bytes go upstream as UNSIGNED-PAYLOAD rather than re-signed chunk by chunk: hoop has checked every
 * chunk already, and the upstream is spared hashing the whole object again and undoing the framing.
 */
final class AwsChunkedDecoder extends RangeInputStream {
    private static final byte[] EMPTY = new byte[0];

    private final InputStream in;
    /** The client's signature chain; null for unsigned chunks. */
    private final SigV4.ChunkChain chain;
    /** The trailer is signed too (the -TRAILER payload with signed chunks). */
    private final boolean trailerSigned;
    private final Map<String, TrailerChecksum> declared = new TreeMap<>();
    private final long decodedLength;
    private String prev;
    private long total;
    private boolean done;
    private boolean started;
    private int nextSize;
    private String nextSig;
    /** One array for every chunk: what was served is consumed before the next chunk is read into it. */
    private byte[] data = EMPTY;

    /**
     * chain null: unsigned chunks and trailer; trailerSigned false with a chain: signed chunks without a trailer.
     * declaredTrailers: the x-amz-trailer names, each a checksum TrailerChecksum knows (the caller refuses others).
     */
    AwsChunkedDecoder(InputStream in, String seed, SigV4.ChunkChain chain, boolean trailerSigned, List<String> declaredTrailers,
                      long decodedLength) {
        this.in = in;
        this.prev = seed;
        this.chain = chain;
        this.trailerSigned = trailerSigned;
        this.decodedLength = decodedLength;
        for (String t : declaredTrailers) declared.put(t, TrailerChecksum.forTrailer(t));
    }

    long decodedLength() {
        return decodedLength;
    }

    boolean signed() {
        return chain != null;
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
        int size = nextSize;
        if (data.length < size) data = new byte[size];
        if (in.readNBytes(data, 0, size) != size || !AwsChunked.line(in).isEmpty()) throw new IOException("truncated aws-chunked body");
        check(data, size);
        total += size;
        if (total > decodedLength) throw new IOException("IncompleteBody: the body is longer than x-amz-decoded-content-length");
        for (TrailerChecksum c : declared.values()) c.update(data, 0, size);
        header();
        // The data goes on only once what follows it is read: after the last chunk, that is the checked trailer.
        if (nextSize == 0) finish();
        serve(data, 0, size);
    }

    private void header() throws IOException {
        AwsChunked.Header h = AwsChunked.Header.parse(AwsChunked.line(in), signed());
        nextSize = h.size();
        nextSig = h.signature();
    }

    private void check(byte[] data, int size) throws IOException {
        if (!signed()) return;
        String expected = chain.chunk(prev, AwsChunked.sha256(data, size));
        if (!AwsChunked.same(expected, nextSig)) throw new IOException("SignatureDoesNotMatch: chunk signature");
        prev = expected;
    }

    /** The final (empty) chunk was announced: check its signature, read and check the trailers, then the length. */
    private void finish() throws IOException {
        check(EMPTY, 0);
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
        if (signed() && !trailerSigned && signature != null) throw new IOException("malformed aws-chunked body: a trailer signature without a trailer");
        if (trailerSigned) {
            StringBuilder canonical = new StringBuilder();
            trailers.forEach((k, v) -> canonical.append(k).append(':').append(v).append('\n'));
            String expected = chain.trailer(prev, AwsChunked.sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
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
