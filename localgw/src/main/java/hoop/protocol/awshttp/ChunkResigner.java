package hoop.protocol.awshttp;

import hoop.core.SigV4;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * An aws-chunked body (STREAMING-AWS4-HMAC-SHA256-PAYLOAD): each chunk's signature is checked against the
 * client's chain and replaced by one chained from hoop's own signature. Sizes are kept as written, so the
 * body keeps its length and Content-Length stays right.
 */
final class ChunkResigner extends InputStream {

    interface Chain {
        String next(String previous, byte[] sha256);
    }

    private final InputStream in;
    private final Chain client;
    private final Chain ours;
    private String clientPrev;
    private String ourPrev;
    private static final byte[] CRLF = {'\r', '\n'};
    private final byte[][] parts = {new byte[0], new byte[0], new byte[0]};
    /** Bytes of each part in use: the data part is one array reused for every chunk (readers copy out of it). */
    private final int[] lengths = new int[3];
    private byte[] data = new byte[0];
    private int part = 3;
    private int pos;
    private boolean finished;

    ChunkResigner(InputStream in, String clientSeed, Chain client, String ourSeed, Chain ours) {
        this.in = in;
        this.clientPrev = clientSeed;
        this.client = client;
        this.ourPrev = ourSeed;
        this.ours = ours;
    }

    static Chain chain(SigV4 sigv4, String secret, String amzDate, String scope) {
        SigV4.ChunkChain c = sigv4.chunkChain(secret, amzDate, scope);
        return c::chunk;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (part == 3 || pos == lengths[part]) {
            if (part < 3 && pos == lengths[part]) {
                part++;
                pos = 0;
                continue;
            }
            if (finished) return -1;
            nextChunk();
        }
        int n = Math.min(len, lengths[part] - pos);
        System.arraycopy(parts[part], pos, b, off, n);
        pos += n;
        return n;
    }

    /** Writes the rest straight from the chunk arrays, without copying them through a buffer. */
    @Override
    public long transferTo(java.io.OutputStream out) throws IOException {
        long total = 0;
        while (true) {
            while (part < 3) {
                int n = lengths[part] - pos;
                if (n > 0) out.write(parts[part], pos, n);
                total += n;
                part++;
                pos = 0;
            }
            if (finished) return total;
            nextChunk();
        }
    }

    private void nextChunk() throws IOException {
        AwsChunked.Header header = AwsChunked.Header.parse(AwsChunked.line(in), true);
        int size = header.size();
        if (data.length < size) data = new byte[size];
        if (in.readNBytes(data, 0, size) != size || !AwsChunked.line(in).isEmpty()) throw new IOException("truncated aws-chunked body");
        byte[] sha = AwsChunked.sha256(data, size);
        String expected = client.next(clientPrev, sha);
        if (!AwsChunked.same(expected, header.signature())) throw new IOException("SignatureDoesNotMatch: chunk signature");
        clientPrev = expected;
        ourPrev = ours.next(ourPrev, sha);
        // Served as three parts, not copied into one.
        parts[0] = (header.hexSize() + AwsChunked.SIGNATURE + ourPrev + "\r\n").getBytes(StandardCharsets.US_ASCII);
        parts[1] = data;
        parts[2] = CRLF;
        lengths[0] = parts[0].length;
        lengths[1] = size;
        lengths[2] = CRLF.length;
        part = 0;
        pos = 0;
        if (size == 0) finished = true;
    }


}
