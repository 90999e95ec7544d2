package hoop.policy.sql;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The tokens of one statement with bracket matching precomputed. Out-of-range reads return
 * a sentinel, so the recursive analysers can look ahead freely without ever throwing.
 */
final class Toks {

    private static final Token EOF = new Token(Token.Type.PUNCT, "<end>", -1, -1);

    /** An array: the analysers read tokens by index millions of times, and a statement's tokens are a sub-list view. */
    private final Token[] list;
    private final int[] match;
    private final java.util.Set<String> routines;

    Toks(List<Token> list) {
        this(list, java.util.Set.of());
    }

    /**
     * Callers guarantee brackets are balanced (the splitter rejects statements where they are not).
     * routines: lower-case names of the upstream's stored routines (see {@link SqlClassifier#classify(String, java.util.Set)}).
     */
    Toks(List<Token> list, java.util.Set<String> routines) {
        this.list = list.toArray(new Token[0]);
        this.routines = routines;
        this.match = new int[this.list.length];
        Deque<Integer> open = new ArrayDeque<>();
        for (int i = 0; i < this.list.length; i++) {
            Token t = this.list[i];
            match[i] = -1;
            if (t.isPunct("(") || t.isPunct("[")) {
                open.push(i);
            } else if ((t.isPunct(")") || t.isPunct("]")) && !open.isEmpty()) {
                int o = open.pop();
                match[o] = i;
                match[i] = o;
            }
        }
    }

    int size() {
        return list.length;
    }

    /**
     * What was worked out about a part of this statement (a condition folded against one target, a subquery found to
     * return the target's rows or not), by a key naming the work and its bounds: each nested subquery is judged from
     * several places (a WHERE, an IN list, an EXISTS), and without this each level would judge the next again and again.
     */
    private final java.util.Map<Object, Object> memo = new java.util.HashMap<>();

    @SuppressWarnings("unchecked")
    <T> T memo(Object key, java.util.function.Supplier<T> work) {
        Object known = memo.get(key);
        if (known != null) {
            return (T) known;
        }
        T done = work.get();
        memo.put(key, done);
        return done;
    }

    /**
     * The WITH query called {@code name} in the statement: its content's bounds and its column list's bracket (-1
     * when none), or null.
     */
    int[] withQuery(String name) {
        // a statement's subqueries ask again and again: its text is walked once per name
        return memo(java.util.List.of("with-query", name), () -> java.util.Optional.ofNullable(findWithQuery(name))).orElse(null);
    }

    private int[] findWithQuery(String name) {
        for (int i = 1; i < size(); i++) {
            if (!(word(i - 1, "with") || word(i - 1, "recursive") || punct(i - 1, ",")) || !isName(i)
                    || !get(i).value().equals(name)) {
                continue;
            }
            int list = punct(i + 1, "(") ? i + 1 : -1;
            int k = list >= 0 ? close(list) + 1 : i + 1;
            if (!word(k, "as")) {
                continue;
            }
            k++;
            while (anyWord(k, "not", "materialized")) {
                k++;
            }
            if (punct(k, "(")) {
                return new int[] {k + 1, close(k), list};
            }
        }
        return null;
    }

    /** The built-ins with effects a call of {@code lowerName} runs under another name (Command.runsBuiltIn); often none. */
    List<String> builtInsRun(String lowerName) {
        return routines.isEmpty() ? List.of() : hoop.core.Routines.paired(routines, hoop.core.Command.runsBuiltIn(lowerName, ""));
    }

    /** The built-ins with effects a conversion to the type {@code lowerName} runs (Command.castsThrough); often none. */
    List<String> castsRun(String lowerName) {
        return routines.isEmpty() ? List.of() : hoop.core.Routines.paired(routines, hoop.core.Command.castsThrough(lowerName, ""));
    }

    /** Whether {@code lowerName} is one of the upstream's stored routines, whose bodies the text does not show. */
    boolean isRoutine(String lowerName) {
        return !routines.isEmpty() && routines.contains(lowerName);
    }

    /**
     * Whether the relation {@code name} (as written) has {@code column} (as stored), by the catalog's lists (keyed by
     * schema) and those of relations made through hoop (keyed as their DDL named them). An unqualified name is the
     * first of its schema's on the search_path, and which that is hoop knows only as every schema the connection's
     * path named: each such relation (and one made through hoop unqualified, a temporary one) may be the one meant,
     * so it surely has the column only where every one listed has it.
     */
    OuterNames.Has hasColumn(String name, String column) {
        List<String> candidates = candidates(name);
        boolean any = false;
        boolean all = true;
        boolean listed = false;
        boolean gone = false;
        for (String c : candidates) {
            gone |= routines.contains(Columns.gone(c, column));
            boolean has = routines.contains(hoop.core.Command.columnOf(c, column));
            // a relation is listed with its columns: one with none listed is not known to exist
            boolean exists = has || hoop.core.Routines.paired(routines, hoop.core.Command.columnOf(c, "")).stream()
                    .anyMatch(rest -> !rest.startsWith("\0-") && !rest.startsWith("\0~")); // not what DDL took away
            any |= has;
            all &= has || !exists;
            listed |= exists;
        }
        return any && all && !gone ? OuterNames.Has.YES : any || !listed || gone ? OuterNames.Has.MAYBE : OuterNames.Has.NO;
    }

    /** The relations the name {@code name} (as written) may be: see {@link #hasColumn}. */
    private List<String> candidates(String name) {
        String lower = Lexer.asciiLower(name);
        List<String> candidates = new java.util.ArrayList<>();
        candidates.add(Reach.bare(lower));
        if (lower.indexOf('.') >= 0) {
            candidates.add(lower);
        } else {
            List<String> path = hoop.core.Command.searchPathSchemas(routines);
            for (String schema : path.isEmpty() ? List.of("public") : path) {
                candidates.add(Lexer.asciiLower(schema) + "." + lower);
            }
            candidates.add("pg_catalog." + lower);
            candidates.add("pg_temp." + lower);
        }
        return candidates;
    }

    /**
     * Types whose values are not integers (by oid: numeric, float4, float8, money, text, varchar, bpchar, name, date,
     * time, timestamp, timestamptz, interval, timetz): the end of int4's range is no end of theirs.
     */
    private static final java.util.Set<String> NOT_INTEGERS = java.util.Set.of("1700", "700", "701", "790", "25", "1043",
            "1042", "19", "1082", "1083", "1114", "1184", "1186", "1266");

    /**
     * Whether the column {@code column} of the relation {@code name} (as written) is known to hold no integers: each
     * relation the name may be that has the column lists it with such a type (made through hoop, it lists none).
     */
    boolean notIntegers(String name, String column) {
        return typedAs(name, column, NOT_INTEGERS);
    }

    /** int2, int4, int8. */
    private static final java.util.Set<String> INTEGERS = java.util.Set.of("21", "23", "20");

    /** Whether the column is known to hold integers only: as {@link #notIntegers}, each listing int2, int4 or int8. */
    boolean integers(String name, String column) {
        return typedAs(name, column, INTEGERS);
    }

    /** Whether each relation the name may be that has the column lists it with a type of {@code types} (one at least). */
    private boolean typedAs(String name, String column, java.util.Set<String> types) {
        boolean typed = false;
        for (String c : candidates(name)) {
            if (routines.contains(Columns.retyped(c, column))) {
                return false;
            }
            if (!routines.contains(hoop.core.Command.columnOf(c, column))) {
                continue;
            }
            String head = column + "\0";
            boolean known = false;
            for (String rest : hoop.core.Routines.paired(routines, hoop.core.Command.columnOf(c, ""))) {
                known |= rest.startsWith(head) && types.contains(rest.substring(head.length()));
            }
            if (!known) {
                return false;
            }
            typed = true;
        }
        return typed;
    }

    /**
     * Whether operator token {@code op} may be a stored routine's operator. The server cuts a trailing + or - off
     * an operator ({@code 1 ===-2} is {@code ===} then {@code -2}), so every prefix counts.
     */
    boolean isRoutineOperator(String op) {
        if (routines.isEmpty()) {
            return false;
        }
        for (int n = op.length(); n > 0; n--) {
            if (routines.contains(op.substring(0, n))) {
                return true;
            }
        }
        return false;
    }

    /** The statement's WITH queries (see withQueries); built on first use. */
    private java.util.Map<String, List<String>> withQueries;

    /**
     * The relations (bare, lower case) whose rows a statement on {@code bareName} reads or writes: itself, and through
     * the catalog a view's base tables and a parent's children, or what a WITH query of that name reads, to any depth
     * (at most 1000).
     */
    java.util.Set<String> rowsOf(String bareName) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        out.add(bareName);
        if (withQueries == null) {
            // Reading the WITH queries asks for rows of relations in them too: those see the catalog's reach alone.
            withQueries = java.util.Map.of();
            withQueries = withQueries();
        }
        Deque<String> todo = new ArrayDeque<>(out);
        while (!todo.isEmpty() && out.size() < 1000) {
            String from = todo.poll();
            // The catalog's, then a WITH query's: whether a WITH query is bounded is judged with them (a view in its FROM).
            List<String> reached = new java.util.ArrayList<>(hoop.core.Routines.paired(routines, hoop.core.Command.reaches(from, "")));
            reached.addAll(withQueries.getOrDefault(from, List.of()));
            for (String to : reached) {
                if (out.add(to)) {
                    todo.add(to);
                }
            }
        }
        return out;
    }

    /**
     * The WITH queries of the statement, as views are: each name (lower case) to the names its query uses, among them
     * the relations it reads ({@code WITH x AS (TABLE t)}: x's rows are t's), taken as reading them whole unless it is
     * {@code SELECT ... FROM t WHERE c} with c restricting which rows.
     */
    private java.util.Map<String, List<String>> withQueries() {
        java.util.Map<String, List<String>> out = new java.util.HashMap<>();
        for (int i = 1; i < list.length; i++) {
            if (!(word(i - 1, "with") || word(i - 1, "recursive") || punct(i - 1, ",")) || !isName(i)) {
                continue;
            }
            int k = punct(i + 1, "(") ? close(i + 1) + 1 : i + 1;
            if (!word(k, "as")) {
                continue;
            }
            k++;
            if (word(k, "not")) {
                k++;
            }
            if (word(k, "materialized")) {
                k++;
            }
            if (!punct(k, "(")) {
                continue;
            }
            if (Upsert.boundedSelect(this, k + 1, close(k))) {
                continue;   // SELECT ... FROM t WHERE id = 5: some of t's rows, as an UPDATE's WHERE picks them
            }
            List<String> used = new java.util.ArrayList<>();
            for (int j = k + 1; j < close(k); j++) {
                if (isName(j)) {
                    used.add(Lexer.asciiLower(get(j).value()));
                }
            }
            out.computeIfAbsent(Lexer.asciiLower(get(i).value()), x -> new java.util.ArrayList<>()).addAll(used);
        }
        return out;
    }

    Token get(int i) {
        return i >= 0 && i < list.length ? list[i] : EOF;
    }

    /** The unquoted keyword at i, or "" — quoted identifiers are never keywords. */
    String w(int i) {
        Token t = get(i);
        return t.type() == Token.Type.IDENT ? t.value() : "";
    }

    boolean word(int i, String w) {
        return get(i).isWord(w);
    }

    boolean anyWord(int i, String... ws) {
        String v = w(i);
        for (String x : ws) {
            if (x.equals(v)) {
                return true;
            }
        }
        return false;
    }

    boolean punct(int i, String p) {
        return get(i).isPunct(p);
    }

    boolean isName(int i) {
        return get(i).isName();
    }

    boolean isOpen(int i) {
        return punct(i, "(") || punct(i, "[");
    }

    /** Index of the bracket closing the one at i; the end of the statement if unmatched. */
    int close(int i) {
        int m = i >= 0 && i < match.length ? match[i] : -1;
        return m > i ? m : list.length;
    }

    /** Index of the bracket opening the one closing at i; -1 if i closes none. */
    int opening(int i) {
        int m = i >= 0 && i < match.length ? match[i] : -1;
        return m < i ? m : -1;
    }

    /** The next index at bracket depth 0 relative to i that holds word w, or -1 before {@code to}. */
    int findWord(int i, int to, String w) {
        for (int k = i; k < to; k++) {
            if (isOpen(k)) {
                k = close(k);
            } else if (word(k, w)) {
                return k;
            }
        }
        return -1;
    }

    /**
     * Reads a possibly qualified name at i into {@code out}; returns the index after it, or i if none. Of
     * database.schema.name only schema.name is kept: the server accepts the current database's name there (any other
     * is an error), so app.billing.invoices is billing.invoices, which a policy's tables name.
     */
    int name(int i, StringBuilder out) {
        if (!isName(i)) {
            return i;
        }
        int start = out.length();
        out.append(get(i).value());
        int k = i + 1;
        int parts = 1;
        int firstDot = -1;
        while (punct(k, ".") && isName(k + 1)) {
            if (firstDot < 0) {
                firstDot = out.length();
            }
            out.append('.').append(get(k + 1).value());
            k += 2;
            parts++;
        }
        if (parts == 3) {
            out.delete(start, firstDot + 1);
        }
        return k;
    }

    /**
     * A relation's name at i, as {@link #name} reads it; after ONLY the grammar also takes it in parentheses
     * ({@code DELETE FROM ONLY (t)}, {@code SELECT * FROM ONLY (s.t)}). Returns the index after the name (and its
     * closing parenthesis), or i when there is none.
     */
    int relationName(int i, StringBuilder out) {
        if (i > 0 && word(i - 1, "only") && punct(i, "(")) {
            int start = out.length();
            int j = name(i + 1, out);
            if (j > i + 1 && punct(j, ")")) {
                return j + 1;
            }
            out.setLength(start);
            return i;
        }
        return name(i, out);
    }
}
