package hoop.protocol.awshttp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A request body on its way from the client's event loop to the upstream call's virtual thread, as the
 * buffers Netty read (retained, not copied). The event loop stops reading from the client while more than
 * HIGH bytes wait here, and resumes below LOW. close() releases whatever was not read.
 */
final class BodyPipe extends InputStream {
    static final long HIGH = 1 << 20;
    static final long LOW = HIGH / 4;
    /** Markers, told apart by identity (never read; an empty buffer would not do, every empty one is the same). */
    private static final ByteBuf EOF = Unpooled.wrappedBuffer(new byte[1]);
    private static final ByteBuf FAILED = Unpooled.wrappedBuffer(new byte[1]);

    private final BlockingQueue<ByteBuf> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queued = new AtomicLong();
    private final java.util.concurrent.Executor loop;
    private final java.util.function.Consumer<Boolean> autoRead;
    /** Whether the event loop stopped reading the client; written on the event loop only. */
    private volatile boolean paused;
    private ByteBuf current = Unpooled.EMPTY_BUFFER;
    private boolean done;
    private volatile boolean closed;

    /**
     * loop: the client's event loop, where offer() is called and where autoRead (the client channel's
     * AUTO_READ) is switched; the reader only asks the loop to check, so no resume is lost to a race.
     */
    BodyPipe(java.util.concurrent.Executor loop, java.util.function.Consumer<Boolean> autoRead) {
        this.loop = loop;
        this.autoRead = autoRead;
    }

    /** Takes ownership of data (the caller retains it for the pipe). */
    void offer(ByteBuf data) {
        int n = data.readableBytes();
        if (n == 0 || closed) {
            data.release();
            return;
        }
        queue.add(data);
        if (closed) drain();
        else if (queued.addAndGet(n) > HIGH && !paused) {
            paused = true;
            autoRead.accept(false);
            // The reader may have drained below LOW between the add and the pause, seen paused still false and asked
            // for no resume: then nobody would (an upload stalled for good, its client blocked writing). Checked
            // after paused is set, either this sees the drain or the reader sees the pause.
            resumeIfDrained();
        }
    }

    /** On the event loop: reads the client again once a pause's buffers drained below LOW. */
    private void resumeIfDrained() {
        if (paused && queued.get() < LOW) {
            paused = false;
            autoRead.accept(true);
        }
    }

    /** Its buffers are over the high mark: the client is not read until they drain. */
    boolean paused() {
        return paused;
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
        if (!next()) return -1;
        return current.readByte() & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (!next()) return -1;
        int n = Math.min(len, current.readableBytes());
        current.readBytes(b, off, n);
        return n;
    }

    /** The next bytes as the buffer Netty read them (the caller owns it), or null at the end of the body. */
    ByteBuf take() throws IOException {
        if (!next()) return null;
        ByteBuf b = current;
        current = Unpooled.EMPTY_BUFFER;
        return b;
    }

    /** The current buffer has bytes, or false at the end of the body. */
    private boolean next() throws IOException {
        if (done) return false;
        while (!current.isReadable()) {
            current.release();
            current = Unpooled.EMPTY_BUFFER;
            ByteBuf b;
            try {
                b = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            if (b == FAILED) throw new IOException("the client closed the connection before sending the whole body");
            if (b == EOF) {
                done = true;
                return false;
            }
            current = b;
            if (queued.addAndGet(-b.readableBytes()) < LOW && paused) {
                loop.execute(this::resumeIfDrained);
            }
        }
        return true;
    }

    /** Releases the buffers not read; later offers are released at once. */
    @Override
    public void close() {
        closed = true;
        if (current != Unpooled.EMPTY_BUFFER) current.release();
        current = Unpooled.EMPTY_BUFFER;
        done = true;
        drain();
    }

    private void drain() {
        for (ByteBuf b; (b = queue.poll()) != null; ) {
            if (b != EOF && b != FAILED) b.release();
        }
    }
}
