package hoop.protocol.awshttp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A body served from byte ranges a subclass makes one at a time (decoded or re-signed aws-chunked chunks):
 * read and transferTo copy each range once, straight from the subclass's arrays.
 */
abstract class RangeInputStream extends InputStream {
    private static final byte[] NONE = new byte[0];
    private byte[] buf = NONE;
    private int pos;
    private int end;

    /** Makes the next range current with {@link #serve} (it may be empty); false when the body has ended. */
    protected abstract boolean next() throws IOException;

    /** b[from, to) is read next; its bytes must stay as they are until the next call of {@link #next}. */
    protected final void serve(byte[] b, int from, int to) {
        buf = b;
        pos = from;
        end = to;
    }

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (pos == end) {
            if (!next()) return -1;
        }
        int n = Math.min(len, end - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    /** Writes the rest straight from the ranges, without copying them through a buffer. */
    @Override
    public final long transferTo(OutputStream out) throws IOException {
        long total = 0;
        do {
            if (pos < end) {
                out.write(buf, pos, end - pos);
                total += end - pos;
                pos = end;
            }
        } while (next());
        return total;
    }
}
