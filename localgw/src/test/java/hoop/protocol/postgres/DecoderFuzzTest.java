package hoop.protocol.postgres;

import io.netty.channel.ChannelHandler;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Random and mutated input must either decode to well-formed messages or raise
 * PgProtocolException: never another exception, never a hang, never a message for a partial
 * frame, and never wait for a body longer than the bound.
 */
class DecoderFuzzTest {
    private static final int CASES = 12_000;
    private static final int MAX = 4096;
    private static final int[] EDGE_LENGTHS = {-1, 0, 3, 4, 5, MAX, MAX + 1, Integer.MAX_VALUE, Integer.MIN_VALUE};

    @Test
    void frontendDecoder() {
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            Random r = new Random(Long.getLong("hoop.fuzz.seed", 20240601L));
            int errors = 0;
            int messages = 0;
            for (int i = 0; i < CASES; i++) {
                boolean startup = r.nextInt(4) == 0;
                ByteArrayOutputStream bos = new ByteArrayOutputStream();
                if (startup) {
                    bos.writeBytes(Feed.bytes(Samples.randomStartupPacket(r)));
                }
                for (int n = r.nextInt(4); n >= 0; n--) {
                    bos.writeBytes(Feed.bytes(Samples.randomTyped(r)));
                }
                byte[] input = mutate(bos.toByteArray(), r, !startup);
                Supplier<ChannelHandler> dec = () -> new PgFrameDecoder(MAX, startup);
                Feed.Outcome o = check(dec, input, r, i);
                for (Object m : o.messages()) {
                    assertReencodes((PgFrontendMessage) m);
                }
                errors += o.error() == null ? 0 : 1;
                messages += o.messages().size();
                if (!startup) {
                    checkHeaderBound(dec, input);
                }
            }
            // The mutations must exercise both outcomes, or the test proves little.
            assertTrue(errors > CASES / 10, "errors: " + errors);
            assertTrue(messages > CASES / 2, "messages: " + messages);
        });
    }

    @Test
    void backendDecoder() {
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            Random r = new Random(Long.getLong("hoop.fuzz.seed", 19700101L));
            int errors = 0;
            for (int i = 0; i < CASES; i++) {
                ByteArrayOutputStream bos = new ByteArrayOutputStream();
                for (int n = r.nextInt(4); n >= 0; n--) {
                    bos.writeBytes(Feed.bytes(Samples.randomBackend(r)));
                }
                byte[] input = mutate(bos.toByteArray(), r, true);
                Supplier<ChannelHandler> dec = () -> new PgBackendDecoder(MAX);
                Feed.Outcome o = check(dec, input, r, i);
                for (Object m : o.messages()) {
                    assertReencodes((PgBackendMessage) m);
                }
                errors += o.error() == null ? 0 : 1;
                checkHeaderBound(dec, input);
            }
            assertTrue(errors > CASES / 10, "errors: " + errors);
        });
    }

    /** One-shot, byte-by-byte and random fragmentation must agree exactly. */
    private static Feed.Outcome check(Supplier<ChannelHandler> dec, byte[] input, Random r, int caseNo) {
        Feed.Outcome once = Feed.oneShot(dec.get(), input);
        Feed.Outcome pieces = Feed.randomChunks(dec.get(), input, r);
        if (once.error() != null && once.error().contains("before encryption handshake")) {
            // Pipelining after SSLRequest is only detectable when the bytes arrive together,
            // so here fragmentation legitimately changes the outcome.
            return once;
        }
        assertEquals(once, pieces, "case " + caseNo);
        if (caseNo % 10 == 0) {
            assertEquals(once, Feed.byteByByte(dec.get(), input), "case " + caseNo);
        }
        return once;
    }

    /**
     * If the first frame declares an out-of-range length, its 5-byte header alone must be refused:
     * proof that the decoder never waits for (and so never buffers) an oversized body.
     */
    private static void checkHeaderBound(Supplier<ChannelHandler> dec, byte[] input) {
        if (input.length < 5) {
            return;
        }
        int len = ByteBuffer.wrap(input, 1, 4).getInt();
        if (len < 4 || len > MAX) {
            assertNotNull(Feed.oneShot(dec.get(), Arrays.copyOf(input, 5)).error(), () -> java.util.HexFormat.of().formatHex(input));
        }
    }

    private static void assertReencodes(PgFrontendMessage m) {
        byte[] wire = Feed.bytes(m);
        boolean startup = m instanceof PgFrontendMessage.Startup || m instanceof PgFrontendMessage.SslRequest
                || m instanceof PgFrontendMessage.GssEncRequest || m instanceof PgFrontendMessage.CancelRequest;
        Feed.Outcome again = Feed.oneShot(new PgFrameDecoder(Integer.MAX_VALUE, startup), wire);
        assertEquals(java.util.List.of(m), again.messages());
    }

    private static void assertReencodes(PgBackendMessage m) {
        Feed.Outcome again = Feed.oneShot(new PgBackendDecoder(), Feed.bytes(m));
        assertEquals(java.util.List.of(m), again.messages());
    }

    static byte[] mutate(byte[] in, Random r, boolean typedHeaderFirst) {
        byte[] b = in.clone();
        switch (r.nextInt(9)) {
            case 0 -> {
                return b; // unmodified: must decode cleanly
            }
            case 1 -> {
                for (int k = 1 + r.nextInt(3); k > 0 && b.length > 0; k--) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 2 -> {
                if (b.length > 0) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt();
                }
            }
            case 3 -> b = Arrays.copyOf(b, b.length == 0 ? 0 : r.nextInt(b.length));
            case 4 -> {
                int at = r.nextInt(b.length + 1);
                byte[] extra = new byte[1 + r.nextInt(6)];
                r.nextBytes(extra);
                ByteArrayOutputStream bos = new ByteArrayOutputStream();
                bos.write(b, 0, at);
                bos.writeBytes(extra);
                bos.write(b, at, b.length - at);
                b = bos.toByteArray();
            }
            case 5 -> {
                int lenAt = typedHeaderFirst ? 1 : 0;
                if (b.length >= lenAt + 4) {
                    ByteBuffer.wrap(b).putInt(lenAt, EDGE_LENGTHS[r.nextInt(EDGE_LENGTHS.length)]);
                }
            }
            case 6 -> {
                int lenAt = typedHeaderFirst ? 1 : 0;
                if (b.length >= lenAt + 4) {
                    int old = ByteBuffer.wrap(b).getInt(lenAt);
                    ByteBuffer.wrap(b).putInt(lenAt, old + r.nextInt(9) - 4);
                }
            }
            case 7 -> {
                b = new byte[r.nextInt(64)];
                r.nextBytes(b);
            }
            default -> {
                if (b.length > 0) {
                    int at = r.nextInt(b.length);
                    b = concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, Math.min(b.length, at + 1 + r.nextInt(4)), b.length));
                }
            }
        }
        return b;
    }

    private static byte[] concat(byte[] a, byte[] c) {
        byte[] out = Arrays.copyOf(a, a.length + c.length);
        System.arraycopy(c, 0, out, a.length, c.length);
        return out;
    }
}
