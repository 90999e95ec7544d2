package hoop.protocol.awshttp;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A request body on its way from the client's event loop to the upstream call's virtual thread. The event
 * loop stops reading from the client while more than HIGH bytes wait here, and resumes below LOW.
 */
final class BodyPipe extends InputStream {
    static final long HIGH = 1 << 20;
    static final long LOW = HIGH / 4;
    private static final byte[] EOF = new byte[0];
    private static final byte[] FAILED = new byte[0];

    private final BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queued = new AtomicLong();
    private final Runnable pause;
    private final Runnable resume;
    private byte[] current = new byte[0];
    private int pos;
    private boolean done;

    BodyPipe(Runnable pause, Runnable resume) {
        this.pause = pause;
        this.resume = resume;
    }

    void offer(byte[] data) {
        if (data.length == 0) return;
        queue.add(data);
        if (queued.addAndGet(data.length) > HIGH) pause.run();
    }

    void end() {
        queue.add(EOF);
    }

    /** The client went away: the upstream call fails instead of sending a truncated body. */
    void fail() {
        queue.add(FAILED);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (done) return -1;
        while (pos == current.length) {
            try {
                current = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            pos = 0;
            if (current == FAILED) throw new IOException("the client closed the connection before sending the whole body");
            if (current == EOF) {
                done = true;
                return -1;
            }
            if (queued.addAndGet(-current.length) < LOW) resume.run();
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }
}
