package hoop.protocol.postgres;

import hoop.protocol.postgres.PgBackendMessage.*;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class BackendDecoderTest {

    private static byte[] frame(char type, byte... body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) type).putInt(4 + body.length).put(body).array();
    }

    private static void assertRejected(byte[] data) {
        Feed.Outcome o = Feed.oneShot(new PgBackendDecoder(), data);
        assertNotNull(o.error(), "expected rejection, got " + o.messages());
    }

    @Test
    void everyMessageRoundTrips() {
        for (PgBackendMessage m : Samples.backend()) {
            Feed.Outcome o = Feed.oneShot(new PgBackendDecoder(), Feed.encodeViaAllocator(m));
            assertNull(o.error(), () -> m + ": " + o.error());
            assertEquals(List.of(m), o.messages(), m::toString);
        }
    }

    @Test
    void streamIsTheSameInAnyFragmentation() {
        byte[] wire = Feed.bytes(Samples.backend().toArray(PgBackendMessage[]::new));
        Feed.Outcome once = Feed.oneShot(new PgBackendDecoder(), wire);
        assertEquals(Samples.backend(), once.messages());
        assertEquals(once, Feed.byteByByte(new PgBackendDecoder(), wire));
        Random rnd = new Random(3);
        for (int i = 0; i < 50; i++) {
            assertEquals(once, Feed.randomChunks(new PgBackendDecoder(), wire, rnd));
        }
    }

    @Test
    void truncatedFramesEmitNothing() {
        for (PgBackendMessage m : Samples.backend()) {
            byte[] wire = Feed.bytes(m);
            for (int cut = 0; cut < wire.length; cut++) {
                assertEquals(new Feed.Outcome(List.of(), null),
                        Feed.byteByByte(new PgBackendDecoder(), Arrays.copyOf(wire, cut)), m + " cut at " + cut);
            }
        }
    }

    @Test
    void lengthBounds() {
        for (int bad : new int[] {-1, Integer.MIN_VALUE, 0, 3}) {
            assertRejected(ByteBuffer.allocate(5).put((byte) 'D').putInt(bad).array());
        }
        byte[] header = ByteBuffer.allocate(5).put((byte) 'D').putInt(1 << 20).array();
        Feed.Outcome o = Feed.byteByByte(new PgBackendDecoder(1 << 16), header);
        assertNotNull(o.error());
        // A large but allowed declared length just waits for the body.
        assertEquals(new Feed.Outcome(List.of(), null), Feed.oneShot(new PgBackendDecoder(), header));
    }

    @Test
    void malformedBodiesAreRejected() {
        assertRejected(frame('Z', (byte) 'X'));
        assertRejected(frame('Z'));
        assertRejected(frame('R', (byte) 0, (byte) 0, (byte) 0, (byte) 5, (byte) 1));
        assertRejected(frame('R', (byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) 1));
        // SASL mechanism list without final empty string.
        assertRejected(frame('R', (byte) 0, (byte) 0, (byte) 0, (byte) 10, (byte) 'X', (byte) 0));
        // DataRow claims 3 columns, holds 1.
        assertRejected(frame('D', (byte) 0, (byte) 3, (byte) 0, (byte) 0, (byte) 0, (byte) 0));
        // DataRow value longer than the body.
        assertRejected(frame('D', (byte) 0, (byte) 1, (byte) 0, (byte) 0, (byte) 0, (byte) 5, (byte) 'x'));
        // ErrorResponse without terminator.
        assertRejected(frame('E', (byte) 'S', (byte) 'E', (byte) 0));
        assertRejected(frame('1', (byte) 0));
        assertRejected(frame('K', (byte) 0, (byte) 0, (byte) 0, (byte) 1));
        assertRejected(frame('v', (byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) -1, (byte) -1, (byte) -1, (byte) -1));
    }

    @Test
    void unknownTypesPassThroughAsOther() {
        byte[] wire = frame('V', (byte) 1, (byte) 2);
        Feed.Outcome o = Feed.oneShot(new PgBackendDecoder(), wire);
        assertEquals(List.of(new Other((byte) 'V', new byte[] {1, 2})), o.messages());
        assertArrayEquals(wire, Feed.bytes((PgBackendMessage) o.messages().get(0)));
    }

    @Test
    void sslResponseIsASingleUnframedByte() {
        PgBackendDecoder d = new PgBackendDecoder();
        EmbeddedChannel ch = new EmbeddedChannel(d);
        d.expectSslResponse();
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {'N'}));
        assertEquals(new SslResponse((byte) 'N'), ch.readInbound());
        // After 'N' framing resumes; the same byte is now a NoticeResponse type.
        ch.writeInbound(Unpooled.wrappedBuffer(Feed.bytes(new ReadyForQuery((byte) 'I'))));
        assertEquals(new ReadyForQuery((byte) 'I'), ch.readInbound());

        d.expectGssEncResponse();
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {'G'}));
        assertEquals(new GssEncResponse((byte) 'G'), ch.readInbound());
    }

    @Test
    void sslResponseFollowedByCleartextIsRefused() {
        PgBackendDecoder d = new PgBackendDecoder();
        EmbeddedChannel ch = new EmbeddedChannel(d);
        d.expectSslResponse();
        assertThrows(PgProtocolException.class,
                () -> ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {'S', 'Z', 0, 0, 0, 5, 'I'})));
    }

    @Test
    void errorResponseInsteadOfSslAnswer() {
        PgBackendDecoder d = new PgBackendDecoder();
        EmbeddedChannel ch = new EmbeddedChannel(d);
        d.expectSslResponse();
        ErrorResponse err = PgWire.errorResponse("FATAL", "53300", "too many clients");
        for (byte b : Feed.bytes(err)) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        ErrorResponse got = ch.readInbound();
        assertEquals(err, got);
        assertEquals("53300", got.sqlState());
        assertEquals("too many clients", got.message());
    }

    @Test
    void invalidSslAnswerIsRefused() {
        PgBackendDecoder d = new PgBackendDecoder();
        EmbeddedChannel ch = new EmbeddedChannel(d);
        d.expectSslResponse();
        assertThrows(PgProtocolException.class, () -> ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {'G'})));
    }

    @Test
    void helpers() {
        ErrorResponse e = PgWire.errorResponse("ERROR", "42501", "permission denied");
        assertEquals(List.of((byte) 'S', (byte) 'V', (byte) 'C', (byte) 'M'),
                e.fields().stream().map(ErrorField::code).toList());
        assertEquals("ERROR", e.severity());
        NoticeResponse n = PgWire.notice("NOTICE", "00000", "masked");
        assertEquals("masked", n.message());
        assertEquals(List.of("A", "B"), Authentication.sasl(List.of("A", "B")).saslMechanisms());
        assertEquals("***", new ErrorResponse(FieldsMessage.replace(e.fields(), 'M', "***")).message());
    }

    @Test
    void encoderRefusesUnrepresentableValues() {
        assertThrows(IllegalArgumentException.class,
                () -> Feed.bytes(new CommandComplete("a\0b")));
        assertThrows(IllegalArgumentException.class,
                () -> Feed.bytes(new DataRow(java.util.Collections.nCopies(70000, new byte[0]))));
        assertThrows(IllegalArgumentException.class,
                () -> Feed.encodeViaAllocator(new PgFrontendMessage.Query("x\0")));
    }

    @Test
    void pipelineEncodersWriteWhatPgWireWrites() {
        EmbeddedChannel server = new EmbeddedChannel(new PgBackendEncoder());
        for (PgBackendMessage m : Samples.backend()) {
            assertTrue(server.writeOutbound(m));
            io.netty.buffer.ByteBuf b = server.readOutbound();
            assertArrayEquals(Feed.bytes(m), io.netty.buffer.ByteBufUtil.getBytes(b));
            b.release();
        }
        EmbeddedChannel client = new EmbeddedChannel(new PgFrontendEncoder());
        for (PgFrontendMessage m : Samples.typedFrontend()) {
            assertTrue(client.writeOutbound(m));
            io.netty.buffer.ByteBuf b = client.readOutbound();
            assertArrayEquals(Feed.bytes(m), io.netty.buffer.ByteBufUtil.getBytes(b));
            b.release();
        }
        assertThrows(IllegalArgumentException.class, () -> new PgFrontendMessage.Describe((byte) 'X', ""));
    }
}
