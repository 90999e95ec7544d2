package hoop.protocol.awshttp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.compression.JdkZlibDecoder;
import io.netty.handler.codec.compression.JdkZlibEncoder;
import io.netty.handler.codec.compression.ZlibWrapper;
import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * An answer's Content-Encoding, undone so its text can be masked and done again on what is sent, so the client
 * gets what it would have got, masked: an S3 object stored with {@code Content-Encoding: gzip} (a web site's
 * {@code .js.gz}), or an API answer compressed by the upstream. Encodings hoop cannot read are refused, not passed:
 * their text would reach the client unread. The output is flushed per piece (SYNC_FLUSH), so streams stay streams.
 */
final class ContentCoding implements AutoCloseable {
    /** What one upstream read may inflate to at most: a larger ratio is a decompression bomb, and fails. */
    private static final int MAX_INFLATED = 64 << 20;

    private final EmbeddedChannel decoder;
    private final EmbeddedChannel encoder;

    private ContentCoding(ZlibWrapper in, ZlibWrapper out) {
        // Concatenated members are one stream to gunzip (log shippers append them), so they are to hoop too.
        decoder = new EmbeddedChannel(new JdkZlibDecoder(in, true, MAX_INFLATED));
        encoder = new EmbeddedChannel(new JdkZlibEncoder(out));
    }

    /** Nothing to undo: no header, identity, or only S3's upload framing (which S3 takes off before storing). */
    static boolean identity(String header) {
        return codings(header).isEmpty();
    }

    /** The coding for a header naming one of gzip, x-gzip or deflate; null for any other (or several). */
    static ContentCoding of(String header) {
        var codings = codings(header);
        if (codings.size() != 1) return null;
        return switch (codings.get(0)) {
            case "gzip", "x-gzip" -> new ContentCoding(ZlibWrapper.GZIP, ZlibWrapper.GZIP);
            case "deflate" -> new ContentCoding(ZlibWrapper.ZLIB_OR_NONE, ZlibWrapper.ZLIB);
            default -> null;
        };
    }

    /**
     * A body that is a gzip file (a {@code .gz} log archive: CloudTrail, ALB and CloudWatch exports), whatever its
     * headers say: its first bytes are gzip's magic and the deflate method.
     */
    static boolean gzipFile(byte[] head) {
        return head.length >= 10 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B && head[2] == 8;
    }

    static ContentCoding gzip() {
        return new ContentCoding(ZlibWrapper.GZIP, ZlibWrapper.GZIP);
    }

    private static java.util.List<String> codings(String header) {
        if (header == null) return java.util.List.of();
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String c : header.split(",")) {
            String t = c.trim().toLowerCase(Locale.ROOT);
            if (!t.isEmpty() && !t.equals("identity") && !t.equals("aws-chunked")) out.add(t);
        }
        return out;
    }

    /** The bytes data inflates to so far (data is not released). */
    byte[] decode(ByteBuf data) {
        decoder.writeInbound(data.retainedDuplicate());
        return drain(decoder, true);
    }

    /** plain, encoded and flushed. */
    byte[] encode(byte[] plain) {
        if (plain.length == 0) return plain;
        encoder.writeOutbound(Unpooled.wrappedBuffer(plain));
        return drain(encoder, false);
    }

    /** The encoding's end (gzip's trailer). */
    byte[] finish() {
        encoder.finish();
        return drain(encoder, false);
    }

    private static byte[] drain(EmbeddedChannel ch, boolean inbound) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object m; (m = inbound ? ch.readInbound() : ch.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) m;
            try {
                out.writeBytes(ByteBufUtil.getBytes(b));
            } finally {
                b.release();
            }
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        decoder.finishAndReleaseAll();
        encoder.finishAndReleaseAll();
    }
}
