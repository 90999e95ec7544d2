package hoop.policy.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL a DO block runs, read from its PL/pgSQL body the way PL/pgSQL reads it, so that each statement is judged as
 * what it does: {@code DO $$ BEGIN DROP TABLE t; END $$} is a schema change whatever a policy says of procedural code.
 *
 * <p>statements: the SQL texts the body runs, each as the server would run it (an expression as {@code SELECT expr},
 * {@code PERFORM} as SELECT, PL/pgSQL's {@code INTO target} taken out, an {@code EXECUTE} of constant strings as the
 * text they spell). unjudged: why some of it cannot be judged (SQL built while it runs, another language, a body
 * hoop cannot read); the block is then unknown, which fails closed.
 */
public record DoBlock(List<String> statements, List<String> unjudged) {

    public DoBlock {
        statements = List.copyOf(statements);
        unjudged = List.copyOf(unjudged);
    }

    /** The block {@code statement} is, or empty when it is no DO statement. */
    public static Optional<DoBlock> of(String statement) {
        List<Token> outer = Lexer.lex(statement);
        if (outer.isEmpty() || !outer.get(0).isWord("do")) {
            return Optional.empty();
        }
        Toks t = new Toks(outer);
        String lang = Guards.language(t, 1, t.size());
        // DO [LANGUAGE name] code: the language may be a string too (LANGUAGE 'plpgsql'), which is not the code.
        Token body = null;
        for (int i = 1; i < t.size() && body == null; i++) {
            if (t.get(i).type() == Token.Type.STRING && !t.word(i - 1, "language")) {
                body = t.get(i);
            }
        }
        if (body == null) {
            return Optional.of(unjudged("a DO block without a body hoop can read"));
        }
        if (lang != null && !lang.equals("plpgsql")) {
            return Optional.of(unjudged("a DO block in LANGUAGE " + lang + ": hoop reads only PL/pgSQL, so it cannot judge what this code runs"));
        }
        Reader r = new Reader(body.value());
        try {
            r.read();
        } catch (RuntimeException | StackOverflowError e) {
            r.unjudged.add("a DO block's body hoop could not read");
        }
        return Optional.of(new DoBlock(r.statements(), r.unjudged));
    }

    /** A DO block may EXECUTE the text of another: deeper than this, the innermost is not read (its block is unknown). */
    public static final int MAX_NESTED = 8;

    /** The statements the DO blocks among {@code sql}'s statements run, nested blocks' too (to {@link #MAX_NESTED}). */
    public static List<String> statementsIn(String sql) {
        List<String> out = new ArrayList<>();
        collect(sql, out, 0);
        return out;
    }

    private static void collect(String sql, List<String> out, int depth) {
        // Most statements have no DO in them: the tokens (memoised for this text) tell without classifying it again.
        boolean any = false;
        for (Token k : Lexer.lex(sql)) {
            any |= k.isWord("do");
        }
        if (!any) {
            return;
        }
        for (SqlStatement s : SqlClassifier.classify(sql)) {
            if (depth < MAX_NESTED && (s.kind() == SqlKind.PROCEDURAL || s.kind() == SqlKind.COPY_PROGRAM)) {
                for (String inner : of(s.text()).map(DoBlock::statements).orElse(List.of())) {
                    out.add(inner);
                    collect(inner, out, depth + 1);
                }
            }
        }
    }

    private static DoBlock unjudged(String why) {
        return new DoBlock(List.of(), List.of(why));
    }

    /** Walks the body a ;-ended piece at a time, as PL/pgSQL's grammar reads it: control words first, then SQL. */
    private static final class Reader {
        private final String body;
        /** The body's SQL in order; compiled: PL/pgSQL's own, not the text of an EXECUTE, which sees no variable. */
        private record Run(String text, boolean compiled) {}

        private final List<Run> runs = new ArrayList<>();
        /** Names PL/pgSQL resolves as variables in the body's SQL: those declared, loops', and those every block has. */
        private final java.util.Set<String> variables = new java.util.HashSet<>(java.util.Set.of("found", "sqlstate", "sqlerrm"));
        private final java.util.Set<String> labels = new java.util.HashSet<>();
        private final List<String> unjudged = new ArrayList<>();
        private Toks t;
        /** Between DECLARE and BEGIN: a piece declares a variable (or cursor) and may compute its default. */
        private boolean declaring;

        Reader(String body) {
            this.body = body;
        }

        /** What the body runs, each statement with its variables as the parameters the server receives. */
        List<String> statements() {
            List<String> out = new ArrayList<>();
            for (Run r : runs) {
                out.add(r.compiled() ? BlockVariables.parameters(r.text(), variables, labels) : r.text());
            }
            return out;
        }

        void read() {
            List<Token> tokens = Lexer.lex(body);
            for (Token k : tokens) {
                if (k.type() == Token.Type.ERROR) {
                    unjudged.add("a DO block's body that does not lex: " + k.value());
                    return;
                }
            }
            t = new Toks(tokens);
            int start = options();
            for (int i = 0; i <= t.size(); i++) {
                if (i < t.size() && t.isOpen(i)) {
                    i = t.close(i);
                    if (i >= t.size()) {
                        unjudged.add("a DO block's body with unbalanced brackets");
                        return;
                    }
                } else if (i == t.size() || t.punct(i, ";")) {
                    piece(start, i);
                    start = i + 1;
                }
            }
        }

        /**
         * The compiler options a body may open with, before its block and with no semicolon after them: {@code
         * #variable_conflict use_column}, {@code #print_strict_params on}, {@code #option dump}. Returns where the
         * block starts.
         */
        private int options() {
            int i = 0;
            while (t.get(i).isOp("#")
                    && t.anyWord(i + 1, "variable_conflict", "print_strict_params", "option") && t.isName(i + 2)) {
                i += 3;
            }
            return i;
        }

        private void piece(int i, int to) {
            while (i < to) {
                Token k = t.get(i);
                if (k.isOp("<<")) {
                    i = label(i, to);
                    continue;
                }
                switch (t.w(i)) {
                    case "declare" -> {
                        declaring = true;
                        i++;
                    }
                    case "begin" -> {
                        declaring = false;
                        i++;
                    }
                    case "exception", "else", "loop" -> i++;
                    // END, END IF, END LOOP, END CASE, END label: nothing runs.
                    case "end" -> {
                        return;
                    }
                    case "if", "elsif", "elseif" -> i = expressionUntil(i + 1, to, "then");
                    case "while" -> i = expressionUntil(i + 1, to, "loop");
                    case "when" -> i = when(i + 1, to);
                    case "case" -> {
                        int when = t.findWord(i + 1, to, "when");
                        if (when < 0) {
                            unread("CASE without WHEN");
                            return;
                        }
                        expression(i + 1, when);
                        i = when;
                    }
                    case "for" -> i = forLoop(i + 1, to);
                    case "foreach" -> {
                        int loop = t.findWord(i + 1, to, "loop");
                        int array = loop < 0 ? -1 : t.findWord(i + 1, loop, "array");
                        declared(i + 1, array < 0 ? i + 2 : array);
                        if (array < 0) {
                            unread("FOREACH without ARRAY ... LOOP");
                            return;
                        }
                        expression(array + 1, loop);
                        i = loop + 1;
                    }
                    default -> {
                        if (declaring) {
                            declaration(i, to);
                        } else {
                            statement(i, to);
                        }
                        return;
                    }
                }
                if (i < 0) {
                    return;
                }
            }
        }

        /** {@code <<label>>}: returns the index after it. */
        private int label(int i, int to) {
            if (t.isName(i + 1)) {
                labels.add(t.get(i + 1).value());
            }
            int j = i + 1;
            while (j < to && !t.get(j).isOp(">>")) {
                j++;
            }
            return j + 1;
        }

        /** The expression from {@code from} to the word {@code end} (THEN, LOOP); returns the index after it, -1 when absent. */
        private int expressionUntil(int from, int to, String end) {
            int at = t.findWord(from, to, end);
            if (at < 0) {
                unread("no " + end.toUpperCase(java.util.Locale.ROOT) + " where PL/pgSQL needs one");
                return -1;
            }
            expression(from, at);
            return at + 1;
        }

        /**
         * WHEN of a CASE statement (an expression) or of an exception handler (condition names, SQLSTATE 'xxxxx', OR):
         * a list of names runs nothing, anything else is judged as the expression it would be.
         */
        private int when(int from, int to) {
            int then = t.findWord(from, to, "then");
            if (then < 0) {
                unread("WHEN without THEN");
                return -1;
            }
            boolean names = true;
            for (int k = from; k < then; k++) {
                Token x = t.get(k);
                names &= x.type() == Token.Type.IDENT || x.type() == Token.Type.STRING && t.word(k - 1, "sqlstate");
            }
            if (!names) {
                expression(from, then);
            }
            return then + 1;
        }

        /**
         * FOR target IN [REVERSE] lo..hi [BY step] LOOP, FOR target IN query LOOP, FOR target IN EXECUTE text [USING ...]
         * LOOP, FOR target IN cursor [(args)] LOOP. As PL/pgSQL decides: two dots make a range, a name a cursor.
         */
        private int forLoop(int from, int to) {
            int loop = t.findWord(from, to, "loop");
            int in = loop < 0 ? -1 : t.findWord(from, loop, "in");
            if (in < 0) {
                unread("FOR without IN ... LOOP");
                return -1;
            }
            declared(from, in);
            int i = in + 1;
            if (t.word(i, "execute")) {
                dynamic(i + 1, loop);
            } else if (dots(i, loop) >= 0) {
                int dots = dots(i, loop);
                int by = t.findWord(dots, loop, "by");
                int rangeFrom = t.word(i, "reverse") ? i + 1 : i;
                int hiTo = by < 0 ? loop : by;
                expression(rangeFrom, dots);
                Token next = t.get(dots + 1);
                if (next.type() == Token.Type.NUMBER) {
                    // "1..10" lexes as 1, ".", ".10": the upper bound is that number without its dot.
                    expressionText(body.substring(next.start() + 1, t.get(hiTo - 1).end()));
                } else {
                    expression(dots + 2, hiTo);
                }
                if (by >= 0) {
                    expression(by + 1, loop);
                }
            } else if (t.isName(i) && (i + 1 == loop || t.punct(i + 1, "(") && t.close(i + 1) + 1 == loop)) {
                if (i + 1 < loop) {
                    arguments(i + 2, loop - 1);
                }
            } else {
                sql(i, loop);
            }
            return loop + 1;
        }

        /** Where ".." starts between from and to at bracket depth 0, or -1. */
        private int dots(int from, int to) {
            for (int k = from; k < to; k++) {
                if (t.isOpen(k)) {
                    k = t.close(k);
                } else if (t.punct(k, ".") && t.get(k + 1).start() == t.get(k).end()
                        && (t.punct(k + 1, ".") || t.get(k + 1).type() == Token.Type.NUMBER && t.get(k + 1).value().startsWith("."))) {
                    return k;
                }
            }
            return -1;
        }

        /** name [CONSTANT] type [NOT NULL] [{DEFAULT | := | =} expr], name [[NO] SCROLL] CURSOR [(args)] {FOR | IS} query, name ALIAS FOR x. */
        private void declaration(int i, int to) {
            declared(i, i + 1);
            // CURSOR follows the name, or [NO] SCROLL after it; elsewhere it is a name (a loop's variable, say).
            int cursor = t.word(i + 1, "no") && t.word(i + 2, "scroll") ? i + 3 : t.word(i + 1, "scroll") ? i + 2 : i + 1;
            if (t.word(cursor, "cursor")) {
                int q = t.findWord(cursor, to, "for");
                if (q < 0) {
                    q = t.findWord(cursor, to, "is");
                }
                if (q < 0) {
                    unread("a cursor declared without its query");
                    return;
                }
                if (t.punct(cursor + 1, "(")) {
                    declared(cursor + 2, t.close(cursor + 1));
                }
                sql(q + 1, to);
                return;
            }
            for (int k = i; k < to; k++) {
                if (t.isOpen(k)) {
                    k = t.close(k);
                } else if (t.word(k, "default") || isAssign(k)) {
                    expression(k + 1, to);
                    return;
                }
            }
        }

        /**
         * The variables named from {@code from} to {@code to}: a declaration's, a loop's targets (FOR a, b IN),
         * a cursor's arguments (a int, b text) — each name that starts the list or follows a comma.
         */
        private void declared(int from, int to) {
            for (int k = from; k < to; k++) {
                if (t.isName(k) && (k == from || t.punct(k - 1, ","))) {
                    variables.add(t.get(k).value());
                }
            }
        }

        private boolean isAssign(int k) {
            Token x = t.get(k);
            return x.isOp(":=") || x.isOp("=");
        }

        private void statement(int i, int to) {
            // PL/pgSQL looks a statement's first word up as a variable before it looks for a keyword: a block may
            // declare close, exit, raise, open, get... (its unreserved keywords), and "close := expr" then assigns,
            // running expr, where read as CLOSE it would run nothing.
            int op = assignment(i, to);
            if (op >= 0) {
                assigned(i, op);
                expression(op + 1, to);
                return;
            }
            switch (t.w(i)) {
                case "null" -> {
                    if (i + 1 < to) {
                        sql(i, to);
                    }
                }
                case "perform" -> expression(i + 1, to);
                case "execute" -> dynamic(i + 1, to);
                case "return" -> {
                    if (t.word(i + 1, "query")) {
                        if (t.word(i + 2, "execute")) {
                            dynamic(i + 3, to);
                        } else {
                            sql(i + 2, to);
                        }
                    } else {
                        expression(t.word(i + 1, "next") ? i + 2 : i + 1, to);
                    }
                }
                case "raise" -> raise(i + 1, to);
                case "assert" -> expression(i + 1, to);
                case "exit", "continue" -> {
                    int when = t.findWord(i + 1, to, "when");
                    if (when >= 0) {
                        expression(when + 1, to);
                    }
                }
                case "get" -> {
                    // GET [CURRENT | STACKED] DIAGNOSTICS var = item, ...: reads status items, runs nothing.
                    if (t.findWord(i + 1, to, "diagnostics") < 0) {
                        sql(i, to);
                    }
                }
                case "open" -> open(i + 1, to);
                // A cursor's rows come from the query its declaration or OPEN gave, judged there; a count is an
                // expression, though, and one with a bracket may call anything.
                case "fetch", "move" -> fetch(i + 1, to);
                case "close" -> {
                }
                default -> sql(i, to);
            }
        }

        /** An assignment's target: its subscripts are expressions PL/pgSQL evaluates too ({@code a[f()] := 1}). */
        private void assigned(int from, int op) {
            for (int k = from; k < op; k++) {
                if (t.punct(k, "[")) {
                    expression(from, op);
                    return;
                }
            }
        }

        /**
         * OPEN cursor [[NO] SCROLL] FOR query, OPEN cursor [[NO] SCROLL] FOR EXECUTE text [USING ...], or OPEN cursor
         * [(args)] of a cursor declared with its query. The cursor is a variable, which its block's label may qualify
         * ({@code OPEN outer.c(f())}): its arguments run whatever precedes them.
         */
        private void open(int from, int to) {
            int f = t.findWord(from, to, "for");
            if (f >= 0 && t.word(f + 1, "execute")) {
                dynamic(f + 2, to);
                return;
            }
            if (f >= 0) {
                sql(f + 1, to);
                return;
            }
            int k = from;
            while (k < to && (t.isName(k) || t.punct(k, "."))) {
                k++;
            }
            if (k < to && t.punct(k, "(") && t.close(k) + 1 == to) {
                arguments(k + 1, t.close(k));
            } else if (k < to) {
                unread("OPEN with more than a cursor and its arguments");
            }
        }

        /** A bound cursor's arguments, each an expression, by position or named ({@code name := expr}, {@code name => expr}). */
        private void arguments(int from, int to) {
            int start = from;
            for (int k = from; k <= to; k++) {
                if (k < to && t.isOpen(k)) {
                    k = t.close(k);
                } else if (k == to || t.punct(k, ",")) {
                    boolean named = t.isName(start) && start + 1 < k && (t.get(start + 1).isOp(":=") || t.get(start + 1).isOp("=>"));
                    expression(named ? start + 2 : start, k);
                    start = k + 1;
                }
            }
        }

        /**
         * FETCH / MOVE [direction] [FROM | IN] cursor [INTO target]. A cursor's rows come from the query its
         * declaration or OPEN gave, judged there; a direction's count (ABSOLUTE n, RELATIVE n, FORWARD n, BACKWARD n,
         * or n alone) is an expression PL/pgSQL evaluates, before FROM or IN.
         */
        private void fetch(int from, int to) {
            int at = t.findWord(from, to, "from");
            int in = t.findWord(from, to, "in");
            int end = at < 0 || in >= 0 && in < at ? in : at;
            if (end < 0) {
                return;
            }
            int k = from;
            if (t.anyWord(k, "absolute", "relative", "forward", "backward")) {
                k++;
            }
            if (!(k + 1 == end && t.anyWord(k, "next", "prior", "first", "last", "all"))) {
                expression(k, end);
            }
        }

        /** target {:= | =} expr, target a name with fields or subscripts: the operator's index, or -1. */
        private int assignment(int i, int to) {
            if (!t.isName(i)) {
                return -1;
            }
            int k = i + 1;
            while (k < to) {
                if (t.punct(k, ".") && t.isName(k + 1)) {
                    k += 2;
                } else if (t.punct(k, "[")) {
                    k = t.close(k) + 1;
                } else {
                    break;
                }
            }
            return k < to && isAssign(k) ? k : -1;
        }

        /** RAISE [level] ['format' [, expr ...] | condition | SQLSTATE 'x'] [USING option = expr [, ...]]. */
        private void raise(int i, int to) {
            if (t.anyWord(i, "debug", "log", "info", "notice", "warning", "exception")) {
                i++;
            }
            int using = t.findWord(i, to, "using");
            int listEnd = using < 0 ? to : using;
            if (t.get(i).type() == Token.Type.STRING && t.punct(i + 1, ",")) {
                expression(i + 2, listEnd);
            }
            if (using >= 0) {
                int start = using + 1;
                for (int k = start; k <= to; k++) {
                    if (k < to && t.isOpen(k)) {
                        k = t.close(k);
                    } else if (k == to || t.punct(k, ",")) {
                        int eq = start;
                        while (eq < k && !isAssign(eq)) {
                            eq++;
                        }
                        expression(eq + 1, k);
                        start = k + 1;
                    }
                }
            }
        }

        /**
         * EXECUTE text [INTO target] [USING expr, ...]: a text of constant strings joined by || runs as what it spells;
         * any other text is SQL built while the block runs, which no judging before it can see.
         */
        private void dynamic(int from, int to) {
            int end = to;
            for (String w : new String[] {"into", "using"}) {
                int at = t.findWord(from, to, w);
                if (at >= 0 && at < end) {
                    end = at;
                }
            }
            int using = t.findWord(from, to, "using");
            if (using >= 0) {
                int into = t.findWord(using, to, "into");
                expression(using + 1, into < 0 ? to : into);
            }
            StringBuilder text = new StringBuilder();
            for (int k = from; k < end; k++) {
                Token x = t.get(k);
                if (x.type() == Token.Type.STRING && !textLiteral(x)) {
                    unjudged.add("a DO block's EXECUTE of a literal that is not text (" + shorten(from, end)
                            + "): the server converts it before it runs, N'a ' || 'b' as 'ab'; send the statement itself");
                    return;
                } else if (x.type() == Token.Type.STRING) {
                    text.append(x.value());
                } else if (!(x.isOp("||") || x.isPunct("(") || x.isPunct(")"))) {
                    unjudged.add("a DO block's EXECUTE runs SQL built while the block runs (" + shorten(from, end)
                            + "); hoop cannot judge it before it runs: send the statement itself");
                    return;
                }
            }
            if (text.isEmpty()) {
                unread("EXECUTE without a text");
                return;
            }
            runs.add(new Run(text.toString(), false));
        }

        /**
         * Whether a string token is a literal of unknown type, which || joins as written. N'...' is a bpchar, whose
         * trailing spaces a cast to text drops ({@code N'SET n = 5 - ' || '-1 WHERE id = 1'} runs "5 --1 WHERE...", a
         * comment where hoop would read a minus), and B'...' and X'...' are bit strings: none spells its own text.
         */
        private boolean textLiteral(Token x) {
            return "'$eEuU".indexOf(body.charAt(x.start())) >= 0;
        }

        private String shorten(int from, int to) {
            String s = from < to ? body.substring(t.get(from).start(), t.get(to - 1).end()) : "";
            return s.length() > 80 ? s.substring(0, 77) + "..." : s;
        }

        /**
         * A SQL statement of the body. PL/pgSQL takes {@code INTO [STRICT] target} out of it (SELECT ... INTO var,
         * RETURNING ... INTO var) before the server sees it: left in, SELECT INTO would read as creating a table. As
         * PL/pgSQL does, the first INTO at any depth is the target's (WITH d AS (UPDATE ... RETURNING 1 INTO v) ...
         * runs the UPDATE without it), unless INSERT or MERGE precedes it or the statement is IMPORT's.
         */
        private void sql(int from, int to) {
            if (from >= to) {
                return;
            }
            for (int k = from; k < to && !t.word(from, "import"); k++) {
                if (t.word(k, "into") && !t.anyWord(k - 1, "insert", "merge")) {
                    int after = k + 1;
                    if (t.word(after, "strict")) {
                        after++;
                    }
                    after = targets(after, to);
                    String before = body.substring(t.get(from).start(), t.get(k).start());
                    runs.add(new Run(after < to ? before + " " + body.substring(t.get(after).start(), t.get(to - 1).end()) : before, true));
                    return;
                }
            }
            runs.add(new Run(body.substring(t.get(from).start(), t.get(to - 1).end()), true));
        }

        /** The index after INTO's comma-separated list of targets (names with fields). */
        private int targets(int i, int to) {
            while (i < to && t.isName(i)) {
                i++;
                while (t.punct(i, ".") && t.isName(i + 1)) {
                    i += 2;
                }
                if (!t.punct(i, ",")) {
                    break;
                }
                i++;
            }
            return i;
        }

        /** An expression runs as {@code SELECT expr}, as PL/pgSQL evaluates it. */
        private void expression(int from, int to) {
            if (from < to) {
                expressionText(body.substring(t.get(from).start(), t.get(to - 1).end()));
            }
        }

        private void expressionText(String expr) {
            if (!expr.isBlank()) {
                runs.add(new Run("SELECT " + expr, true));
            }
        }

        private void unread(String why) {
            unjudged.add("a DO block's body hoop cannot read (" + why + ")");
        }
    }
}
