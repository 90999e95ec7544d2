package hoop.protocol.postgres;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which statement texts the responses now arriving answer: those forwarded up to the Sync (or simple Query)
 * that the next ReadyForQuery closes. A prepared statement's text is remembered from its Parse, so a
 * Describe or Execute of it long after still finds it; likewise an SQL cursor's query from its DECLARE and
 * an SQL prepared statement's from its PREPARE, added when a later FETCH, MOVE or EXECUTE names them. Used
 * only to tell whether a computed result column may derive from a column a rule masks, so
 * over-approximating (a whole pipeline window, any word that is a cursor's name) is safe.
 *
 * <p>Each window also keeps, in order, its Describes and whether hoop added them itself (before an Execute,
 * so the rows are masked under their own description, not an earlier statement's): the answers to hoop's
 * own are not the client's to see.
 */
final class StatementTexts {
    private static final int MAX_REMEMBERED = 10_000;  // prepared statements, portals and cursors a client may keep open

    private static final class Window {
        final List<String> texts = new ArrayList<>(2);
        final ArrayDeque<Described> describes = new ArrayDeque<>(2);
        /** Its texts before texts[judged] that may change what a later statement of the window reads (see scope). */
        final List<Integer> effects = new ArrayList<>(0);
        int judged;
        /** A statement or portal was used whose query hoop never saw (prepared or opened by a DO block or a function). */
        boolean unseen;
        /** SQL cursors and prepared statements its texts DECLARE or PREPARE (name, text): known once it ran without error. */
        final List<String[]> defines = new ArrayList<>(0);
        /**
         * Its texts (by identity: a statement bound and executed many times is one String) with the texts of the SQL
         * names each uses, read once per window.
         */
        final java.util.IdentityHashMap<String, List<String>> uses = new java.util.IdentityHashMap<>(2);
        /** One of its texts mentions DECLARE or PREPARE but does not lex: hoop cannot tell which names it redefined. */
        boolean definesUnknown;
        boolean failed;
    }

    /** The text of a statement or portal whose query hoop never saw: its rows may hold anything. */
    private static final String UNSEEN = new String("unseen");

    private final boolean named;
    private final hoop.guard.GuardedConnection grammar;
    private final Map<String, String> statements = new HashMap<>();
    private final Map<String, String> portals = new HashMap<>();
    /**
     * SQL-level cursors (DECLARE) and prepared statements (PREPARE): the name as the server keeps it to the declaring
     * text, grouped under the name in lower case. {@code "K"} and {@code k} are two cursors: each keeps its own text,
     * and a word naming either in any case brings both (more masked, never less).
     */
    private final Map<String, Map<String, String>> sqlNamed = new HashMap<>();
    private int sqlNamedCount;
    private final ArrayDeque<Window> closed = new ArrayDeque<>();
    private Window open = new Window();

    /**
     * named: whether the connection has column rules; without, only the texts of Query and Parse messages and the
     * Describes are kept (no prepared statement, portal or cursor is remembered).
     */
    StatementTexts(boolean named, hoop.guard.GuardedConnection grammar, java.util.function.Predicate<String> runsCode) {
        this.named = named;
        this.grammar = grammar;
        this.runsCode = runsCode;
    }

    /**
     * Whether running a text may run code hoop does not see (a DO block, a CALL, a stored routine, a trigger's): it
     * can close, open or prepare SQL cursors and statements under any name, a name hoop knows included.
     */
    private final java.util.function.Predicate<String> runsCode;

    void forwarded(PgFrontendMessage m) {
        switch (m) {
            case PgFrontendMessage.Query q -> {
                addSql(q.sql(), true);
                close();
                if (named) changes.add(BOUNDARY);
            }
            case PgFrontendMessage.Parse p -> {
                if (named && (statements.size() < MAX_REMEMBERED || statements.containsKey(p.name()))) change('P', statements, p.name(), p.sql());
                addSql(p.sql(), false);
            }
            case PgFrontendMessage.Bind b -> {
                String text = statements.containsKey(b.statement()) ? statements.get(b.statement()) : sqlLevel(b.statement());
                if (named && (portals.size() < MAX_REMEMBERED || portals.containsKey(b.portal()))) change('B', portals, b.portal(), text);
                use(text, false);
            }
            case PgFrontendMessage.Describe d -> {
                var names = d.kind() == 'S' ? statements : portals;
                String text = names.containsKey(d.name()) ? names.get(d.name()) : sqlLevel(d.name());
                use(text, false);
                open.describes.add(described(text, false));
            }
            case PgFrontendMessage.Execute e -> {
                use(portals.containsKey(e.portal()) ? portals.get(e.portal()) : sqlLevel(e.portal()), true);
            }
            case PgFrontendMessage.Close c -> {
                if (named) change('C', c.kind() == 'S' ? statements : portals, c.name(), null);
            }
            case PgFrontendMessage.Sync s -> {
                close();
                if (named) changes.add(BOUNDARY);
            }
            default -> { }
        }
    }

    /**
     * A Parse, Bind or Close the server has not answered yet, and how to undo it: after an error the server skips
     * every message up to the Sync, so the statement or portal it named keeps what it held before (Close s1, Parse
     * s1 as another query, both skipped: s1 still runs the first query).
     */
    private record Change(char kind, Map<String, String> names, String name, String before, boolean had) {
        void undo() {
            if (had) names.put(name, before);
            else names.remove(name);
        }
    }

    /** A Sync or a Query: what an error skips ends there. */
    private static final Change BOUNDARY = new Change('S', Map.of(), "", null, false);
    private final ArrayDeque<Change> changes = new ArrayDeque<>();

    private void change(char kind, Map<String, String> names, String name, String text) {
        changes.add(new Change(kind, names, name, names.get(name), names.containsKey(name)));
        if (text == null) names.remove(name);
        else names.put(name, text);
    }

    /** ParseComplete ('P'), BindComplete ('B') or CloseComplete ('C'): the oldest such message unanswered took effect. */
    void confirmed(char kind) {
        if (!changes.isEmpty() && changes.peek().kind() == kind) changes.poll();
    }

    /** The messages after a failed one are skipped up to the Sync: their changes are undone, latest first. */
    private void undoUntilBoundary() {
        java.util.List<Change> skipped = new ArrayList<>();
        while (!changes.isEmpty() && changes.peek() != BOUNDARY) skipped.add(changes.poll());
        for (int i = skipped.size() - 1; i >= 0; i--) skipped.get(i).undo();
    }

    /** hoop describes a portal before executing it: the answer (RowDescription or NoData) is hoop's only. */
    void describedByHoop(String portal) {
        String text = portals.containsKey(portal) ? portals.get(portal) : sqlLevel(portal);
        use(text, false);
        open.describes.add(described(text, true));
    }

    /**
     * One Describe of a window, answered by one RowDescription or NoData: whether hoop added it, and what its answer is
     * judged by (scope). Without column rules nothing is judged by texts and the window stands for all.
     */
    final class Described {
        final boolean hoops;
        private final Window window;
        /** The window's texts when it was sent: any later one runs after the statement it describes. */
        private final int before;
        /** Its statement's or portal's text and the texts of the SQL names that one uses; null when not known. */
        private final List<String> own;
        private final boolean unseen;

        private Described(boolean hoops, Window window, int before, List<String> own, boolean unseen) {
            this.hoops = hoops;
            this.window = window;
            this.before = before;
            this.own = own;
            this.unseen = unseen;
        }

        /**
         * The texts its answer may come from: its own, and each earlier text of the window that may change what it
         * reads (anything but a plain read: DDL, a write, SET, DECLARE, DO or CALL, a read calling a routine, a text
         * the classifier cannot read). A pipeline's other reads cannot: a count(*) beside SELECT email is not
         * judged by email. Worked out only when a RowDescription asks (a NoData needs no texts).
         */
        List<String> scope() {
            if (own == null) return window.texts;
            while (window.judged < before) {
                int at = window.judged++;
                String t = window.texts.get(at);
                if (t == UNSEEN || !grammar.plainRead(t) || runsCode.test(t)) window.effects.add(at);
            }
            List<String> out = new ArrayList<>(own);
            for (int at : window.effects) {
                if (at >= before) break;
                String t = window.texts.get(at);
                if (!containsSame(out, t)) out.add(t);
            }
            return out;
        }

        /** Whether a statement or portal hoop never saw the query of was used by the time it was sent. */
        boolean unseen() {
            return own == null ? window.unseen : unseen;
        }
    }

    private static boolean containsSame(List<String> texts, String t) {
        for (String o : texts) if (o == t) return true;
        return false;
    }

    private Described described(String text, boolean hoops) {
        List<String> own = null;
        if (named && text != null && text != UNSEEN && open.uses.get(text) instanceof List<String> used) {
            own = new ArrayList<>(1 + used.size());
            own.add(text);
            own.addAll(used);
        } else if (named && text == UNSEEN) {
            own = List.of();
        }
        return new Described(hoops, open, open.texts.size(), own, open.unseen);
    }

    /** A RowDescription or NoData arrived: the Describe it answers, or null (a simple Query's answers, window-wide). */
    Described answering() {
        return currentWindow().describes.poll();
    }

    /** An error: the upstream skips the rest of the window up to its Sync, Describes included. */
    void failed() {
        currentWindow().describes.clear();
        currentWindow().failed = true;
        undoUntilBoundary();
    }

    /** The texts the current responses may answer. */
    List<String> current() {
        return currentWindow().texts;
    }

    private Window currentWindow() {
        Window head = closed.peek();
        return head != null ? head : open;
    }

    /** ReadyForQuery: the oldest window is answered. */
    void synced() {
        Window done = closed.poll();
        undoUntilBoundary();
        changes.poll();
        if (done == null) return;
        // A DECLARE or PREPARE over a name in use fails (cursor "c" already exists) and leaves the name running its
        // first query: only a window that ran without error defines names; after an error hoop does not know which
        // of its statements ran, so the names they define are forgotten (a FETCH or EXECUTE of one is then unseen).
        for (String[] d : done.defines) {
            if (done.failed) forget(d[0]);
            else remember(d[0], d[1]);
        }
        // Names it may have redefined are unknown: every FETCH or EXECUTE from now on is of an unseen query.
        if (done.definesUnknown) {
            sqlNamed.clear();
            sqlNamedCount = 0;
        }
    }

    private static String group(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private void remember(String name, String text) {
        Map<String, String> g = sqlNamed.get(group(name));
        boolean known = g != null && g.containsKey(name);
        if (!known && sqlNamedCount >= MAX_REMEMBERED) return;   // a FETCH of it is then of an unseen query
        if (g == null) sqlNamed.put(group(name), g = new HashMap<>(2));
        if (g.put(name, text) == null) sqlNamedCount++;
    }

    private void forget(String name) {
        Map<String, String> g = sqlNamed.get(group(name));
        if (g != null && g.remove(name) != null) {
            sqlNamedCount--;
            if (g.isEmpty()) sqlNamed.remove(group(name));
        }
    }

    private String exactly(String name) {
        Map<String, String> g = sqlNamed.get(group(name));
        return g == null ? null : g.get(name);
    }

    /**
     * The text of a statement or portal a protocol message uses, with those of the SQL names it uses in turn: a
     * portal's FETCH 2 FROM k, executed again after PortalSuspended, answers k's rows as its Query would.
     * runs: an Execute, which runs what the text declares, prepares or calls.
     */
    private void use(String text, boolean runs) {
        if (text == UNSEEN) open.unseen = true;
        else if (text != null && named) addSql(text, runs);
    }

    /**
     * A statement or portal the client did not Parse or Bind: one SQL made, which shares their names (PREPARE p,
     * DECLARE c), known by its text when hoop saw that, else one a DO block or a function made from strings.
     */
    private String sqlLevel(String name) {
        if (!named) return null;   // nothing is remembered, and nothing asks
        // The protocol's names are exact: a Bind of "K" runs PREPARE "K"'s statement, never p's.
        String text = exactly(name);
        return text != null ? text : UNSEEN;
    }

    /** Whether the statements now answered use a statement or portal whose query hoop never saw. */
    boolean unseen() {
        return currentWindow().unseen;
    }

    /**
     * A statement's text, and the texts of the SQL cursors and prepared statements it names (FETCH c,
     * EXECUTE p); when it runs (a Query, an Execute; not a Parse, which only prepares it) a DECLARE or PREPARE in it
     * is remembered under its name as the server keeps it.
     */
    private void addSql(String sql, boolean runs) {
        if (!named) {
            open.texts.add(sql);   // kept without column rules too: a CREATE FUNCTION's answer needs its text
            return;
        }
        List<String> used = open.uses.get(sql);
        if (used == null) {
            open.texts.add(sql);
            used = new ArrayList<>(0);
            // SQL reaches the protocol's portals and statements by name too (FETCH k of a portal a Bind made, EXECUTE s1).
            boolean protocolNames = (!portals.isEmpty() || !statements.isEmpty()) && (StatementWords.mentions(sql, "fetch")
                    || StatementWords.mentions(sql, "move") || StatementWords.mentions(sql, "execute"));
            if (!sqlNamed.isEmpty() || pendingDefines() || protocolNames) {
                // Any word naming one, in any case (FETCH "K" and FETCH k are two cursors: both texts come), and each
                // name as the server reads it (cut to 63 bytes).
                java.util.Set<String> words = new java.util.HashSet<>(StatementWords.words(sql));
                words.addAll(grammar.sqlNames(sql));
                for (String w : words) {
                    for (String earlier : definedAs(w, false)) if (earlier != sql) used.add(earlier);
                    if (protocolNames && !w.isEmpty()) {
                        for (String p : new String[] {portals.get(w), statements.get(w)}) {
                            if (p == UNSEEN) open.unseen = true;
                            else if (p != null && p != sql) used.add(p);
                        }
                    }
                }
                open.texts.addAll(used);
            }
            open.uses.put(sql, used);
        }
        if (!runs) return;
        for (String earlier : used) mayRedefine(earlier);   // EXECUTE p runs p's text
        mayRedefine(sql);
        if (StatementWords.mentions(sql, "declare") || StatementWords.mentions(sql, "prepare")) {
            List<String> defined = grammar.sqlCursorsAndPreparedDefined(sql);
            if (defined == null) open.definesUnknown = true;
            else for (String name : defined) open.defines.add(new String[] {name, sql});
            // A text read before in this window may use a name defined only now: it is read again at its next use.
            if (defined == null || !defined.isEmpty()) open.uses.clear();
        }
    }

    /**
     * Code hoop does not see that a text runs may have closed a cursor or deallocated a statement hoop knows and made
     * another under its name (a DO block opening refcursor 'k' after CLOSE k, a function's OPEN, EXECUTE 'PREPARE
     * p ...'): no name is known from then on, and a FETCH or EXECUTE is of an unseen query. Asked only while names are
     * known, so connections using no SQL cursors pay nothing.
     */
    private void mayRedefine(String text) {
        if (!named || open.definesUnknown || sqlNamed.isEmpty() && !pendingDefines()) return;
        if (text == UNSEEN || text != null && runsCode.test(text)) open.definesUnknown = true;
    }

    /**
     * The texts that may define an SQL cursor or prepared statement of this name: the one that did, and those of
     * windows not answered yet, which may. exact: the name as the server keeps it; else any name equal to it in any case.
     */
    private List<String> definedAs(String name, boolean exact) {
        List<String> out = new ArrayList<>(1);
        Map<String, String> g = sqlNamed.get(group(name));
        if (g != null) {
            if (!exact) out.addAll(g.values());
            else if (g.get(name) != null) out.add(g.get(name));
        }
        for (Window w : closed) addDefines(w, name, exact, out);
        addDefines(open, name, exact, out);
        return out;
    }

    private static void addDefines(Window w, String name, boolean exact, List<String> out) {
        for (String[] d : w.defines) if (exact ? d[0].equals(name) : d[0].equalsIgnoreCase(name)) out.add(d[1]);
    }

    private boolean pendingDefines() {
        if (!open.defines.isEmpty() || open.definesUnknown) return true;
        for (Window w : closed) if (!w.defines.isEmpty() || w.definesUnknown) return true;
        return false;
    }

    /**
     * Whether an SQL cursor or prepared statement of exactly this name (as the server keeps it) was, or may just be,
     * declared or prepared in a text hoop saw; never while a text it could not read may be redefining names.
     */
    boolean knows(String name) {
        if (open.definesUnknown) return false;
        for (Window w : closed) if (w.definesUnknown) return false;
        return !definedAs(name, true).isEmpty();
    }

    private void close() {
        closed.add(open);
        open = new Window();
    }
}
