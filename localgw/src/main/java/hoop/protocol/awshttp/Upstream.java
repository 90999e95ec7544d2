package hoop.protocol.awshttp;

import hoop.core.ResultChunk;
import hoop.core.Session;
import hoop.guard.GuardedConnection;
import hoop.guard.OutputFilter;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sends one re-signed request upstream and streams the answer back masked. Runs on a virtual thread with a
 * blocking HTTP/1.1 client: the body is read from a pipe the event loop fills, and writes wait while the
 * client is slow.
 */
final class Upstream {
    /** Never forwarded: hop-by-hop, recomputed by the HTTP client, or the client's own signature. */
    static final Set<String> DROP = Set.of("authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256", "host",
            "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "expect", "content-length");
    private static final Set<String> DROP_BACK = Set.of("connection", "keep-alive", "transfer-encoding", "content-length");
    /** Masked response bytes kept in the recording per request; the rest is sent, not kept (like a row sample). */
    static final int RECORD_BYTES = 64 << 10;
    private static final int BUF = 64 << 10;

    private final Http1Client http = new Http1Client();

    /** The outcome, for the recording: status, bytes sent, or why it failed. */
    record Result(int status, long bytes) {}

    Result exchange(URI target, String method, Map<String, List<String>> headers, Map<String, String> signed, long contentLength,
                    InputStream body, boolean head, Channel client, GuardedConnection conn, Session session)
            throws IOException, InterruptedException {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        headers.forEach((name, values) -> {
            if (DROP.contains(name) || signed.containsKey(name)) return;
            for (String v : values) out.add(Map.entry(name, v));
        });
        signed.forEach((k, v) -> out.add(Map.entry(k, v)));
        var resp = http.send(target, method, out, contentLength, contentLength == 0 ? null : body, head);
        HttpResponse answer = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(resp.status()));
        for (var h : resp.headers()) {
            if (!DROP_BACK.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) answer.headers().add(h.getKey(), h.getValue());
        }
        boolean noBody = head || resp.status() == 204 || resp.status() == 304;
        if (noBody) {
            String length = resp.header("content-length");
            answer.headers().set(HttpHeaderNames.CONTENT_LENGTH, length != null ? length : "0");
            write(client, answer);
            write(client, new DefaultLastHttpContent());
            resp.body().readAllBytes();
            resp.body().close();
            return new Result(resp.status(), 0);
        }
        // Masking may change the length, so the body goes out chunked whatever the upstream said.
        answer.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        write(client, answer);
        OutputFilter filter = conn.newOutputFilter();
        long sent = 0;
        long recorded = 0;
        Boolean text = null;
        try (InputStream in = resp.body()) {
            // A fresh buffer per read, handed to Netty as is: binary bodies are not copied again.
            for (byte[] buf = new byte[BUF]; ; buf = new byte[BUF]) {
                int n = in.readNBytes(buf, 0, buf.length);
                if (n <= 0) break;
                if (text == null) {
                    text = BodyKind.isText(resp.header("content-type"), buf, n);
                    if (!text) conn.guard().recordOutput(session, new ResultChunk(ResultChunk.Stream.STDOUT,
                            "[binary content, not masked]\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))).join();
                }
                if (!text) {
                    write(client, new DefaultHttpContent(Unpooled.wrappedBuffer(buf, 0, n)));
                    sent += n;
                    continue;
                }
                byte[] masked = filter.feed(buf, 0, n);
                recorded = send(client, conn, session, masked, recorded);
                sent += masked.length;
            }
        }
        byte[] tail = text == null || text ? filter.finish() : new byte[0];
        send(client, conn, session, tail, recorded);
        write(client, new DefaultLastHttpContent());
        return new Result(resp.status(), sent + tail.length);
    }

    /** Record first (up to RECORD_BYTES per response), then send: nothing recorded is less than what was shown. */
    private static long send(Channel client, GuardedConnection conn, Session session, byte[] masked, long recorded) {
        if (masked.length == 0) return recorded;
        if (recorded < RECORD_BYTES) {
            int keep = (int) Math.min(masked.length, RECORD_BYTES - recorded);
            byte[] part = keep == masked.length ? masked : java.util.Arrays.copyOf(masked, keep);
            conn.guard().recordOutput(session, new ResultChunk(ResultChunk.Stream.STDOUT, part)).join();
            recorded += keep;
        }
        write(client, new DefaultHttpContent(Unpooled.wrappedBuffer(masked)));
        return recorded;
    }

    /** Blocks this virtual thread while the client is not reading: memory stays bounded by one buffer. */
    static void write(Channel ch, Object msg) {
        ChannelFuture f = ch.writeAndFlush(msg);
        if (!ch.isWritable()) f.awaitUninterruptibly();
    }
}
