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
        final ArrayDeque<Boolean> describes = new ArrayDeque<>(2);
        /** A statement or portal was used whose query hoop never saw (prepared or opened by a DO block or a function). */
        boolean unseen;
    }

    /** The text of a statement or portal whose query hoop never saw: its rows may hold anything. */
    private static final String UNSEEN = new String("unseen");

    private final boolean named;
    private final Map<String, String> statements = new HashMap<>();
    private final Map<String, String> portals = new HashMap<>();
    /** SQL-level cursors (DECLARE) and prepared statements (PREPARE), lower-case name to the declaring text. */
    private final Map<String, String> sqlNamed = new HashMap<>();
    private final ArrayDeque<Window> closed = new ArrayDeque<>();
    private Window open = new Window();

    /**
     * named: whether the connection has column rules; without, only the texts of Query and Parse messages and the
     * Describes are kept (no prepared statement, portal or cursor is remembered).
     */
    StatementTexts(boolean named) {
        this.named = named;
    }

    void forwarded(PgFrontendMessage m) {
        switch (m) {
            case PgFrontendMessage.Query q -> {
                addSql(q.sql());
                close();
            }
            case PgFrontendMessage.Parse p -> {
                if (named && (statements.size() < MAX_REMEMBERED || statements.containsKey(p.name()))) statements.put(p.name(), p.sql());
                addSql(p.sql());
            }
            case PgFrontendMessage.Bind b -> {
                String text = statements.containsKey(b.statement()) ? statements.get(b.statement()) : sqlLevel(b.statement());
                if (named && (portals.size() < MAX_REMEMBERED || portals.containsKey(b.portal()))) portals.put(b.portal(), text);
                add(text);
            }
            case PgFrontendMessage.Describe d -> {
                var names = d.kind() == 'S' ? statements : portals;
                add(names.containsKey(d.name()) ? names.get(d.name()) : sqlLevel(d.name()));
                open.describes.add(false);
            }
            case PgFrontendMessage.Execute e -> add(portals.containsKey(e.portal()) ? portals.get(e.portal()) : sqlLevel(e.portal()));
            case PgFrontendMessage.Close c -> (c.kind() == 'S' ? statements : portals).remove(c.name());
            case PgFrontendMessage.Sync s -> close();
            default -> { }
        }
    }

    /** hoop describes a portal before executing it: the answer (RowDescription or NoData) is hoop's only. */
    void describedByHoop(String portal) {
        add(portals.containsKey(portal) ? portals.get(portal) : sqlLevel(portal));
        open.describes.add(true);
    }

    /** A RowDescription or NoData arrived: true when it answers a Describe hoop added. */
    boolean answersHoopsDescribe() {
        Boolean hoops = currentWindow().describes.poll();
        return hoops != null && hoops;
    }

    /** An error: the upstream skips the rest of the window up to its Sync, Describes included. */
    void failed() {
        currentWindow().describes.clear();
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
        closed.poll();
    }

    private void add(String text) {
        if (text == UNSEEN) open.unseen = true;
        else if (text != null && named) open.texts.add(text);
    }

    /**
     * A statement or portal the client did not Parse or Bind: one SQL made, which shares their names (PREPARE p,
     * DECLARE c), known by its text when hoop saw that, else one a DO block or a function made from strings.
     */
    private String sqlLevel(String name) {
        if (!named) return null;   // nothing is remembered, and nothing asks
        String text = sqlNamed.get(name.toLowerCase(Locale.ROOT));
        return text != null ? text : UNSEEN;
    }

    /** Whether the statements now answered use a statement or portal whose query hoop never saw. */
    boolean unseen() {
        return currentWindow().unseen;
    }

    /**
     * A statement's text, and the texts of the SQL cursors and prepared statements it names (FETCH c,
     * EXECUTE p); a DECLARE or PREPARE in it is remembered under its name.
     */
    private void addSql(String sql) {
        open.texts.add(sql);   // kept without column rules too: a CREATE FUNCTION's answer needs its text
        if (!named) return;
        if (!sqlNamed.isEmpty() || StatementWords.mentions(sql, "declare") || StatementWords.mentions(sql, "prepare")) {
            List<String> words = StatementWords.words(sql);
            for (int i = 0; i < words.size(); i++) {
                String w = words.get(i).toLowerCase(Locale.ROOT);
                String earlier = sqlNamed.get(w);
                if (earlier != null && earlier != sql) open.texts.add(earlier);
                if ((w.equals("declare") || w.equals("prepare")) && i + 1 < words.size()
                        && (sqlNamed.size() < MAX_REMEMBERED || sqlNamed.containsKey(words.get(i + 1).toLowerCase(Locale.ROOT)))) {
                    sqlNamed.put(words.get(i + 1).toLowerCase(Locale.ROOT), sql);
                }
            }
        }
    }

    /** Whether an SQL cursor or prepared statement of this name was declared or prepared in a text hoop saw. */
    boolean knows(String name) {
        return sqlNamed.containsKey(name.toLowerCase(Locale.ROOT));
    }

    private void close() {
        closed.add(open);
        open = new Window();
    }
}
