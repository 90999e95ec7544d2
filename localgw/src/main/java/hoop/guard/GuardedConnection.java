package hoop.guard;

import hoop.core.Command;
import hoop.core.Identity;
import hoop.core.Session;
import hoop.core.Verdict;
import hoop.masking.ColumnRules;
import hoop.masking.Masker;
import hoop.policy.Classification;
import hoop.policy.PolicyEngine;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A configured connection bound to the guard: what adapters use to open sessions, have commands judged
 * and mask output, without seeing policies, maskers or the store themselves.
 */
public final class GuardedConnection {
    private final String name;
    private final String type;
    private final Guard guard;
    private final PolicyEngine policy;
    private final Function<Command, Classification> classifier;
    private final Masker masker;
    private final ColumnRules columns;
    private final List<String> command;
    private final Map<String, String> env;
    private volatile SessionEnv sessionEnv;
    private volatile List<String> launchArgs = List.of();
    private volatile hoop.core.CredentialIssuer credentials;
    private volatile java.nio.file.Path filesDir;

    /** The environment one session's child process gets: the connection's, plus what is issued per session. */
    @FunctionalInterface
    public interface SessionEnv {
        CompletableFuture<Map<String, String>> forSession(Session s);
    }

    public GuardedConnection(String name, String type, Guard guard, PolicyEngine policy,
                             Function<Command, Classification> classifier, Masker masker, ColumnRules columns,
                             List<String> command, Map<String, String> env) {
        this.name = name;
        this.type = type;
        this.guard = guard;
        this.policy = policy;
        this.classifier = classifier;
        this.masker = masker;
        this.columns = columns;
        this.command = List.copyOf(command);
        this.env = Map.copyOf(env);
        this.sessionEnv = s -> CompletableFuture.completedFuture(this.env);
        this.masksPasswords = masker.detects("password_assignment");
        this.maskCommandText = masksPasswords && "postgres".equals(type)
                ? text -> masker.mask(hoop.policy.sql.SqlSecrets.redact(text)) : masker::mask;
    }

    /** Whether this connection masks passwords (the password_assignment detector): then by their place too. */
    private final boolean masksPasswords;
    /**
     * How a command is recorded and shown to approvers: masked, and on a database a password or key the statement gives
     * as a literal by its place in the grammar (ALTER ROLE ... PASSWORD 'x'), wherever passwords are masked at all.
     */
    private final java.util.function.UnaryOperator<String> maskCommandText;

    /**
     * An aws connection: credentials issued per session, the child environment built from them, and options
     * the gateway itself puts after the program (they are not the caller's, so they are not judged).
     */
    public void useSessionCredentials(hoop.core.CredentialIssuer issuer, SessionEnv env, List<String> launchArgs) {
        this.credentials = issuer;
        this.sessionEnv = env;
        this.launchArgs = List.copyOf(launchArgs);
    }

    /**
     * Where the files a child writes for a session (the aws CLI's downloads) wait to be masked: inside hoop's home,
     * which no command judged may name, so nothing the agent runs reads them unmasked.
     */
    public void keepFilesIn(java.nio.file.Path dir) {
        this.filesDir = dir;
    }

    private volatile hoop.core.RunAs runAs;

    /** A command connection's run_as: its children run as that OS user (see ExecSession). */
    public void runAs(hoop.core.RunAs user) {
        this.runAs = user;
    }

    /** null: children run as the gateway's own OS user. */
    public hoop.core.RunAs runAs() {
        return runAs;
    }

    /** null when the connection keeps no files (see keepFilesIn). */
    public java.nio.file.Path filesDir() {
        return filesDir;
    }

    /** null unless the connection issues credentials per session. */
    public hoop.core.CredentialIssuer credentials() {
        return credentials;
    }

    public CompletableFuture<Map<String, String>> sessionEnv(Session s) {
        return sessionEnv.forSession(s);
    }

    /** The argv actually started for a judged argv. */
    public List<String> launchArgv(List<String> judged) {
        if (launchArgs.isEmpty() || judged.isEmpty()) return judged;
        List<String> out = new java.util.ArrayList<>(judged.size() + launchArgs.size());
        out.add(judged.get(0));
        out.addAll(launchArgs);
        out.addAll(judged.subList(1, judged.size()));
        return out;
    }

    public String name() {
        return name;
    }

    public String type() {
        return type;
    }

    public Guard guard() {
        return guard;
    }

    /** The fixed program prefix of a command connection; the caller supplies only arguments. */
    public List<String> command() {
        return command;
    }

    /** Environment holding the connection's resolved secrets: only ever given to the child process. */
    public Map<String, String> env() {
        return env;
    }

    public CompletableFuture<Session> openSession(Identity identity) {
        return guard.openSession(name, type, identity);
    }

    public CompletableFuture<Verdict> judge(Command cmd, ApprovalListener listener) {
        return guard.judge(cmd, classifier, policy, maskCommandText, listener);
    }

    /**
     * A command line: typed are the passwords it gives as an option's value ({@link #typedSecrets}), masked in the
     * recording like the connection's own secrets.
     */
    public CompletableFuture<Verdict> judge(Command cmd, java.util.Collection<String> typed, ApprovalListener listener) {
        return typed.isEmpty() ? judge(cmd, listener) : guard.judge(cmd, classifier, policy, masker.withSecrets(typed)::mask, listener);
    }

    /**
     * On a command or aws connection that masks passwords, those a command line gives as an option's value (mysql -pX,
     * curl -u user:X, aws secretsmanager create-secret --secret-string X; see hoop.policy.shell.ShellSecrets): a
     * detector cannot tell them from any other word.
     */
    public java.util.Set<String> typedSecrets(List<String> argv) {
        return masksPasswords && ("command".equals(type) || "aws".equals(type)) ? hoop.policy.shell.ShellSecrets.in(argv) : java.util.Set.of();
    }

    /**
     * On a command connection that masks passwords, the secrets in the files the command line reads that only their key
     * marks (see ReadFileSecrets), each with its replacement: to be masked by value in what it prints (see the filters
     * below). Blocking (it reads files): not on an event loop.
     */
    public java.util.Map<String, String> secretsInFilesRead(List<String> argv, String home) {
        if (!masksPasswords || !"command".equals(type)) return java.util.Map.of();
        return ReadFileSecrets.in(hoop.policy.shell.FilesRead.of(argv, home), masker, home);
    }

    /**
     * What policy would say, without recording or waiting for anyone: lets an adapter find out that a
     * statement being prepared will need approval once its parameters are known. A failure previews as deny.
     */
    public hoop.core.Decision preview(Command cmd) {
        try {
            return policy.decide(cmd, classifier.apply(cmd));
        } catch (RuntimeException | StackOverflowError e) {
            return new hoop.core.Decision.Deny("guard", "the command could not be judged");
        }
    }

    public OutputFilter newOutputFilter() {
        return new OutputFilter(masker.stream());
    }

    /**
     * For a body masked keeping every offset: one that is not text (the text found in it is masked), or (text) a
     * byte range of a text object; see BinaryMasker.
     */
    public BinaryFilter newInPlaceFilter(boolean text) {
        return new BinaryFilter(masker.inPlace(text));
    }

    /**
     * Filters that also mask one session's own secrets (its STS credential), which no connection-wide list holds: the
     * masker for them is made once for all of the session's streams (their encoded forms take about a millisecond).
     */
    public java.util.function.Supplier<OutputFilter> outputFilters(java.util.Collection<String> sessionSecrets) {
        return outputFilters(sessionSecrets, java.util.Map.of());
    }

    /** The same, also masking values known with their replacement (see secretsInFilesRead). */
    public java.util.function.Supplier<OutputFilter> outputFilters(java.util.Collection<String> sessionSecrets,
                                                                   java.util.Map<String, String> known) {
        var withSecrets = masker.withKnownValues(sessionSecrets, known);
        return () -> new OutputFilter(withSecrets.stream());
    }

    /** In-place filters (see newInPlaceFilter) that also mask one session's own secrets. */
    public java.util.function.Supplier<BinaryFilter> inPlaceFilters(java.util.Collection<String> sessionSecrets) {
        return inPlaceFilters(sessionSecrets, java.util.Map.of());
    }

    public java.util.function.Supplier<BinaryFilter> inPlaceFilters(java.util.Collection<String> sessionSecrets,
                                                                  java.util.Map<String, String> known) {
        var withSecrets = masker.withKnownValues(sessionSecrets, known);
        return () -> new BinaryFilter(withSecrets.inPlace(false));
    }

    public String maskText(String text) {
        return masker.mask(text);
    }

    /** The table COPY {@code sql} is, whose rows' fields column rules can mask (see CopyOptions.copiedTable), or null. */
    public hoop.core.CopiedTable copiedTable(String sql) {
        return hoop.policy.sql.CopyOptions.copiedTable(sql);
    }

    /** The query COPY {@code sql} is, whose fields the server's description of the query names (CopyOptions.copiedQuery), or null. */
    public hoop.core.CopiedTable copiedQuery(String sql) {
        return hoop.policy.sql.CopyOptions.copiedQuery(sql);
    }

    /**
     * How values of a result column are masked: whole, when a column rule names it; otherwise by the
     * detectors. Returns the same array when nothing changed.
     */
    public ValueMasker columnMasker(String column) {
        return columnMasker(column, column);
    }

    /**
     * As {@link #columnMasker(String)}, for a value shown under {@code column} whose source is the ruled table column
     * {@code source}, or null when it is not a ruled column's own value (computed from one, a whole row, stored by a
     * write, or a value given a ruled column's name). A partial style keeps the last characters of a column's own
     * values, a hash tells them apart; of any other value they are characters the client picked ({@code reverse(card)},
     * {@code substr(card, 1, 8)}, {@code name AS card}) and equality with a value it picked ({@code substr(email, 1, 1)}
     * beside {@code 'b' AS email}: the same hash spelled the address a letter at a time), so such values are redacted.
     * Under two rules the stricter style applies.
     */
    public ValueMasker columnMasker(String column, String source) {
        hoop.masking.Style style = columns.styleFor(column);
        if (style == null) return masker::mask;
        hoop.masking.Style own = source == null ? null : columns.styleFor(source);
        hoop.masking.Style shown = own != null ? hoop.masking.Style.stricter(style, own) : hoop.masking.Style.REDACT;
        return (buf, off, len) -> masker.maskWhole(java.util.Arrays.copyOfRange(buf, off, off + len), column, shown);
    }

    /** Masks one value held in a larger buffer (a result row) without copying it out first. */
    @FunctionalInterface
    public interface ValueMasker {
        /** The masked value, or null when it is unchanged. */
        byte[] mask(byte[] buf, int off, int len);
    }

    /**
     * Whether SQL text runs code whose statements are not in it (a DO block, a CALL, a FETCH/MOVE/EXECUTE of
     * something {@code known} does not name): the grammar is the policy's, adapters only ask.
     */
    public boolean runsUnseenSql(String sql, java.util.function.Predicate<String> known) {
        return hoop.policy.sql.SqlClassifier.runsUnseenCode(sql, known);
    }

    /** The statements the DO blocks of SQL text run, as far as hoop reads them (see DoBlock), nested blocks' too. */
    public List<String> blockStatements(String sql) {
        return hoop.policy.sql.DoBlock.statementsIn(sql);
    }

    /** The schemas SQL text sets the search_path to name (see SqlClassifier#searchPathSchemas). */
    public java.util.Set<String> searchPathSchemas(String sql) {
        return hoop.policy.sql.SqlClassifier.searchPathSchemas(sql);
    }

    /** The schemas a search_path value names (a startup parameter's; see SqlClassifier#searchPathListed). */
    public java.util.Set<String> searchPathListed(String value) {
        return hoop.policy.sql.SqlClassifier.searchPathListed(value);
    }

    /** The built-in functions whose calls raise a statement's kind (the policy's grammar): a view may hide a call. */
    public java.util.Set<String> builtinsWithEffects() {
        return hoop.policy.sql.SqlClassifier.builtinsWithEffects();
    }

    /**
     * Whether SQL text writes (itself, or by EXECUTE of the statements prepared names) and takes parameters, whose bound
     * values may change its verdict (the policy's grammar).
     */
    public boolean writesWithParams(String sql, Map<String, List<String>> prepared) {
        return hoop.policy.SqlCommandClassifier.writesWithParams(sql, prepared);
    }

    /**
     * SQL text with each parameter $n replaced by literals' n-th SQL literal, or null when none is replaced or the text
     * does not lex (the policy's grammar).
     */
    public String withBoundValues(String sql, List<String> literals) {
        return hoop.policy.sql.SqlClassifier.withParams(sql, literals);
    }

    /** Whether SQL text may change how the server lexes what follows it (see SqlClassifier#mayChangeLexing). */
    public boolean mayChangeLexing(String sql) {
        return hoop.policy.sql.SqlClassifier.mayChangeLexing(sql);
    }

    /** The routines SQL text defines (CREATE FUNCTION and the like), lower case (the policy's grammar). */
    public List<String> routinesDefinedBy(String sql) {
        return hoop.policy.sql.SqlClassifier.routinesDefined(sql);
    }

    /** As {@link #routinesDefinedBy(String)}, plus the operators and objects it binds to the stored {@code routines}. */
    public List<String> routinesDefinedBy(String sql, java.util.Set<String> routines) {
        return hoop.policy.sql.SqlClassifier.routinesDefined(sql, routines);
    }

    /** The statements SQL text prepares with SQL PREPARE: name to statement text (the policy's grammar). */
    public java.util.Map<String, String> sqlPrepared(String sql) {
        return hoop.policy.sql.SqlClassifier.prepared(sql);
    }

    /** The SQL cursors and prepared statements SQL text DECLAREs or PREPAREs, by name; null when it does not lex (the policy's grammar). */
    public List<String> sqlCursorsAndPreparedDefined(String sql) {
        return hoop.policy.sql.SqlClassifier.cursorsAndPreparedDefined(sql);
    }

    /** Whether SQL text ends a transaction or sets its constraints immediate, running deferred checks and triggers (the policy's grammar). */
    public boolean runsDeferredWork(String sql) {
        return hoop.policy.sql.SqlClassifier.runsDeferredWork(sql);
    }

    /** The prepared statements SQL text runs with EXECUTE, by name (the policy's grammar). */
    public List<String> sqlExecuted(String sql) {
        return hoop.policy.sql.SqlClassifier.executed(sql);
    }

    /** The prepared statements SQL text removes (DEALLOCATE), "*" for all of them (the policy's grammar). */
    public List<String> sqlDeallocated(String sql) {
        return hoop.policy.sql.SqlClassifier.deallocated(sql);
    }

    /** Why a COPY TO STDOUT in SQL text would send rows the masker cannot read as text, or null (the policy's grammar). */
    public String unmaskableCopy(String sql) {
        return hoop.policy.sql.CopyOptions.unmaskable(sql);
    }

    /**
     * Whether every statement of SQL text reads no relation but pg_settings and runs no routine: its column names are
     * that view's (pg_dump's {@code set_config(name, ...) FROM pg_settings WHERE name = 'x'}), whatever rules say of them.
     */
    public boolean readsOnlySettings(String sql) {
        List<hoop.policy.sql.SqlStatement> statements = hoop.policy.sql.SqlClassifier.classify(sql);
        for (hoop.policy.sql.SqlStatement st : statements) {
            if (st.calls() || st.kind() == hoop.policy.sql.SqlKind.PROCEDURAL || st.kind() == hoop.policy.sql.SqlKind.UNKNOWN) return false;
            for (String t : st.tables()) {
                if (!t.equalsIgnoreCase("pg_settings") && !t.equalsIgnoreCase("pg_catalog.pg_settings")) return false;
            }
        }
        return !statements.isEmpty();
    }

    /**
     * Whether every statement of SQL text only reads: kind read, calling no routine (the policy's grammar). Such a
     * statement cannot change what another statement reads; text that does not lex is no plain read.
     */
    public boolean plainRead(String sql) {
        List<hoop.policy.sql.SqlStatement> statements = hoop.policy.sql.SqlClassifier.classify(sql);
        for (hoop.policy.sql.SqlStatement st : statements) {
            if (st.kind() != hoop.policy.sql.SqlKind.READ || st.calls()) return false;
        }
        return !statements.isEmpty();
    }

    /**
     * Per output column of a plain SELECT, what its expression is computed from (see hoop.policy.sql.OutputSources): a
     * null element for one that cannot be told by its names; null when the statement is of another shape.
     */
    public List<OutputSource> outputSources(String sql) {
        List<hoop.policy.sql.OutputSources.Output> read = hoop.policy.sql.OutputSources.of(sql);
        if (read == null) return null;
        List<OutputSource> out = new java.util.ArrayList<>(read.size());
        for (var o : read) out.add(o == null ? null : new OutputSource(o.names(), o.qualified()));
        return out;
    }

    /** One output column's names, and the relations whose name or alias qualifies one of them (see OutputSources.Output). */
    public record OutputSource(List<String> names, List<String> qualified) {}

    /** How many statements SQL text holds, as the policy's grammar splits it (unlexable text counts as one). */
    public int sqlStatementCount(String sql) {
        return hoop.policy.sql.SqlClassifier.classify(sql).size();
    }

    /** The names SQL text uses, its literals and comments left out (the policy's lexer). */
    public List<String> sqlNames(String sql) {
        return hoop.policy.sql.SqlClassifier.names(sql);
    }

    public boolean hasColumnRule(String column) {
        return columns.styleFor(column) != null;
    }

    /**
     * Whether a value read from ruled column {@code source} may be stored in column {@code target} and stay masked as
     * much: a rule covers the target with the same style or a stricter one. A null source may be any ruled column
     * (only redact covers it); a null target is one whose name the statement does not tell.
     */
    public boolean ruleCoversCopy(String target, String source) {
        return columns.coversCopy(target, source);
    }

    /** As {@link #ruleCoversCopy(String, String)}; asStored: the copy is the source's own value as it is (see ColumnRules). */
    public boolean ruleCoversCopy(String target, String source, boolean asStored) {
        return columns.coversCopy(target, source, asStored);
    }

    /** Where SQL text stores values and what each may be computed from (see StoredValues; the policy's grammar). */
    public List<StoredValue> storedValues(String sql) {
        List<StoredValue> out = new java.util.ArrayList<>();
        for (hoop.policy.sql.StoredValues.Flow f : hoop.policy.sql.StoredValues.of(sql)) {
            out.add(new StoredValue(f.target(), f.table(), f.into(), f.words(), f.text(), f.others(), f.implicit(), f.anything(), f.bare()));
        }
        return out;
    }

    /** One value a statement stores: see hoop.policy.sql.StoredValues.Flow. */
    public record StoredValue(String target, String table, String into, List<String> words, String text, List<String> others,
                              boolean implicit, boolean anything, boolean bare) {}

    /** The column rules' globs ('*' any run of characters); empty when the connection masks no column by name. */
    public java.util.Set<String> columnRuleGlobs() {
        return columns.globs();
    }


    /** Masks buf[off, off+len); null when nothing needed masking. */
    public byte[] maskRange(byte[] buf, int off, int len) {
        return masker.mask(buf, off, len);
    }

    /** Byte-transparent: returns the same array when nothing needed masking. */
    public byte[] maskBytes(byte[] data) {
        return masker.mask(data);
    }
}
