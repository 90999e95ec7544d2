package hoop.policy.sql;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Splits a message into statements and classifies each one. Everything fails closed: lexical
 * errors, unbalanced brackets, unexpected structure and internal failures all yield an
 * UNKNOWN statement with a reason, never an exception and never a more permissive kind.
 */
public final class SqlClassifier {

    /** Deeper nesting is refused rather than risking stack exhaustion in the recursive analysis. */
    private static final int MAX_DEPTH = 200;

    private SqlClassifier() {
    }

    public static List<SqlStatement> classify(String sql) {
        return classify(sql, java.util.Set.of());
    }

    /**
     * routines: lower-case names of functions stored in the upstream whose bodies run SQL this text does not
     * show (an adapter reads them from the server's catalog); a statement calling one is PROCEDURAL, like CALL.
     */
    public static List<SqlStatement> classify(String sql, java.util.Set<String> routines) {
        if (sql == null || sql.isEmpty()) {
            return List.of();
        }
        Recent recent = sql.length() <= Recent.LONGEST && !Thread.currentThread().isVirtual() ? RECENT.get() : null;
        Recent.Classified known = recent == null ? null : recent.get(sql);
        if (known != null && known.routines() == routines) {
            return known.statements();
        }
        List<SqlStatement> out;
        try {
            out = List.copyOf(split(sql, Lexer.lex(sql), routines));
        } catch (RuntimeException | StackOverflowError e) {
            out = List.of(new SqlStatement(sql.strip(), SqlKind.UNKNOWN, null, null,
                    List.of("internal classifier error: " + e.getClass().getSimpleName())));
        }
        if (recent != null) {
            recent.put(sql, new Recent.Classified(routines, out));
        }
        return out;
    }

    /**
     * The texts a thread (an event loop's) classified last. A text is classified again and again: the extended
     * protocol's Parse is judged ahead and its Bind as the EXECUTE it is, and an application runs the same statements
     * with other parameters. The answer depends on the text and the routines set alone, and a connection's set is
     * one object until what it lists changes: a text classified against another set is classified again.
     */
    private static final ThreadLocal<Recent> RECENT = ThreadLocal.withInitial(Recent::new);

    private static final class Recent extends java.util.LinkedHashMap<String, Recent.Classified> {
        static final int LONGEST = 4096, KEPT = 128;

        record Classified(java.util.Set<String> routines, List<SqlStatement> statements) {
        }

        Recent() {
            super(16, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, Classified> eldest) {
            return size() > KEPT;
        }
    }

    /**
     * Whether a statement of {@code sql} runs code whose SQL is not in its text: a {@code DO} block (it may build
     * and EXECUTE any query), a {@code CALL} of a procedure, {@code CREATE} or {@code ALTER EXTENSION} (its script),
     * {@code IMPORT FOREIGN SCHEMA} (the foreign tables it makes), or a {@code FETCH}, {@code MOVE} or {@code EXECUTE}
     * of a cursor or prepared statement that {@code known} does not know (a DO block or a function opened or
     * prepared it). True when the text cannot be read (fails closed).
     */
    public static boolean runsUnseenCode(String sql, java.util.function.Predicate<String> known) {
        if (sql == null || sql.isEmpty()) {
            return false;
        }
        try {
            List<Token> statement = new ArrayList<>();
            for (Token t : Lexer.lex(sql)) {
                if (t.type() == Token.Type.ERROR) {
                    return true;
                }
                if (t.isPunct(";")) {
                    if (unseen(statement, known)) {
                        return true;
                    }
                    statement.clear();
                } else {
                    statement.add(t);
                }
            }
            return unseen(statement, known);
        } catch (RuntimeException | StackOverflowError e) {
            return true;
        }
    }

    private static boolean unseen(List<Token> s, java.util.function.Predicate<String> known) {
        if (s.isEmpty()) {
            return false;
        }
        Token first = s.get(0);
        if (first.isWord("do") || first.isWord("call")) {
            return true;
        }
        // An extension's script, or a foreign schema's import, defines routines and relations in no text hoop judged.
        if (first.isWord("import") || s.size() > 1 && (first.isWord("create") || first.isWord("alter")) && s.get(1).isWord("extension")) {
            return true;
        }
        // FETCH [direction] [FROM | IN] cursor: the name ends it. EXECUTE name [(args)]: the name follows.
        Token name = first.isWord("fetch") || first.isWord("move") ? s.get(s.size() - 1)
                : first.isWord("execute") && s.size() > 1 ? s.get(1) : null;
        return name != null && !(name.isName() && known.test(name.value()));
    }

    /**
     * The schemas {@code sql} sets the search_path to name (SET search_path, set_config of it); empty when it sets none. Over-approximates: a string naming
     * several is split at its commas.
     */
    public static java.util.Set<String> searchPathSchemas(String sql) {
        return SearchPath.schemas(sql);
    }

    /** The schemas a search_path value names, as a startup parameter or set_config gives it ({@code billing, "Ops"}). */
    public static java.util.Set<String> searchPathListed(String value) {
        return SearchPath.listed(value);
    }

    /** The built-in functions whose calls raise a statement's kind (set_config, nextval, pg_terminate_backend...). */
    public static java.util.Set<String> builtinsWithEffects() {
        return Functions.withEffects();
    }

    /**
     * Whether running {@code sql} may change how the server lexes the text after it: a configuration reload, a RESET
     * or DISCARD (back to what the configuration gives now), or a statement naming standard_conforming_strings, client_encoding (SET NAMES too), pg_settings (whose rule calls
     * set_config) or set_config that is judged unknown (a value hoop cannot vouch for, or a parameter name it cannot
     * read). A name inside a string counts (set_config's is one); text that does not lex counts. An adapter judges
     * nothing sent after such a statement until the server answered it, and with it the new setting (a
     * ParameterStatus hoop checks).
     */
    public static boolean mayChangeLexing(String sql) {
        if (sql == null || sql.isEmpty()) {
            return false;
        }
        try {
            List<Token> toks = Lexer.lex(sql);
            boolean names = false;
            boolean reset = false;
            boolean toDefault = false;
            for (int i = 0; i < toks.size(); i++) {
                Token x = toks.get(i);
                if (x.type() == Token.Type.ERROR) {
                    return true;
                }
                if (!x.isName() && x.type() != Token.Type.STRING) {
                    continue;
                }
                String v = Lexer.asciiLower(x.value().strip());
                if (v.equals("pg_reload_conf")) {
                    return true;
                }
                names |= LEXING.contains(v) || v.equals("names") && afterSet(toks, i);
                reset |= (i == 0 || toks.get(i - 1).isPunct(";")) && (x.isWord("reset") || x.isWord("discard"));
                toDefault |= x.isWord("default");
            }
            // RESET, DISCARD ALL and SET ... TO DEFAULT restore the value the configuration gives now, which a reload
            // may have changed since login.
            if (reset || names && toDefault) {
                return true;
            }
            if (names) {
                for (SqlStatement st : classify(sql)) {
                    if (st.kind() == SqlKind.UNKNOWN) {
                        return true;
                    }
                }
            }
            return false;
        } catch (RuntimeException | StackOverflowError e) {
            return true;
        }
    }

    /** SET NAMES, SET SESSION NAMES, SET LOCAL NAMES. */
    private static boolean afterSet(List<Token> toks, int i) {
        int k = i - 1;
        if (k >= 0 && (toks.get(k).isWord("session") || toks.get(k).isWord("local"))) {
            k--;
        }
        return k >= 0 && toks.get(k).isWord("set");
    }

    private static final java.util.Set<String> LEXING = java.util.Set.of("standard_conforming_strings", "client_encoding",
            "pg_settings", "set_config");

    /**
     * The statements {@code sql} prepares with SQL {@code PREPARE name [(types)] AS statement}: name (as the server
     * keeps it) to the prepared statement's text. The protocol's Bind runs them by name as it runs its own Parse's.
     */
    public static java.util.Map<String, String> prepared(String sql) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        if (!mentions(sql, "prepare")) {
            return out;  // what nearly every message is: nothing to split into statements for
        }
        eachStatement(sql, (t, end) -> {
            int as = t.punct(2, "(") ? t.close(2) + 1 : 2;
            if (t.word(0, "prepare") && t.isName(1) && t.word(as, "as") && as + 1 < t.size()) {
                out.put(t.get(1).value(), sql.substring(t.get(as + 1).start(), end).strip());
            }
        });
        return out;
    }

    /**
     * Whether a statement of {@code sql} ends a transaction or moves its checks forward, running the deferred work of
     * the statements before it: COMMIT, END, PREPARE TRANSACTION, SET CONSTRAINTS. Deferred constraint triggers and
     * deferrable foreign keys then report on rows those statements wrote. True when the text cannot be read.
     */
    public static boolean runsDeferredWork(String sql) {
        if (sql == null || sql.isEmpty()) return false;
        try {
            List<Token> toks = Lexer.lex(sql);
            boolean first = true;
            for (int i = 0; i < toks.size(); i++) {
                Token t = toks.get(i);
                if (t.type() == Token.Type.ERROR) return true;
                if (first && (t.isWord("end") || t.isWord("commit") && !(i + 1 < toks.size() && toks.get(i + 1).isWord("prepared"))
                        || (t.isWord("prepare") && i + 1 < toks.size() && toks.get(i + 1).isWord("transaction"))
                        || (t.isWord("set") && i + 1 < toks.size() && toks.get(i + 1).isWord("constraints")))) {
                    return true;
                }
                first = t.isPunct(";");
            }
            return false;
        } catch (RuntimeException | StackOverflowError e) {
            return true;
        }
    }

    /**
     * The names {@code sql} gives SQL cursors ({@code DECLARE name ...}) and prepared statements ({@code PREPARE name
     * ...}), as the server keeps them: {@code "K"} and {@code k} are two names. Only a statement's first word defines
     * one ({@code SELECT 'prepare k'} does not). Null when the text does not lex: then hoop cannot tell what it defines.
     */
    public static List<String> cursorsAndPreparedDefined(String sql) {
        List<String> out = new ArrayList<>();
        if (sql == null || sql.isEmpty()) return out;
        try {
            List<Token> toks = Lexer.lex(sql);
            boolean first = true;
            for (int i = 0; i < toks.size(); i++) {
                Token t = toks.get(i);
                if (t.type() == Token.Type.ERROR) return null;
                if (first && (t.isWord("declare") || t.isWord("prepare")) && i + 1 < toks.size() && toks.get(i + 1).isName()) {
                    out.add(toks.get(i + 1).value());
                }
                first = t.isPunct(";");
            }
            return out;
        } catch (RuntimeException | StackOverflowError e) {
            return null;
        }
    }

    /**
     * The prepared statements {@code sql} runs with SQL {@code EXECUTE name [(args)]}, by name as the server keeps
     * it: an adapter judges each EXECUTE as the statement it saw prepared under that name too. Wherever it stands,
     * since EXPLAIN ANALYZE and CREATE TABLE ... AS run one too; a name after EXECUTE elsewhere (GRANT EXECUTE ON)
     * only adds a statement to judge.
     */
    public static List<String> executed(String sql) {
        return executions(sql).stream().map(Execution::name).toList();
    }

    /** An SQL EXECUTE: the prepared statement's name as the server keeps it, and the text of each argument it passes. */
    public record Execution(String name, List<String> args) {
    }

    /** As {@link #executed}, with each EXECUTE's arguments: {@code EXECUTE p('%', 2 + 3)} passes {@code '%'} and {@code 2 + 3}. */
    public static List<Execution> executions(String sql) {
        List<Execution> out = new ArrayList<>();
        eachStatement(sql, (t, end) -> {
            for (int i = 0; i + 1 < t.size(); i++) {
                if (!t.word(i, "execute") || !t.isName(i + 1)) continue;
                List<String> args = new ArrayList<>();
                if (t.punct(i + 2, "(") && t.close(i + 2) < t.size()) {
                    int close = t.close(i + 2);
                    int from = i + 3;
                    for (int k = from; k <= close; k++) {
                        if (k == close || t.punct(k, ",")) {
                            if (k > from) args.add(sql.substring(t.get(from).start(), t.get(k - 1).end()));
                            from = k + 1;
                        } else if (t.punct(k, "(") || t.punct(k, "[")) {
                            k = Math.min(t.close(k), close - 1);
                        }
                    }
                }
                out.add(new Execution(t.get(i + 1).value(), args));
            }
        });
        return out;
    }

    /** Whether the text names a parameter ($n) outside its strings and comments. */
    public static boolean takesParams(String text) {
        if (text == null || text.indexOf('$') < 0) return false;
        try {
            for (Token t : Lexer.lex(text)) {
                if (t.type() == Token.Type.PARAM) return true;
            }
            return false;
        } catch (RuntimeException | StackOverflowError e) {
            return false;
        }
    }

    /**
     * {@code text} with each parameter {@code $n} that {@code values} gives (non-null, n counted from 1) replaced by
     * that expression (in brackets unless it is one token): what the statement does with those values, for judging it again with them known
     * ({@code DELETE FROM t WHERE name LIKE $1} bound to {@code '%'} deletes every named row). Null when the text does
     * not lex or names none of those parameters.
     */
    public static String withParams(String text, List<String> values) {
        if (text == null || values.isEmpty() || text.indexOf('$') < 0) return null;
        try {
            StringBuilder out = null;
            int at = 0;
            for (Token t : Lexer.lex(text)) {
                if (t.type() == Token.Type.ERROR) return null;
                if (t.type() != Token.Type.PARAM) continue;
                int n;
                try {
                    n = Integer.parseInt(t.value().substring(1));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (n < 1 || n > values.size() || values.get(n - 1) == null) continue;
                if (out == null) out = new StringBuilder(text.length() + 16);
                String v = values.get(n - 1);
                // A value of one token (a literal, as a Bind's are) stands alone, as written in the text it would be;
                // an expression keeps its precedence in brackets.
                boolean alone = Lexer.lex(v).size() == 1;
                out.append(text, at, t.start()).append(alone ? "" : "(").append(v).append(alone ? "" : ")");
                at = t.end();
            }
            return out == null ? null : out.append(text, at, text.length()).toString();
        } catch (RuntimeException | StackOverflowError e) {
            return null;
        }
    }

    /**
     * The prepared statements {@code sql} removes: names of {@code DEALLOCATE [PREPARE] name}, and "*" for
     * {@code DEALLOCATE ALL} and {@code DISCARD ALL}.
     */
    public static List<String> deallocated(String sql) {
        List<String> out = new ArrayList<>();
        eachStatement(sql, (t, end) -> {
            int i = t.word(1, "prepare") ? 2 : 1;
            if (t.word(0, "deallocate") && t.word(i, "all") || t.word(0, "discard") && t.word(1, "all")) out.add("*");
            else if (t.word(0, "deallocate") && t.isName(i)) out.add(t.get(i).value());
        });
        return out;
    }

    /** Whether {@code sql} has the unquoted keyword {@code word} anywhere; true when it cannot be read. */
    private static boolean mentions(String sql, String word) {
        if (sql == null || sql.isEmpty()) return false;
        try {
            for (Token t : Lexer.lex(sql)) {
                if (t.isWord(word) || t.type() == Token.Type.ERROR) return true;
            }
            return false;
        } catch (RuntimeException | StackOverflowError e) {
            return true;
        }
    }

    /**
     * Runs {@code each} on every statement of {@code sql} up to the first text that does not lex, with where its text
     * ends (its ';', or the end of the text).
     */
    private static void eachStatement(String sql, java.util.function.ObjIntConsumer<Toks> each) {
        if (sql == null || sql.isEmpty()) return;
        try {
            List<Token> toks = Lexer.lex(sql);
            int first = 0;
            for (int i = 0; i <= toks.size(); i++) {
                if (i < toks.size() && toks.get(i).type() == Token.Type.ERROR) return;
                if (i == toks.size() || toks.get(i).isPunct(";")) {
                    if (i > first) each.accept(new Toks(toks.subList(first, i)), i < toks.size() ? toks.get(i).start() : sql.length());
                    first = i + 1;
                }
            }
        } catch (RuntimeException | StackOverflowError e) {
            // the statements read so far stand
        }
    }

    /**
     * The names a statement uses (identifiers, quoted or not; keywords too), its string literals and comments
     * left out. Text that does not lex yields the names before the fault: fewer, never a literal's words.
     */
    public static List<String> names(String sql) {
        List<String> out = new ArrayList<>();
        try {
            for (Token t : Lexer.lex(sql)) {
                if (t.type() == Token.Type.ERROR) {
                    break;
                }
                if (t.isName()) {
                    out.add(t.value());
                }
            }
        } catch (RuntimeException | StackOverflowError e) {
            // what was read so far stands
        }
        return out;
    }

    /**
     * The routine names (lower case, schema left off) that the CREATE FUNCTION / PROCEDURE / AGGREGATE and ALTER
     * ... RENAME TO statements of {@code sql} define: an adapter adds them to the upstream's stored routines it
     * read before they existed.
     */
    public static List<String> routinesDefined(String sql) {
        return routinesDefined(sql, java.util.Set.of());
    }

    /**
     * As {@link #routinesDefined(String)}, plus what the statements bind to the stored {@code routines}: operators,
     * and views, domains, cast types and tables with row policies that run one ({@link Bindings}).
     */
    public static List<String> routinesDefined(String sql, java.util.Set<String> routines) {
        List<String> out = new ArrayList<>();
        List<Token> statement = new ArrayList<>();
        try {
            for (Token t : Lexer.lex(sql)) {
                if (t.type() == Token.Type.ERROR) {
                    break;
                }
                if (t.isPunct(";")) {
                    defined(statement, out, routines);
                    statement.clear();
                } else {
                    statement.add(t);
                }
            }
            defined(statement, out, routines);
        } catch (RuntimeException | StackOverflowError e) {
            // the names found so far stand
        }
        return out;
    }

    private static void defined(List<Token> s, List<String> out, java.util.Set<String> routines) {
        // Only CREATE and ALTER define or bind anything (every branch below and in Bindings/Effects starts there):
        // the other statements, most of what a client sends, are not scanned for routine names twice more.
        if (s.isEmpty() || !s.get(0).isWord("create") && !s.get(0).isWord("alter")) {
            return;
        }
        Toks t = new Toks(s, routines);
        if (t.word(0, "create") && t.word(1, "schema")) {
            // Its views, triggers and tables make what they would alone.
            for (int[] e : Ddl.schemaElements(t, 1, t.size())) {
                defined(s.subList(e[0], e[1]), out, routines);
            }
            return;
        }
        Bindings.named(t, out);
        Effects.defined(t, out);
        Columns.defined(t, out);
        if (t.word(0, "create")) {
            int i = t.word(1, "or") && t.word(2, "replace") ? 3 : 1;
            while (t.anyWord(i, "temp", "temporary", "recursive")) {
                i++;
            }
            if (t.word(i, "view") && Guards.viewSecurity(t, i, t.size())) {
                // Its security options, which a later CREATE OR REPLACE without them clears.
                out.add(hoop.core.Command.guardedView(Guards.viewName(t, i)));
            }
            if (t.word(i, "operator")) {
                // CREATE OPERATOR [schema.]op (FUNCTION = f, ...): using op calls f, with no brackets to see.
                int k = i + 1;
                while (t.isName(k) && t.punct(k + 1, ".")) {
                    k += 2;
                }
                if (t.get(k).type() == Token.Type.OP) {
                    out.add(t.get(k).value());
                    // FUNCTION = a built-in with effects: every use of the operator is that built-in's call.
                    for (int j = k + 1; j < t.size(); j++) {
                        String b = Functions.builtInBound(t, j);
                        if (b != null) out.add(hoop.core.Command.runsBuiltIn(t.get(k).value(), b));
                    }
                }
            } else if (t.anyWord(i, "function", "procedure", "aggregate")) {
                StringBuilder name = new StringBuilder();
                int end = t.name(i + 1, name);
                if (end > i + 1) {
                    String fn = Lexer.asciiLower(t.get(end - 1).value());
                    out.add(fn);
                    builtInsRun(t, i, end, fn, out);
                }
            }
        } else if (t.word(0, "alter") && t.anyWord(1, "view", "table") && Guards.viewSecurity(t, 1, t.size())) {
            int v = t.word(2, "if") && t.word(3, "exists") ? 3 : 1;
            out.add(hoop.core.Command.guardedView(Guards.viewName(t, v)));
        } else if (t.word(0, "alter") && t.anyWord(1, "function", "procedure", "routine", "aggregate")) {
            for (int k = 2; k < t.size(); k++) {
                if (t.word(k, "rename") && t.word(k + 1, "to") && t.isName(k + 2)) {
                    out.add(Lexer.asciiLower(t.get(k + 2).value()));
                }
            }
        }
    }

    /**
     * What the routine {@code fn} CREATE defines at {@code obj} runs of the built-ins with effects: a LANGUAGE internal
     * one's source naming one (AS 'pg_terminate_backend'), an aggregate's support function being one (SFUNC =
     * set_config). Its calls are then judged as the built-in's (Command.runsBuiltIn), as the catalog read pairs them.
     */
    private static void builtInsRun(Toks t, int obj, int from, String fn, List<String> out) {
        if (t.word(obj, "aggregate")) {
            for (int k = from; k < t.size(); k++) {
                String b = Functions.builtInBound(t, k);
                if (b != null) out.add(hoop.core.Command.runsBuiltIn(fn, b));
            }
            return;
        }
        if (!"internal".equals(Guards.language(t, from, t.size()))) {
            return;
        }
        for (int k = from; k + 1 < t.size(); k++) {
            if (t.isOpen(k)) {
                k = t.close(k);
            } else if (t.word(k, "as") && t.get(k + 1).type() == Token.Type.STRING) {
                String b = Functions.builtInOfSource(t.get(k + 1).value());
                if (b != null) out.add(hoop.core.Command.runsBuiltIn(fn, b));
            }
        }
    }

    /** The most dangerous kind among {@code s}; UNKNOWN for an empty list, since nothing was proven safe. */
    public static SqlKind strictest(List<SqlStatement> s) {
        SqlKind k = null;
        if (s != null) {
            for (SqlStatement st : s) {
                if (st != null) {
                    k = SqlKind.stricter(k, st.kind());
                }
            }
        }
        return k == null ? SqlKind.UNKNOWN : k;
    }

    private static List<SqlStatement> split(String sql, List<Token> toks, java.util.Set<String> routines) {
        List<SqlStatement> out = new ArrayList<>();
        Deque<String> open = new ArrayDeque<>();
        int first = 0;
        int textStart = 0;
        String error = null;
        int atomic = 0;
        boolean unseen = false;
        for (int i = 0; i < toks.size(); i++) {
            Token tk = toks.get(i);
            if (tk.type() == Token.Type.ERROR) {
                error = error == null ? tk.value() : error;
            } else if (tk.isPunct("(") || tk.isPunct("[")) {
                open.push(tk.value());
                if (open.size() > MAX_DEPTH && error == null) {
                    error = "brackets nested too deeply";
                }
            } else if (tk.isPunct(")") || tk.isPunct("]")) {
                String want = tk.isPunct(")") ? "(" : "[";
                if (open.isEmpty() || !open.peek().equals(want)) {
                    error = error == null ? "unbalanced '" + tk.value() + "'" : error;
                } else {
                    open.pop();
                }
            } else if (tk.type() == Token.Type.IDENT) {
                atomic = atomicDepth(toks, first, i, atomic, open.isEmpty());
            } else if (tk.isPunct(";")) {
                if (!open.isEmpty()) {
                    // Only CREATE RULE accepts ';' between parenthesised actions; elsewhere the server rejects it.
                    if (!head(toks, first, "rule") && error == null) {
                        error = "';' inside brackets";
                    }
                    continue;
                }
                if (atomic > 0) {
                    continue;
                }
                emit(out, sql, toks, first, i, textStart, tk.start(), error, routines, unseen);
                if (i + 1 < toks.size()) {
                    // What this statement leaves for the ones after it; a message's last ';' has none after it.
                    unseen |= ranUnseen(out, toks.subList(first, i));
                    // A routine the message defines is called by its later statements before any catalog knows it.
                    routines = withDefined(routines, toks.subList(first, i));
                    // A search_path the message sets reaches its later statements' unqualified names (SearchPath).
                    routines = SearchPath.with(routines, sql.substring(textStart, tk.start()));
                }
                first = i + 1;
                textStart = tk.end();
                error = null;
                atomic = 0;
            }
        }
        if (!open.isEmpty() && error == null) {
            error = "unclosed '" + open.peek() + "'";
        }
        emit(out, sql, toks, first, toks.size(), textStart, sql.length(), error, routines, unseen);
        return out;
    }

    /**
     * Whether a statement already split off is procedural: a DO block, CALL or stored routine call may define routines
     * (EXECUTE 'CREATE FUNCTION ...') that the statements after it in the same text call, and no catalog read can
     * come between them. Those statements are judged as calls then, but for transaction control (COMMIT).
     */
    private static boolean ranUnseen(List<SqlStatement> out, List<Token> statement) {
        Toks t = new Toks(statement);
        // A DO block in an untrusted language is judged as the program it may run, and defines what it likes too.
        if (out.isEmpty() || out.get(out.size() - 1).kind() != SqlKind.PROCEDURAL && !t.word(0, "do")) {
            return false;
        }
        // Defining a routine runs none of it.
        int i = t.word(1, "or") && t.word(2, "replace") ? 3 : 1;
        return !(t.anyWord(0, "create", "alter") && t.anyWord(i, "function", "procedure", "aggregate", "routine"));
    }

    private static java.util.Set<String> withDefined(java.util.Set<String> routines, List<Token> statement) {
        List<String> names = new ArrayList<>();
        defined(statement, names, routines);
        if (names.isEmpty()) {
            return routines;
        }
        java.util.Set<String> more = new java.util.HashSet<>(routines);
        more.addAll(names);
        return more;
    }

    /**
     * Tracks a SQL-standard function body (BEGIN ATOMIC ... END), whose inner ';' do not end
     * the CREATE FUNCTION. CASE ... END inside the body nests like the server's grammar does.
     * The body only starts outside brackets: "f(begin atomic)" is a parameter named begin of
     * type atomic, and must not swallow the statements that follow.
     */
    private static int atomicDepth(List<Token> toks, int first, int i, int depth, boolean topLevel) {
        Token tk = toks.get(i);
        if (topLevel && tk.isWord("begin") && i + 1 < toks.size() && toks.get(i + 1).isWord("atomic")
                && (head(toks, first, "function") || head(toks, first, "procedure"))) {
            return depth + 1;
        }
        if (depth > 0 && tk.isWord("case") && startsExpression(toks, first, i)) {
            return depth + 1;
        }
        if (depth > 0 && tk.isWord("end")) {
            return depth - 1;
        }
        return depth;
    }

    /**
     * Whether the CASE at i opens a CASE expression, whose END the body's END must not be taken for. CASE is also a
     * column label (SELECT 1 AS case, SELECT 1 case, x.case, xmlelement(name case)), which the server's grammar does
     * not count: counted, the body's own END would look like a CASE's, and the statements after it like the body
     * (BEGIN ATOMIC SELECT 1 case; END; DELETE FROM t; END ran the DELETE unjudged). So CASE counts only after what an
     * expression may follow: an operator, an opening bracket, a comma, or a keyword that takes an expression. Not
     * counting an expression's CASE ends the body early here: its statements are then judged as statements, more than
     * the server runs, never fewer.
     */
    private static boolean startsExpression(List<Token> toks, int first, int i) {
        if (i <= first) {
            return false;
        }
        Token p = toks.get(i - 1);
        if (p.type() == Token.Type.OP || p.isPunct("(") || p.isPunct("[") || p.isPunct(",")) {
            return true;
        }
        if (p.type() != Token.Type.IDENT || i - 2 >= first && (toks.get(i - 2).isPunct(".") || toks.get(i - 2).isWord("as"))) {
            return false;   // after a complete expression, or after a keyword that is itself a label (x.then, AS then)
        }
        if (EXPRESSION_AFTER.contains(p.value())) {
            return true;
        }
        // Unreserved keywords, which may be a column's name too, take an expression only after the word they follow.
        Token pp = i - 2 >= first ? toks.get(i - 2) : null;
        return pp != null && switch (p.value()) {
            case "by" -> pp.isWord("order") || pp.isWord("group") || pp.isWord("partition");
            case "return" -> pp.isWord("atomic") || pp.isPunct(";");
            case "zone" -> pp.isWord("time");
            case "first", "next" -> pp.isWord("fetch");
            default -> false;
        };
    }

    /** Reserved keywords after which an expression may start; being reserved, none names a column. */
    private static final java.util.Set<String> EXPRESSION_AFTER = java.util.Set.of("select", "distinct", "all", "where",
            "having", "when", "then", "else", "and", "or", "not", "on", "from", "for", "to", "like", "ilike", "overlaps",
            "symmetric", "asymmetric", "limit", "offset", "returning", "variadic", "default", "case", "in", "is");

    /** Whether the statement starting at {@code first} is CREATE [OR REPLACE] {@code object}. */
    private static boolean head(List<Token> toks, int first, String object) {
        int i = first;
        if (i >= toks.size() || !toks.get(i).isWord("create")) {
            return false;
        }
        i++;
        if (i + 1 < toks.size() && toks.get(i).isWord("or") && toks.get(i + 1).isWord("replace")) {
            i += 2;
        }
        return i < toks.size() && toks.get(i).isWord(object);
    }

    /**
     * Transaction control that cannot run stored code: opening a transaction or a savepoint, releasing one, rolling
     * back. COMMIT (END, PREPARE TRANSACTION) is not among them: it fires deferred triggers. A client leaving an
     * aborted transaction must not need a catalog read, which cannot succeed in it.
     */
    private static boolean runsNoCode(Toks t, Analysis a) {
        return a.kind() == SqlKind.TRANSACTION && t.anyWord(0, "begin", "start", "savepoint", "release", "rollback", "abort");
    }

    /**
     * A cast through a built-in with effects that the server applies with no type named (CatalogQuery.effectCasts): an
     * implicit one in any expression, an assignment one in any INSERT, UPDATE or MERGE (or code hoop does not see) giving
     * a column a value of its source type. Which expression has which type the text does not show, so every statement that
     * may convert a value is judged as the built-in's call: INSERT INTO objs SELECT name FROM customers ran lo_import on
     * each name through an assignment cast from text to oid. Only a superuser makes such a cast. A cast through a stored
     * routine so (listed with no built-in) makes those statements procedural, as naming the type does.
     */
    private static void unnamedCasts(Toks t, Analysis a, java.util.Set<String> routines) {
        if (routines.isEmpty() || a.kind() == null || runsNoCode(t, a)) {
            return;
        }
        java.util.List<String> builtIns = new java.util.ArrayList<>(hoop.core.Routines.paired(routines, hoop.core.Command.castsUnnamed('i', "")));
        SqlKind k = a.kind();
        if (k != SqlKind.READ && k != SqlKind.TRANSACTION && k != SqlKind.SESSION && k != SqlKind.COPY_OUT) {
            builtIns.addAll(hoop.core.Routines.paired(routines, hoop.core.Command.castsUnnamed('a', "")));
        }
        for (String b : builtIns) {
            if (b.isEmpty()) {
                a.raise(SqlKind.PROCEDURAL); // a cast through a stored routine (Command.castsUnnamed with no built-in)
            } else {
                Functions.aliased(b, "a cast to a column's type", a);
            }
        }
    }

    private static void emit(List<SqlStatement> out, String sql, List<Token> toks, int from, int to,
                             int textStart, int textEnd, String error, java.util.Set<String> routines, boolean afterUnseen) {
        if (from >= to) {
            return; // only whitespace/comments: nothing reaches the server
        }
        String text = sql.substring(textStart, textEnd).strip();
        Analysis a = new Analysis();
        if (error != null) {
            a.unknown(error);
        } else {
            try {
                Toks t = new Toks(toks.subList(from, to), routines);
                Statements.classify(t, 0, t.size(), a);
                if (t.isRoutine(hoop.core.Command.CALLS_ROUTINE) && !runsNoCode(t, a)) {
                    a.raise(SqlKind.PROCEDURAL);
                }
                Reach.apply(a, routines, t);
                unnamedCasts(t, a, routines);
                if (routines.contains(hoop.core.Command.SEARCH_PATH)) {
                    SearchPath.qualify(a, routines);
                }
            } catch (RuntimeException | StackOverflowError e) {
                a.unknown("internal classifier error: " + e.getClass().getSimpleName());
            }
        }
        if (afterUnseen && a.kind() != null && a.kind() != SqlKind.TRANSACTION) {
            a.raise(SqlKind.PROCEDURAL);
            SearchPath.anySchema(a);
        }
        out.add(a.build(text));
    }
}
