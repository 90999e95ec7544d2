package hoop.protocol.postgres;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which statement texts the responses now arriving answer: those forwarded up to the Sync (or simple Query)
 * that the next ReadyForQuery closes. A prepared statement's text is remembered from its Parse, so a
 * Describe or Execute of it long after still finds it. Used only to tell whether a computed result column
 * may derive from a column a rule masks, so over-approximating (a whole pipeline window) is safe.
 */
final class StatementTexts {
    private static final int MAX_REMEMBERED = 10_000;  // prepared statements and portals a client may keep open

    private final Map<String, String> statements = new HashMap<>();
    private final Map<String, String> portals = new HashMap<>();
    private final ArrayDeque<List<String>> closed = new ArrayDeque<>();
    private List<String> open = new ArrayList<>(2);

    void forwarded(PgFrontendMessage m) {
        switch (m) {
            case PgFrontendMessage.Query q -> {
                open.add(q.sql());
                close();
            }
            case PgFrontendMessage.Parse p -> {
                if (statements.size() < MAX_REMEMBERED || statements.containsKey(p.name())) statements.put(p.name(), p.sql());
                open.add(p.sql());
            }
            case PgFrontendMessage.Bind b -> {
                String text = statements.get(b.statement());
                if (portals.size() < MAX_REMEMBERED || portals.containsKey(b.portal())) portals.put(b.portal(), text);
                add(text);
            }
            case PgFrontendMessage.Describe d -> add(d.kind() == 'S' ? statements.get(d.name()) : portals.get(d.name()));
            case PgFrontendMessage.Execute e -> add(portals.get(e.portal()));
            case PgFrontendMessage.Close c -> (c.kind() == 'S' ? statements : portals).remove(c.name());
            case PgFrontendMessage.Sync s -> close();
            default -> { }
        }
    }

    /** The texts the current responses may answer. */
    List<String> current() {
        List<String> head = closed.peek();
        return head != null ? head : open;
    }

    /** ReadyForQuery: the oldest window is answered. */
    void synced() {
        closed.poll();
    }

    private void add(String text) {
        if (text != null) open.add(text);
    }

    private void close() {
        closed.add(open);
        open = new ArrayList<>(2);
    }
}
