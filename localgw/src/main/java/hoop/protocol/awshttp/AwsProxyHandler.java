package hoop.protocol.awshttp;

import hoop.core.AwsCredentials;
import hoop.core.Command;
import hoop.core.Session;
import hoop.core.SigV4;
import hoop.core.Verdict;
import hoop.guard.LiveSessions;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client connection to the AWS proxy, one request at a time: check the client's SigV4 with its session's
 * pseudo secret, name the call, have the guard judge it, then re-sign with the session's STS credential and
 * forward. The body is not read while the guard decides.
 */
final class AwsProxyHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = Logger.getLogger(AwsProxyHandler.class.getName());
    /**
     * Bodies of JSON and query calls (and DeleteObjects) are read whole before judging: they carry the operation or
     * its keys, and their hash is signed. The bound is the largest such request AWS takes, with room for encoding:
     * DynamoDB BatchWriteItem (16 MB); others are smaller (Lambda Invoke 6 MB, Kinesis PutRecords 10 MB,
     * DeleteObjects' 1,000 keys of 1,024 bytes just over 1 MB).
     */
    static final int MAX_SMALL_BODY = 17 << 20;

    private final AwsProxy proxy;
    private ChannelHandlerContext ctx;
    private Pending pending;
    /**
     * Requests a client pipelined behind one not yet answered: each is checked and judged only once the one before
     * it has its answer, so answers go out in order and two calls never share the connection at once.
     */
    private final java.util.ArrayDeque<Object> held = new java.util.ArrayDeque<>();
    private boolean draining;
    /** A refusal closes the connection: whatever the client still sends is dropped. */
    private boolean closing;

    /** The request being handled; body goes either to small (read whole) or to pipe (streamed). */
    private static final class Pending {
        SigV4.Request request;
        SigV4.Signature sig;
        LiveSessions.Grant grant;
        AwsCall.Protocol protocol;
        ByteArrayOutputStream small;
        BodyPipe pipe;
        boolean keepAlive;
        boolean expectContinue;
        boolean bodyDone;
        /** The upstream call owns the pipe from here: it reads it and closes it. */
        boolean forwarding;
        /** Its header signature was seen for the first time: a refusal is remembered for a retry of it. */
        boolean firstUse;
        /** A completion copying ranges of one object: they must be all of it, checked before it is forwarded. */
        UploadParts.Whole whole;
        /** A CompleteMultipartUpload's body with its parts' real ETags (UploadParts.realEtags), sent instead of the client's. */
        byte[] completion;
        /** Which ETags of the answer are shown as stand-ins (PseudoEtags): all of an unidentified S3 call's. */
        PseudoEtags.Answer etags = PseudoEtags.Answer.NONE;
        /** Its whole answer was written: the next request may be handled. */
        boolean answered;
        long contentLength;
        /** Bytes of small counted against the gateway's HeldBodies; given back once, by whoever finishes first. */
        final java.util.concurrent.atomic.AtomicLong held = new java.util.concurrent.atomic.AtomicLong();
    }

    /** Gives back what p's body held of the gateway's budget; safe to call more than once and from any thread. */
    private void release(Pending p) {
        long n = p.held.getAndSet(0);
        if (n > 0) proxy.heldBodies().give(n);
    }

    AwsProxyHandler(AwsProxy proxy) {
        this.proxy = proxy;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        long every = Math.max(250, proxy.timeouts().shortest().toMillis() / 4);
        timeoutCheck = ctx.executor().scheduleAtFixedRate(this::checkTimeouts, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** When the client last sent a byte, and when hoop last began reading it again: a pause counts from the later. */
    private long lastClientRead = System.nanoTime();
    private long readingSince = System.nanoTime();
    private io.netty.util.concurrent.ScheduledFuture<?> timeoutCheck;
    /** Since when the connection has had nothing to do (opened, or its last answer given) and no new head began. */
    private long idleSince = System.nanoTime();
    /** When the first byte of a head not yet complete came, or 0: the whole head must follow within its timeout. */
    private long headSince;
    /** No request came yet: a connection that sends nothing is closed after the header timeout, as nginx does. */
    private boolean fresh = true;

    /**
     * Sees the client's bytes before the HTTP decoder, which passes nothing on until a head is whole: a head
     * that only began counts from here.
     */
    io.netty.channel.ChannelInboundHandler wireReads() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext c, Object msg) {
                if (headSince == 0 && betweenRequests() && msg instanceof io.netty.buffer.ByteBuf b && b.isReadable()) {
                    headSince = System.nanoTime();
                }
                c.fireChannelRead(msg);
            }
        };
    }

    /** Nothing is being read, judged, forwarded or answered: what comes next is a new request's head. */
    private boolean betweenRequests() {
        Pending p = pending;
        return !closing && held.isEmpty() && (p == null || p.answered);
    }

    private void checkTimeouts() {
        if (betweenRequests()) checkIdle();
        else checkStall();
    }

    /**
     * A head that does not come whole, or a connection with nothing to do, would hold its socket for good. A
     * begun head past client_header_timeout is answered as S3 answers one (400 RequestTimeout); a connection that
     * sent nothing is closed quietly, after the header timeout when fresh and keepalive_timeout once it was used.
     */
    private void checkIdle() {
        long now = System.nanoTime();
        ClientTimeouts t = proxy.timeouts();
        if (headSince != 0) {
            if (now - headSince < t.header().toNanos()) return;
            reply(AwsErrors.error(AwsCall.Protocol.REST_XML, HttpResponseStatus.BAD_REQUEST, "RequestTimeout",
                    "hoop: the request head did not arrive whole within " + t.header().toSeconds() + "s"), null);
            return;
        }
        var unsent = ctx.channel().unsafe().outboundBuffer();
        if (unsent != null && unsent.totalPendingWriteBytes() > 0) {
            // The last answer is still on its way to a client that reads it slowly: closing would cut it off.
            idleSince = now;
            return;
        }
        if (now - idleSince >= (fresh ? t.header() : t.keepalive()).toNanos()) {
            closing = true;
            ctx.close();
        }
    }

    /**
     * A body that stops coming while hoop reads it would hold its connection (and, read whole, its share of the
     * gateway's HeldBodies) for good: past client_body_timeout the request fails as S3's RequestTimeout. Only a
     * body hoop is reading counts; not one waiting for its verdict, nor a client waiting for its answer.
     */
    private void checkStall() {
        Pending p = pending;
        if (closing || p == null || p.bodyDone || p.answered || !ctx.channel().config().isAutoRead()) return;
        long paused = System.nanoTime() - Math.max(lastClientRead, readingSince);
        java.time.Duration timeout = proxy.timeouts().body();
        if (paused < timeout.toNanos()) return;
        String why = "hoop: the request body stopped arriving for " + timeout.toSeconds() + "s";
        if (p.forwarding) {
            // The upstream call is reading the body: closing fails it, and it answers for itself.
            proxy.connection().guard().recordError(p.grant.session(), why);
            ctx.close();
        } else {
            deny(p, HttpResponseStatus.BAD_REQUEST, "RequestTimeout", why);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastClientRead = System.nanoTime();
        if (closing) {
            ReferenceCountUtil.release(msg);
        } else if (!held.isEmpty() || waitingForAnswer()) {
            held.add(msg);
            updateRead();
        } else {
            handle(msg);
        }
    }

    private boolean waitingForAnswer() {
        return pending != null && pending.bodyDone && !pending.answered;
    }

    /** p's answer is complete: the requests held behind it are handled now, in order. */
    private void answered(Pending p) {
        p.answered = true;
        idleSince = System.nanoTime();
        if (draining) return; // a refusal given while handling a held request: the loop below goes on
        draining = true;
        try {
            while (!closing && !held.isEmpty() && !waitingForAnswer()) handle(held.poll());
        } finally {
            draining = false;
        }
        updateRead();
    }

    /**
     * Reads from the client only when its bytes can go somewhere: not while a request waits for its answer or
     * others are held (a client pipelining without end would fill memory), not while a streamed body waits for
     * its verdict or its pipe is full.
     */
    private void updateRead() {
        if (closing) return;
        Pending p = pending;
        boolean on;
        if (!held.isEmpty() || waitingForAnswer()) on = false;
        else if (p == null || p.answered || p.pipe == null) on = true;
        else on = p.forwarding && !p.pipe.paused();
        if (on && !ctx.channel().config().isAutoRead()) readingSince = System.nanoTime();
        ctx.channel().config().setAutoRead(on);
    }

    private void handle(Object msg) {
        try {
            if (msg instanceof HttpRequest req) onRequest(req);
            if (msg instanceof HttpContent c) onContent(c);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private static final java.util.regex.Pattern SCOPE_NAME = java.util.regex.Pattern.compile("[a-z0-9-]{1,63}");

    private void onRequest(HttpRequest req) {
        headSince = 0;
        fresh = false;
        if (req.decoderResult().isFailure()) {
            reply(AwsErrors.error(AwsCall.Protocol.REST_XML, HttpResponseStatus.BAD_REQUEST, "InvalidRequest", "hoop: malformed HTTP request"), null);
            return;
        }
        Pending p = new Pending();
        pending = p;
        String uri = req.uri();
        int qm = uri.indexOf('?');
        Map<String, List<String>> headers = new LinkedHashMap<>();
        req.headers().forEach(e -> headers.computeIfAbsent(e.getKey().toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>()).add(e.getValue()));
        p.request = new SigV4.Request(req.method().name(), qm < 0 ? uri : uri.substring(0, qm), qm < 0 ? "" : uri.substring(qm + 1), headers);
        p.protocol = headers.containsKey("x-amz-target") ? AwsCall.Protocol.JSON : AwsCall.Protocol.REST_XML;
        p.keepAlive = HttpUtil.isKeepAlive(req);
        p.expectContinue = HttpUtil.is100ContinueExpected(req);
        p.contentLength = HttpUtil.isTransferEncodingChunked(req) ? -1 : HttpUtil.getContentLength(req, 0L);
        if (!uri.startsWith("/") || uri.indexOf('#') >= 0) {
            // Only origin-form: anything else ("@host/...", absolute URIs) would be glued onto the upstream's
            // authority and could send a re-signed request somewhere else. A '#' ends the path or query for the
            // URI the request is forwarded by, not for hoop, which judged /b/exact#x as another key than exact.
            reply(AwsErrors.error(AwsCall.Protocol.REST_XML, HttpResponseStatus.BAD_REQUEST, "InvalidRequest",
                    "hoop: the request target must be a path starting with / and without a fragment (#)"), null);
            return;
        }
        if (!wellEncoded(uri)) {
            // A '%' not followed by two hex digits failed deep in signature checking: the connection closed without an
            // answer (or the reason was Java's NumberFormatException message). S3 answers this itself, as here.
            reply(AwsErrors.error(AwsCall.Protocol.REST_XML, HttpResponseStatus.BAD_REQUEST, "InvalidURI",
                    "Couldn't parse the specified URI."), null);
            return;
        }
        try {
            p.sig = proxy.sigv4().parse(p.request);
        } catch (IllegalArgumentException e) {
            deny(p, HttpResponseStatus.FORBIDDEN, "AccessDenied", e.getMessage());
            return;
        }
        if (!SCOPE_NAME.matcher(p.sig.service()).matches() || !SCOPE_NAME.matcher(p.sig.region()).matches()) {
            // The client signs its own scope; the service names the upstream host (service.region.amazonaws.com).
            deny(p, HttpResponseStatus.FORBIDDEN, "AccessDenied", "invalid service or region in the credential scope");
            return;
        }
        if (!p.sig.service().equals("s3") && p.protocol == AwsCall.Protocol.REST_XML) {
            // Lambda is REST-JSON: its errors are JSON ones.
            p.protocol = p.sig.service().equals("lambda") ? AwsCall.Protocol.JSON : AwsCall.Protocol.QUERY;
        }
        var grant = proxy.live().find(proxy.connection().name(), p.sig.accessKeyId());
        if (grant.isEmpty()) {
            deny(p, HttpResponseStatus.FORBIDDEN, "InvalidAccessKeyId",
                    "The access key is not a live hoop session's (hoop connect " + proxy.connection().name() + ")");
            return;
        }
        p.grant = grant.get();
        if (p.sig.service().equals("s3") && !AwsCalls.namesKeysInBody(p.request.method(), p.request.rawQuery())) {
            // Judged before its body is read; the body waits in the pipe (reading pauses when it fills).
            p.pipe = new BodyPipe(ctx.executor(), on -> updateRead());
            updateRead();
            verifyAndJudge(p, null);
        } else {
            // Read whole first: the call is named from it (JSON and query protocols), or names its keys in it
            // (DeleteObjects). A client waiting for 100 Continue gets it now, as the body is needed to judge.
            p.small = new ByteArrayOutputStream();
            if (p.expectContinue && p.sig.service().equals("s3")) {
                ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
            }
        }
    }

    private void onContent(HttpContent c) {
        Pending p = pending;
        if (p == null || p.bodyDone) return;
        boolean last = c instanceof LastHttpContent;
        if (p.pipe != null) {
            p.pipe.offer(c.content().retain());
            if (last) {
                p.bodyDone = true;
                p.pipe.end();
                updateRead();
            }
        } else if (p.small != null) {
            int n = c.content().readableBytes();
            if (p.small.size() + n > MAX_SMALL_BODY) {
                p.small = null;
                deny(p, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "RequestEntityTooLarge", "request body over " + MAX_SMALL_BODY + " bytes");
                return;
            }
            if (!proxy.heldBodies().take(n)) {
                p.small = null;
                deny(p, HttpResponseStatus.SERVICE_UNAVAILABLE, slowDown(p.protocol),
                        "hoop: too many large request bodies are waiting to be judged at once; retry shortly");
                return;
            }
            p.held.addAndGet(n);
            p.small.writeBytes(ByteBufUtil.getBytes(c.content()));
            if (last) {
                p.bodyDone = true;
                byte[] body = p.small.toByteArray();
                p.small = null; // the array alone is held from here, until the call ends
                updateRead();
                verifyAndJudge(p, body);
            }
        }
    }

    private void verifyAndJudge(Pending p, byte[] body) {
        String bodySha = body == null ? null : HexFormat.of().formatHex(AwsChunked.sha256(body));
        String problem = proxy.sigv4().check(p.request, p.sig, bodySha, p.grant.password(), proxy.clock().instant());
        ReplayGuard.Use use = problem != null || p.sig.presigned() ? null
                : proxy.replays().firstUse(p.sig.signature(), p.sig.amzDate(), proxy.clock().instant());
        if (use == ReplayGuard.Use.FULL) {
            deny(p, HttpResponseStatus.SERVICE_UNAVAILABLE, slowDown(p.protocol),
                    "hoop: too many signed requests in the last 15 minutes to tell a replay apart; retry shortly");
            return;
        }
        if (use == ReplayGuard.Use.REPLAYED) {
            String before = proxy.replays().refusedBefore(p.sig.signature());
            if (before != null) {
                deny(p, HttpResponseStatus.FORBIDDEN, "AccessDenied", before);
                return;
            }
            problem = "the same signature was already used (replayed request)";
        }
        p.firstUse = problem == null && !p.sig.presigned();
        if (problem != null) {
            String code = problem.startsWith("SignatureDoesNotMatch") || problem.startsWith("RequestTimeTooSkewed") ? problem.split(":")[0]
                    : p.protocol == AwsCall.Protocol.JSON ? "InvalidSignatureException" : "AccessDenied";
            deny(p, HttpResponseStatus.FORBIDDEN, code, "hoop: " + problem);
            return;
        }
        if (body == null) {
            judge(p, null);
            return;
        }
        NamingBody.Plain plain;
        try {
            plain = NamingBody.of(body, p.request.headers(), p.sig.payloadHash(), MAX_SMALL_BODY);
        } catch (IllegalArgumentException e) {
            deny(p, HttpResponseStatus.BAD_REQUEST, malformed(p.protocol), "hoop: " + e.getMessage());
            return;
        }
        if (plain.decoded()) {
            if (!proxy.heldBodies().take(plain.body().length)) {
                deny(p, HttpResponseStatus.SERVICE_UNAVAILABLE, slowDown(p.protocol),
                        "hoop: too many large request bodies are waiting to be judged at once; retry shortly");
                return;
            }
            p.held.addAndGet(plain.body().length);
            // Forwarded as named: the inflated bytes, their own hash signed (not the one of the compressed body).
            p.request = new SigV4.Request(p.request.method(), p.request.rawPath(), p.request.rawQuery(), plain.headers());
            SigV4.Signature s = p.sig;
            p.sig = new SigV4.Signature(s.accessKeyId(), s.date(), s.region(), s.service(), s.amzDate(), s.signedHeaders(), s.signature(),
                    null, s.presigned(), s.expiresSeconds());
        }
        judge(p, plain.body());
    }

    /** Names the call of a request whose signature was checked, and has the guard judge it; body: as the service reads it. */
    private void judge(Pending p, byte[] body) {
        if (p.sig.service().equals("s3")) {
            // Checked as the client signed it (its Host), judged and forwarded as path style.
            String bucket = S3Addressing.bucket(AwsCalls.first(p.request.headers(), "host"), proxy.hostNames());
            if (bucket != null) p.request = S3Addressing.pathStyle(p.request, bucket);
        }
        Map<String, String> query;
        try {
            query = AwsCalls.query(p.request.rawQuery());
        } catch (IllegalArgumentException e) {
            deny(p, HttpResponseStatus.BAD_REQUEST, "InvalidRequest", "hoop: " + e.getMessage());
            return;
        }
        Map<String, List<String>> headers = p.request.headers();
        String ambiguous = AwsCalls.ambiguous(headers);
        if (ambiguous == null && p.sig.service().equals("s3")) {
            try {
                headers = AwsCalls.s3Headers(headers, query);
                ambiguous = AwsCalls.ambiguousS3(p.request.rawPath(), headers);
                // Conditions are translated from the ETags hoop shows only as headers (AwsProxy.realConditions); one in
                // the query would reach the server as the client wrote it: the MD5 of a guess, answered 200 or 412.
                for (String q : query.keySet()) {
                    String n = q.toLowerCase(java.util.Locale.ROOT);
                    if (ambiguous == null && (n.endsWith("if-match") || n.endsWith("if-none-match"))) ambiguous = q + " is taken as a header only";
                }
            } catch (IllegalArgumentException e) {
                ambiguous = e.getMessage();
            }
        }
        if (ambiguous != null) {
            deny(p, HttpResponseStatus.BAD_REQUEST, "InvalidRequest", "hoop: " + ambiguous);
            return;
        }
        AwsCall call;
        try {
            call = AwsCalls.identify(p.sig.service(), p.request.method(), p.request.rawPath(), query, headers, body, proxy.scope());
        } catch (IllegalArgumentException e) {
            deny(p, HttpResponseStatus.BAD_REQUEST, malformed(p.protocol), "hoop: " + e.getMessage());
            return;
        }
        Session s = p.grant.session();
        List<String> argv = new ArrayList<>();
        String shown = p.request.method() + " " + p.request.rawPath() + (query.isEmpty() ? "" : "?" + AwsProxy.withoutPresign(p.request.rawQuery()));
        if (p.sig.service().equals("s3")) p.etags = new PseudoEtags.Answer(etagMode(call), null);
        if (call != null && call.operation().equals("sqs:ReceiveMessage")) p.etags = new PseudoEtags.Answer(PseudoEtags.Mode.NONE, null, true);
        if (call != null && call.operation().startsWith("s3:UploadPart")) {
            // Kept for the completion naming the part: it gets the real ETag back for the stand-in the client was shown.
            String arn = call.resources().get(0), upload = query.get("uploadId"), part = query.get("partNumber");
            p.etags = new PseudoEtags.Answer(p.etags.mode(), etag -> proxy.uploadParts().answered(arn, upload, part, etag));
        }
        if (call != null) {
            argv.add(call.operation());
            argv.addAll(call.resources());
            argv.addAll(call.implied()); // after the ARNs: service:Action names, which no ARN looks like
            if (proxy.endpointOverride() && p.sig.service().equals("s3")) {
                // Not AWS itself: the server may not implement the sub-resource and run the plain call instead.
                AwsCall plain = AwsCalls.s3Fallback(p.request.method(), p.request.rawPath(), query, headers, body);
                if (plain != null && !plain.operation().equals(call.operation())) {
                    argv.add(plain.operation());
                    plain.implied().stream().filter(i -> !argv.contains(i)).forEach(argv::add);
                }
            }
            if (call.operation().equals("s3:CompleteMultipartUpload")) {
                UploadParts.Completion c;
                try {
                    c = proxy.uploadParts().completing(call.resources().get(0), query.get("uploadId"), UploadParts.listed(body));
                } catch (IllegalArgumentException e) {
                    deny(p, HttpResponseStatus.BAD_REQUEST, "MalformedXML", "hoop: " + e.getMessage());
                    return;
                }
                if (c.refused() != null) {
                    argv.add(hoop.core.aws.AwsResources.SPLICED_UPLOAD);
                    shown += "  -- " + c.refused();
                }
                p.whole = c.whole();
                try {
                    p.completion = proxy.uploadParts().realEtags(call.resources().get(0), query.get("uploadId"), body, UploadParts.listed(body));
                } catch (IllegalArgumentException e) {
                    deny(p, HttpResponseStatus.BAD_REQUEST, "MalformedXML", "hoop: " + e.getMessage());
                    return;
                }
            }
            shown = call.operation() + " " + shown;
        } else {
            argv.add(p.sig.service() + "-unidentified");
        }
        Map<String, List<String>> named = headers; // headers is reassigned above: a lambda takes this one
        proxy.connection().judge(new Command(s, shown, argv), notice -> { })
                .whenComplete((v, err) -> {
                    if (v != null && v.allowed() && call != null && call.operation().startsWith("s3:UploadPart")) {
                        proxy.uploadParts().part(call.resources().get(0), query.get("uploadId"), query.get("partNumber"),
                                AwsCalls.first(named, "x-amz-copy-source"), AwsCalls.first(named, "x-amz-copy-source-range"));
                    }
                    ctx.executor().execute(() -> onVerdict(p, v, err, body));
                });
    }

    /**
     * PutObject's and UploadPart's ETags stay real (the SDKs and the CLI compare them with the MD5 of what they sent,
     * which the client knows); GetObject's body is the object's own bytes, only its headers are S3's; every other
     * answer's ETags are replaced, listings' too, as a listing does not tell which objects are masked.
     */
    private static PseudoEtags.Mode etagMode(AwsCall call) {
        if (call == null) return PseudoEtags.Mode.ALL;
        return switch (call.operation()) {
            case "s3:PutObject", "s3:UploadPart" -> PseudoEtags.Mode.NONE;
            case "s3:GetObject" -> PseudoEtags.Mode.HEADERS;
            default -> PseudoEtags.Mode.ALL;
        };
    }

    private void onVerdict(Pending p, Verdict v, Throwable err, byte[] body) {
        if (err != null || !v.allowed()) {
            if (err != null) LOG.log(Level.WARNING, "aws request could not be judged", err);
            deny(p, HttpResponseStatus.FORBIDDEN, "AccessDenied", "hoop: " + (err != null ? "the request could not be judged" : v.explain()));
            return;
        }
        proxy.connection().credentials().forSession(p.grant.session())
                .whenComplete((creds, e) -> ctx.executor().execute(() -> {
                    if (e != null) {
                        LOG.log(Level.WARNING, "no session credential", e);
                        deny(p, HttpResponseStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable", "hoop: no credential for this session");
                        return;
                    }
                    forward(p, creds, body);
                }));
    }

    private void forward(Pending p, AwsCredentials creds, byte[] body) {
        if (p.completion != null && !java.util.Arrays.equals(p.completion, body)) {
            // Its parts named by the stand-ins hoop showed: the server gets the real ETags, under a hash of the body it
            // now gets (and no digest of the one the client sent).
            body = p.completion;
            p.request = withoutDigests(p.request);
            SigV4.Signature s = p.sig;
            p.sig = new SigV4.Signature(s.accessKeyId(), s.date(), s.region(), s.service(), s.amzDate(), s.signedHeaders(), s.signature(),
                    null, s.presigned(), s.expiresSeconds());
        }
        if (p.expectContinue && p.pipe != null) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        p.forwarding = true;
        updateRead();
        InputStream in = body != null ? new ByteArrayInputStream(body) : p.pipe;
        long length = body != null ? body.length : p.contentLength;
        byte[] sent = body;
        Thread.ofVirtual().name("aws-upstream").start(() -> {
            try {
                if (p.whole != null && proxy.objectLength(p.whole.source(), creds, p.sig.region()) != p.whole.length()) {
                    throw new IllegalArgumentException("InvalidRequest: the upload's parts copy only some of the bytes of "
                            + p.whole.source() + ": read back, a secret cut at their edges would not be masked");
                }
                proxy.forward(p.request, p.sig, sent, in, length, creds, ctx.channel(), p.grant.session(), p.protocol, p.etags, status -> {
                    if (ReplayGuard.retried(status)) mayRetry(p);
                });
                if (!p.keepAlive) ctx.channel().close();
                else ctx.executor().execute(() -> answered(p));
            } catch (Exception e) {
                LOG.log(Level.FINE, "aws upstream call failed", e);
                if (e instanceof ResponseRelay.Broken) {
                    // The answer had begun: the client's connection is already closed.
                    proxy.connection().guard().recordError(p.grant.session(), "upstream answer broke off");
                    return;
                }
                proxy.connection().guard().recordError(p.grant.session(), "upstream call failed: " + e.getClass().getSimpleName());
                String m = clientFault(e);
                // The upstream could not be reached or dropped the call (a 502, so a retry is no replay: see deny).
                String code = m == null ? "ServiceUnavailable" : m.substring(0, m.indexOf(':'));
                HttpResponseStatus status = switch (code) {
                    case "SignatureDoesNotMatch" -> HttpResponseStatus.FORBIDDEN;
                    case "BadDigest", "InvalidRequest", "IncompleteBody" -> HttpResponseStatus.BAD_REQUEST;
                    case "NotImplemented" -> HttpResponseStatus.NOT_IMPLEMENTED;
                    default -> HttpResponseStatus.BAD_GATEWAY;
                };
                String shown = m != null ? m : String.valueOf(e.getMessage());
                ctx.executor().execute(() -> deny(p, status, code, "hoop: " + shown));
            } finally {
                release(p);
                if (p.pipe != null) p.pipe.close();
            }
        });
    }

    /** A request whose body changed: digests of the one the client sent would not match it. */
    private static SigV4.Request withoutDigests(SigV4.Request r) {
        Map<String, List<String>> h = new LinkedHashMap<>(r.headers());
        h.keySet().removeIf(k -> k.equals("content-md5") || k.startsWith("x-amz-checksum-") || k.equals("x-amz-sdk-checksum-algorithm"));
        return new SigV4.Request(r.method(), r.rawPath(), r.rawQuery(), h);
    }

    private static final java.util.regex.Pattern CLIENT_FAULT =
            java.util.regex.Pattern.compile("^(SignatureDoesNotMatch|BadDigest|InvalidRequest|IncompleteBody|NotImplemented): .*", java.util.regex.Pattern.DOTALL);

    /** The client's fault found in the body or the request ("Code: message"), wherever the HTTP client wrapped it; null if none. */
    static String clientFault(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null && CLIENT_FAULT.matcher(m).matches()) return m;
        }
        return null;
    }

    /** The call did not get through: the client's retry, signed the same within its second, is let in. */
    private void mayRetry(Pending p) {
        if (p.firstUse) proxy.replays().notPerformed(p.sig.signature());
    }

    /** The code each protocol answers a body it cannot read with. */
    private static String malformed(AwsCall.Protocol protocol) {
        return switch (protocol) {
            case REST_XML -> "MalformedXML";
            case JSON -> "SerializationException";
            case QUERY -> "MalformedQueryString";
        };
    }

    /** The throttling code each protocol's clients know to retry after a pause. */
    static String slowDown(AwsCall.Protocol protocol) {
        return switch (protocol) {
            case REST_XML -> "SlowDown";
            case JSON -> "ThrottlingException";
            case QUERY -> "Throttling";
        };
    }

    /**
     * Answers with a native error; a body the client may still be sending is not read, so the connection closes. An
     * answer clients retry (hoop's own SlowDown, a failed upstream) lets the same signature in again: it was refused
     * as a replay after hoop told the client to slow down while a compressed body could not be inflated.
     */
    private void deny(Pending p, HttpResponseStatus status, String code, String message) {
        release(p);
        if (p.firstUse && status.code() == 403) proxy.replays().refused(p.sig.signature(), message);
        else if (ReplayGuard.retried(status.code())) mayRetry(p);
        if (p.pipe != null) {
            p.pipe.fail();
            if (!p.forwarding) p.pipe.close();
        }
        reply(AwsErrors.error(p.protocol, status, code, message), p.keepAlive && p.bodyDone ? p : null);
    }

    /** then: the request answered, the connection kept for the next one; null closes the connection. */
    private void reply(FullHttpResponse r, Pending then) {
        if (!ctx.channel().isActive()) return;
        HttpUtil.setKeepAlive(r, then != null);
        var f = ctx.writeAndFlush(r);
        if (then != null) {
            answered(then);
            return;
        }
        closing = true;
        held.forEach(ReferenceCountUtil::release);
        held.clear();
        f.addListener(done -> lingerThenClose());
    }

    /**
     * Closing with request bytes still unread makes the kernel reset the connection, and the client may then lose
     * the answer it was sent (a denied upload); so the answer is followed by a FIN while whatever the client still
     * sends is read and dropped, for a few seconds at most.
     */
    private void lingerThenClose() {
        var ch = ctx.channel();
        if (!(ch instanceof io.netty.channel.socket.DuplexChannel duplex) || !ch.isActive()) {
            ch.close();
            return;
        }
        duplex.shutdownOutput();
        ch.config().setAutoRead(true);
        ctx.executor().schedule(() -> ch.close(), 5, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ResponseRelay relay = ctx.channel().attr(ResponseRelay.KEY).get();
        if (relay != null) relay.clientWritabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timeoutCheck != null) timeoutCheck.cancel(false);
        ResponseRelay relay = ctx.channel().attr(ResponseRelay.KEY).get();
        if (relay != null) relay.clientClosed();
        held.forEach(ReferenceCountUtil::release);
        held.clear();
        Pending p = pending;
        if (p != null && !p.bodyDone) release(p); // cut off while its body came in: it will never be judged
        if (p != null && p.pipe != null && !p.bodyDone) {
            p.pipe.fail();
            if (!p.forwarding) p.pipe.close();
        }
    }

    static boolean wellEncoded(String uri) {
        for (int i = uri.indexOf('%'); i >= 0; i = uri.indexOf('%', i + 1)) {
            if (i + 2 >= uri.length() || !hex(uri.charAt(i + 1)) || !hex(uri.charAt(i + 2))) return false;
        }
        return true;
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.FINE, "aws proxy connection failed", cause);
        ctx.close();
    }

}
