package hoop.protocol.postgres;

import hoop.protocol.postgres.PgFrontendMessage.*;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class FrontendDecoderTest {

    private static Feed.Outcome typed(byte[] data) {
        return Feed.oneShot(new PgFrameDecoder(PgFrameDecoder.DEFAULT_MAX_FRAME_LENGTH, false), data);
    }

    private static void assertRejected(byte[] data, String fragment) {
        Feed.Outcome o = typed(data);
        assertNotNull(o.error(), "expected rejection");
        assertTrue(o.error().contains(fragment), o.error());
    }

    /** type byte + declared length + body, with the length word computed by hand. */
    private static byte[] frame(char type, byte... body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) type).putInt(4 + body.length).put(body).array();
    }

    @Test
    void everyTypedMessageRoundTrips() {
        for (PgFrontendMessage m : Samples.typedFrontend()) {
            byte[] wire = Feed.encodeViaAllocator(m);
            Feed.Outcome o = typed(wire);
            assertNull(o.error(), () -> m + ": " + o.error());
            assertEquals(List.of(m), o.messages(), m::toString);
        }
    }

    @Test
    void everyStartupPacketRoundTrips() {
        for (PgFrontendMessage m : Samples.startupPhase()) {
            Feed.Outcome o = Feed.oneShot(new PgFrameDecoder(), Feed.encodeViaAllocator(m));
            assertNull(o.error(), o::error);
            assertEquals(List.of(m), o.messages());
        }
        Startup s = (Startup) Feed.oneShot(new PgFrameDecoder(), Feed.bytes(Samples.startup())).messages().get(0);
        assertEquals(List.of("user", "database", "application_name", "options"), new ArrayList<>(s.params().keySet()));
        assertEquals("alice", s.user());
    }

    @Test
    void wholeConversationIsTheSameInAnyFragmentation() {
        List<PgFrontendMessage> all = new ArrayList<>();
        all.add(new SslRequest());
        all.add(Samples.startup());
        all.addAll(Samples.typedFrontend());
        byte[] first = Feed.bytes(all.get(0));
        byte[] rest = Feed.bytes(all.subList(1, all.size()).toArray(PgFrontendMessage[]::new));

        // The SSLRequest must arrive on its own (pipelining after it is refused), so feed it first.
        Feed.Outcome expected = feedAfterSsl(first, rest, null);
        assertNull(expected.error(), expected::error);
        assertEquals(all, expected.messages());

        assertEquals(expected, feedAfterSsl(first, rest, new int[] {1}));
        Random rnd = new Random(7);
        for (int i = 0; i < 50; i++) {
            assertEquals(expected, feedAfterSsl(first, rest, randomSizes(rest.length, rnd)));
        }
    }

    private static Feed.Outcome feedAfterSsl(byte[] first, byte[] rest, int[] pattern) {
        EmbeddedChannel ch = new EmbeddedChannel(new PgFrameDecoder());
        List<Object> out = new ArrayList<>();
        ch.writeInbound(Unpooled.wrappedBuffer(first));
        int pos = 0;
        for (int i = 0; pos < rest.length; i++) {
            int n = pattern == null ? rest.length - pos : Math.min(pattern[i % pattern.length], rest.length - pos);
            ch.writeInbound(Unpooled.copiedBuffer(rest, pos, n));
            pos += n;
        }
        for (Object o; (o = ch.readInbound()) != null; ) {
            out.add(o);
        }
        assertFalse(ch.finish());
        return new Feed.Outcome(out, null);
    }

    private static int[] randomSizes(int total, Random rnd) {
        int[] s = new int[total];
        for (int i = 0; i < total; i++) {
            s[i] = 1 + rnd.nextInt(40);
        }
        return s;
    }

    @Test
    void eachMessageByteByByteAndInRandomPiecesEqualsOneShot() {
        Random rnd = new Random(42);
        for (PgFrontendMessage m : Samples.typedFrontend()) {
            byte[] wire = Feed.bytes(m);
            Feed.Outcome once = typed(wire);
            assertEquals(once, Feed.byteByByte(new PgFrameDecoder(PgFrameDecoder.DEFAULT_MAX_FRAME_LENGTH, false), wire));
            assertEquals(once, Feed.randomChunks(new PgFrameDecoder(PgFrameDecoder.DEFAULT_MAX_FRAME_LENGTH, false), wire, rnd));
        }
        for (PgFrontendMessage m : Samples.startupPhase()) {
            byte[] wire = Feed.bytes(m);
            assertEquals(Feed.oneShot(new PgFrameDecoder(), wire), Feed.byteByByte(new PgFrameDecoder(), wire));
        }
    }

    @Test
    void truncatedFramesEmitNothing() {
        for (PgFrontendMessage m : Samples.typedFrontend()) {
            byte[] wire = Feed.bytes(m);
            for (int cut = 0; cut < wire.length; cut++) {
                byte[] part = java.util.Arrays.copyOf(wire, cut);
                Feed.Outcome o = Feed.byteByByte(new PgFrameDecoder(PgFrameDecoder.DEFAULT_MAX_FRAME_LENGTH, false), part);
                assertEquals(new Feed.Outcome(List.of(), null), o, m + " cut at " + cut);
            }
        }
        byte[] startup = Feed.bytes(Samples.startup());
        for (int cut = 0; cut < startup.length; cut++) {
            assertEquals(new Feed.Outcome(List.of(), null),
                    Feed.oneShot(new PgFrameDecoder(), java.util.Arrays.copyOf(startup, cut)));
        }
    }

    @Test
    void oversizedFrameIsRejectedFromItsHeaderAlone() {
        int max = 1024;
        byte[] header = ByteBuffer.allocate(5).put((byte) 'd').putInt(max + 1).array();
        Feed.Outcome o = Feed.byteByByte(new PgFrameDecoder(max, false), header);
        assertNotNull(o.error());
        assertTrue(o.error().contains("invalid length 1025"), o.error());

        byte[] exact = ByteBuffer.allocate(1 + max).put((byte) 'd').putInt(max).array();
        assertEquals(1, Feed.oneShot(new PgFrameDecoder(max, false), exact).messages().size());

        for (int bad : new int[] {-1, Integer.MIN_VALUE, 0, 3, Integer.MAX_VALUE}) {
            byte[] h = ByteBuffer.allocate(5).put((byte) 'Q').putInt(bad).array();
            assertNotNull(typed(h).error(), "length " + bad);
        }
    }

    @Test
    void startupLengthBounds() {
        for (int bad : new int[] {-1, 0, 7, 10001, Integer.MAX_VALUE}) {
            Feed.Outcome o = Feed.oneShot(new PgFrameDecoder(), ByteBuffer.allocate(4).putInt(bad).array());
            assertNotNull(o.error(), "length " + bad);
            assertTrue(o.error().contains("startup packet length"), o.error());
        }
    }

    @Test
    void startupPacketValidation() {
        // Protocol 2.0 is not supported.
        assertNotNull(Feed.oneShot(new PgFrameDecoder(),
                ByteBuffer.allocate(9).putInt(9).putInt(2 << 16).put((byte) 0).array()).error());
        // 3.x minor versions are accepted.
        Startup s = (Startup) Feed.oneShot(new PgFrameDecoder(),
                ByteBuffer.allocate(9).putInt(9).putInt((3 << 16) | 2).put((byte) 0).array()).messages().get(0);
        assertEquals(2, s.minorVersion());
        // Missing final terminator.
        assertNotNull(Feed.oneShot(new PgFrameDecoder(),
                ByteBuffer.allocate(10).putInt(10).putInt(3 << 16).put((byte) 'u').put((byte) 0).array()).error());
        // Duplicate key.
        byte[] dup = "user\0a\0user\0b\0\0".getBytes();
        assertTrue(Feed.oneShot(new PgFrameDecoder(), ByteBuffer.allocate(8 + dup.length).putInt(8 + dup.length)
                .putInt(3 << 16).put(dup).array()).error().contains("duplicate"));
        // SSLRequest with a body.
        assertNotNull(Feed.oneShot(new PgFrameDecoder(),
                ByteBuffer.allocate(12).putInt(12).putInt(80877103).putInt(0).array()).error());
        // A TLS ClientHello sent directly (sslnegotiation=direct) is not a startup packet.
        assertNotNull(Feed.oneShot(new PgFrameDecoder(), new byte[] {0x16, 0x03, 0x01, 0x02, 0}).error());
    }

    @Test
    void sslRequestKeepsStartupPhaseButRefusesPipelinedBytes() {
        PgFrameDecoder d = new PgFrameDecoder();
        EmbeddedChannel ch = new EmbeddedChannel(d);
        ch.writeInbound(Unpooled.wrappedBuffer(Feed.bytes(new SslRequest())));
        assertEquals(new SslRequest(), ch.readInbound());
        assertTrue(d.inStartupPhase());
        ch.writeInbound(Unpooled.wrappedBuffer(Feed.bytes(new GssEncRequest())));
        assertEquals(new GssEncRequest(), ch.readInbound());
        ch.writeInbound(Unpooled.wrappedBuffer(Feed.bytes(Samples.startup(), new Sync())));
        assertEquals(Samples.startup(), ch.readInbound());
        assertEquals(new Sync(), ch.readInbound());
        assertFalse(d.inStartupPhase());

        Feed.Outcome o = Feed.oneShot(new PgFrameDecoder(), Feed.bytes(new SslRequest(), Samples.startup()));
        assertEquals(List.of(), o.messages());
        assertTrue(o.error().contains("before encryption handshake"), o.error());
    }

    @Test
    void dataAfterCancelRequestIsRefused() {
        Feed.Outcome o = Feed.oneShot(new PgFrameDecoder(), Feed.bytes(new CancelRequest(1, 2), new Sync()));
        assertEquals(List.of(new CancelRequest(1, 2)), o.messages());
        assertNotNull(o.error());
    }

    @Test
    void malformedBodiesAreRejected() {
        assertRejected(frame('Z'), "unknown frontend message type");
        assertRejected(frame('\0'), "unknown frontend message type");
        assertRejected(frame('Q', (byte) 'a'), "without NUL");
        assertRejected(frame('Q', (byte) 'a', (byte) 0, (byte) 'b'), "trailing");
        assertRejected(frame('S', (byte) 0), "trailing");
        assertRejected(frame('D', (byte) 'X', (byte) 0), "'S' or 'P'");
        assertRejected(frame('Q', (byte) 0xC3, (byte) 0x28, (byte) 0), "invalid UTF-8");
        // Parse: name, sql, count 2 but only one oid.
        assertRejected(frame('P', (byte) 0, (byte) 0, (byte) 0, (byte) 2, (byte) 0, (byte) 0, (byte) 0, (byte) 23),
                "exceeds");
        // Bind: value length larger than the body.
        assertRejected(frame('B', (byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) 1,
                (byte) 0, (byte) 0, (byte) 0, (byte) 9, (byte) 'x', (byte) 0, (byte) 0), "needs");
        // Bind: value length below -1.
        assertRejected(frame('B', (byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) 1,
                (byte) -1, (byte) -1, (byte) -1, (byte) -2, (byte) 0, (byte) 0), "negative");
        // Bind: 2 format codes for 1 parameter.
        assertRejected(frame('B', (byte) 0, (byte) 0, (byte) 0, (byte) 2, (byte) 0, (byte) 0, (byte) 0, (byte) 0,
                (byte) 0, (byte) 1, (byte) -1, (byte) -1, (byte) -1, (byte) -1, (byte) 0, (byte) 0), "formats");
        // Execute without max rows.
        assertRejected(frame('E', (byte) 0), "needs");
    }

    @Test
    void errorDiscardsEverythingAfterwards() {
        EmbeddedChannel ch = new EmbeddedChannel(new PgFrameDecoder(1024, false));
        assertThrows(PgProtocolException.class, () -> ch.writeInbound(Unpooled.wrappedBuffer(frame('Z'))));
        ch.writeInbound(Unpooled.wrappedBuffer(Feed.bytes(new Sync())));
        assertNull(ch.readInbound());
    }

    @Test
    void passwordMessageParsers() {
        PasswordMessage.SaslInitial init = PasswordMessage.parseSaslInitial(
                PasswordMessage.saslInitial("SCRAM-SHA-256", Samples.b("n,,n=,r=x")).body());
        assertEquals(new PasswordMessage.SaslInitial("SCRAM-SHA-256", Samples.b("n,,n=,r=x")), init);
        assertNull(PasswordMessage.parseSaslInitial(PasswordMessage.saslInitial("X", null).body()).data());
        assertEquals("secret", PasswordMessage.parsePassword(PasswordMessage.password("secret").body()));
        assertThrows(PgProtocolException.class, () -> PasswordMessage.parseSaslInitial(Samples.b("SCRAM")));
        assertThrows(PgProtocolException.class,
                () -> PasswordMessage.parseSaslInitial(new byte[] {'X', 0, 0, 0, 0, 5, 1}));
        assertThrows(PgProtocolException.class, () -> PasswordMessage.parsePassword(Samples.b("pw\0x")));
    }

    @Test
    void bindParamFormatResolution() {
        Bind none = new Bind("", "", new short[0], List.of(Samples.b("a"), Samples.b("b")), new short[0]);
        Bind one = new Bind("", "", new short[] {1}, List.of(Samples.b("a"), Samples.b("b")), new short[0]);
        Bind each = new Bind("", "", new short[] {0, 1}, List.of(Samples.b("a"), Samples.b("b")), new short[0]);
        assertEquals(0, none.paramFormat(1));
        assertEquals(1, one.paramFormat(1));
        assertEquals(0, each.paramFormat(0));
        assertEquals(1, each.paramFormat(1));
    }
}
