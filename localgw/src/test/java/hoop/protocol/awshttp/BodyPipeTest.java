package hoop.protocol.awshttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The pipe between the client's event loop and the upstream call's thread stops reading the client above its high
 * mark and must always start again: a resume lost to a race left an upload stalled for good (bench/s3.sh hung once
 * in many runs, the SDK blocked writing and hoop waiting for the body). The race's window is a few instructions wide:
 * this test crosses the mark tens of thousands of times and guards that reading always resumes, but it did not catch
 * that window with the old code in three runs; the fix rests on the order of the two checks (see BodyPipe.offer).
 */
class BodyPipeTest {

    @Test
    void readingAlwaysResumesWhileAFastReaderDrainsAcrossTheHighMark() throws Exception {
        ExecutorService loop = Executors.newSingleThreadExecutor();
        AtomicBoolean reading = new AtomicBoolean(true);
        // Pieces just under the high mark: nearly every offer crosses it while the reader takes the previous ones.
        int piece = (int) (BodyPipe.HIGH / 3);
        ByteBuf shared = Unpooled.wrappedBuffer(new byte[piece]);
        long total = 60_000L * piece;
        BodyPipe pipe = new BodyPipe(loop, reading::set);
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                for (ByteBuf b; (b = pipe.take()) != null; ) b.release();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        AtomicLong offered = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long stalledSince = 0;
        // As Netty does: the event loop offers what it read only while the channel's AUTO_READ is on.
        while (offered.get() < total && System.nanoTime() < deadline) {
            boolean offeredNow = loop.submit(() -> {
                if (!reading.get()) return false;
                pipe.offer(shared.retainedDuplicate());
                offered.addAndGet(piece);
                return true;
            }).get();
            if (offeredNow) {
                stalledSince = 0;
            } else if (stalledSince == 0) {
                stalledSince = System.nanoTime();
            } else {
                assertTrue(System.nanoTime() - stalledSince < TimeUnit.SECONDS.toNanos(2),
                        "reading never resumed after " + offered.get() / piece + " pieces");
                Thread.onSpinWait();
            }
        }
        loop.submit(pipe::end).get();
        reader.join(10_000);
        loop.shutdown();
        assertEquals(total, offered.get());
    }
}
