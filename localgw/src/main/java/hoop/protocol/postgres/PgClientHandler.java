package hoop.protocol.postgres;

import hoop.core.ApprovalNotice;
import hoop.core.Command;
import hoop.core.Verdict;
import hoop.guard.LiveSessions;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client connection: SCRAM against the session's credential, then every frontend message in order.
 * Query and Parse are judged before anything after them is forwarded; a denied statement is replaced in
 * place by {@link PgDenial}. Judging never blocks the event loop: messages queue while a verdict is pending.
 */
final class PgClientHandler extends SimpleChannelInboundHandler<PgFrontendMessage> {
    private static final Logger LOG = Logger.getLogger(PgClientHandler.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_QUEUED = 10_000;
    /**
     * Bytes of queued messages past which the client is not read: while a statement waits for approval the client
     * may go on sending, and 10,000 frames of up to 16 MiB each would be far more than any heap. Two whole frames.
     */
    private static final long MAX_QUEUED_BYTES = 2L * PgFrameDecoder.DEFAULT_MAX_FRAME_LENGTH;

    enum State { STARTUP, SASL_INITIAL, SASL_RESPONSE, CONNECTING, READY, CLOSED }

    private final PgEndpoint endpoint;
    private final ArrayDeque<PgFrontendMessage> queue = new ArrayDeque<>();
    private long queuedBytes;
    private final String connectionId = HexFormat.of().formatHex(randomBytes(4));
    private State state = State.STARTUP;
    /** Ends a login that takes too long; cancelled once logged in or gone, so no closed connection is held by it. */
    private io.netty.util.concurrent.Future<?> authTimer;
    private boolean judging;
    private ChannelHandlerContext ctx;
    private Map<String, String> startupParams = Map.of();
    private ScramServer scram;
    private Optional<LiveSessions.Grant> grant = Optional.empty();
    private PgUpstream upstream;
    private Runnable endHook;
    private String pendingApproval;
    /**
     * Prepared statements judged at each Bind, by name: those whose execution needs a person's approval (preparing
     * runs nothing, so the request waits for each Bind: the approver then sees, and approves, the actual parameter
     * values), and those prepared with SQL PREPARE.
     */
    private final java.util.Map<String, PgFrontendMessage.Parse> reviewed = new java.util.HashMap<>();
    /**
     * Statements a Parse prepared (allowed), with the routines known when they were judged. The server plans a prepared
     * statement again at a Bind after DDL changed what it names (a view replaced by one calling a routine, a trigger
     * or rule added to its table): once this connection knows of such a change, each Bind is judged again.
     */
    private final java.util.Map<String, Prepared> parsed = new java.util.HashMap<>();

    /**
     * relexes: running it may change how later text lexes (read once here, not at each Bind). paths: how many schemas
     * {@link #searchPath} held when it was judged: the server parses a prepared statement again at a Bind after the
     * search_path changed, its unqualified names then found in the new path's schemas. valued: a write that takes
     * parameters, whose values may judge it otherwise (WHERE name LIKE $1 bound to '%' reaches every row): each Bind
     * of it is looked at with its values, and judged again when they change the verdict. unseen: running it runs code
     * hoop does not see (a DO block, a CALL, a stored routine, an unknown statement let through): see unseenSinceRead.
     */
    private record Prepared(PgFrontendMessage.Parse parse, java.util.Set<String> routines, boolean relexes, int paths, boolean valued,
                            boolean unseen) {}

    /**
     * What a forwarded Parse or Close, or an SQL DEALLOCATE or DISCARD, changed in the names this connection knows, with
     * the name's entries as they were before it, oldest first. The server may skip it (an error earlier in its pipeline
     * or Query, a failed transaction) or refuse it (a Parse over a name code hoop did not see prepared first): the names
     * then go back to what they were, or a Bind would run, judged as nothing or as another text, a statement the server
     * still holds (a held DELETE prepared before a skipped Parse of the unnamed statement or Close of its name).
     * confirmedBy: 'C' for a Parse or Close, which its ParseComplete or CloseComplete confirms; 'Z' for a Query, which
     * its ReadyForQuery confirms when no error came before it. ready: the ReadyForQuery ending its pipeline or Query.
     */
    private record Unconfirmed(char confirmedBy, long ready, String name, PgFrontendMessage.Parse reviewed, Prepared parsed,
                               List<String> texts) {}

    private final ArrayDeque<Unconfirmed> unconfirmed = new ArrayDeque<>();

    /** Keeps what {@code name} stands for now, before a Parse, Close or DEALLOCATE forwarded next changes it. */
    private void changing(char confirmedBy, String name) {
        List<String> texts = preparedTexts.get(name);
        unconfirmed.add(new Unconfirmed(confirmedBy, upstream.nextReady(), name, reviewed.get(name), parsed.get(name),
                texts == null ? null : List.copyOf(texts)));
    }

    /** The upstream parsed or closed what the oldest Parse or Close still unconfirmed named. */
    void namesConfirmed() {
        for (var it = unconfirmed.iterator(); it.hasNext(); ) {
            if (it.next().confirmedBy() != 'Z') {
                it.remove();
                return;
            }
        }
    }

    /**
     * The upstream failed (ended: false; it skips to the Sync or the end of the Query) or answered a ReadyForQuery
     * (ended) for the pipeline or Query {@code ready}: what its unconfirmed Parses and Closes, and after an error its
     * DEALLOCATEs, changed is undone, newest first. A DEALLOCATE that ran before the error is undone too: hoop then
     * judges a Bind of the name as the statement it held, which the server refuses.
     */
    void namesFailed(boolean ended, long ready) {
        for (var it = unconfirmed.descendingIterator(); it.hasNext(); ) {
            Unconfirmed u = it.next();
            if (u.ready() > ready) continue;
            it.remove();
            if (ended && u.confirmedBy() == 'Z') continue;
            put(reviewed, u.name(), u.reviewed());
            put(parsed, u.name(), u.parsed());
            // A text once prepared under the name stays a candidate for SQL EXECUTE of it (see preparedTexts).
            if (u.texts() != null) {
                List<String> now = preparedTexts.computeIfAbsent(u.name(), k -> new ArrayList<>(u.texts().size()));
                for (String t : u.texts()) if (!now.contains(t)) now.add(t);
            }
        }
    }

    private static <V> void put(Map<String, V> map, String name, V value) {
        if (value == null) map.remove(name);
        else map.put(name, value);
    }

    PgClientHandler(PgEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        // A client that connects and never logs in would hold its socket (and a file descriptor) for good: as
        // PostgreSQL's authentication_timeout, it is let go.
        authTimer = ctx.executor().schedule(() -> {
            if (state == State.STARTUP || state == State.SASL_INITIAL || state == State.SASL_RESPONSE) {
                fatal("08006", "hoop: authentication did not complete within " + endpoint.authTimeout().toSeconds() + "s");
            }
        }, endpoint.authTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    String connectionId() {
        return connectionId;
    }

    Channel channel() {
        return ctx.channel();
    }

    hoop.core.Session session() {
        return grant.map(LiveSessions.Grant::session).orElse(null);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, PgFrontendMessage msg) {
        switch (state) {
            case STARTUP -> startup(msg);
            case SASL_INITIAL -> saslInitial(msg);
            case SASL_RESPONSE -> saslResponse(msg);
            case CONNECTING, READY -> {
                // Drained at the end of the read, so a Bind pipelined behind its Parse is seen when judging.
                queue.add(msg);
                queuedBytes += weight(msg);
                if (queue.size() > MAX_QUEUED || queuedBytes > MAX_QUEUED_BYTES) ctx.channel().config().setAutoRead(false);
            }
            case CLOSED -> { }
        }
    }

    private void startup(PgFrontendMessage msg) {
        switch (msg) {
            case PgFrontendMessage.SslRequest s -> ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'N'}));
            case PgFrontendMessage.GssEncRequest g -> ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'N'}));
            case PgFrontendMessage.CancelRequest c -> {
                endpoint.cancels().cancel(c.processId(), c.secretKey());
                ctx.close();
            }
            case PgFrontendMessage.Startup s -> {
                startupParams = s.params();
                negotiate(s);
                String user = s.params().getOrDefault("user", "");
                grant = endpoint.live().find(endpoint.conn().name(), user);
                // Unknown users go through the same exchange and fail at its end: no user enumeration.
                scram = new ScramServer(grant.map(LiveSessions.Grant::password)
                        .orElse(Base64.getEncoder().encodeToString(randomBytes(24))));
                send(new PgBackendMessage.Authentication(10, "SCRAM-SHA-256\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
                state = State.SASL_INITIAL;
            }
            default -> fatal("08P01", "expected a startup message");
        }
    }

    /**
     * hoop speaks 3.0 to the client whatever the upstream speaks. A client asking for a newer minor version (libpq 18's
     * 3.2) or for protocol options (_pq_.*) assumes it got them unless told otherwise, as PostgreSQL tells it: before
     * authentication, with the version it will get and the options it will not.
     */
    private void negotiate(PgFrontendMessage.Startup s) {
        List<String> options = s.params().keySet().stream().filter(k -> k.startsWith("_pq_.")).toList();
        if ((s.protocolVersion() & 0xFFFF) != 0 || !options.isEmpty()) {
            send(new PgBackendMessage.NegotiateProtocolVersion(0, options));
        }
    }

    private void saslInitial(PgFrontendMessage msg) {
        if (!(msg instanceof PgFrontendMessage.PasswordMessage p)) {
            fatal("08P01", "expected SASLInitialResponse");
            return;
        }
        try {
            var initial = PgFrontendMessage.PasswordMessage.parseSaslInitial(p.body());
            if (!"SCRAM-SHA-256".equals(initial.mechanism())) {
                fatal("28000", "unsupported SASL mechanism " + initial.mechanism());
                return;
            }
            send(new PgBackendMessage.Authentication(11, scram.serverFirst(initial.data())));
            state = State.SASL_RESPONSE;
        } catch (RuntimeException e) {
            fatal("08P01", "malformed SASL message");
        }
    }

    private void saslResponse(PgFrontendMessage msg) {
        if (!(msg instanceof PgFrontendMessage.PasswordMessage p)) {
            fatal("08P01", "expected SASLResponse");
            return;
        }
        Optional<byte[]> fin;
        try {
            fin = scram.serverFinal(p.body());
        } catch (RuntimeException e) {
            fin = Optional.empty();
        }
        if (fin.isEmpty() || grant.isEmpty()) {
            fatal("28P01", "password authentication failed for user \"" + startupParams.getOrDefault("user", "") + "\""
                    + " (hoop: use the credentials printed by `hoop connect " + endpoint.conn().name() + "`)");
            return;
        }
        String asked = startupParams.getOrDefault("database", "");
        String served = endpoint.upstream().database();
        // libpq sends the user name when no database was given; anything else naming another database is a mistake
        // the client must hear of, not a session silently opened on the one this connection serves.
        if (!asked.isEmpty() && !asked.equals(served) && !asked.equals(startupParams.get("user"))) {
            fatal("3D000", "hoop: connection " + endpoint.conn().name() + " serves database \"" + served + "\", not \""
                    + asked + "\" (hoop connect " + endpoint.conn().name() + " prints its settings)");
            return;
        }
        send(new PgBackendMessage.Authentication(12, fin.get()));
        state = State.CONNECTING;
        authTimer.cancel(false);
        LiveSessions.Grant g = grant.get();
        endHook = () -> ctx.executor().execute(() -> {
            fatal("57P01", "terminating connection: hoop session ended");
            // Now, not once the client has read the FATAL: one that stops reading would keep its statement running.
            if (upstream != null) upstream.close();
        });
        endpoint.live().onEnd(g.session().id(), endHook);
        upstream = new PgUpstream(this, endpoint, startupParams);
        upstream.connect(ctx.channel().eventLoop());
    }

    /** Called by the upstream once it is ready for queries (after ReadyForQuery was relayed). */
    void upstreamReady() {
        state = State.READY;
        drain();
    }

    /** Relays a message from the upstream and flushes. */
    void send(PgBackendMessage m) {
        write(m);
        flush();
    }

    /**
     * Relays a message without flushing: messages gather in one buffer handed to the channel every
     * {@link #HAND_OVER} bytes and at flush, so a result costs a channel write per 64 KiB, not per row.
     */
    void write(PgBackendMessage m) {
        if (pending == null) pending = ctx.alloc().buffer(8192);
        int mark = pending.writerIndex();
        try {
            PgWire.encode(pending, m);
        } catch (RuntimeException e) {
            pending.writerIndex(mark);
            throw e;
        }
        if (pending.readableBytes() >= HAND_OVER) {
            ctx.write(pending);
            pending = null;
        }
    }

    void flush() {
        if (pending != null) {
            ctx.write(pending);
            pending = null;
        }
        ctx.flush();
    }

    private static final int HAND_OVER = 64 * 1024;
    private io.netty.buffer.ByteBuf pending;

    private PgFrontendMessage take() {
        PgFrontendMessage m = queue.poll();
        queuedBytes -= weight(m);
        return m;
    }

    /** About what a queued message holds in memory: its variable parts (the rest is small and bounded by the count). */
    private static long weight(PgFrontendMessage m) {
        return 64 + switch (m) {
            case PgFrontendMessage.Query q -> 2L * q.sql().length();
            case PgFrontendMessage.Parse p -> 2L * p.sql().length() + 4L * p.paramTypeOids().length;
            case PgFrontendMessage.Bind b -> lengths(b.params()) + 2L * b.paramFormats().length;
            case PgFrontendMessage.CopyData d -> d.data().length;
            case PgFrontendMessage.FunctionCall f -> lengths(f.args());
            default -> 0L;
        };
    }

    private static long lengths(List<byte[]> values) {
        long n = 0;
        for (byte[] v : values) n += v == null ? 0 : v.length;
        return n;
    }

    private void drain() {
        while (!judging && state == State.READY && !queue.isEmpty()) {
            // A read older than a change through the endpoint is read again when the upstream is idle anyway; inside a
            // pipeline the relay masks the columns of such a read as unknown instead (a change elsewhere is no reason to refuse).
            // A Bind too: a statement prepared before the change runs again with no Parse (pgjdbc's, from its fifth run).
            if (!readFailed && (unseenRan ? judged(queue.peek()) : upstream.idle() && upstream.catalogStale()
                    && (judged(queue.peek()) || queue.peek() instanceof PgFrontendMessage.Bind)) && !catalogReadAgain()) break;
            PgFrontendMessage m = take();
            switch (m) {
                case PgFrontendMessage.Query q when upstream.pipelineOpen() -> insidePipeline("a simple Query");
                // A FunctionCall is refused by a Query in its place, which the server drops unanswered after an error in the
                // pipeline just as it would the Query: the answers after it were then masked as another statement's.
                case PgFrontendMessage.FunctionCall f when upstream.pipelineOpen() -> insidePipeline("a function call");
                case PgFrontendMessage.Query q -> judge(q.sql(), List.of(), upstream.routines(), m, d -> new PgFrontendMessage.Query(d.sql()));
                case PgFrontendMessage.Parse p -> parse(p);
                case PgFrontendMessage.Bind b when reviewed.containsKey(b.statement()) -> bindReviewed(b);
                case PgFrontendMessage.Bind b when stale(b) -> bindAgain(b, parsed.get(b.statement()).parse());
                case PgFrontendMessage.Bind b when parsed.get(b.statement()) instanceof Prepared was && was.valued()
                        && valuesChangeVerdict(b, was) -> bindAgain(b, was.parse());
                // Binding runs the statement: one that may change how text lexes holds what follows until it ran.
                case PgFrontendMessage.Bind b when parsed.get(b.statement()) instanceof Prepared was
                        && was.relexes() -> {
                    unseenRan = true;
                    unseenSinceRead |= was.unseen();
                    upstream.forward(b);
                }
                // Each run of it runs that code again: what it makes is not known (see unseenSinceRead).
                case PgFrontendMessage.Bind b when parsed.get(b.statement()) instanceof Prepared was && was.unseen() -> {
                    unseenSinceRead = true;
                    upstream.forward(b);
                }
                // Only code hoop did not see (EXECUTE 'PREPARE ...' in a DO block) prepares a name no Parse or PREPARE did:
                // binding it does what SQL EXECUTE of it does, and is judged so, each time.
                case PgFrontendMessage.Bind b when !b.statement().isEmpty() && !parsed.containsKey(b.statement()) ->
                        judge("EXECUTE \"" + b.statement().replace("\"", "\"\"") + "\"", PgParams.render(b), upstream.routines(), b,
                                d -> new PgFrontendMessage.Parse("", d.sql(), new int[0]));
                case PgFrontendMessage.Close c when c.kind() == 'S' -> {
                    changing('C', c.name());
                    reviewed.remove(c.name());
                    preparedTexts.remove(c.name());
                    parsed.remove(c.name());
                    upstream.forward(c);
                }
                // A portal's CloseComplete is answered in turn with those of statements.
                case PgFrontendMessage.Close c -> {
                    unconfirmed.add(new Unconfirmed('C', upstream.nextReady(), null, null, null, null));
                    upstream.forward(c);
                }
                case PgFrontendMessage.FunctionCall f -> deny(PgDenial.of("hoop: the fastpath function call protocol is not allowed"),
                        d -> new PgFrontendMessage.Query(d.sql()));
                // A Sync sent behind an Execute of COPY FROM STDIN reaches a server in copy-in mode, which ignores it
                // (and Flush) with no answer: forwarded, it would be counted as ending a pipeline, and the answers after it
                // taken for another statement's (masked by that text's names). It waits for the Execute's answer, and is
                // dropped while the server copies in, as the server would drop it.
                case PgFrontendMessage.Sync s when upstream.copyUnanswered() -> {
                    queue.addFirst(m);
                    queuedBytes += weight(m);
                    if (upstream != null) upstream.flush();
                    return;
                }
                case PgFrontendMessage.Sync s when upstream.copyingIn() -> { }
                case PgFrontendMessage.Flush f when upstream.copyingIn() -> { }
                case PgFrontendMessage.Terminate t -> {
                    upstream.forward(t);
                    upstream.flush();
                    ctx.close();
                }
                case PgFrontendMessage.PasswordMessage p -> fatal("08P01", "unexpected password message");
                case PgFrontendMessage.Startup s -> fatal("08P01", "unexpected startup message");
                default -> upstream.forward(m);
            }
        }
        if (upstream != null) upstream.flush();
        if (queue.size() < MAX_QUEUED / 2 && queuedBytes < MAX_QUEUED_BYTES / 2 && !ctx.channel().config().isAutoRead() && upstream != null && upstream.writable()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /**
     * Set once a statement that runs code hoop does not see went through (a DO block, a CALL, a call of a stored
     * routine): that code may have defined a routine, or an object running one, that this connection's catalog read
     * does not list, so the next statement is judged only after the catalog is read again.
     */
    private boolean unseenRan;
    /**
     * Code hoop did not see statement by statement (unseenRan's, or a statement the classifier could not read that the
     * policy let through) was let through since the last catalog read: relations made meanwhile stay unknown.
     */
    private boolean unseenSinceRead;
    private boolean waitingIdle;
    /** The read again failed: the next statement is judged as a call (fail closed), and the one after reads again. */
    private boolean readFailed;

    private boolean judged(PgFrontendMessage m) {
        return m instanceof PgFrontendMessage.Query || m instanceof PgFrontendMessage.Parse
                || m instanceof PgFrontendMessage.Bind b && reviewed.containsKey(b.statement());
    }

    /**
     * Whether the statement at the head of the queue may be judged now. Once the upstream has answered all it was
     * sent, hoop reads the catalog again first; until then it waits, unless the upstream itself waits for a Sync
     * behind this statement (a pipeline): judging it now could miss what the code before it defines, so it is
     * refused, and the pipeline fails as after any error (its implicit transaction rolls back).
     */
    private boolean catalogReadAgain() {
        // The read would fail there, and nothing but ending the transaction can run: judged without it (see judge).
        if (upstream.inFailedTransaction()) return true;
        if (upstream.idle()) {
            judging = true;
            upstream.refresh(unseenSinceRead, read -> {
                judging = false;
                if (read) unseenSinceRead = false;
                unseenRan = !read;
                readFailed = !read;
                drain();
            });
            return false;
        }
        if (upstream.pipelineOpen()) {
            PgFrontendMessage m = take();
            PgDenial d = PgDenial.of("hoop: a statement after a DO block, CALL, stored routine call or change of how text"
                    + " lexes in the same pipeline cannot be judged before that ran; send it after Sync");
            if (m instanceof PgFrontendMessage.Query) {
                // Not refused by a Query in its place: the server would drop that unanswered after an error (see insidePipeline).
                insidePipeline("a simple Query");
            } else {
                String name = m instanceof PgFrontendMessage.Parse p ? p.name() : "";
                deny(d, x -> new PgFrontendMessage.Parse(name, x.sql(), new int[0]));
            }
            return true;
        }
        waitingIdle = true;
        return false;
    }

    /**
     * After an error in the pipeline the server drops everything up to the Sync, a Query too, which then gets no
     * ReadyForQuery: hoop could no longer tell which statement the answers that follow belong to (nor mask them by its
     * columns). No driver sends one there; the connection ends instead.
     */
    private void insidePipeline(String what) {
        fatal("08P01", "hoop: " + what + " inside an extended-protocol pipeline (after Parse, Bind, Describe or Execute,"
                + " before Sync) is not supported; send Sync first");
    }

    /** Called by the upstream when it answered an Execute of COPY (see copyUnanswered): a Sync held behind it goes on. */
    void copyAnswered() {
        if (state == State.READY) drain();
    }

    /** Called by the upstream when it has answered everything forwarded (its last ReadyForQuery). */
    void upstreamIdle() {
        if (waitingIdle) {
            waitingIdle = false;
            drain();
        }
    }

    /** params: the values a pipelined Bind gives this statement, so an approval binds to them too. */
    private void judge(String sql, List<String> params, java.util.Set<String> routines, PgFrontendMessage original,
                       java.util.function.Function<PgDenial, PgFrontendMessage> substitute) {
        judging = true;
        LiveSessions.Grant g = grant.orElseThrow();
        // A read put off in a failed transaction (catalogReadAgain): the server refuses every statement there but one
        // ending the transaction, which runs no stored code, and skips the rest of the message after an error, so a
        // message of one statement runs none. One of several may end the transaction and run more: judged as a call.
        // The read stays due (unseenRan) for the first message after the transaction ended.
        if (readFailed || unseenRan && upstream.inFailedTransaction() && endpoint.conn().sqlStatementCount(sql) > 1) {
            routines = PgUpstream.markedAsCalling(routines);
            readFailed = false;
        }
        routines = onSearchPath(routines);
        Command cmd = new Command(g.session(), sql, params, routines, preparedFor(sql));
        endpoint.conn().judge(cmd, this::waiting).whenComplete((verdict, err) -> ctx.executor().execute(() -> {
            judging = false;
            pendingApproval = null;
            if (state == State.CLOSED) return;
            decided(verdict, err, sql, cmd, original, substitute, null);
        }));
    }

    /**
     * Acts on a statement's verdict: refused, or forwarded with what its answers need. described: the server's
     * description of a query COPY's columns, asked for once the COPY was allowed (copyDescribed), else null.
     */
    private void decided(Verdict verdict, Throwable err, String sql, Command cmd, PgFrontendMessage original,
                         java.util.function.Function<PgDenial, PgFrontendMessage> substitute,
                         PgBackendMessage.RowDescription described) {
        LiveSessions.Grant g = grant.orElseThrow();
        if (err != null || verdict == null) {
            LOG.log(Level.WARNING, "judging failed", err);
            deny(PgDenial.of("hoop could not judge the statement"), substitute);
        } else if (verdict.allowed() && searchPathOverflows(endpoint.conn().searchPathSchemas(sql))) {
            String m = "hoop: this connection's search_path has named more than " + MAX_PREPARED
                    + " schemas, too many to judge unqualified names against; connect again";
            endpoint.conn().guard().recordError(g.session(), m);
            deny(PgDenial.of(m), substitute);
        } else if (verdict.allowed() && described == null && upstream.copyBypass(sql) instanceof String ruled) {
            if (describeCopy(verdict, sql, cmd, original, substitute)) return;
            String m = "hoop: COPY TO STDOUT would send " + ruled + " past its column rule; copy a table or a query"
                    + " alone in a simple Query (COPY t TO STDOUT, COPY (SELECT ...) TO STDOUT, text or csv) or SELECT the rows instead (all are masked)";
            endpoint.conn().guard().recordError(g.session(), m);
            deny(PgDenial.of(m), substitute);
        } else if (verdict.allowed() && upstream.stateCopy(sql) instanceof String ruled) {
            String m = "hoop: the statement may keep " + ruled + " in session state (a setting, an advisory lock's key, the random seed, a sequence or a large object),"
                    + " where a later statement reads it back past its column rule";
            endpoint.conn().guard().recordError(g.session(), m);
            deny(PgDenial.of(m), substitute);
        } else if (verdict.allowed() && upstream.routineCopy(sql, cmd.prepared()) instanceof String m) {
            endpoint.conn().guard().recordError(g.session(), m);
            deny(PgDenial.of(m), substitute);
        } else if (verdict.allowed() && upstream.storedCopy(sql, cmd.prepared()) instanceof String m) {
            endpoint.conn().guard().recordError(g.session(), m);
            deny(PgDenial.of(m), substitute);
        } else if (verdict.allowed() && endpoint.conn().unmaskableCopy(sql) instanceof String why) {
            String m = "hoop: COPY TO STDOUT with " + why + " cannot be masked; use FORMAT text or csv with the default"
                    + " quote and escape and a tab, comma, | or ; delimiter";
            endpoint.conn().guard().recordError(g.session(), m);
            deny(PgDenial.of(m), substitute);
        } else if (verdict.allowed()) {
            // Known before the statement runs: a Parse later in the same pipeline is judged before it has run.
            endpoint.sources().defined(endpoint.conn().routinesDefinedBy(sql, cmd.routines()));
            // A statement that may change how the server lexes the text after it (standard_conforming_strings,
            // client_encoding) holds what follows until it ran: the server then reports the new value, which ends
            // the connection, before hoop judges text the server would read differently. A Parse runs nothing.
            boolean unseenCode = runsUnseenCode(sql, cmd.routines());
            unseenSinceRead |= unseenCode || verdict.unknown();
            unseenRan |= unseenCode || !(original instanceof PgFrontendMessage.Parse) && changesLexing(sql, cmd);
            searchPath(endpoint.conn().searchPathSchemas(sql));
            // A statement prepared with SQL PREPARE is judged at each protocol Bind, as a Parse's is: judging the
            // PREPARE (or approving it) once must not let a Bind run it any number of times with any values.
            Map<String, String> prepared = endpoint.conn().sqlPrepared(sql);
            prepared.forEach((name, text) -> reviewed.put(name, new PgFrontendMessage.Parse(name, text, new int[0])));
            // A Parse of DEALLOCATE runs only at an Execute, which may never come: hoop goes on judging the names it
            // would drop (a Bind of one the server dropped fails there).
            if (original instanceof PgFrontendMessage.Query) deallocated(sql);
            prepared.forEach(this::seenPrepared);
            prepared(original, unseenCode || verdict.unknown());
            if (described != null) upstream.copyDescribed(described);
            upstream.forward(original);
            upstream.statementStarted();
        } else {
            deny(PgDenial.of(message(verdict)), substitute);
        }
        drain();
    }

    /**
     * A COPY of a query alone in a simple Query, allowed, whose rows would carry a ruled column: COPY rows name no
     * columns, so the server is asked first what the query returns (PgUpstream.describe: nothing runs), and each
     * field is then masked as that result column would be in a DataRow (PgResponseRelay.copyPlan). False when the
     * COPY is not one that can be described here (inside a pipeline, a failed transaction, another statement beside it).
     */
    private boolean describeCopy(Verdict verdict, String sql, Command cmd, PgFrontendMessage original,
                                 java.util.function.Function<PgDenial, PgFrontendMessage> substitute) {
        if (!(original instanceof PgFrontendMessage.Query) || !upstream.idle() || upstream.inFailedTransaction()
                || !(endpoint.conn().copiedQuery(sql) instanceof hoop.core.CopiedTable copy)) {
            return false;
        }
        judging = true;
        upstream.describe(copy.query(), answer -> {
            judging = false;
            if (state == State.CLOSED) return;
            if (answer instanceof PgBackendMessage.RowDescription d) {
                decided(verdict, null, sql, cmd, original, substitute, d);
                return;
            }
            // The query does not parse (or returns nothing): the server's reason, masked, as the COPY's answer. Inside
            // a transaction the failed Parse already ended it as the COPY would have.
            String why = answer instanceof PgBackendMessage.ErrorResponse e ? endpoint.conn().maskText(e.message())
                    : "it returns no rows";
            String m = "hoop: the query of COPY TO STDOUT could not be described for masking: " + why;
            endpoint.conn().guard().recordError(grant.orElseThrow().session(), m);
            deny(PgDenial.of(m), substitute);
            drain();
        });
        return true;
    }

    /**
     * What this connection was seen to prepare (SQL PREPARE or a Parse), by name: every text since the name was last
     * deallocated, as preparing a name that exists fails and hoop does not follow which did (a failed one only adds a
     * candidate). SQL EXECUTE of a name is judged as these too.
     */
    private final Map<String, List<String>> preparedTexts = new HashMap<>();
    private static final int MAX_PREPARED = 10_000;

    /**
     * DEALLOCATE name / ALL and DISCARD ALL in an allowed statement: those names run nothing hoop saw any more, and a
     * name prepared again after it may hold another text.
     */
    private void deallocated(String sql) {
        if (preparedTexts.isEmpty() && parsed.isEmpty() && reviewed.isEmpty()) return;
        // reviewed too: a Bind of the name judged as the statement dropped would run, unjudged, whatever code hoop
        // does not see (EXECUTE 'PREPARE p AS DELETE ...' in a DO block) prepares under it next.
        for (String name : endpoint.conn().sqlDeallocated(sql)) {
            // Undone when the Query fails: a DEALLOCATE the server skipped (in a failed transaction, after an error)
            // leaves the statement it names, and a Bind of it would be judged as a name no Parse made.
            java.util.Set<String> names = new java.util.HashSet<>();
            if (name.equals("*")) {
                names.addAll(preparedTexts.keySet());
                names.addAll(parsed.keySet());
                names.addAll(reviewed.keySet());
            } else {
                names.add(name);
            }
            for (String n : names) changing('Z', n);
            if (name.equals("*")) {
                preparedTexts.clear();
                parsed.clear();
                reviewed.clear();
            } else {
                preparedTexts.remove(name);
                parsed.remove(name);
                reviewed.remove(name);
            }
        }
    }

    /** A statement prepared under {@code name}, in SQL or by a Parse: SQL EXECUTE and Bind share the names. */
    private void seenPrepared(String name, String text) {
        if (preparedTexts.size() >= MAX_PREPARED && !preparedTexts.containsKey(name)) return; // EXECUTE then stays only procedural
        List<String> texts = preparedTexts.computeIfAbsent(name, k -> new ArrayList<>(1));
        if (!texts.contains(text)) texts.add(text);
    }

    /** The texts seen prepared under the names {@code sql} EXECUTEs. */
    private Map<String, List<String>> preparedFor(String sql) {
        if (preparedTexts.isEmpty()) return Map.of();
        Map<String, List<String>> out = new HashMap<>();
        for (String name : endpoint.conn().sqlExecuted(sql)) {
            List<String> texts = preparedTexts.get(name);
            if (texts != null) out.put(name, List.copyOf(texts));
        }
        return out;
    }

    /**
     * Keeps what an allowed Parse prepared, or a Bind judged again, with the routines known once it was judged (what
     * the statement itself defines included: its own Bind is not a change).
     */
    private void prepared(PgFrontendMessage original, boolean unseenCode) {
        if (original instanceof PgFrontendMessage.Parse p) {
            if (!p.name().isEmpty()) seenPrepared(p.name(), p.sql());
            Prepared now = new Prepared(p, upstream.routines(p), endpoint.conn().mayChangeLexing(p.sql()), searchPath.size(),
                    endpoint.conn().writesWithParams(p.sql(), preparedFor(p.sql())), unseenCode);
            // The server refuses a Parse over an existing name: the statement judged first stays.
            if (p.name().isEmpty()) parsed.put("", now);
            else parsed.putIfAbsent(p.name(), now);
        } else if (original instanceof PgFrontendMessage.Bind b && parsed.get(b.statement()) instanceof Prepared was) {
            parsed.put(b.statement(), new Prepared(was.parse(), upstream.routines(was.parse()), was.relexes(), searchPath.size(), was.valued(),
                    unseenCode));
        }
    }

    /**
     * Whether what this connection knows of the database's routines, or of the schemas its search_path named, changed
     * since the Bind's statement was judged.
     */
    private boolean stale(PgFrontendMessage.Bind b) {
        Prepared was = parsed.get(b.statement());
        return was != null && (was.routines() != upstream.routines(was.parse()) || was.paths() != searchPath.size());
    }

    private void parse(PgFrontendMessage.Parse p) {
        // Undone when the server skips or refuses it, whatever hoop's verdict (a denied one fails in its place).
        changing('C', p.name());
        // A Parse replaces the unnamed statement, even when it fails; a named one that exists stays (the server
        // refuses to parse over it), so what a Bind of that name runs is still the statement judged before.
        if (p.name().isEmpty()) {
            reviewed.remove("");
            parsed.remove("");
        }
        // The declared parameter types count: converting a Bind's value to a domain runs the domain's checks.
        java.util.Set<String> routines = upstream.routines(p);
        Command preview = new Command(grant.orElseThrow().session(), p.sql(), List.of(), onSearchPath(routines), preparedFor(p.sql()));
        if (endpoint.conn().preview(preview) instanceof hoop.core.Decision.Review) {
            reviewed.put(p.name(), p);
            if (!p.name().isEmpty()) seenPrepared(p.name(), p.sql());
            upstream.forward(p);
            return;
        }
        judge(p.sql(), List.of(), routines, p, d -> new PgFrontendMessage.Parse(p.name(), d.sql(), new int[0]));
    }

    /**
     * Whether a Bind's values make its statement's verdict other than the allow it got when parsed. Looked at without a
     * record, as the text with its values written in (the text alone was judged at the Parse); one that does is judged
     * (and recorded) as its own command with its values, as a reviewed one is.
     */
    private boolean valuesChangeVerdict(PgFrontendMessage.Bind b, Prepared was) {
        for (List<String> reading : PgParams.readings(b, was.parse().paramTypeOids())) {
            String valued = endpoint.conn().withBoundValues(was.parse().sql(), reading);
            if (valued == null) continue;
            Command withValues = new Command(grant.orElseThrow().session(), valued, List.of(), onSearchPath(was.routines()), preparedFor(valued));
            if (!(endpoint.conn().preview(withValues) instanceof hoop.core.Decision.Allow)) return true;
        }
        return false;
    }

    /**
     * The Bind's values as the statement is judged with them: of the readings of binary values of a type the Parse did
     * not declare (see PgParams#readings), the one with the strictest verdict, so '%' sent in binary for a LIKE's text
     * is judged as '%', whatever else its bytes may be.
     */
    private List<String> strictestReading(PgFrontendMessage.Bind b, PgFrontendMessage.Parse p) {
        List<List<String>> readings = PgParams.readings(b, p.paramTypeOids());
        List<String> pick = readings.getFirst();
        if (readings.size() == 1) return pick;
        int worst = 0;
        for (List<String> reading : readings) {
            String valued = endpoint.conn().withBoundValues(p.sql(), reading);
            if (valued == null) continue;
            Command withValues = new Command(grant.orElseThrow().session(), valued, List.of(), onSearchPath(upstream.routines(p)), preparedFor(valued));
            int rank = switch (endpoint.conn().preview(withValues)) {
                case hoop.core.Decision.Deny d -> 2;
                case hoop.core.Decision.Review r -> 1;
                default -> 0;
            };
            if (rank > worst) {
                worst = rank;
                pick = reading;
            }
        }
        return pick;
    }

    /** Each execution of a reviewed statement is its own command, judged with its parameter values. */
    private void bindReviewed(PgFrontendMessage.Bind b) {
        bindAgain(b, reviewed.get(b.statement()));
    }

    private void bindAgain(PgFrontendMessage.Bind b, PgFrontendMessage.Parse p) {
        // Denied: a marker Parse fails in its place, so the upstream skips to Sync exactly as after a real error.
        judge(p.sql(), PgParams.render(strictestReading(b, p)), upstream.routines(p), b, d -> new PgFrontendMessage.Parse("", d.sql(), new int[0]));
    }

    /**
     * Every schema this connection's search_path named: the one its session started with (startingSearchPath), and any
     * a statement set since (a SET rolled back, or replaced since, still counts): an unqualified relation may be in any.
     */
    private final java.util.Set<String> searchPath = new java.util.LinkedHashSet<>();
    private java.util.Set<String> searchPathOf;
    /**
     * The startup search_path named more schemas than are kept: each statement is refused, as one past the cap is (a
     * schema left out would be one whose tables unqualified names find unjudged).
     */
    private boolean searchPathFull;
    private java.util.Set<String> routinesOnPath;
    private int routinesOnPathSize;

    private void searchPath(java.util.Collection<String> schemas) {
        if (searchPathOverflows(schemas)) {
            searchPathFull = true;
            return;
        }
        for (String schema : schemas) {
            String named = resolved(schema);
            if (!named.isEmpty()) searchPath.add(named);
        }
    }

    /** The schema a search_path entry names ("$user": see userSchema). */
    private String resolved(String schema) {
        return schema.equals("$user") ? userSchema : schema;
    }

    /** Whether naming these schemas takes the search_path past what is kept (or it is past it already). */
    private boolean searchPathOverflows(java.util.Collection<String> schemas) {
        if (searchPathFull) return true;
        int added = 0;
        for (String schema : schemas) {
            if (!searchPath.contains(resolved(schema))) added++;
        }
        return searchPath.size() + added > MAX_PREPARED;
    }

    /**
     * What "$user" in a search_path names: the schema called like the role the upstream session runs as (hoop's login
     * user), "" when the catalog says there is none. Statements are judged only once the catalog was read.
     */
    private String userSchema = "";

    /**
     * The search_path the upstream session starts with: the client's startup parameter (PgUpstream passes it on; the
     * server puts it before every role or database default), else that default (value: the role's may put a schema
     * before public). userSchema: see the field; null when the catalog could not be read (then the user's name).
     */
    void startingSearchPath(String value, String userSchema) {
        this.userSchema = userSchema != null ? userSchema : endpoint.upstream().user();
        String startup = startupParams.get("search_path");
        searchPath(endpoint.conn().searchPathListed(startup != null ? startup : value));
    }

    /**
     * The search_path the upstream session has now, read with the catalog after code hoop did not see (a DO block, a
     * stored routine calling set_config, which no statement hoop read names): its schemas are named too. Null: not read.
     */
    void searchPathNow(String value) {
        if (value != null) searchPath(endpoint.conn().searchPathListed(value));
    }

    /** routines, with the schemas of {@link #searchPath} listed (hoop.core.Command#onSearchPath); kept while neither changes. */
    private java.util.Set<String> onSearchPath(java.util.Set<String> routines) {
        if (searchPath.isEmpty()) return routines;
        if (routines != searchPathOf || searchPath.size() != routinesOnPathSize) {
            searchPathOf = routines;
            routinesOnPath = Command.withSearchPath(routines, searchPath);
            routinesOnPathSize = searchPath.size();
        }
        return routinesOnPath;
    }

    /** sql, or a statement it EXECUTEs, may change how later text lexes. */
    private boolean changesLexing(String sql, Command cmd) {
        if (endpoint.conn().mayChangeLexing(sql)) return true;
        for (List<String> texts : cmd.prepared().values()) {
            for (String text : texts) {
                if (endpoint.conn().mayChangeLexing(text)) return true;
            }
        }
        return false;
    }

    /** A DO block or CALL, or a call of a stored routine (by any name the routines set lists). */
    private boolean runsUnseenCode(String sql, java.util.Set<String> routines) {
        if (endpoint.conn().runsUnseenSql(sql, name -> true)) return true;
        if (routines.isEmpty()) return false;
        for (String n : endpoint.conn().sqlNames(sql)) {
            String lower = n.toLowerCase(java.util.Locale.ROOT);
            if (routines.contains(lower) || routines.contains(Command.named(lower))) return true;
        }
        return false;
    }

    private void deny(PgDenial d, java.util.function.Function<PgDenial, PgFrontendMessage> substitute) {
        upstream.expectDenial(d);
        upstream.forward(substitute.apply(d));
    }

    static String message(Verdict v) {
        return "hoop: " + v.explain();
    }

    private void waiting(ApprovalNotice n) {
        ctx.executor().execute(() -> {
            pendingApproval = n.id();
            send(PgWire.notice("NOTICE", "01000", n.message()));
        });
    }

    /** FATAL error to the client, then close: used for protocol violations and failed authentication. */
    void fatal(String sqlstate, String message) {
        if (state == State.CLOSED) return;
        state = State.CLOSED;
        flush(); // what was relayed before the failure still goes first
        ctx.writeAndFlush(PgWire.encode(ctx.alloc(), PgWire.errorResponse("FATAL", sqlstate, message)))
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (state == State.READY) drain();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (upstream != null) upstream.setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (authTimer != null) authTimer.cancel(false);
        state = State.CLOSED;
        if (pending != null) {
            pending.release();
            pending = null;
        }
        if (pendingApproval != null) endpoint.conn().guard().cancelApproval(pendingApproval, "client disconnected while waiting");
        if (upstream != null) upstream.close();
        grant.ifPresent(g -> {
            if (endHook != null) endpoint.live().removeHook(g.session().id(), endHook);
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof PgProtocolException || cause.getCause() instanceof PgProtocolException) {
            fatal("08P01", "protocol violation: " + cause.getMessage());
        } else {
            LOG.log(Level.FINE, "postgres client connection failed", cause);
            ctx.close();
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
