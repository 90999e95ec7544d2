package hoop.protocol.postgres;

import hoop.core.ResultSummary;
import hoop.guard.OutputFilter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import hoop.guard.GuardedConnection;

/**
 * Upstream to client: every message that can carry data is masked before it is written (DataRow values,
 * error and notice fields, notification payloads, COPY data), results are sampled into the recording,
 * and hoop's denial markers are turned back into 42501 errors. Rows stream one at a time.
 */
final class PgResponseRelay {
    private static final int MAX_DENIALS = 64;

    private final PgClientHandler client;
    private final PgEndpoint endpoint;
    private final ArrayDeque<PgDenial> denials = new ArrayDeque<>();
    private List<PgBackendMessage.RowDescription.Field> fields = List.of();
    private GuardedConnection.ValueMasker[] columnMaskers = new GuardedConnection.ValueMasker[0];
    private boolean[] ruled = new boolean[0];
    private List<List<String>> sample = new ArrayList<>();
    private long rows;
    private boolean truncated;
    private long startedNanos = System.nanoTime();
    private OutputFilter copyFilter;
    /** The column plan of the table COPY running, or null (see CopyColumns). */
    private CopyColumns copyColumns;
    /** The server's description of the query COPY forwarded, until its rows start (see copyPlan). */
    private PgBackendMessage.RowDescription copyDescribed;
    private final ResultFormats formats = new ResultFormats();
    private final StatementTexts texts;
    private SourceColumns sources = SourceColumns.NONE;

    PgResponseRelay(PgClientHandler client, PgEndpoint endpoint) {
        this.client = client;
        this.endpoint = endpoint;
        this.texts = new StatementTexts(!endpoint.conn().columnRuleGlobs().isEmpty(), endpoint.conn(), this::runsCode);
    }

    /**
     * Whether running SQL text may run code whose statements hoop does not see: a DO block, a CALL, a FETCH or
     * EXECUTE of what such code made, a stored routine or a table whose trigger or default calls one (as the catalog
     * read knows them, and those defined through the endpoint since).
     */
    private boolean runsCode(String sql) {
        if (RUNS_CODE.stream().anyMatch(w -> StatementWords.mentions(sql, w)) && endpoint.conn().runsUnseenSql(sql, texts::knows)) return true;
        Set<String> defined = endpoint.sources().defined();
        List<String> words = StatementWords.words(sql);
        Boolean writes = null;
        for (String w : words) {
            if (sources.runsHiddenSqlRead(w) || defined.contains(w.toLowerCase(java.util.Locale.ROOT))) return true;
            if (sources.runsHiddenSqlWritten(w) && (writes != null ? writes : (writes = mayWrite(words)))) return true;
        }
        return false;
    }

    /**
     * Words of statements that write a table or may run code that does: a table's triggers, rules, defaults and checks
     * run only then (a SELECT naming a table with an audit trigger runs none of it). So may a stored routine's call.
     */
    private static final Set<String> WRITING = Set.of("insert", "update", "delete", "merge", "copy", "truncate", "do", "call",
            "execute", "alter", "fetch", "move");

    private boolean mayWrite(List<String> words) {
        Set<String> defined = endpoint.sources().defined();
        for (String w : words) {
            String lower = w.toLowerCase(java.util.Locale.ROOT);
            if (WRITING.contains(lower) || sources.routines().contains(lower) || defined.contains(lower)) return true;
        }
        return false;
    }

    /** Whether a statement now answered may write (see WRITING); a literal the client wrote as a value writes nothing. */
    private boolean answeredMayWrite() {
        for (String t : answered()) if (mayWrite(StatementWords.nameWords(t))) return true;
        return false;
    }

    void describedByHoop(PgFrontendMessage.Describe d) {
        texts.describedByHoop(d.name());
    }

    void copyDescribed(PgBackendMessage.RowDescription d) {
        copyDescribed = d;
    }

    void expectDenial(PgDenial d) {
        denials.add(d);
        if (denials.size() > MAX_DENIALS) denials.poll();
    }

    /**
     * A setting the server reported at login, before any statement. Its value comes from the server's configuration,
     * the client's own startup packet, or the role's or database's presets: only a preset may hold a value code put
     * there (EXECUTE format('ALTER ROLE %I SET application_name = %L', ...)), so only those are labels. Masking all of
     * them told psycopg its TimeZone was "[EMAIL]" and every client its application_name.
     */
    void loginSetting(PgBackendMessage.ParameterStatus p, String sentByClient) {
        boolean preset = !PROTOCOL_PARAMETERS.contains(p.name()) && !p.value().equals(sentByClient)
                && !endpoint.conn().columnRuleGlobs().isEmpty()
                && (sources == SourceColumns.NONE || sources.presetFreeText(p.name().toLowerCase(java.util.Locale.ROOT)));
        client.write(new PgBackendMessage.ParameterStatus(p.name(), preset ? "[" + anyRuled().toUpperCase(java.util.Locale.ROOT) + "]"
                : PROTOCOL_PARAMETERS.contains(p.name()) ? p.value() : maskText(p.value())));
    }

    void useSources(SourceColumns s) {
        sources = s;
        baseTypes = s::baseType;
    }

    /** What a binary value's elements are masked with, and the types domains are over: made once, not per value. */
    private final GuardedConnection.ValueMasker binaryText = this::maskValue;
    private java.util.function.IntUnaryOperator baseTypes = SourceColumns.NONE::baseType;

    void forwarded(PgFrontendMessage m) {
        if (m instanceof PgFrontendMessage.Query q) listens(q.sql());
        if (m instanceof PgFrontendMessage.Parse p) listens(p.sql());
        formats.forwarded(m);
        texts.forwarded(m);
        if (m instanceof PgFrontendMessage.Query || m instanceof PgFrontendMessage.Execute) startedNanos = System.nanoTime();
    }

    void statementStarted() {
        startedNanos = System.nanoTime();
    }

    /**
     * The Describe whose RowDescription is being judged, or null: a pipeline's statements are each judged by their
     * own texts and what earlier ones may change (StatementTexts.Described.scope), not by the whole window's.
     */
    private StatementTexts.Described scope;
    private List<String> scopeTexts;

    /** The texts the result now described may come from; the whole window for errors, notices and simple Queries. */
    private List<String> answered() {
        if (scope == null) return texts.current();
        if (scopeTexts == null) scopeTexts = scope.scope();
        return scopeTexts;
    }

    private boolean answeredUnseen() {
        return scope == null ? texts.unseen() : scope.unseen();
    }

    void relay(PgBackendMessage m) {
        switch (m) {
            case PgBackendMessage.DataRow r -> client.write(maskRow(r));
            case PgBackendMessage.RowDescription d -> {
                StatementTexts.Described answers = texts.answering();
                scope = answers;
                try {
                    describe(d.fields());
                } finally {
                    scope = null;
                    scopeTexts = null;
                }
                // Names masked after the rules were looked up under the real ones; the recording keeps the masked.
                PgBackendMessage.RowDescription named = maskNames(d);
                fields = named.fields();
                if (answers == null || !answers.hoops) client.write(named);
            }
            case PgBackendMessage.ParseComplete c -> {
                texts.confirmed('P');
                client.write(c);
            }
            case PgBackendMessage.BindComplete c -> {
                texts.confirmed('B');
                formats.bound();
                client.write(c);
            }
            case PgBackendMessage.CloseComplete c -> {
                texts.confirmed('C');
                formats.closed();
                client.write(c);
            }
            case PgBackendMessage.NoData n -> {
                StatementTexts.Described answers = texts.answering();
                if (answers == null || !answers.hoops) client.write(n);
            }
            case PgBackendMessage.CommandComplete c -> {
                if (MAY_CREATE.matcher(c.tag()).lookingAt()) created(c.tag());
                settingsMayHoldRuled |= c.tag().equals("DO") || c.tag().equals("CALL");
                formats.executeEnded();
                record(c.tag(), null);
                client.write(c);
            }
            case PgBackendMessage.EmptyQueryResponse e -> {
                formats.executeEnded();
                client.write(e);
            }
            case PgBackendMessage.PortalSuspended p -> {
                formats.executeEnded();
                client.write(p);
            }
            case PgBackendMessage.ErrorResponse e -> {
                formats.executeEnded();
                client.write(error(e));
                texts.failed();
            }
            case PgBackendMessage.NoticeResponse n -> client.write(new PgBackendMessage.NoticeResponse(maskByStatement(maskFields(n.fields()))));
            // The channel's name too: code may LISTEN on one named after a value (EXECUTE format('LISTEN %I', email)).
            case PgBackendMessage.NotificationResponse n -> client.write(new PgBackendMessage.NotificationResponse(n.pid(), channel(n.channel()),
                    endpoint.conn().columnRuleGlobs().isEmpty() || n.payload().isEmpty() ? maskText(n.payload())
                            // Any session's statement may have sent it (pg_notify('c', name)), and none is in view here.
                            : "[" + anyRuled().toUpperCase(java.util.Locale.ROOT) + "]"));
            case PgBackendMessage.ParameterStatus p when !PROTOCOL_PARAMETERS.contains(p.name())
                    && !endpoint.conn().columnRuleGlobs().isEmpty() && derived(true).any() instanceof String rule ->
                    // set_config('application_name', name, false): the server reports the new value to the client.
                    client.write(new PgBackendMessage.ParameterStatus(p.name(), "[" + rule.toUpperCase(java.util.Locale.ROOT) + "]"));
            case PgBackendMessage.ParameterStatus p when !PROTOCOL_PARAMETERS.contains(p.name()) ->
                    // set_config('application_name', email, false) with detectors only: the value is data all the same.
                    client.write(new PgBackendMessage.ParameterStatus(p.name(), maskText(p.value())));
            case PgBackendMessage.CopyOutResponse c -> {
                copyFilter = endpoint.conn().newOutputFilter();
                copyColumns = copyPlan(c.columnFormats().length);
                client.write(c);
            }
            case PgBackendMessage.CopyBothResponse c -> {
                copyFilter = endpoint.conn().newOutputFilter();
                client.write(c);
            }
            case PgBackendMessage.CopyData d -> {
                if (copyFilter == null) {
                    client.write(d);
                } else {
                    copyRows(copyColumns != null ? copyColumns.feed(d.data()) : d.data());
                }
            }
            case PgBackendMessage.CopyDone d -> {
                finishCopy();
                client.write(d);
            }
            case PgBackendMessage.ReadyForQuery r -> {
                copyDescribed = null;   // the COPY failed before its rows
                formats.synced();
                texts.synced();
                finishCopy();
                client.send(r);
            }
            default -> client.write(m);
        }
    }

    /** Channels the client's own statements LISTEN on (lower case): with column rules, only those are named as they are. */
    private final Set<String> listened = new java.util.HashSet<>();
    private static final int MAX_LISTENED = 10_000;

    private void listens(String sql) {
        if (endpoint.conn().columnRuleGlobs().isEmpty() || !StatementWords.mentions(sql, "listen")) return;
        List<String> words = StatementWords.words(sql);
        for (int i = 0; i + 1 < words.size() && listened.size() < MAX_LISTENED; i++) {
            if (words.get(i).equalsIgnoreCase("listen")) listened.add(words.get(i + 1).toLowerCase(java.util.Locale.ROOT));
        }
    }

    /**
     * A notification's channel: a name no statement of the client's LISTENs on was given by code hoop does not see
     * (a DO block's EXECUTE format('LISTEN %I', name)), so with column rules it is masked whole, as a payload is.
     */
    private String channel(String name) {
        if (endpoint.conn().columnRuleGlobs().isEmpty() || listened.contains(name.toLowerCase(java.util.Locale.ROOT))) return maskText(name);
        return "[" + anyRuled().toUpperCase(java.util.Locale.ROOT) + "]";
    }

    /**
     * A column's name is text the server sends: code can build it from a value ({@code EXECUTE format('PREPARE p
     * AS SELECT 1 AS %I', email)}), so the detectors read it as they read a value. The rules were already
     * looked up under the real names.
     */
    private PgBackendMessage.RowDescription maskNames(PgBackendMessage.RowDescription d) {
        List<PgBackendMessage.RowDescription.Field> out = null;
        for (int i = 0; i < d.fields().size(); i++) {
            var f = d.fields().get(i);
            String name = maskText(f.name());
            if (name.equals(f.name())) continue;
            if (out == null) out = new ArrayList<>(d.fields());
            out.set(i, new PgBackendMessage.RowDescription.Field(name, f.tableOid(), f.columnAttr(), f.typeOid(), f.typeSize(),
                    f.typeMod(), f.format()));
        }
        return out == null ? d : new PgBackendMessage.RowDescription(out);
    }

    /**
     * What the statements now answered name: a ruled column ({@code upper(email)}, {@code salary::text}: every
     * computed column is masked under it), else a relation holding one, whose whole-row value
     * ({@code row_to_json(e)}, {@code e::text}) can carry it into any computed column that can hold text.
     */
    private record Derived(String column, String rowOf) {
        /** The ruled column values of these statements may come from, or null. */
        String any() {
            return column != null ? column : rowOf;
        }
    }

    /** Statements that may run deferred work (the lexer decides; these words are the first look). */
    private static final List<String> DEFERS = List.of("commit", "end", "transaction", "constraints");

    /** Statements that may run code whose SQL is not in their text (the lexer decides; these words are the first look). */
    private static final List<String> RUNS_CODE = List.of("do", "call", "fetch", "move", "execute");

    /** Command tags of statements that may create or change a view, function, table or trigger. */
    private static final java.util.regex.Pattern MAY_CREATE = java.util.regex.Pattern.compile("(CREATE|ALTER|DO|CALL|IMPORT)\\b");

    /** Parameters whose values are keywords, numbers or versions (drivers check some): reported as they are. */
    private static final Set<String> PROTOCOL_PARAMETERS = Set.of("client_encoding", "server_encoding", "DateStyle", "IntervalStyle",
            "integer_datetimes", "standard_conforming_strings", "server_version", "in_hot_standby", "default_transaction_read_only",
            "is_superuser", "scram_iterations");

    /**
     * A statement that may have created or changed objects went through: later catalog reads must not come from
     * the cache, and routines it defined count as stored ones for connections that read the catalog before.
     */
    private void created(String tag) {
        endpoint.sources().changed();
        if (DEFINES_ROUTINE.matcher(tag).lookingAt()) {
            List<String> names = new ArrayList<>();
            for (String t : texts.current()) names.addAll(endpoint.conn().routinesDefinedBy(t));
            endpoint.sources().defined(names);
        }
    }

    private static final java.util.regex.Pattern DEFINES_ROUTINE =
            java.util.regex.Pattern.compile("(CREATE|ALTER) (FUNCTION|PROCEDURE|AGGREGATE|ROUTINE|OPERATOR)\\b");

    /**
     * Whether this connection has run code hoop did not see statement by statement (a DO block, a CALL): such code can
     * put a ruled value into a setting ({@code EXECUTE format('SET my.y = %L', (SELECT notes ...))}, built so that no
     * word of it shows), which current_setting, SHOW or pg_settings then read back with no trace of the column. A
     * setting lives as long as the connection, so from then on what reads settings is masked as any ruled column.
     * set_config in the client's own text is judged where it is (PgUpstream.stateCopy).
     */
    private boolean settingsMayHoldRuled;

    /**
     * Whether the statements now answered read a setting that may hold a ruled value: after code hoop did not see (see
     * settingsMayHoldRuled), any setting whose type holds text; else one the role or database gives every session with
     * free text (ALTER ROLE ... SET, run by such code before). A statement that may read any setting reads such a one.
     */
    private boolean readsSettingHoldingRuled() {
        if (endpoint.conn().columnRuleGlobs().isEmpty() || !settingsMayHoldRuled && !sources.presetSettings()) return false;
        for (String t : answered()) {
            Set<String> read = SettingsRead.names(t, sources.settingsReaders());
            if (read == null) return true;
            for (String s : read) if (settingsMayHoldRuled ? sources.mayHoldText(s) : sources.presetFreeText(s)) return true;
        }
        return false;
    }

    /** A ruled column's name, for a value that may hold any of them. */
    private String anyRuled() {
        return sources.anyRuled(endpoint.conn().columnRuleGlobs());
    }

    /**
     * reaching: also what the statements reach beyond their text (SourceColumns.withReached), for what the server
     * says about those relations (an error quoting a cascade's row, a child table's trigger's notice); not for rows,
     * which come from what the statements name.
     */
    private Derived derived(boolean reaching) {
        List<String> words = new ArrayList<>();
        // A literal the client wrote as a value names no column (WHERE status = 'name pending' masked every count).
        for (String t : answered()) words.addAll(StatementWords.nameWords(t));
        if (reaching) {
            if (deferred()) return new Derived(anyRuled(), null);
            words = sources.withReached(words);
        }
        String named = namedRule(words);
        if (named == null) named = sources.valueColumnIn(words);
        if (named != null) return new Derived(named, null);
        // Its query or table is a string the statement may assemble ('na' || 'me'): it may read anything.
        if (unseen(words, true)) return new Derived(anyRuled(), null);
        String rowOf = sources.ofRelationIn(words);
        // A whole row used as a value carries the ruled column into numbers too (ascii(substr(c::text, 4, 1))).
        if (rowOf != null && sources.wholeRowUse(answered())) return new Derived(rowOf, null);
        return new Derived(null, rowOf);
    }

    /**
     * Whether the statements now answered end a transaction or set its constraints immediate: that runs the deferred
     * checks and constraint triggers of statements answered before, whose texts are gone, and what they report (Key
     * (name)=(Bob) is not present in table ..., a trigger's notice) may hold any ruled column.
     */
    private boolean deferred() {
        for (String t : answered()) {
            if (DEFERS.stream().anyMatch(w -> StatementWords.mentions(t, w)) && endpoint.conn().runsDeferredWork(t)) return true;
        }
        return false;
    }

    /** Whether objects changed through the endpoint since this connection's catalog read (see SourceColumns.Cache.changed). */
    private boolean staleRead() {
        return sources != SourceColumns.NONE && sources.generation != endpoint.sources().generation();
    }

    /** Whether the statements now answered name this relation (any case: a word, quoted or not). */
    private boolean named(String relation) {
        for (String t : answered()) {
            for (String w : StatementWords.words(t)) if (w.equalsIgnoreCase(relation)) return true;
        }
        return false;
    }

    /** A ruled column the words name, or a view column passing one on under another name (contacts.who is customers.name). */
    private String namedRule(List<String> words) {
        for (String w : words) {
            if (endpoint.conn().hasColumnRule(w)) return w;
            String passed = sources.viewColumn(w, words);
            if (passed != null) return passed;
        }
        return null;
    }

    /**
     * Whether the statements now answered may run SQL hoop does not see, or (when {@code newer} counts) use objects
     * newer than the catalog read.
     */
    private boolean unseen(List<String> words, boolean newer) {
        return unseen(words, newer, null);
    }

    /**
     * writtenRows: for the rows a write returns, the events it performs ('i', 'u'); a table's code then counts only
     * where it may change those rows (SourceColumns.changesWrittenRows). null: any code a write of the table runs.
     */
    private boolean unseen(List<String> words, boolean newer, String writtenRows) {
        // Objects created or changed since this connection's catalog read (by it or another connection): a
        // computed column may come from a view or function hoop does not know.
        boolean unseen = answeredUnseen() || newer && sources.generation != endpoint.sources().generation();
        Boolean writes = null;
        for (String w : words) {
            unseen |= sources.runsHiddenSqlRead(w) || (writtenRows != null ? sources.changesWrittenRows(w, writtenRows)
                    : sources.runsHiddenSqlWritten(w) && (writes != null ? writes : (writes = answeredMayWrite())));
        }
        // A DO block may EXECUTE a query it assembles, a CALL runs a procedure's body, and a FETCH of a cursor a DO
        // block opened runs the query the block built: none shows its SQL.
        for (String t : answered()) {
            unseen = unseen || RUNS_CODE.stream().anyMatch(w -> StatementWords.mentions(t, w)) && endpoint.conn().runsUnseenSql(t, texts::knows);
        }
        return unseen;
    }

    /**
     * The ruled column an INSERT, UPDATE or MERGE now answered may have stored in what its RETURNING reports as a
     * table's column ({@code UPDATE t SET notes = email ... RETURNING notes}), or "" (see WriteSources). Any type:
     * {@code INSERT INTO log (amount) SELECT salary ...} stores a number. A table whose trigger or default runs
     * hidden SQL may store anything; so may a relation holding a ruled column read for the values (any but the
     * written one, whose values must be named or used whole to be copied).
     */
    private String storedByWrite() {
        boolean writes = false;
        for (String t : answered()) writes |= WriteSources.returnsWritten(t);
        if (!writes) return "";
        WriteSources.Sources s = WriteSources.of(answered());
        String named = namedRule(s.words());
        if (named == null) named = sources.valueColumnIn(s.words());
        if (named != null) return named;
        // Not objects made since the read: a pooled connection's INSERT ... RETURNING id would be masked for good
        // after any CREATE through the endpoint (a trigger made since then is not known to copy).
        // A target's children and partitions store what their own triggers set (a row routed there), too.
        // Not a table a foreign key cascades into, nor an AFTER trigger or one on other events: they run once these
        // rows are returned, or not at all.
        String events = writtenEvents();
        if (unseen(s.words(), false, events) || unseen(sources.withRowsReached(List.copyOf(s.targets())), false, events)) return anyRuled();
        String read = sources.ofRelationIn(s.words());
        if (read != null) return read;
        String written = sources.ofRelationIn(s.targets());
        return written != null && sources.wholeRowUse(answered()) ? written : "";
    }

    /** The row events the writes now answered perform: 'i' for INSERT, 'u' for UPDATE (ON CONFLICT DO UPDATE too), both for MERGE. */
    private String writtenEvents() {
        boolean insert = false, update = false;
        for (String t : answered()) {
            for (String w : StatementWords.nameWords(t)) {
                String lower = w.toLowerCase(java.util.Locale.ROOT);
                insert |= lower.equals("insert") || lower.equals("merge");
                update |= lower.equals("update") || lower.equals("merge");
            }
        }
        return (insert ? "i" : "") + (update ? "u" : "");
    }

    /** PostgreSQL quotes a value as "%s", never escaping a quote inside it: a quoted part ends at the next quote. */
    private static final java.util.regex.Pattern QUOTED = java.util.regex.Pattern.compile("\"([^\"]*)\"");
    /** A number not part of a word: a value computed from a ruled column (chr(), make_date()) can be quoted bare. */
    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("(?<![\\p{L}\\p{N}_$])\\d[\\p{L}\\p{N}_.]*");
    private static final java.util.regex.Pattern KEY_VALUE = java.util.regex.Pattern.compile("\\)=\\((.*)\\)");

    /**
     * An error about a statement that reads a ruled column quotes the offending value ({@code invalid input
     * syntax for type integer: "Alice"}, {@code Key (email)=(...) already exists}): such values are masked
     * under that column. Names the statement itself uses stay; words of its string literals do not (a guessed
     * value in {@code WHERE notes IN ('Bob', ...)} would otherwise be confirmed by the error quoting it).
     * PostgreSQL does not escape a quote inside a quoted value, so the first quoted part that is not a name
     * is masked up to the message's last quote; bare numbers the statement does not contain are masked too
     * ({@code date field value out of range: 2000-66-01} from {@code make_date(2000, ascii(name), 1)}).
     */
    private String maskQuotedValues(String text, Derived d, String sqlState, Set<String> own, Set<String> ownNumbers,
            java.util.function.Predicate<String> written) {
        String label = label(d);
        // "relation \"bob\" does not exist" after name::regclass: a name looked up, not found, may be a value.
        boolean lookedUp = sqlState != null && NAME_LOOKUP_FAILED.contains(sqlState);
        String out = KEY_VALUE.matcher(text).replaceAll(java.util.regex.Matcher.quoteReplacement(")=(" + label + ")"));
        var m = QUOTED.matcher(out);
        while (m.find()) {
            if (own(m.group(1), own) || m.group(1).equals(label) || written.test(m.group(1)) || !lookedUp && NAMES_AN_OBJECT.contains(wordBefore(m.start(), out))) continue;
            out = out.substring(0, m.start()) + "\"" + label + "\"" + out.substring(out.lastIndexOf('"') + 1);
            break;
        }
        out = NUMBER.matcher(out).replaceAll(n -> java.util.regex.Matcher.quoteReplacement(ownNumbers.contains(n.group()) ? n.group() : label));
        return maskUnquotedTail(out, label, own);
    }

    private static final java.util.regex.Pattern WORD = java.util.regex.Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_$]*");

    /**
     * Some messages print what they were given after a colon, unquoted: {@code operator does not exist: Alice} (a
     * value cast to regoper), {@code cross-database references are not implemented: a.b.Alice} (to regclass). Such
     * a tail is masked unless each of its words is a name the statement itself uses; a quoted tail was masked above.
     */
    private static String maskUnquotedTail(String text, String label, Set<String> own) {
        int colon = text.indexOf(": ");
        if (colon < 0 || colon + 2 >= text.length() || text.charAt(colon + 2) == '"') return text;
        String tail = text.substring(colon + 2).replace(label, " ");
        var w = WORD.matcher(tail);
        while (w.find()) {
            String word = w.group().toLowerCase(java.util.Locale.ROOT);
            if (!own.contains(word) && !TYPE_WORDS.contains(word)) return text.substring(0, colon + 2) + label;
        }
        return text;
    }

    /** Words of built-in type names, as "operator does not exist: text = integer" prints them. */
    private static final Set<String> TYPE_WORDS = Set.of("integer", "bigint", "smallint", "numeric", "real", "double", "precision",
            "text", "character", "varying", "boolean", "date", "time", "timestamp", "with", "without", "zone", "interval",
            "bytea", "json", "jsonb", "uuid", "inet", "cidr", "oid", "name", "unknown", "record", "money", "xml", "bit",
            "point", "tsvector", "tsquery", "anyelement", "anyarray");

    private static String label(Derived d) {
        return "[" + d.any().toUpperCase(java.util.Locale.ROOT) + "]";
    }

    /** Routines of PL/pgSQL's RAISE and ASSERT: every field of what they report is text the code composed. */
    private static final Set<String> USER_RAISED = Set.of("exec_stmt_raise", "exec_stmt_assert");

    /**
     * An error or notice answering statements that may read a ruled column: text user code composed (RAISE in a
     * DO block, a function or a trigger) is masked whole, as are the context and the internal query (JSON data,
     * line 1: Alice; SQL statement "select 'Bob'::int"), and a detail that is not a key's (Failing row contains
     * (2, Bob, ...)); the message and hint keep their words and lose their values (maskQuotedValues).
     */
    private List<PgBackendMessage.ErrorField> maskByStatement(List<PgBackendMessage.ErrorField> fields) {
        if (endpoint.conn().columnRuleGlobs().isEmpty()) return fields;
        // A constraint's error names the table whose row it quotes: one the statement names is judged by what it names
        // (INSERT INTO orders ... -> Key (ref)=(1) already exists), any other (a cascade's, a child's) by what it reaches.
        String table = null;
        for (var f : fields) if (f.code() == 't') table = f.value();
        Derived d = derived(table == null || !named(table) || deferred());
        if (d.any() == null) return fields;
        String sqlState = null;
        String severity = null;
        String position = null;
        String message = null;
        boolean userText = false;
        boolean raised = false;
        for (var f : fields) {
            if (f.code() == 'C') sqlState = f.value();
            if (f.code() == 'P') position = f.value();
            if (f.code() == 'M') message = f.value();
            if (f.code() == 'R') {
                userText = USER_RAISED.contains(f.value());
                raised = f.value().equals("exec_stmt_raise");
            }
            if (f.code() == 'V' || f.code() == 'S' && severity == null) severity = f.value();
        }
        Set<String> own = new java.util.HashSet<>();
        Set<String> ownNumbers = new java.util.HashSet<>();
        for (String t : texts.current()) {
            for (String w : endpoint.conn().sqlNames(t)) own.add(w.toLowerCase(java.util.Locale.ROOT));
            NUMBER.matcher(t).results().forEach(n -> ownNumbers.add(n.group()));
        }
        String label = label(d);
        String state = sqlState, at = position, said = message;
        // A context (W) or an internal query (q): the message is about code's text, not the client's.
        boolean context = fields.stream().anyMatch(f -> f.code() == 'W' || f.code() == 'q');
        List<String> sent = texts.current();
        java.util.function.Predicate<String> written = q -> QuotedByClient.wrote(q, said, state, at, context, own, sent);
        List<PgBackendMessage.ErrorField> out = new ArrayList<>(fields.size());
        for (var f : fields) {
            String v = switch (f.code()) {
                // Severity, SQLSTATE, the server's source location and a position in the client's own statement.
                case 'S', 'V', 'F', 'L', 'R', 'P' -> f.value();
                // RAISE ... USING ERRCODE = v takes its SQLSTATE from any text of five digits or capitals, so code
                // sent five characters of a value there (substr(phone, 2, 5) came out as 14155): a raised one that
                // PostgreSQL does not define becomes what a RAISE at its level reports by default. A defined one
                // (ERRCODE = 'unique_violation') stays: it tells no more than a WHERE comparing the value with it.
                case 'C' -> raised && !DEFINED_STATES.contains(f.value()) ? raisedState(severity) : f.value();
                case 'p' -> null;   // a position in the internal query, which is masked
                case 'q', 'W' -> label;
                case 'D' -> userText || !KEY_VALUE.matcher(f.value()).find() ? label : maskQuotedValues(f.value(), d, sqlState, own, ownNumbers, written);
                case 'H' -> userText ? label : QuotedByClient.columnHint(f.value(), sqlState, context, own) ? f.value()
                        : maskQuotedValues(f.value(), d, sqlState, own, ownNumbers, written);
                case 'M' -> userText ? label : maskQuotedValues(f.value(), d, sqlState, own, ownNumbers, written);
                default -> userText ? label : f.value();   // schema, table, column, type, constraint names
            };
            if (v != null) out.add(v == f.value() ? f : new PgBackendMessage.ErrorField(f.code(), v));
        }
        return out;
    }

    /** The SQLSTATEs PostgreSQL defines (errcodes.txt of PostgreSQL 14 and 15). */
    private static final Set<String> DEFINED_STATES = Set.of((
            "00000 01000 01003 01004 01006 01007 01008 0100C 01P01 02000 02001 03000 08000 08001 08003 08004 "
            + "08006 08007 08P01 09000 0A000 0B000 0F000 0F001 0L000 0LP01 0P000 0Z000 0Z002 20000 21000 22000 "
            + "22001 22002 22003 22004 22005 22007 22008 22009 2200B 2200C 2200D 2200F 2200G 2200H 2200L 2200M "
            + "2200N 2200S 2200T 22010 22011 22012 22013 22014 22015 22016 22018 22019 2201B 2201E 2201F 2201G "
            + "2201W 2201X 22021 22022 22023 22024 22025 22026 22027 2202E 2202G 2202H 22030 22031 22032 22033 "
            + "22034 22035 22036 22037 22038 22039 2203A 2203B 2203C 2203D 2203E 2203F 2203G 22P01 22P02 22P03 "
            + "22P04 22P05 22P06 23000 23001 23502 23503 23505 23514 23P01 24000 25000 25001 25002 25003 25004 "
            + "25005 25006 25007 25008 25P01 25P02 25P03 26000 27000 28000 28P01 2B000 2BP01 2D000 2F000 2F002 "
            + "2F003 2F004 2F005 34000 38000 38001 38002 38003 38004 39000 39001 39004 39P01 39P02 39P03 3B000 "
            + "3B001 3D000 3F000 40000 40001 40002 40003 40P01 42000 42501 42601 42602 42611 42622 42701 42702 "
            + "42703 42704 42710 42712 42723 42725 42803 42804 42809 42830 42846 42883 428C9 42939 42P01 42P02 "
            + "42P03 42P04 42P05 42P06 42P07 42P08 42P09 42P10 42P11 42P12 42P13 42P14 42P15 42P16 42P17 42P18 "
            + "42P19 42P20 42P21 42P22 44000 53000 53100 53200 53300 53400 54000 54001 54011 54023 55000 55006 "
            + "55P02 55P03 55P04 57000 57014 57P01 57P02 57P03 57P04 57P05 58000 58030 58P01 58P02 72000 F0000 "
            + "F0001 HV000 HV001 HV002 HV004 HV005 HV006 HV007 HV008 HV009 HV00A HV00B HV00C HV00D HV00J HV00K "
            + "HV00L HV00M HV00N HV00P HV00Q HV00R HV010 HV014 HV021 HV024 HV090 HV091 P0000 P0001 P0002 P0003 "
            + "P0004 XX000 XX001 XX002 ").strip().split(" "));

    /** The SQLSTATE a RAISE at this level reports when no ERRCODE is given. */
    private static String raisedState(String severity) {
        if (severity == null) return "P0001";
        return switch (severity) {
            case "WARNING" -> "01000";
            case "NOTICE", "INFO", "LOG", "DEBUG" -> "00000";
            default -> "P0001";
        };
    }

    /** Whether a quoted name is the statement's own (each part of a qualified one). */
    private static boolean own(String quoted, java.util.Set<String> own) {
        for (String part : quoted.split("\\.", -1)) {
            if (!own.contains(part.toLowerCase(java.util.Locale.ROOT))) return false;
        }
        return true;
    }

    /** SQLSTATEs of a name that was looked up and not found: undefined table, object, function, schema, database. */
    private static final Set<String> NAME_LOOKUP_FAILED = Set.of("42P01", "42704", "42883", "3F000", "3D000", "42602", "22023", "42703");

    /**
     * Words PostgreSQL puts before a quoted object name (constraint "t_pkey", relation "t"), not before a value. Not
     * cursor or portal: code names one after a value (a refcursor's, OPEN c), and cursor "..." already in use quotes it;
     * the statement's own cursor names stay as its other names do.
     */
    private static final Set<String> NAMES_AN_OBJECT = Set.of("constraint", "relation", "column", "table", "index", "type",
            "schema", "database", "role", "sequence", "view", "extension", "trigger", "statement",
            "savepoint", "domain", "collation", "parameter", "tablespace", "operator", "function", "procedure", "policy",
            "publication", "subscription", "server", "channel", "user");

    private static String wordBefore(int quote, String text) {
        int end = quote;
        while (end > 0 && text.charAt(end - 1) == ' ') end--;
        int start = end;
        while (start > 0 && Character.isLetter(text.charAt(start - 1))) start--;
        return text.substring(start, end).toLowerCase(java.util.Locale.ROOT);
    }

    /** jsonb and jsonpath: in binary, a version byte and then their text. */
    private static final Set<Integer> VERSIONED = Set.of(3802, 4072);

    /** Types whose text is a number, a truth value or a time: a count or a sum over a ruled table stays readable. */
    private static final Set<Integer> CANNOT_HOLD_TEXT = Set.of(16, 20, 21, 23, 26, 700, 701, 790, 1700, 1082, 1083, 1114,
            1184, 1186, 1266, 2950);

    /**
     * The column plan of the table COPY whose rows are coming ({@code fields} each), or null when it is none. Judged with
     * the same plan (PgUpstream.copyBypass): a ruled table's COPY runs only when it has one.
     */
    private CopyColumns copyPlan(int fields) {
        List<String> current = texts.current();
        PgBackendMessage.RowDescription described = copyDescribed;
        copyDescribed = null;
        if (described != null && current.size() == 1 && endpoint.conn().copiedQuery(current.get(0)) instanceof hoop.core.CopiedTable q) {
            // A query's COPY: each field is masked as its result column would be in a DataRow of the same statement.
            describe(described.fields());
            GuardedConnection.ValueMasker[] maskers = new GuardedConnection.ValueMasker[ruled.length];
            for (int i = 0; i < maskers.length; i++) maskers[i] = ruled[i] ? columnMaskers[i] : null;
            String any = anyRuled();
            // Rows of another shape than described (the query's objects changed in between): no field is told apart.
            return maskers.length == fields || any == null ? new CopyColumns(q, maskers)
                    : CopyColumns.everyField(q, endpoint.conn().columnMasker(any, null));
        }
        if (endpoint.conn().columnRuleGlobs().isEmpty() || current.size() != 1) return null;
        CopyColumns plan = CopyColumns.plan(current.get(0), sources, -1, endpoint.conn());
        if (plan != null && plan.fields() == fields) return plan;
        String any = anyRuled();
        // The catalog was read again since the judging and no longer vouches for the columns (or a bare name found
        // another schema's table than the one planned): every field is masked.
        return any != null && endpoint.conn().copiedTable(current.get(0)) instanceof hoop.core.CopiedTable t
                ? CopyColumns.everyField(t, endpoint.conn().columnMasker(any, null)) : plan;
    }

    /** COPY TO STDOUT's rows, masked by the detectors and what they cannot read as written, then relayed. */
    private void copyRows(byte[] data) {
        if (data.length == 0) return;
        data = views.mask(data);
        byte[] out = copyFilter.feed(data, 0, data.length);
        if (out.length > 0) client.write(new PgBackendMessage.CopyData(out));
    }

    private void finishCopy() {
        if (copyFilter == null) return;
        if (copyColumns != null) {
            byte[] last = copyColumns.finish();
            copyColumns = null;
            copyRows(last);
        }
        byte[] rest = copyFilter.finish();
        copyFilter = null;
        if (rest.length > 0) client.write(new PgBackendMessage.CopyData(rest));
    }

    private PgBackendMessage error(PgBackendMessage.ErrorResponse e) {
        String msg = e.message();
        for (var it = denials.iterator(); it.hasNext(); ) {
            PgDenial d = it.next();
            if (d.matches(msg)) {
                // Denials before this one were skipped by the upstream (an earlier error ended the pipeline).
                while (denials.peek() != d) denials.poll();
                denials.poll();
                reset();
                return PgWire.errorResponse("ERROR", "42501", d.message());
            }
        }
        PgBackendMessage.ErrorResponse masked = new PgBackendMessage.ErrorResponse(maskByStatement(maskFields(e.fields())));
        record(null, masked.message());
        return masked;
    }

    /** Server text that can quote a value: read as a result value is (a bytea's hex, quoted parts, exponent numbers). */
    private String maskText(String text) {
        if (text.contains("\\x")) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            byte[] hex = BinaryValues.maskHexRuns(utf8, 0, utf8.length, decoded);
            if (hex != null) text = new String(hex, StandardCharsets.UTF_8);
        }
        // Codes before the detectors, which could take some of them for a number (see maskValue).
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        byte[] codes = views.codes(raw, 0, raw.length);
        if (codes != null) text = new String(codes, StandardCharsets.UTF_8);
        String out = EscapedText.maskText(text, endpoint.conn()::maskText);
        byte[] utf8 = out.getBytes(StandardCharsets.UTF_8);
        byte[] encoded = views.encoded(utf8, 0, utf8.length);
        if (encoded != null) utf8 = encoded;
        byte[] reversed = views.reversed(utf8, 0, utf8.length);
        if (reversed != null) utf8 = reversed;
        return encoded != null || reversed != null ? new String(utf8, StandardCharsets.UTF_8) : out;
    }

    private List<PgBackendMessage.ErrorField> maskFields(List<PgBackendMessage.ErrorField> in) {
        List<PgBackendMessage.ErrorField> out = new ArrayList<>(in.size());
        for (var f : in) {
            // Severity and SQLSTATE are protocol, not data; every other field can quote a value.
            boolean data = f.code() != 'S' && f.code() != 'V' && f.code() != 'C';
            out.add(data ? new PgBackendMessage.ErrorField(f.code(), maskText(f.value())) : f);
        }
        return out;
    }

    /**
     * A value no column rule covers, as text: the detectors, then what they cannot read as it is written (a bytea's
     * hex, the escaped quoted parts of arrays, records and hstore, float8's exponent). Null when unchanged. Also
     * the masker of text inside binary values (an element of a binary text[]).
     */
    private byte[] maskValue(byte[] body, int off, int len) {
        // Most values hold none of the bytes the views below start from: one scan spares them four.
        int look = EscapedText.look(body, off, len);
        if ((look & EscapedText.VIEWS) == 0) {
            // Codes first: the detectors read in the plain value would take some of its codes for a number (64 101 120
            // 97 109 112 108 passes Luhn) and leave the rest of the run too short to read.
            byte[] codes = (look & EscapedText.CODES) != 0 ? ByteCodes.mask(body, off, len, decoded) : null;
            byte[] masked = codes != null ? endpoint.conn().maskRange(codes, 0, codes.length) : endpoint.conn().maskRange(body, off, len);
            if (masked == null) masked = codes;
            if ((look & EscapedText.ENCODED) != 0) {
                // The scan found the run already (EncodedRuns.present would look for it again).
                byte[] encoded = masked != null ? views.encoded(masked, 0, masked.length)
                        : EncodedRuns.mask(body, off, len, decoded);
                if (encoded != null) masked = encoded;
            }
            if ((look & EscapedText.AT) == 0 && !ReversedText.keyPrefix(body, off, len)) return masked;
            byte[] reversed = masked != null ? views.reversed(masked, 0, masked.length) : views.reversed(body, off, len);
            return reversed != null ? reversed : masked;
        }
        // The unescaping views first: the detectors run over the whole value as it is written could match only the
        // tail of an escaped value (alice, a '+' escaped by its code, then tag@example.com) and hide the rest.
        byte[] masked = EscapedText.maskValue(body, off, len, endpoint.conn()::maskText);
        byte[] codes = masked != null ? views.codes(masked, 0, masked.length) : views.codes(body, off, len);
        if (codes != null) masked = codes;
        byte[] plain = masked != null ? endpoint.conn().maskRange(masked, 0, masked.length) : endpoint.conn().maskRange(body, off, len);
        if (plain != null) masked = plain;
        byte[] hex = masked != null ? BinaryValues.maskHexRuns(masked, 0, masked.length, decoded)
                : BinaryValues.maskHexRuns(body, off, len, decoded);
        if (hex != null) masked = hex;
        byte[] encoded = masked != null ? views.encoded(masked, 0, masked.length) : views.encoded(body, off, len);
        if (encoded != null) masked = encoded;
        byte[] reversed = masked != null ? views.reversed(masked, 0, masked.length) : views.reversed(body, off, len);
        return reversed != null ? reversed : masked;
    }

    /**
     * The masker of what codes, hex and base64 spell: the detectors, numbers in hex, and what they read backwards
     * (ReversedText), as in a value: encode(convert_to(reverse(key), 'UTF8'), 'hex') spelled the key reversed.
     */
    private byte[] maskDecoded(byte[] b, int off, int len) {
        byte[] m = endpoint.conn().maskRange(b, off, len);
        // A number in hex or binary inside (base64 of to_hex(card::bigint)): read as its digits, not decoded again.
        byte[] n = m != null ? EncodedRuns.maskNumbers(m, 0, m.length, endpoint.conn()::maskRange)
                : EncodedRuns.maskNumbers(b, off, len, endpoint.conn()::maskRange);
        if (n != null) m = n;
        byte[] r = m != null ? views.reversed(m, 0, m.length) : views.reversed(b, off, len);
        return r != null ? r : m;
    }

    private final GuardedConnection.ValueMasker decoded = this::maskDecoded;
    /** After decoded, which it uses: fields are set in the order they are written. */
    private final CopyRowMasks views = new CopyRowMasks(decoded, this::detectorsOver, this::detectorsOver);

    private String detectorsOver(String text) {
        return endpoint.conn().maskText(text);
    }

    private byte[] detectorsOver(byte[] b, int off, int len) {
        return endpoint.conn().maskRange(b, off, len);
    }

    /** Which of a result's columns are ruled, and how each is masked (columnMaskers, ruled), by the statements now answered. */
    private void describe(List<PgBackendMessage.RowDescription.Field> described) {
        fields = described;
        columnMaskers = new GuardedConnection.ValueMasker[fields.size()];
        ruled = new boolean[fields.size()];
        Derived derived = null;
        List<GuardedConnection.OutputSource> outputs = null;
        String stored = null;   // what a write's RETURNING column may hold; "" when nothing ruled
        String setting = readsSettingHoldingRuled() ? anyRuled() : null;
        for (int i = 0; i < ruled.length; i++) {
            var f = fields.get(i);
            String rule = endpoint.conn().hasColumnRule(f.name()) ? f.name() : sources.name(f.tableOid(), f.columnAttr());
            // A value of a type with a ruled field holds it, whichever column it is read from.
            if (rule == null) rule = sources.ofType(f.typeOid());
            if (rule == null) rule = setting;
            if (rule == null && f.tableOid() == 0 && !endpoint.conn().columnRuleGlobs().isEmpty()) {
                // Computed: it has no source column, so it is judged by what its statement names.
                if (derived == null) derived = derived(false);
                String column = derived.column();
                if (column != null && CANNOT_HOLD_TEXT.contains(f.typeOid())) {
                    // A number, truth value or time whose own expression names nothing ruled passes (count(*) or
                    // id + 1 beside SELECT email); text stays masked as before (lower(notes) beside SELECT name).
                    if (outputs == null) outputs = outputSources(ruled.length);
                    if (i < outputs.size() && ownSourcesClean(outputs.get(i))) column = null;
                }
                rule = column != null ? column : CANNOT_HOLD_TEXT.contains(f.typeOid()) ? null : derived.rowOf();
            } else if (rule == null && !endpoint.conn().columnRuleGlobs().isEmpty()) {
                // A table's column, unless a write returns it: then it holds what the statement stored there.
                if (stored == null) stored = storedByWrite();
                if (!stored.isEmpty()) rule = stored;
            }
            // Without column rules nothing is ruled: a schema change leaves only the detectors to run.
            if (rule == null && f.tableOid() != 0 && !endpoint.conn().columnRuleGlobs().isEmpty() && staleRead()) {
                // The table may have gained a ruled column since the catalog read (ALTER TABLE t RENAME COLUMN x
                // TO name earlier in this Query, or another connection's): which of its columns is which is known
                // again only once the catalog is read again (before the next statement: PgClientHandler.drain).
                if (derived == null) derived = derived(false);
                rule = derived.any() != null ? derived.any() : anyRuled();
            }
            ruled[i] = rule != null;
            // A partial style shows the last characters of a ruled column's own values only (see columnMasker).
            columnMaskers[i] = endpoint.conn().columnMasker(rule != null ? rule : f.name(), sources.ownColumn(f.tableOid(), f.columnAttr()));
        }
    }

    /**
     * What each of the described columns is computed from, when the answered statement is one plain SELECT whose
     * output list hoop can follow and has as many items as the description columns; else an empty list.
     */
    private List<GuardedConnection.OutputSource> outputSources(int columns) {
        List<String> answered = answered();
        if (answered.size() != 1) return List.of();
        List<GuardedConnection.OutputSource> out = endpoint.conn().outputSources(answered.get(0));
        return out == null || out.size() != columns ? List.of() : out;
    }

    /**
     * Whether an output column's own expression can carry no ruled value: it names no ruled column, no view column
     * passing one on, no value column of the statistics and activity views, no routine running SQL hoop does not see,
     * and qualifies no name by a relation holding a ruled column (c.to_jsonb is c's whole row); and the statement runs
     * nothing unseen. A count(*) or an id + 1 beside SELECT email then comes back as the number it is, while length(email)
     * stays masked.
     */
    private boolean ownSourcesClean(GuardedConnection.OutputSource o) {
        if (o == null) return false;
        List<String> context = new ArrayList<>(o.names());
        context.addAll(answeredWords());
        for (String w : o.names()) {
            if (endpoint.conn().hasColumnRule(w) || sources.viewColumn(w, context) != null) return false;
        }
        if (sources.valueColumnIn(context) != null) return false;
        if (unseen(o.names(), true)) return false;
        return o.qualified().isEmpty() || sources.ofRelationIn(o.qualified()) == null;
    }

    /** The name words of the texts the result now described may come from (literals left out). */
    private List<String> answeredWords() {
        List<String> words = new ArrayList<>();
        for (String t : answered()) words.addAll(StatementWords.nameWords(t));
        return words;
    }

    /** Values are masked where they lie in the row; a row nothing in which changed is relayed as it came. */
    private PgBackendMessage maskRow(PgBackendMessage.DataRow r) {
        byte[] body = r.body();
        List<byte[]> out = null;
        List<String> recorded = sample.size() < endpoint.recordRows() ? new ArrayList<>(r.size()) : null;
        for (int i = 0; i < r.size(); i++) {
            int off = r.offset(i);
            int len = r.length(i);
            PgBackendMessage.RowDescription.Field f = i < fields.size() ? fields.get(i) : null;
            boolean textual = f == null ? formats.format(i, 0) == 0 : formats.format(i, f.format()) == 0 || BinaryValues.TEXTUAL.contains(f.typeOid());
            byte[] masked = null;   // the new value, when it changed
            boolean nulled = false;
            if (len > 0 && textual && i < ruled.length && ruled[i] && VERSIONED.contains(f.typeOid()) && formats.format(i, f.format()) == 1) {
                // jsonb and jsonpath in binary start with a format version the client checks: it stays before the label.
                byte[] label = columnMaskers[i].mask(body, off + 1, len - 1);
                masked = new byte[label.length + 1];
                masked[0] = body[off];
                System.arraycopy(label, 0, masked, 1, label.length);
            } else if (len >= 0 && textual) {
                masked = i < ruled.length && ruled[i] ? columnMaskers[i].mask(body, off, len) : maskValue(body, off, len);
            } else if (len >= 0 && i < ruled.length && ruled[i]) {
                // A binary number or timestamp cannot hold "[SALARY]": a ruled column becomes NULL, never the value.
                nulled = true;
            } else if (len >= 0) {
                masked = BinaryValues.mask(f == null ? 0 : f.typeOid(), body, off, len, binaryText, baseTypes);
                nulled = masked == BinaryValues.NULL;
                if (nulled) masked = null;
            }
            if (masked != null || nulled) {
                if (out == null) out = r.values();
                out.set(i, masked);
            }
            if (recorded != null) {
                recorded.add(nulled || len < 0 ? null
                        : !textual ? "<binary " + len + " bytes>"
                        : masked != null ? new String(masked, StandardCharsets.UTF_8)
                        : new String(body, off, len, StandardCharsets.UTF_8));
            }
        }
        rows++;
        if (recorded != null) sample.add(recorded);
        else truncated = true;
        return out == null ? r : new PgBackendMessage.DataRow(out);
    }

    private void record(String tag, String error) {
        var session = client.session();
        if (session != null) {
            List<String> cols = fields.stream().map(PgBackendMessage.RowDescription.Field::name).toList();
            long micros = (System.nanoTime() - startedNanos) / 1000;
            endpoint.conn().guard().recordResult(session, client.connectionId(),
                    new ResultSummary(tag, error, rows, micros, cols, sample, truncated));
        }
        reset();
    }

    private void reset() {
        sample = new ArrayList<>();
        rows = 0;
        truncated = false;
        startedNanos = System.nanoTime();
    }

    void upstreamClosed() {
        copyFilter = null;
        copyColumns = null;
    }
}
