package hoop.protocol.awshttp;

import hoop.core.ResultChunk;
import hoop.core.Session;
import hoop.guard.GuardedConnection;
import hoop.guard.OutputFilter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.concurrent.CompletableFuture;

/**
 * The upstream's answer to one request, relayed to the client on their shared event loop. Binary bodies pass
 * as the buffers Netty read (no copy), the text found in them masked in place (see BinaryMasker); text bodies are
 * masked, and the first RECORD_BYTES of what the client sees are recorded before it is sent. While a recording is pending, or the client is not reading, the
 * upstream is not read either (AUTO_READ backpressure), so memory stays bounded.
 */
final class ResponseRelay extends ChannelInboundHandlerAdapter {
    /** The relay answering on a client channel, told when the client's writability changes. */
    static final AttributeKey<ResponseRelay> KEY = AttributeKey.valueOf("hoop.aws.relay");

    /** The upstream went away after the answer began: the client's connection is closed, no error can follow. */
    static final class Broken extends IOException {
        Broken(String m) {
            super(m);
        }
    }

    private final Channel client;
    private final Channel upstream;
    private final GuardedConnection conn;
    private final Session session;
    private final boolean head;
    private final UpstreamPool pool;
    private final String poolKey;
    /** Which of the answer's ETags the client is shown as stand-ins (see PseudoEtags). */
    private final PseudoEtags.Answer etags;
    /** The protocol a refusal is spoken in. */
    private final AwsCall.Protocol protocol;
    /** Told the answer's status before the client sees it (a retry may follow at once). */
    private final java.util.function.IntConsumer onStatus;
    private final CompletableFuture<Upstream.Result> result = new CompletableFuture<>();
    private final ArrayDeque<Object> queued = new ArrayDeque<>();
    private CompletableFuture<Void> waiting;
    private volatile boolean requestDone;
    /** Reading the answer proper (not a 1xx), and whether all of it has come: an upstream may close right after it. */
    private boolean finalAnswer;
    private volatile boolean received;
    private boolean started;
    private boolean informational;
    private boolean noBody;
    private boolean keepAlive;
    private int status;
    private String contentType;
    private Boolean text;
    private HttpResponse pendingHead;
    private String upstreamLength;
    private OutputFilter filter;
    /**
     * Set once the body is known to be masked keeping its offsets: binary (the text in it is masked), or a byte range
     * of a text object.
     */
    private hoop.guard.BinaryFilter binary;
    /** The client's byte range of a GetObject, asked of the upstream widened (see ByteRanges), or null. */
    private final ByteRanges.Asked asked;
    /** Where that range lies in the upstream's answer; null when the answer is not a range of it. */
    private ByteRanges.Window window;
    /** The object's first bytes, read apart when its answer may begin elsewhere (ObjectHead); null if not read. */
    private final byte[] objectHead;
    /** Where in the object a 206 answer begins: 0 for any other answer, -1 when its Content-Range does not say. */
    private long rangeFrom;
    /** Bytes of the upstream's body passed on so far (masked, before the window cut them). */
    private long bodyOffset;
    private String contentEncoding;
    /** Set while a text body under a Content-Encoding is decoded for masking and encoded again. */
    private ContentCoding coding;
    /** Set while a listing is held whole (see EncodedListing). */
    private EncodedListing listing;
    /** Set while a CBOR answer is held whole (see CborAnswer). */
    private CborAnswer cbor;
    private long sent;
    private long recorded;
    /** Binary content written to the client but not flushed: flushed once per upstream read burst. */
    private boolean unflushed;
    /**
     * The gateway's budget for what is held whole. An answer held for masking (CBOR, a listing) counts from its
     * first byte until its masked bytes have left for the client; a piece inflated from a Content-Encoding, which
     * may be 64 MiB, while it is masked. Many such answers at once are told to slow down, not let exhaust the heap.
     */
    private final HeldBodies budget;
    /** Bytes of budget this answer holds, and those of the inflated piece being masked. */
    private long charged;
    private long inflated;
    /** The client's connection went: the answer is dropped as soon as it begins. */
    private boolean clientGone;

    /** Thrown where an inflated piece does not fit the budget. */
    private static final class OverBudget extends RuntimeException {
        OverBudget() {
            super(null, null, false, false);
        }
    }

    ResponseRelay(Channel client, Channel upstream, GuardedConnection conn, Session session, boolean head, UpstreamPool pool, String poolKey,
                  AwsCall.Protocol protocol, PseudoEtags.Answer etags, java.util.function.IntConsumer onStatus, HeldBodies budget, ByteRanges.Asked asked,
                  byte[] objectHead) {
        this.asked = asked;
        this.etags = etags;
        this.objectHead = objectHead;
        this.budget = budget;
        this.protocol = protocol;
        this.onStatus = onStatus;
        this.client = client;
        this.upstream = upstream;
        this.conn = conn;
        this.session = session;
        this.head = head;
        this.pool = pool;
        this.poolKey = poolKey;
    }

    CompletableFuture<Upstream.Result> result() {
        return result;
    }

    boolean started() {
        return started;
    }

    /** The whole answer has come from the upstream (it may still be on its way to the client). */
    boolean answered() {
        return received;
    }

    void requestDone() {
        requestDone = true;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (result.isDone()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpResponse r) finalAnswer = r.status().code() >= 200;
        if (msg instanceof LastHttpContent && finalAnswer) received = true;
        if (waiting != null || !queued.isEmpty()) {
            queued.add(msg);
            return;
        }
        process(msg);
    }

    private void process(Object msg) {
        CompletableFuture<Void> step;
        try {
            step = handle(msg);
        } catch (RuntimeException e) {
            fail(e);
            return;
        } finally {
            ReferenceCountUtil.release(msg);
        }
        if (step.isDone() && !step.isCompletedExceptionally()) return;
        waiting = step;
        upstream.config().setAutoRead(false);
        step.whenCompleteAsync((v, e) -> {
            waiting = null;
            if (e != null) {
                fail(e);
                return;
            }
            while (waiting == null && !queued.isEmpty() && !result.isDone()) process(queued.poll());
            flushClient();
            if (waiting == null) readIfWritable();
        }, upstream.eventLoop());
    }

    /** Handles one message; the future completes when what it sends to the client was recorded and written. */
    private CompletableFuture<Void> handle(Object msg) {
        CompletableFuture<Void> step = CompletableFuture.completedFuture(null);
        if (msg instanceof HttpResponse r) {
            informational = r.status().code() >= 100 && r.status().code() < 200;
            if (!informational) head(r);
        }
        if (msg instanceof HttpContent c && !informational && started) {
            ByteBuf data = c.content();
            if (!noBody && data.isReadable()) step = body(data);
            if (c instanceof LastHttpContent) step = step.thenComposeAsync(v -> finish(), upstream.eventLoop());
        }
        if (msg instanceof LastHttpContent && informational) informational = false;
        return step;
    }

    private void head(HttpResponse r) {
        if (clientGone || !client.isActive()) {
            started = true;  // fails as a broken answer: nothing can be answered any more
            throw new IllegalStateException("the client closed the connection");
        }
        status = r.status().code();
        onStatus.accept(status);
        keepAlive = HttpUtil.isKeepAlive(r);
        contentType = r.headers().get(HttpHeaderNames.CONTENT_TYPE);
        HttpResponse answer = new DefaultHttpResponse(HttpVersion.HTTP_1_1, r.status());
        r.headers().forEach(h -> {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (Upstream.DROP_BACK.contains(name)) return;
            // A user metadata name is the writer's too (the CLI prints it as a Metadata key): one holding what a
            // detector finds cannot be renamed to a placeholder a header name may not hold, so it is left out.
            if (name.startsWith("x-amz-meta-") && !conn.maskText(name.substring(11)).equals(name.substring(11))) return;
            if (name.equals("etag") && status == 200 && etags.real() != null && etags.mode() == PseudoEtags.Mode.NONE) etags.real().accept(h.getValue());
            if (name.equals("etag") && etags.mode() != PseudoEtags.Mode.NONE) answer.headers().add(h.getKey(), PseudoEtags.shown(h.getValue()));
            // HeadObject's checksums (--checksum-mode): digests of the bytes with no body beside them to check against.
            // A GET's stay for a body passed as it is (SDKs check them) and go with one masked (see below).
            else if (head && etags.mode() != PseudoEtags.Mode.NONE && name.startsWith("x-amz-checksum-") && !name.equals("x-amz-checksum-type"))
                answer.headers().add(h.getKey(), PseudoEtags.checksum(h.getValue()));
            else answer.headers().add(h.getKey(), userText(name) ? masked(name, h.getValue()) : h.getValue());
        });
        noBody = head || status == 204 || status == 304;
        upstreamLength = r.headers().get(HttpHeaderNames.CONTENT_LENGTH);
        contentEncoding = r.headers().get(HttpHeaderNames.CONTENT_ENCODING);
        if (status == 206 && asked != null) {
            window = asked.in(r.headers().get(HttpHeaderNames.CONTENT_RANGE));
            if (window == null) {
                started = true;
                throw new IllegalStateException("the upstream's range does not hold the one asked for: " + r.headers().get(HttpHeaderNames.CONTENT_RANGE));
            }
            answer.headers().set(HttpHeaderNames.CONTENT_RANGE, window.contentRange());
            upstreamLength = String.valueOf(window.length());
        }
        if (status == 206) rangeFrom = window != null ? window.first() - window.skip() : ByteRanges.from(r.headers().get(HttpHeaderNames.CONTENT_RANGE));
        if (noBody) {
            answer.headers().set(HttpHeaderNames.CONTENT_LENGTH, upstreamLength != null ? upstreamLength : "0");
            client.write(answer);
        } else {
            pendingHead = answer;
        }
        started = true;
        filter = conn.newOutputFilter();
    }

    /**
     * Headers that carry only what the service itself made (ids, dates, lengths, checksums): every other one may
     * carry what a writer chose or what a call returns (user metadata, which the aws CLI prints as Metadata; a
     * download file name; Lambda's log tail, base64 in X-Amz-Log-Result; a function's error type) and is masked as
     * text like the body beside it. An object's Content-Type, Cache-Control and Expires are the writer's too (S3 keeps
     * them as sent, Expires even when it is no date): "max-age=60, sk_live_..." came back to HeadObject as written.
     */
    private static final java.util.Set<String> STRUCTURAL = java.util.Set.of("date", "etag", "last-modified",
            "server", "accept-ranges", "content-range", "x-amz-request-id", "x-amz-id-2", "x-amzn-requestid", "x-amz-version-id",
            "x-amz-crc32", "x-amz-executed-version", "x-amz-server-side-encryption", "x-amz-storage-class",
            "vary", "x-amz-bucket-region", "x-amz-delete-marker", "x-amz-mp-parts-count");

    private static boolean userText(String lowerName) {
        return !STRUCTURAL.contains(lowerName) && !lowerName.startsWith("x-amz-checksum-");
    }

    /**
     * Masked with its name in front, so a key-worded detector sees "x-amz-meta-db-password: value" as a pair; the
     * encoded words S3 uses for non-ASCII values are masked as the text they stand for.
     */
    private String masked(String lowerName, String value) {
        String prefix = lowerName + ": ";
        UnaryOperator<String> mask = text -> {
            String pair = conn.maskText(prefix + text);
            return pair.startsWith(prefix) ? pair.substring(prefix.length()) : conn.maskText(text);
        };
        return EncodedWords.mask(mask.apply(value), mask);
    }

    /**
     * Sends the answer's head once the body's kind is known: a binary body passes byte-exact, so it keeps the
     * upstream's Content-Length; masking may change a text body's length, so that one goes out chunked.
     */
    private void sendHead(boolean exact) {
        HttpResponse answer = pendingHead;
        if (answer == null) return;
        pendingHead = null;
        if (exact && upstreamLength != null) {
            answer.headers().set(HttpHeaderNames.CONTENT_LENGTH, upstreamLength);
        } else {
            answer.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        if (text != null) {
            // Digests of the body as the upstream sent it: beside the masked body they confirm guesses of what was
            // masked offline (an SSN is 10^9 MD5s, a CRC32 is solved outright), and they no longer match what the
            // client gets (SDK v2 refuses a DynamoDB answer whose x-amz-crc32 differs, an object whose checksum does).
            // A body masked in place may hold masked text too; its ETag stays, as HeadObject and listings show it.
            answer.headers().remove("x-amz-crc32").remove(HttpHeaderNames.CONTENT_MD5);
            if (binary == null) answer.headers().remove(HttpHeaderNames.ETAG);
            answer.headers().names().stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith("x-amz-checksum-")).toList()
                    .forEach(answer.headers()::remove);
        }
        client.write(answer);
    }

    private CompletableFuture<Void> body(ByteBuf data) {
        try {
            return piece(data);
        } catch (OverBudget e) {
            return overBudget();
        } finally {
            budget.give(inflated);
            inflated = 0;
        }
    }

    /** The piece data inflates to, counted against the budget while it is masked. */
    private byte[] inflate(ByteBuf data) {
        byte[] plain = coding.decode(data);
        if (!budget.take(plain.length)) throw new OverBudget();
        inflated += plain.length;
        return plain;
    }

    /** Holds n more bytes of this answer; false when the gateway's budget has no room for them. */
    private boolean hold(long n) {
        if (!budget.take(n)) return false;
        charged += n;
        return true;
    }

    /** What this answer holds becomes n bytes (its masked form); false when the budget has no room. */
    private boolean holdExactly(long n) {
        if (n > charged && !budget.take(n - charged)) return false;
        if (n < charged) budget.give(charged - n);
        charged = n;
        return true;
    }

    private void release() {
        budget.give(charged);
        charged = 0;
    }

    /**
     * Past the budget: before the answer began, the client is told to slow down in its protocol's words (a 503 its
     * SDK retries); after, it can only be cut off. Either way nothing of it goes out unmasked.
     */
    private CompletableFuture<Void> overBudget() {
        if (pendingHead == null) return CompletableFuture.failedFuture(new IOException("hoop: too many answers held for masking at once"));
        onStatus.accept(503);
        return refuse(io.netty.handler.codec.http.HttpResponseStatus.SERVICE_UNAVAILABLE, AwsProxyHandler.slowDown(protocol),
                "hoop: too many large answers are being masked at once; retry shortly", "[an answer refused: hoop's memory for held answers was full]\n");
    }

    private CompletableFuture<Void> piece(ByteBuf data) {
        int n = data.readableBytes();
        byte[] plain = null;
        if (text == null) {
            if (window != null && !window.satisfiable()) {
                return refuse(io.netty.handler.codec.http.HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "InvalidRange",
                        "The requested range is not satisfiable", "[a byte range past the object's end]\n");
            }
            if (contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/vnd.amazon.eventstream")) {
                // Frames of a response stream (Lambda InvokeWithResponseStream, Bedrock's streamed answers) carry the
                // payload in binary framing with checksums: passed as binary, it reached the client unread.
                return refuse("hoop: an event stream answer cannot be masked; call the non-streaming operation",
                        "[an event stream answer, refused: it cannot be masked]\n");
            }
            byte[] sample;
            String kindBy = contentType;
            if (!ContentCoding.identity(contentEncoding)) {
                coding = ContentCoding.of(contentEncoding);
                if (coding == null) {
                    return refuse("hoop: an answer with Content-Encoding " + contentEncoding + " cannot be read, so it cannot be masked",
                            "[an answer in an encoding hoop cannot read, refused: " + contentEncoding + "]\n");
                }
                plain = inflate(data);
                sample = plain.length <= 64 << 10 ? plain : java.util.Arrays.copyOf(plain, 64 << 10);
            } else {
                sample = ByteBufUtil.getBytes(data, data.readerIndex(), Math.min(n, 64 << 10));
                if (ContentCoding.gzipFile(sample)) {
                    // A gzip file is text to whoever gunzips it: read as such, and sent back gzip as it came.
                    if (status == 206) {
                        return refuse("hoop: a byte range of a gzip object cannot be masked; read the object whole",
                                "[a byte range of a gzip object, refused: it cannot be masked]\n");
                    }
                    coding = ContentCoding.gzip();
                    plain = inflate(data);
                    sample = plain.length <= 64 << 10 ? plain : java.util.Arrays.copyOf(plain, 64 << 10);
                    // By what it inflates to alone: the type names the file (application/gzip), not its content.
                    kindBy = null;
                }
            }
            // Compressed in a format hoop does not read (xz, bzip2, zstd, zip...): as binary its text passed unread,
            // masked in place where none shows, to whoever decompressed it. Refused, as exec withholds such output.
            // Inflated once already, gzip again is such a format too (a .gz.gz, a .gz stored under Content-Encoding gzip).
            String packed = coding != null ? hoop.core.Compressed.formatOrGzip(sample, 0, sample.length)
                    : hoop.core.Compressed.format(sample, 0, sample.length);
            if (packed != null) {
                return refuse("hoop: the answer is " + packed + "-compressed data, which hoop cannot read to mask; store or ask for it uncompressed or gzip-compressed",
                        "[" + packed + "-compressed content, refused: it cannot be masked]\n");
            }
            // S3 answers in XML; a type it sends is an object's, which whoever wrote the object set, or whoever reads
            // it asks for (?response-content-type=application/cbor): read as CBOR, a list of emails parsed into short
            // strings none of which was an address, and went out whole.
            boolean cborAnswer = CborAnswer.is(contentType) && protocol != AwsCall.Protocol.REST_XML;
            BodyKind kind = cborAnswer ? BodyKind.TEXT : BodyKind.of(kindBy, sample, sample.length);
            if (status == 206 && rangeFrom != 0) {
                // The middle of an object shows no magic of its own: what the object is, its first bytes tell.
                String whole = ObjectHead.compressed(objectHead);
                if (whole != null || objectHead == null && !kind.masked()) {
                    return refuse("hoop: a byte range of " + (whole != null ? "a " + whole + "-compressed object"
                                    : "an object whose first bytes hoop could not read") + " cannot be masked; read the object whole",
                            "[a byte range of " + (whole != null ? "a " + whole + "-compressed object" : "an object of unknown kind")
                                    + ", refused: it cannot be masked]\n");
                }
            }
            text = kind.masked();
            if (cborAnswer) cbor = new CborAnswer();
            if (kind.wide() != null) filter.wide(kind.wide());
            if (kind == BodyKind.TEXT) listing = EncodedListing.of(sample, etags.mode() == PseudoEtags.Mode.ALL, status == 200 ? etags.real() : null);
            // Held whole like a listing: each message's MD5OfBody is computed once the answer is masked.
            if (kind == BodyKind.TEXT && listing == null && etags.messages() && status == 200) listing = EncodedListing.whole();
            if (text && status == 206) {
                // A range widened for context is masked keeping its offsets; any other range of text (a part, several
                // ranges, text that is not 8-bit) cannot be.
                if (window == null || kind != BodyKind.TEXT || coding != null || cborAnswer || listing != null) {
                    return refuse("hoop: a byte range of a text object cannot be masked; read the object whole",
                            "[a byte range of a text object, refused: it cannot be masked]\n");
                }
                text = false;
                return inPlace(data, true, "[a byte range of a text object; masked in place]\n");
            }
            // A CBOR answer's or a listing's head waits: one hoop cannot read, or hold, is refused whole.
            if (cbor == null && listing == null && text) sendHead(false);
            // A compressed stream inside binary content (a .gz in a tar): refused while no answer has begun; one found
            // further on cuts the answer off (BinaryFilter.Unreadable).
            String inside = text ? null : coding != null ? hoop.core.EmbeddedStreams.find(plain, 0, plain.length)
                    : hoop.core.EmbeddedStreams.find(data.nioBuffer());
            if (inside != null) {
                return refuse("hoop: the answer holds " + inside + "-compressed data, which hoop cannot read to mask",
                        "[binary content holding " + inside + "-compressed data, refused: it cannot be masked]\n");
            }
            if (!text && coding != null) {
                // Binary under gzip (a .tar.gz of config files, a compressed database dump): its text is in what it
                // inflates to, which is masked in place and compressed again. Passed as it came, the compressed
                // bytes hid every secret in the archive.
                if (status == 206) {
                    return refuse("hoop: a byte range of a compressed object cannot be masked; read the object whole",
                            "[a byte range of a compressed object, refused: it cannot be masked]\n");
                }
                binary = conn.newInPlaceFilter(false);
                recorded = Upstream.RECORD_BYTES; // binary: the note stands for it in the recording
                sendHead(false);
                byte[] first = plain;
                return conn.guard().recordOutput(session, new ResultChunk(ResultChunk.Stream.STDOUT,
                                "[compressed binary content; text in what it inflates to masked in place]\n".getBytes(StandardCharsets.UTF_8)))
                        .thenComposeAsync(v -> inflatedBinary(first), upstream.eventLoop());
            }
            if (!text) return inPlace(data, false, "[binary content; text in it masked in place]\n");
        }
        if (!text && coding != null) return inflatedBinary(inflate(data));
        if (!text) {
            writeBinary(data.retain());
            return CompletableFuture.completedFuture(null);
        }
        if (plain == null) plain = coding != null ? inflate(data) : ByteBufUtil.getBytes(data);
        if ((cbor != null || listing != null) && !hold(plain.length)) return overBudget();
        // Past its cap a held answer is refused in the protocol's words: its head waits with it, so nothing of it went
        // out yet (cutting the connection left the CLI and SDKs retrying, then reporting a broken connection).
        if (cbor != null) {
            if (cbor.add(plain)) return CompletableFuture.completedFuture(null);
            return refuse("hoop: an answer over " + (CborAnswer.MAX_BYTES >> 20) + " MiB in CBOR cannot be masked; ask for less at a time (a smaller limit or page)",
                    "[a CBOR answer over " + (CborAnswer.MAX_BYTES >> 20) + " MiB, refused: it cannot be masked]\n");
        }
        if (listing != null) {
            if (listing.add(plain)) return CompletableFuture.completedFuture(null);
            return refuse("hoop: an S3 listing over " + (EncodedListing.MAX_BYTES >> 20) + " MiB cannot be masked; list fewer keys at a time (max-keys)",
                    "[an S3 listing over " + (EncodedListing.MAX_BYTES >> 20) + " MiB, refused: it cannot be masked]\n");
        }
        byte[] masked = filter.feed(plain, 0, plain.length);
        // Text holding a compressed stream further on (a script with its archive appended): cut off, not sent on with
        // a note in the middle of the object.
        if (filter.withheld() != null) throw new hoop.guard.BinaryFilter.Unreadable(filter.withheld());
        return send(masked, false);
    }

    /** A piece of binary content inflated from its encoding: masked in place, sent encoded again (but what the filter holds). */
    private CompletableFuture<Void> inflatedBinary(byte[] plain) {
        byte[] before = binary.feed(java.nio.ByteBuffer.wrap(plain));
        int out = plain.length - binary.held();
        byte[] masked = before.length == 0 ? java.util.Arrays.copyOf(plain, out) : concat(before, java.util.Arrays.copyOf(plain, out));
        return send(masked, false);
    }

    /** The body's first piece, once it is known to be masked keeping its offsets (see BinaryMasker). */
    private CompletableFuture<Void> inPlace(ByteBuf data, boolean textRange, String note) {
        binary = conn.newInPlaceFilter(textRange);
        sendHead(true);
        ByteBuf keep = data.retain();
        return conn.guard().recordOutput(session, new ResultChunk(ResultChunk.Stream.STDOUT, note.getBytes(StandardCharsets.UTF_8)))
                .thenRunAsync(() -> {
                    writeBinary(keep);
                    flushClient();  // after the upstream's read burst ended, maybe
                }, upstream.eventLoop());
    }

    /**
     * An answer hoop cannot mask: a part of a text body (a Range or partNumber GET), whose pieces of secrets no
     * detector recognizes, read piece by piece they came out whole and unmasked; or a body in an encoding hoop
     * cannot undo. It is answered with AccessDenied instead, nothing of it sent; the upstream connection is dropped
     * with the rest of the body.
     */
    private CompletableFuture<Void> refuse(String why, String note) {
        return refuse(io.netty.handler.codec.http.HttpResponseStatus.FORBIDDEN, "AccessDenied", why, note);
    }

    private CompletableFuture<Void> refuse(io.netty.handler.codec.http.HttpResponseStatus status, String code, String why, String note) {
        pendingHead = null;
        if (coding != null) coding.close();
        coding = null;
        cbor = null;
        listing = null;
        release();
        var denied = AwsErrors.error(protocol, status, code, why);
        HttpUtil.setKeepAlive(denied, false);
        return conn.guard().recordOutput(session, new ResultChunk(ResultChunk.Stream.STDOUT, note.getBytes(StandardCharsets.UTF_8)))
                .thenRunAsync(() -> {
                    client.writeAndFlush(denied).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
                    client.attr(KEY).compareAndSet(this, null);
                    upstream.close();
                    for (Object m; (m = queued.poll()) != null; ) ReferenceCountUtil.release(m);
                    result.complete(new Upstream.Result(status.code(), 0));
                }, upstream.eventLoop());
    }

    /**
     * Written now, flushed when the upstream's read burst ends: the decoder cuts what one read brought into
     * 64 KiB contents, and a flush (a send(2)) per content cost more than the bytes (bench/s3.sh GetObject).
     */
    private void writeBinary(ByteBuf data) {
        ByteBuf own = data;
        if (data.nioBufferCount() != 1 || data.isReadOnly()) {
            // Masked in place: a buffer of several parts, or one that may not be written, is copied first.
            own = Unpooled.copiedBuffer(data);
            data.release();
        }
        byte[] before;
        try {
            before = binary.feed(own.nioBuffer());
        } catch (RuntimeException e) {
            own.release();  // not sent: a compressed stream in it (BinaryFilter.Unreadable) cuts the answer off
            throw e;
        }
        if (before.length > 0) emit(Unpooled.wrappedBuffer(before));
        // The bytes the filter holds it has copied: they leave with a later piece.
        own.writerIndex(own.writerIndex() - binary.held());
        emit(own);
        unflushed = true;
        if (!client.isWritable()) upstream.config().setAutoRead(false);
    }

    /** Passes b on (taking it), but for what lies outside the client's range; an empty b is dropped. */
    private void emit(ByteBuf b) {
        long from = bodyOffset;
        bodyOffset += b.readableBytes();
        if (window != null) {
            long start = Math.min(Math.max(from, window.skip()), bodyOffset);
            long end = Math.max(start, Math.min(bodyOffset, window.skip() + window.length()));
            b.readerIndex(b.readerIndex() + (int) (start - from));
            b.writerIndex(b.readerIndex() + (int) (end - start));
        }
        if (b.isReadable()) writeContent(b);
        else b.release();
    }

    private void writeContent(ByteBuf b) {
        sent += b.readableBytes();
        client.write(new DefaultHttpContent(b));
    }

    private void flushClient() {
        if (unflushed) {
            unflushed = false;
            client.flush();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushClient();
        ctx.fireChannelReadComplete();
    }

    /**
     * Record first (up to RECORD_BYTES per response), then send: nothing recorded is less than what was shown. The
     * recording keeps the masked text, the client gets it in the answer's Content-Encoding (last: with its end).
     */
    private CompletableFuture<Void> send(byte[] masked, boolean last) {
        byte[] wire = coding == null ? masked : coding.encode(masked);
        if (last && coding != null) {
            wire = concat(wire, coding.finish());
            coding.close();
            coding = null;
        }
        if (wire.length == 0) return CompletableFuture.completedFuture(null);
        byte[] out = wire;
        Runnable write = () -> {
            sent += out.length;
            client.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(out)));
            if (!client.isWritable()) upstream.config().setAutoRead(false);
        };
        if (recorded >= Upstream.RECORD_BYTES || masked.length == 0) {
            write.run();
            return CompletableFuture.completedFuture(null);
        }
        int keep = (int) Math.min(masked.length, Upstream.RECORD_BYTES - recorded);
        recorded += keep;
        byte[] part = keep == masked.length ? masked : java.util.Arrays.copyOf(masked, keep);
        return conn.guard().recordOutput(session, new ResultChunk(ResultChunk.Stream.STDOUT, part)).thenRunAsync(write, upstream.eventLoop());
    }

    private CompletableFuture<Void> finish() {
        byte[] held = new byte[0];
        if (cbor != null) {
            try {
                held = cbor.masked(conn::maskText);
            } catch (IOException e) {
                return refuse("hoop: " + e.getMessage() + "; it cannot be masked", "[a CBOR answer hoop could not read, refused]\n");
            } finally {
                cbor = null;
            }
            if (!holdExactly(held.length)) return overBudget();
            sendHead(false);
            return send(held, true).thenRunAsync(this::complete, upstream.eventLoop());
        }
        boolean wasListing = listing != null;
        if (listing != null) {
            byte[] xml = listing.masked(conn::maskText);
            held = filter.feed(xml, 0, xml.length);
            listing = null;
        }
        if (binary != null) {
            byte[] rest = binary.finish();
            if (coding != null) held = rest; // encoded with the stream's end below
            else if (rest.length > 0) emit(Unpooled.wrappedBuffer(rest));
        }
        byte[] tail = text == null || text ? filter.finish() : new byte[0];
        byte[] all = held.length == 0 ? tail : concat(held, tail);
        if (wasListing && etags.messages()) all = MessageDigests.ofMasked(all);
        if (wasListing && !holdExactly(all.length)) return overBudget();
        sendHead(false);
        return send(all, true).thenRunAsync(this::complete, upstream.eventLoop());
    }

    private void complete() {
        sendHead(false);
        long total = sent;
        // The held answer's bytes are the client's once all of it was written (or the connection failed).
        client.writeAndFlush(noBody ? LastHttpContent.EMPTY_LAST_CONTENT : new DefaultLastHttpContent()).addListener(f -> release());
        client.attr(KEY).compareAndSet(this, null);
        if (keepAlive && requestDone && upstream.isActive()) pool.release(upstream, poolKey);
        else upstream.close();
        result.complete(new Upstream.Result(status, total));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** The client can take more: read the upstream again, unless a recording is pending. */
    void clientWritabilityChanged() {
        if (waiting == null && !result.isDone()) readIfWritable();
    }

    private void readIfWritable() {
        if (result.isDone()) return;
        boolean on = client.isWritable();
        upstream.config().setAutoRead(on);
        if (on) upstream.read();
    }

    private void fail(Throwable e) {
        if (coding != null) coding.close();
        coding = null;
        cbor = null;
        listing = null;
        release();
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        upstream.close();
        for (Object m; (m = queued.poll()) != null; ) ReferenceCountUtil.release(m);
        client.attr(KEY).compareAndSet(this, null);
        if (started) {
            client.close();
            result.completeExceptionally(new Broken("the upstream answer failed: " + cause.getMessage()));
        } else {
            result.completeExceptionally(cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause));
        }
    }

    /**
     * The client's connection closed: an answer already begun is dropped now (its upstream connection with it),
     * as is one that begins later, so neither waits for good on a client that cannot read, holding its budget.
     */
    void clientClosed() {
        clientGone = true;
        if (started && !result.isDone()) fail(new IOException("the client closed the connection"));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // A whole answer may still wait here for its recording: it is sent on; only a cut-off one is a failure.
        if (!result.isDone() && !received) fail(new IOException("the upstream closed the connection"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!result.isDone()) fail(cause);
        else ctx.close();
    }
}
