package hoop.protocol.awshttp;

import hoop.core.Session;
import hoop.guard.GuardedConnection;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * Sends one re-signed request upstream and relays the answer back masked. The upstream connection lives on the
 * client's event loop (UpstreamPool) and its answer is relayed there (ResponseRelay); this class runs on the
 * request's virtual thread only to write the request body, which it reads from the pipe the event loop fills
 * (through the signature-checking decoders), and waits while the upstream is not writable.
 */
final class Upstream {
    /** Never forwarded: hop-by-hop, recomputed here, or the client's own signature. */
    static final Set<String> DROP = Set.of("authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256", "host",
            "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "expect", "content-length",
            // the client's choice of compression is not forwarded: a compressed answer is no text to the masker
            "accept-encoding",
            // what a client says about hops before hoop: a server behind a proxy may build URLs, redirects or its
            // routing from them; the upstream's only client is hoop, which judged the request as sent
            "forwarded", "via", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port",
            "x-forwarded-prefix", "x-forwarded-server", "x-real-ip");
    static final Set<String> DROP_BACK = Set.of("connection", "keep-alive", "transfer-encoding", "content-length");
    /** Masked response bytes kept in the recording per request; the rest is sent, not kept (like a row sample). */
    static final int RECORD_BYTES = 64 << 10;
    private static final int BODY_BUF = 64 << 10;

    private final UpstreamPool pool = new UpstreamPool();
    /** The gateway's budget for what is held whole: answers held for masking draw from it as request bodies do. */
    private final HeldBodies held;

    Upstream(HeldBodies held) {
        this.held = held;
    }

    /** The outcome, for the recording: status, bytes sent, or why it failed. */
    record Result(int status, long bytes) {}

    Result exchange(URI target, String method, Map<String, List<String>> headers, Map<String, String> signed, long contentLength,
                    InputStream body, boolean head, Channel client, GuardedConnection conn, Session session, AwsCall.Protocol protocol,
                    PseudoEtags.Answer etags, java.util.function.IntConsumer onStatus, ByteRanges.Asked asked, byte[] objectHead)
            throws IOException, InterruptedException {
        Channel up = pool.acquire(client.eventLoop(), target);
        ResponseRelay relay = new ResponseRelay(client, up, conn, session, head, pool, UpstreamPool.key(client.eventLoop(), target), protocol,
                etags, onStatus, held, asked, objectHead);
        try {
            up.pipeline().replace("relay", "relay", relay);
            client.attr(ResponseRelay.KEY).set(relay);
            String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
            HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method),
                    path + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()));
            req.headers().set(HttpHeaderNames.HOST, target.getRawAuthority());
            headers.forEach((name, values) -> {
                if (!DROP.contains(name) && !signed.containsKey(name)) req.headers().add(name, values);
            });
            signed.forEach((k, v) -> req.headers().set(k, v));
            if (!signed.containsKey("accept-encoding")) req.headers().set(HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderValues.IDENTITY);
            boolean sendsBody = body != null && contentLength != 0;
            if (contentLength < 0) req.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            else if (contentLength > 0 || !(method.equals("GET") || method.equals("HEAD") || method.equals("DELETE") || method.equals("OPTIONS"))) {
                req.headers().set(HttpHeaderNames.CONTENT_LENGTH, contentLength);
            }
            up.writeAndFlush(req);
            if (sendsBody) {
                try (ChannelOutput out = new ChannelOutput(up, relay)) {
                    long n = 0;
                    if (body instanceof BodyPipe pipe) {
                        // A plain body goes on as the buffers Netty read from the client: no copy.
                        for (ByteBuf b; (b = pipe.take()) != null; ) {
                            n += b.readableBytes();
                            out.write(b);
                        }
                    } else {
                        n = body.transferTo(out);
                    }
                    out.flushBuffer();
                    if (contentLength >= 0 && n != contentLength) throw new IOException("the request body ended " + (contentLength - n) + " bytes early");
                } catch (AnsweredEarly early) {
                    up.close();
                    return relay.result().get();
                }
            }
            up.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> {
                if (f.isSuccess()) relay.requestDone();
            });
            return relay.result().get();
        } catch (ExecutionException e) {
            up.close();
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (IOException | RuntimeException | InterruptedException e) {
            up.close();
            throw e;
        }
    }

    /** The upstream answered before the whole body was sent (an error, usually): the rest is not sent. */
    private static final class AnsweredEarly extends IOException {
        AnsweredEarly() {
            super("the upstream answered before the body was sent");
        }
    }

    /** Request body bytes into the upstream channel in 64 KiB buffers; waits while the channel is not writable. */
    private static final class ChannelOutput extends OutputStream {
        private final Channel ch;
        private final ResponseRelay relay;
        private ByteBuf buf;
        private long written;

        ChannelOutput(Channel ch, ResponseRelay relay) {
            this.ch = ch;
            this.relay = relay;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (buf == null) buf = ch.alloc().directBuffer(BODY_BUF, BODY_BUF);
                int n = Math.min(len, buf.writableBytes());
                buf.writeBytes(b, off, n);
                off += n;
                len -= n;
                written += n;
                if (!buf.isWritable()) flushBuffer();
            }
        }

        /** Sends data as it is (taking ownership), after what is buffered. */
        void write(ByteBuf data) throws IOException {
            if (buf != null && buf.isReadable()) flushBuffer();
            buf = data;
            try {
                flushBuffer();
            } finally {
                if (buf == data) {
                    data.release();
                    buf = null;
                }
            }
        }

        void flushBuffer() throws IOException {
            if (relay.result().isDone() || relay.answered()) throw new AnsweredEarly();
            if (!ch.isActive()) throw new IOException("the upstream closed the connection");
            if (buf == null || !buf.isReadable()) return;
            ByteBuf out = buf;
            buf = null;
            ChannelFuture f = ch.writeAndFlush(new DefaultHttpContent(out));
            if (!ch.isWritable()) {
                f.awaitUninterruptibly();
                if (!f.isSuccess()) throw new IOException("writing to the upstream failed: " + f.cause().getMessage(), f.cause());
            }
        }

        @Override
        public void close() {
            if (buf != null) {
                buf.release();
                buf = null;
            }
        }
    }
}
