package hoop.protocol.postgres;

import hoop.relay.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * hoop's own connection to the upstream for one client: TLS per sslmode, authentication with the stored
 * credential (SCRAM-SHA-256, md5, cleartext, trust), then relaying. Lives on the client's event loop, so
 * the two channels never need locks.
 */
final class PgUpstream extends SimpleChannelInboundHandler<PgBackendMessage> {
    /** Startup parameters a client may pass through; anything else (options, role, ...) stays with hoop. */
    private static final Set<String> PASSED_PARAMS = Set.of("application_name", "DateStyle", "TimeZone",
            "extra_float_digits", "IntervalStyle", "search_path");
    /** Startup parameters hoop answers itself: the session's user and database, and UTF8 as the encoding. */
    private static final Set<String> HANDLED_PARAMS = Set.of("user", "database", "client_encoding");

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(PgUpstream.class.getName());

    private enum State { TLS, AUTH, STARTING, CATALOG, DESCRIBE, READY }

    private final PgClientHandler client;
    private final PgEndpoint endpoint;
    private final Map<String, String> clientParams;
    /** The settings the server reported at login, before the catalog was read. */
    private final List<PgBackendMessage.ParameterStatus> loginSettings = new java.util.ArrayList<>();
    private final PgResponseRelay relay;
    private State state = State.AUTH;
    private Channel channel;
    private PgBackendDecoder decoder;
    private ScramClient scram;
    private PgCancels.Key cancelKey;
    private PgBackendMessage.ReadyForQuery heldReady;
    private SourceColumns sources = SourceColumns.NONE;
    private PgFrontendMessage lastForwarded;

    PgUpstream(PgClientHandler client, PgEndpoint endpoint, Map<String, String> clientParams) {
        this.client = client;
        this.endpoint = endpoint;
        this.clientParams = clientParams;
        this.relay = new PgResponseRelay(client, endpoint);
    }

    void connect(EventLoop loop) {
        PgUpstreamTarget t = endpoint.upstream();
        decoder = new PgBackendDecoder();
        new Bootstrap().group(loop).channel(Transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.RCVBUF_ALLOCATOR, Transport.bulkReads())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("decoder", decoder).addLast("upstream", PgUpstream.this);
                    }
                })
                .connect(t.host(), t.port()).addListener((ChannelFutureListener) f -> {
                    if (!f.isSuccess()) {
                        client.fatal("08001", "hoop could not reach the upstream database of connection " + endpoint.conn().name());
                        return;
                    }
                    channel = f.channel();
                    if (t.sslmode() == PgUpstreamTarget.SslMode.DISABLE) {
                        sendStartup();
                    } else {
                        state = State.TLS;
                        decoder.expectSslResponse();
                        channel.writeAndFlush(PgWire.encode(channel.alloc(), new PgFrontendMessage.SslRequest()));
                    }
                });
    }

    private void sendStartup() {
        PgUpstreamTarget t = endpoint.upstream();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("user", t.user());
        params.put("database", t.database());
        clientParams.forEach((k, v) -> {
            if (PASSED_PARAMS.contains(k)) params.put(k, v);
        });
        // hoop judges and masks text as UTF-8, so that is what the upstream must send and expect.
        params.put("client_encoding", "UTF8");
        state = State.AUTH;
        channel.writeAndFlush(PgWire.encode(channel.alloc(), new PgFrontendMessage.Startup(196608, params)));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, PgBackendMessage m) throws Exception {
        if (m instanceof PgBackendMessage.ParameterStatus p && p.name().equals("standard_conforming_strings") && !p.value().equals("on")) {
            // With it off a backslash escapes a quote in '...' strings, so the server would split statements where
            // hoop's classifier does not. Statements cannot turn it off (they are judged unknown); this is the
            // upstream's own default (database, role or server setting), at login or after a configuration reload.
            client.fatal("0A000", "hoop: the upstream database of connection " + endpoint.conn().name()
                    + " has standard_conforming_strings = off; hoop judges SQL only as read with it on (the default since PostgreSQL 9.1)");
            close();
            return;
        }
        if (m instanceof PgBackendMessage.ParameterStatus p && p.name().equals("client_encoding")
                && !p.value().equalsIgnoreCase("UTF8") && !p.value().equalsIgnoreCase("UNICODE")) {
            // hoop reads and forwards SQL as UTF-8; in another encoding (GBK, SJIS: a multibyte character may end in
            // a backslash byte) the server would end strings where hoop does not. hoop asks for UTF8 at login and
            // SET client_encoding is judged unknown, but code hoop does not see (set_config in a DO block) can change it.
            client.fatal("0A000", "hoop: the upstream connection's client_encoding changed to " + p.value()
                    + "; hoop judges SQL only as UTF8");
            close();
            return;
        }
        switch (state) {
            case READY -> {
                copyAnswer(m);
                if (m instanceof PgBackendMessage.ParseComplete || m instanceof PgBackendMessage.CloseComplete) client.namesConfirmed();
                else if (m instanceof PgBackendMessage.ErrorResponse) client.namesFailed(false, readies + 1);
                else if (m instanceof PgBackendMessage.ReadyForQuery) client.namesFailed(true, ++readies);
                relay.relay(m);
                if (m instanceof PgBackendMessage.ReadyForQuery r) {
                    transactionStatus = r.status();
                    if (--awaitingReady <= 0) {
                        awaitingReady = 0;
                        client.upstreamIdle();
                    }
                }
            }
            case TLS -> tls(m);
            case AUTH -> auth(m);
            case STARTING -> starting(m);
            case CATALOG -> catalog(m);
            case DESCRIBE -> describing(m);
        }
    }

    private void tls(PgBackendMessage m) throws Exception {
        if (m instanceof PgBackendMessage.SslResponse r && r.answer() == 'S') {
            SslContext ssl = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
            PgUpstreamTarget t = endpoint.upstream();
            SslHandler h = ssl.newHandler(channel.alloc(), t.host(), t.port());
            channel.pipeline().addFirst("tls", h);
            h.handshakeFuture().addListener(f -> {
                if (f.isSuccess()) sendStartup();
                else client.fatal("08001", "TLS to the upstream database failed");
            });
        } else if (endpoint.upstream().sslmode() == PgUpstreamTarget.SslMode.REQUIRE) {
            client.fatal("08001", "the upstream database does not offer TLS (sslmode require)");
        } else {
            sendStartup();
        }
    }

    private void auth(PgBackendMessage m) {
        PgUpstreamTarget t = endpoint.upstream();
        switch (m) {
            case PgBackendMessage.Authentication a when a.code() == 0 -> {
                state = State.STARTING;
                client.write(a);
            }
            case PgBackendMessage.Authentication a when a.code() == 3 -> password(t.password());
            case PgBackendMessage.Authentication a when a.code() == 5 -> password(Md5Password.hash(t.user(), t.password(), a.data()));
            case PgBackendMessage.Authentication a when a.code() == 10 -> {
                scram = new ScramClient(t.password());
                byte[] first = scram.clientFirst();
                channel.writeAndFlush(PgWire.encode(channel.alloc(), PgFrontendMessage.PasswordMessage.saslInitial("SCRAM-SHA-256", first)));
            }
            case PgBackendMessage.Authentication a when a.code() == 11 && scram != null ->
                    channel.writeAndFlush(PgWire.encode(channel.alloc(), new PgFrontendMessage.PasswordMessage(scram.clientFinal(a.data()))));
            case PgBackendMessage.Authentication a when a.code() == 12 && scram != null -> scram.verifyServerFinal(a.data());
            case PgBackendMessage.ErrorResponse e -> {
                client.fatal("08001", "hoop could not log in to the upstream database of connection " + endpoint.conn().name()
                        + ": " + endpoint.conn().maskText(e.message()));
                close();
            }
            default -> {
                client.fatal("08001", "unsupported upstream authentication request " + m);
                close();
            }
        }
    }

    private void password(String pw) {
        byte[] b = (pw + "\0").getBytes(StandardCharsets.UTF_8);
        channel.writeAndFlush(PgWire.encode(channel.alloc(), new PgFrontendMessage.PasswordMessage(b)));
    }

    private void starting(PgBackendMessage m) {
        switch (m) {
            // Held until the catalog says which settings the role or database presets (see ready()).
            case PgBackendMessage.ParameterStatus p -> loginSettings.add(p);
            case PgBackendMessage.BackendKeyData k -> {
                InetSocketAddress addr = (InetSocketAddress) channel.remoteAddress();
                cancelKey = endpoint.cancels().register(new PgCancels.Target(addr, k.pid(), k.key()));
                client.write(new PgBackendMessage.BackendKeyData(cancelKey.pid(), cancelKey.secret()));
            }
            case PgBackendMessage.ReadyForQuery r -> {
                SourceColumns known = endpoint.sources().fresh();
                if (known != null) {
                    sources = known;
                    ready(r);
                    return;
                }
                // Before the client's first statement: which routines does the database store, and which upstream
                // columns do the column rules name?
                heldReady = r;
                readCatalog();
            }
            case PgBackendMessage.ErrorResponse e -> {
                client.fatal(e.sqlState() == null ? "08001" : e.sqlState(), endpoint.conn().maskText(e.message()));
                close();
            }
            default -> relay.relay(m);
        }
    }

    /** The answer to the catalog query; nothing of it reaches the client. */
    private void catalog(PgBackendMessage m) {
        switch (m) {
            case PgBackendMessage.DataRow r -> sources.add(r);
            // A NOTIFY for the client's LISTEN arriving while hoop reads the catalog again is still the client's.
            case PgBackendMessage.NotificationResponse n when refreshed != null -> relay.relay(n);
            case PgBackendMessage.ErrorResponse e -> {
                // Column rules then go by result column name only, as they would without the catalog. Which routines
                // a statement calls is unknown, so each counts as calling one: a client can make the read fail (a type
                // named text in a schema its search_path puts before pg_catalog), and must not gain by it.
                LOG.warning(endpoint.conn().name() + " cannot know the database's stored routines (every statement is judged as"
                        + " calling one), nor follow column rules through aliases: the catalog query failed: "
                        + endpoint.conn().maskText(e.message()));
                sources = SourceColumns.NONE;
                if (refreshed == null) catalogUnread = true;
            }
            case PgBackendMessage.ReadyForQuery r when refreshed != null -> {
                java.util.function.Consumer<Boolean> done = refreshed;
                refreshed = null;
                // Read inside the client's transaction, maybe with objects it may yet roll back: this connection's only.
                boolean read = sources != SourceColumns.NONE;
                if (read) {
                    // Code hoop did not see ran before this read: it may have set the search_path (set_config in a DO block).
                    client.searchPathNow(sources.sessionSearchPath());
                    catalogUnread = false;
                    sources.resolve();
                    sources.newerThan(beforeRefresh, unseenSinceRead);
                } else {
                    sources = beforeRefresh;
                }
                beforeRefresh = null;
                relay.useSources(sources);
                state = State.READY;
                done.accept(read);
            }
            case PgBackendMessage.ReadyForQuery r -> {
                if (sources != SourceColumns.NONE) {
                    sources.resolve();
                    endpoint.sources().put(sources);
                }
                ready(heldReady);
            }
            default -> { }
        }
    }

    private void ready(PgBackendMessage.ReadyForQuery r) {
        state = State.READY;
        relay.useSources(sources);
        for (PgBackendMessage.ParameterStatus p : loginSettings) relay.loginSetting(p, clientParams.get(p.name()));
        loginSettings.clear();
        client.startingSearchPath(sources.defaultSearchPath(), sources.userSchema());
        List<String> dropped = clientParams.keySet().stream()
                .filter(k -> !PASSED_PARAMS.contains(k) && !HANDLED_PARAMS.contains(k) && !k.startsWith("_pq_.")).sorted().toList();
        if (!dropped.isEmpty()) {
            // Said once the session is up (libpq refuses a notice before authentication ends), so that a setting the
            // client asked for (PGOPTIONS, a driver's server settings) is not believed to be in force.
            client.send(PgWire.notice("NOTICE", "01000", "hoop: startup parameters not passed to the upstream: "
                    + String.join(", ", dropped) + " (set them with SET after connecting)"));
        }
        client.send(r);
        client.upstreamReady();
    }

    /**
     * Statements and portals (by name) whose text is a COPY: an Execute of one may put the server in copy-in mode, where
     * it ignores Sync and Flush (see PgClientHandler.drain). A COPY cannot be prepared in SQL, nor run by EXECUTE.
     */
    private final Set<String> copyStatements = new java.util.HashSet<>();
    private final Set<String> copyPortals = new java.util.HashSet<>();
    /** An Execute of a COPY, or a Query naming one, was forwarded and the server has not said yet whether it copies in. */
    private boolean copyUnanswered;
    /** The server copies in for an Execute: it ignores Sync and Flush until the client's CopyDone or CopyFail. */
    private boolean copyingIn;

    boolean copyUnanswered() {
        return copyUnanswered;
    }

    boolean copyingIn() {
        return copyingIn && !copyBroken;
    }

    /** The COPY copyUnanswered waits for came in a simple Query, whose other statements' answers are not its. */
    private boolean copyByQuery;

    /** A message other than copy data went to the server since the Execute of a COPY (see forward). */
    private boolean copyBroken;

    /** How the server answered an Execute of a COPY (a Describe's NoData before it is not the answer). */
    private void copyAnswer(PgBackendMessage m) {
        if (m instanceof PgBackendMessage.ErrorResponse) copyingIn = false; // the server left copy-in mode
        if (!copyUnanswered) return;
        if (m instanceof PgBackendMessage.CopyInResponse) {
            copyingIn = true;
        } else if (copyByQuery && !(m instanceof PgBackendMessage.ErrorResponse || m instanceof PgBackendMessage.ReadyForQuery)) {
            return; // an earlier statement of the Query ended, not the COPY
        } else if (!(m instanceof PgBackendMessage.ErrorResponse || m instanceof PgBackendMessage.CommandComplete
                || m instanceof PgBackendMessage.CopyOutResponse || m instanceof PgBackendMessage.EmptyQueryResponse
                || m instanceof PgBackendMessage.PortalSuspended || m instanceof PgBackendMessage.ReadyForQuery)) {
            return;
        }
        copyUnanswered = false;
        client.copyAnswered();
    }

    /** Whether SQL text starts with COPY, after blanks and comments. */
    static boolean isCopy(String sql) {
        int i = StatementWords.skipBlanks(sql, 0);
        int n = sql.length();
        return sql.regionMatches(true, i, "copy", 0, 4) && (i + 4 == n || !Character.isLetterOrDigit(sql.charAt(i + 4)) && sql.charAt(i + 4) != '_');
    }

    /** Query and Sync messages forwarded whose ReadyForQuery has not come back yet. */
    private int awaitingReady;
    /** Query and Sync messages forwarded, and ReadyForQuery answers relayed, since the connection was ready. */
    private long ends;
    private long readies;

    /** Which ReadyForQuery (counted as readies are) ends the pipeline or Query a message forwarded next belongs to. */
    long nextReady() {
        return ends + 1;
    }
    /** An extended-protocol message was forwarded since the last Sync: the upstream waits for that Sync. */
    private boolean pipelineOpen;
    private java.util.function.Consumer<Boolean> refreshed;
    private SourceColumns beforeRefresh;
    /** Code hoop did not see statement by statement ran since beforeRefresh was read (see SourceColumns.newerThan). */
    private boolean unseenSinceRead;

    /**
     * Whether this connection judges by a catalog read older than a change made through a connection to its database
     * since (ALTER TABLE t RENAME COLUMN x TO name, by this connection or another): a plain column of t read under an
     * alias would then go by its old name, and a function another endpoint's connection made would be called as a read.
     */
    boolean catalogStale() {
        return sources != SourceColumns.NONE && sources.generation != endpoint.sources().generation();
    }

    /** The status byte of the upstream's last ReadyForQuery: 'I' idle, 'T' in a transaction, 'E' in a failed one. */
    private byte transactionStatus = 'I';

    /**
     * Whether the upstream has answered everything and sits in a failed transaction: it then runs no statement but
     * one that ends the transaction (COMMIT, ROLLBACK, ROLLBACK TO SAVEPOINT, PREPARE TRANSACTION), and that rolls
     * back without running stored code. A catalog read cannot succeed there.
     */
    boolean inFailedTransaction() {
        return idle() && transactionStatus == 'E';
    }

    /** Whether every statement forwarded so far has been answered up to its ReadyForQuery. */
    boolean idle() {
        return awaitingReady == 0 && state == State.READY;
    }

    /** Whether the upstream holds Parse/Bind/Execute messages that only a Sync still to come will complete. */
    boolean pipelineOpen() {
        return pipelineOpen;
    }

    /**
     * Reads the catalog again, on this connection and inside its transaction, then runs {@code done}: code hoop did
     * not see (a DO block, a procedure, a stored routine) may have defined routines or objects running them since
     * the last read. Only when {@link #idle()}. {@code done} learns whether it read; one that failed (an aborted
     * transaction, say) keeps the previous read.
     */
    void refresh(boolean unseenSinceRead, java.util.function.Consumer<Boolean> done) {
        refreshed = done;
        this.unseenSinceRead = unseenSinceRead;
        beforeRefresh = sources;
        readCatalog();
    }

    /** Where the answer to describe() goes, and that answer (RowDescription, NoData or ErrorResponse) so far. */
    private java.util.function.Consumer<PgBackendMessage> described;
    private PgBackendMessage describedAnswer;

    /**
     * Asks the server which columns {@code query} returns: a Parse and a Describe of the unnamed statement, then a Sync.
     * Nothing runs; the client's simple Query that follows replaces the unnamed statement as it would anyway. Only when
     * {@link #idle()}. {@code done} gets the RowDescription, the NoData or the ErrorResponse; none of it reaches the client.
     */
    void describe(String query, java.util.function.Consumer<PgBackendMessage> done) {
        described = done;
        describedAnswer = null;
        state = State.DESCRIBE;
        channel.write(PgWire.encode(channel.alloc(), new PgFrontendMessage.Parse("", query, new int[0])));
        channel.write(PgWire.encode(channel.alloc(), new PgFrontendMessage.Describe((byte) 'S', "")));
        channel.writeAndFlush(PgWire.encode(channel.alloc(), new PgFrontendMessage.Sync()));
    }

    private void describing(PgBackendMessage m) {
        switch (m) {
            case PgBackendMessage.RowDescription d when describedAnswer == null -> describedAnswer = d;
            case PgBackendMessage.NoData d when describedAnswer == null -> describedAnswer = d;
            case PgBackendMessage.ErrorResponse e when describedAnswer == null -> describedAnswer = e;
            // A NOTIFY for the client's LISTEN is still the client's.
            case PgBackendMessage.NotificationResponse n -> relay.relay(n);
            case PgBackendMessage.ReadyForQuery r -> {
                transactionStatus = r.status();
                state = State.READY;
                java.util.function.Consumer<PgBackendMessage> done = described;
                described = null;
                done.accept(describedAnswer);
            }
            // ParseComplete, ParameterDescription; a notice of the analysis comes again when the COPY runs.
            default -> { }
        }
    }

    /** The description of the query COPY forwarded next (see PgResponseRelay.copyPlan). */
    void copyDescribed(PgBackendMessage.RowDescription d) {
        relay.copyDescribed(d);
    }

    /** Sends the catalog query; its answer fills a new read (catalog()). */
    private void readCatalog() {
        String query = CatalogQuery.underPgCatalog(CatalogQuery.forGlobs(endpoint.conn().columnRuleGlobs(), endpoint.conn().builtinsWithEffects()));
        sources = new SourceColumns(endpoint.sources().generation());
        state = State.CATALOG;
        channel.writeAndFlush(PgWire.encode(channel.alloc(), new PgFrontendMessage.Query(query)));
    }

    /** The catalog read at the start failed: no statement is known not to call a stored routine. */
    private boolean catalogUnread;
    private static final Set<String> UNREAD = Set.of(hoop.core.Command.CALLS_ROUTINE);

    /**
     * {@code routines} with every statement marked as calling one. The names stay: after the statement ran, they
     * still tell which routines it called and what it bound to them.
     */
    static Set<String> markedAsCalling(Set<String> routines) {
        return hoop.core.Routines.plus(routines, List.of(hoop.core.Command.CALLS_ROUTINE));
    }

    private Set<String> routinesSeen;
    /** The read routinesWithDefined was made from: a read again (refresh) makes it stale. */
    private SourceColumns routinesOf;
    private Set<String> routinesWithDefined;

    /** The database's stored routines (lower case): those of the catalog read and those defined through hoop since. */
    Set<String> routines() {
        if (catalogUnread || endpoint.sources().stale(sources.generation)) return UNREAD;
        Set<String> defined = endpoint.sources().defined();
        if (defined.isEmpty()) return sources.routines();
        if (defined != routinesSeen || sources != routinesOf) {
            routinesOf = sources;
            routinesWithDefined = hoop.core.Routines.plus(sources.routines(), defined);
            routinesSeen = defined;
        }
        return routinesWithDefined;
    }

    /** routines(), marked when a parameter type {@code p} declares runs a stored routine (SourceColumns.typeRunsRoutine). */
    Set<String> routines(PgFrontendMessage.Parse p) {
        for (int oid : p.paramTypeOids()) {
            if (sources.typeRunsRoutine(oid)) return markedAsCalling(routines());
        }
        return routines();
    }

    /** The last text's words (StatementWords): copyBypass and stateCopy both read each statement's. */
    private String wordsText;
    private List<String> words;

    private List<String> wordsOf(String sql) {
        if (!sql.equals(wordsText)) {
            words = StatementWords.words(sql);
            wordsText = sql;
        }
        return words;
    }

    /**
     * The ruled column a {@code COPY ... TO STDOUT} in {@code sql} would send past its column rule, or null.
     * COPY rows carry no column names: only a table's own COPY, whose columns its list or the catalog read gives, can be
     * masked by column (CopyColumns); any other that reads a ruled column is refused.
     */
    String copyBypass(String sql) {
        if (endpoint.conn().columnRuleGlobs().isEmpty()) return null;
        List<String> words = wordsOf(sql);
        int copy = -1;
        for (int i = 0; i < words.size() && copy < 0; i++) if (words.get(i).equalsIgnoreCase("copy")) copy = i;
        boolean toStdout = false;
        for (int i = Math.max(copy, 0); copy >= 0 && i < words.size(); i++) toStdout |= words.get(i).equalsIgnoreCase("stdout");
        if (!toStdout) return null;
        String read = readsRuled(words);
        // A view or table made since the catalog read (by this connection or another) may rename a ruled column:
        // its rows cannot be told apart, so they are not copied (a new connection reads the catalog again).
        String ruled = read == null && sources.generation != endpoint.sources().generation() ? anyRuled() : read;
        // A table's own COPY: the relay masks each ruled column's field (CopyColumns).
        if (ruled != null && CopyColumns.plan(sql, sources, endpoint.sources().generation(), endpoint.conn()) != null) return null;
        return ruled;
    }

    /**
     * Functions that keep a value they are given in a large object, which outlives the statement and the session: its
     * data, and the OID a caller chooses (lo_create(substr(phone, 2, 9)::bigint::oid), read back from
     * pg_largeobject_metadata) or the length it truncates one to (lo_get's length).
     */
    private static final Set<String> LARGE_OBJECT_WRITES = Set.of("lo_from_bytea", "lo_put", "lowrite", "lo_create",
            "lo_import", "lo_truncate", "lo_truncate64");

    String anyRuled() {
        return sources.anyRuled(endpoint.conn().columnRuleGlobs());
    }

    /**
     * The ruled column a statement in {@code sql} may keep in session state, or null: a setting ({@code set_config},
     * an UPDATE of {@code pg_settings}), an advisory lock's key, the random generator's seed ({@code setseed}), a
     * sequence ({@code setval}, or {@code nextval} called a computed number of times) or a large object ({@code lo_from_bytea(0, name::bytea)}) keeps a value it is given,
     * and a later statement ({@code SHOW}, {@code current_setting}, {@code pg_locks}, {@code last_value}, {@code lo_get},
     * {@code random()}, whose numbers tell the seed to anyone who tries each one) or another session
     * ({@code pg_stat_activity}) reads it back with no trace of the column it came from. Refused, as a COPY of such data is, when the statement may
     * read a ruled column; a DO block or a CALL counts as reading every one, since its queries are not in its text.
     */
    String stateCopy(String sql) {
        if (endpoint.conn().columnRuleGlobs().isEmpty()) return null;
        List<String> words = wordsOf(sql);
        boolean keeps = false;
        boolean counts = false;
        boolean settings = false;
        boolean update = false;
        for (String w : words) {
            String l = w.toLowerCase(java.util.Locale.ROOT);
            // nextval: how often a statement calls it may be computed from a ruled value (generate_series(1, salary)),
            // and currval tells the count afterwards.
            boolean keeper = l.equals("set_config") || l.equals("setseed") || l.equals("setval") || l.startsWith("pg_advisory_")
                    || l.startsWith("pg_try_advisory_") || LARGE_OBJECT_WRITES.contains(l);
            keeps |= keeper;
            counts |= l.equals("nextval");
            settings |= l.equals("pg_settings");
            update |= l.equals("update");
        }
        // A count of rows (nextval over a ruled table) is no value of it: only one computed from a value is.
        if (counts && !keeps && !(settings && update)) return countedFromRuled(sql, words);
        // pg_settings' rule runs set_config on an UPDATE of it; reading it keeps nothing.
        if (!keeps && !(settings && update)) return null;
        // set_config(name, ...) FROM pg_settings alone: its name column is the view's, not a ruled table's.
        if (settings && !update && endpoint.conn().readsOnlySettings(sql)) return null;
        String read = readsRuled(words);
        return read == null && readsUnseen(sql, words) ? anyRuled() : read;
    }

    /**
     * Whether sql may read what its words do not show: code whose queries are not in the text, or objects made since the
     * catalog read that it reads or calls (a view renaming a column, a function reading one).
     */
    private boolean readsUnseen(String sql, List<String> words) {
        return endpoint.conn().runsUnseenSql(sql, name -> true)
                || sources.generation != endpoint.sources().generation() && readsOrCallsNewer(words);
    }

    /** The ruled column a statement calling nextval computes with (a column, a view's, a whole row, hidden SQL), or null. */
    private String countedFromRuled(String sql, List<String> all) {
        // The columns a write stores into are no source of the count (INSERT INTO customers (id, email) VALUES (nextval(...), 'x')).
        Set<String> targets = new java.util.HashSet<>();
        for (hoop.guard.GuardedConnection.StoredValue v : endpoint.conn().storedValues(sql)) if (v.target() != null) targets.add(v.target());
        List<String> words = all.stream().filter(w -> !targets.contains(w.toLowerCase(java.util.Locale.ROOT))).toList();
        if (valueRead(words) instanceof String read) return read;
        if (sources.ofRelationIn(words) instanceof String row && sources.wholeRowUse(List.of(sql))) return row;
        return readsUnseen(sql, words) ? anyRuled() : null;
    }

    /**
     * Why a statement in {@code sql} may hand a ruled column's value to a stored routine that keeps it, or null. A
     * routine's body is not in the statement: it may store what it is given in a table, a setting, a sequence or an
     * advisory lock ({@code SELECT keep(notes) FROM customers}, then {@code SELECT msg FROM log} in clear), which
     * the checks of the statement's own text cannot see. Refused when the statement (or a prepared statement it
     * EXECUTEs) calls a routine of the database's own that takes arguments (one defined since the catalog read counts
     * as such) and the statement names a ruled column, a view column passing one on, or uses a ruled relation's whole
     * row or renames its columns. A routine of no argument is handed nothing; {@code f(id) FROM customers} hands
     * no ruled value.
     */
    String routineCopy(String sql, Map<String, List<String>> prepared) {
        if (endpoint.conn().columnRuleGlobs().isEmpty()) return null;
        Set<String> defined = endpoint.sources().defined();
        // CREATE FUNCTION keep(...) ...; SELECT keep(notes) ... in one message: the call runs what the first defined.
        // Only CREATE and ALTER define routines (SqlClassifier.routinesDefined): without either word anywhere, the
        // message is not classified a second time on every statement's way.
        if ((StatementWords.mentions(sql, "create") || StatementWords.mentions(sql, "alter"))
                && endpoint.conn().sqlStatementCount(sql) > 1) {
            defined = new java.util.HashSet<>(defined);
            for (String d : endpoint.conn().routinesDefinedBy(sql)) defined.add(d.toLowerCase(java.util.Locale.ROOT));
        }
        // A database with no routine or operator taking values, none defined since: nothing to hand a value to.
        if (defined.isEmpty() && sources.takesNoValues()) return null;
        // Names only: a literal the client compares or stores (WHERE note = 'email', 'keep') calls and reads nothing;
        // one that may be code (a DO block, a query string given to a call) keeps its words.
        List<String> words = StatementWords.nameWords(sql);
        String routine = takingValues(words, defined);
        // An operator's symbol anywhere, a DO block's body included (its words alone are kept there).
        if (routine == null) routine = sources.valueOperatorIn(sql);
        for (var texts : prepared.values()) {
            for (String t : texts) {
                if (routine == null) routine = takingValues(StatementWords.nameWords(t), defined);
                if (routine == null) routine = sources.valueOperatorIn(t);
            }
        }
        if (routine == null) return null;
        String read = null;
        for (String w : words) if (read == null && endpoint.conn().hasColumnRule(w)) read = w;
        if (read == null) for (String w : words) if (read == null && sources.viewColumn(w, words) instanceof String passed) read = passed;
        if (read == null && sources.ofRelationIn(words) instanceof String row && sources.wholeRowUse(List.of(sql))) read = row;
        // Another routine's result (keep(first_ssn())): its body may read a ruled column, as INSERT ... SELECT first_ssn() is judged.
        for (String w : words) {
            if (read == null && !w.equalsIgnoreCase(routine) && sources.runsHiddenSql(w)) read = anyRuled();
        }
        // Objects made since the catalog read (a view renaming a ruled column) are not known to this connection.
        if (read == null && sources.generation != endpoint.sources().generation() && readsOrCallsNewer(words)) read = anyRuled();
        if (read == null) return null;
        return "hoop: the statement may hand " + read + " to routine " + routine + ", whose body may keep what it is given (in a"
                + " table, a setting, a sequence or a lock) where a later statement reads it back past its column rule;"
                + " call it on values of no ruled column";
    }

    /** The first of words naming a stored routine that takes arguments, or one in {@code defined}; or null. */
    private String takingValues(List<String> words, Set<String> defined) {
        for (String w : words) {
            String l = w.toLowerCase(java.util.Locale.ROOT);
            if (sources.takesValues(l) || defined.contains(l)) return l;
        }
        return null;
    }

    private final StoredCopies copies = new StoredCopies(this);

    /** Why a statement in {@code sql} may store a ruled value where no rule as strict covers it, or null (see StoredCopies). */
    String storedCopy(String sql, java.util.Map<String, List<String>> prepared) {
        return copies.check(sql, prepared);
    }

    PgEndpoint endpoint() {
        return endpoint;
    }

    SourceColumns sources() {
        return sources;
    }

    /** Whether words read a relation, or call a routine defined through the endpoint (SELECT set_config('x', 'y', false) does neither). */
    boolean readsOrCallsNewer(List<String> words) {
        Set<String> defined = endpoint.sources().defined();
        for (String w : words) {
            String l = w.toLowerCase(java.util.Locale.ROOT);
            if (l.equals("from") || l.equals("join") || l.equals("table") || l.equals("using") || defined.contains(l)) return true;
        }
        return false;
    }

    /** A ruled column, a function running SQL hoop does not see, or a relation holding a ruled column, named in words; or null. */
    String readsRuled(List<String> words) {
        String read = valueRead(words);
        return read != null ? read : sources.ofRelationIn(words);
    }

    /** A ruled column, a function running SQL hoop does not see, or a view column passing a ruled one on, named in words; or null. */
    private String valueRead(List<String> words) {
        for (String w : words) if (endpoint.conn().hasColumnRule(w) || sources.runsHiddenSql(w)) return w;
        for (String w : words) if (sources.viewColumn(w, words) instanceof String passed) return passed;
        return null;
    }

    /** Written, not flushed: the client handler flushes once it has forwarded all it can (a pipeline is one write). */
    void forward(PgFrontendMessage m) {
        if (m instanceof PgFrontendMessage.Execute e && !(lastForwarded instanceof PgFrontendMessage.Describe d
                && d.kind() == 'P' && d.name().equals(e.portal()))) {
            // A client that described this statement before runs it without a Describe, and its rows then
            // come with no RowDescription: hoop asks for one itself (and keeps the answer), so they are masked
            // under their own columns, never under those of whatever statement was described last.
            PgFrontendMessage.Describe own = new PgFrontendMessage.Describe((byte) 'P', e.portal());
            relay.describedByHoop(own);
            channel.write(PgWire.encode(channel.alloc(), own));
        }
        // Any other message reaching a server copying in fails the copy, which then ends: a Sync behind it is answered.
        if ((copyUnanswered || copyingIn) && !(m instanceof PgFrontendMessage.CopyData || m instanceof PgFrontendMessage.Sync
                || m instanceof PgFrontendMessage.Flush)) copyBroken = true;
        switch (m) {
            case PgFrontendMessage.Query q -> {
                awaitingReady++;
                ends++;
                // Any of its statements may be a COPY FROM STDIN: a Sync sent behind it waits until the Query's answer
                // says (its copy-in, or its end).
                if (q.sql().toLowerCase(java.util.Locale.ROOT).contains("copy")) {
                    copyUnanswered = true;
                    copyByQuery = true;
                    copyBroken = false;
                }
            }
            case PgFrontendMessage.Sync s -> {
                awaitingReady++;
                ends++;
                pipelineOpen = false;
            }
            case PgFrontendMessage.Parse p -> {
                pipelineOpen = true;
                if (isCopy(p.sql())) copyStatements.add(p.name());
                else copyStatements.remove(p.name());
            }
            case PgFrontendMessage.Bind b -> {
                pipelineOpen = true;
                if (copyStatements.contains(b.statement())) copyPortals.add(b.portal());
                else copyPortals.remove(b.portal());
            }
            case PgFrontendMessage.Execute e -> {
                pipelineOpen = true;
                if (copyPortals.contains(e.portal())) {
                    copyUnanswered = true;
                    copyByQuery = false;
                    copyBroken = false;
                }
            }
            case PgFrontendMessage.CopyDone d -> copyingIn = false;
            case PgFrontendMessage.CopyFail f -> copyingIn = false;
            case PgFrontendMessage.Describe d -> pipelineOpen = true;
            case PgFrontendMessage.Close c -> pipelineOpen = true;
            default -> { }
        }
        lastForwarded = m;
        relay.forwarded(m);
        channel.write(PgWire.encode(channel.alloc(), m));
    }

    void flush() {
        if (channel != null) channel.flush();
    }

    void statementStarted() {
        relay.statementStarted();
    }

    void expectDenial(PgDenial d) {
        relay.expectDenial(d);
    }

    boolean writable() {
        return channel != null && channel.isWritable();
    }

    void setAutoRead(boolean on) {
        if (channel != null) channel.config().setAutoRead(on);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        client.flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        client.channel().config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        endpoint.cancels().unregister(cancelKey);
        relay.upstreamClosed();
        client.fatal("08006", "the upstream database closed the connection");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        client.fatal("08006", "upstream connection failed: " + describe(cause));
        ctx.close();
    }

    /** What the client may be told: hoop's own protocol complaints carry no data, only lengths and types. */
    static String describe(Throwable cause) {
        for (Throwable c = cause; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof PgProtocolException p && p.getMessage() != null) return p.getMessage();
            if (c instanceof OutOfMemoryError) return "hoop ran out of memory holding this answer (" + c.getClass().getSimpleName() + ")";
        }
        return cause.getClass().getSimpleName();
    }

    void close() {
        // PostgreSQL notices a client gone only when it next writes to it: a statement still running when hoop lets go
        // of the connection (its session ended by hoop disconnect, Ctrl-C or its ttl; its client left) would run on
        // to its end and commit, after the session's end and unrecorded. hoop cancels it, as the client could have.
        if (channel != null && cancelKey != null && (awaitingReady > 0 || pipelineOpen || state == State.CATALOG)) {
            endpoint.cancels().cancel(cancelKey.pid(), cancelKey.secret());
        }
        if (channel != null) channel.close();
    }
}
