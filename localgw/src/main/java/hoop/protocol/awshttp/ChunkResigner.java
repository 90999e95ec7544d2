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
final class ChunkResigner extends RangeInputStream {

    interface Chain {
        String next(String previous, byte[] sha256);
    }

    private final InputStream in;
    private final Chain client;
    private final Chain ours;
    private String clientPrev;
    private String ourPrev;
    private static final byte[] CRLF = {'\r', '\n'};
    /** The current chunk, served as three ranges: its signed header line, its data, CRLF. */
    private byte[] head;
    /** One array reused for every chunk's data (readers copy out of it before the next chunk is read). */
    private byte[] data = new byte[0];
    private int size;
    private int part = 3;
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
    protected boolean next() throws IOException {
        while (part == 3) {
            if (finished) return false;
            nextChunk();
        }
        switch (part++) {
            case 0 -> serve(head, 0, head.length);
            case 1 -> serve(data, 0, size);
            default -> serve(CRLF, 0, CRLF.length);
        }
        return true;
    }

    private void nextChunk() throws IOException {
        AwsChunked.Header header = AwsChunked.Header.parse(AwsChunked.line(in), true);
        size = header.size();
        if (data.length < size) data = new byte[size];
        if (in.readNBytes(data, 0, size) != size || !AwsChunked.line(in).isEmpty()) throw new IOException("truncated aws-chunked body");
        byte[] sha = AwsChunked.sha256(data, size);
        String expected = client.next(clientPrev, sha);
        if (!AwsChunked.same(expected, header.signature())) throw new IOException("SignatureDoesNotMatch: chunk signature");
        clientPrev = expected;
        ourPrev = ours.next(ourPrev, sha);
        head = (header.hexSize() + AwsChunked.SIGNATURE + ourPrev + "\r\n").getBytes(StandardCharsets.US_ASCII);
        part = 0;
        if (size == 0) finished = true;
    }
}
