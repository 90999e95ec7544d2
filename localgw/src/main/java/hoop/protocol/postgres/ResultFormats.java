package hoop.protocol.postgres;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Which transfer format each result column really has. A RowDescription answering Describe-statement says
 * "text" for every column; the truth is in the Bind of the portal being executed. Executes are answered in
 * order, so a queue of the executed portals, cut at each Sync (and each simple Query, whose ReadyForQuery ends
 * its part alike), tells which portal a DataRow comes from.
 *
 * <p>A portal's formats are those of the Bind the server confirmed (BindComplete), looked up when its rows
 * arrive: a Bind the server refused ("portal already exists", in a transaction a savepoint then recovers) or
 * skipped after an error leaves the portal as it was, so taking its formats as sent would read the old portal's
 * binary numbers as text, where no detector finds a card number.
 */
final class ResultFormats {
    /** Ends a Sync's or a simple Query's part in the queues. */
    private static final String SYNC = new String("sync");

    /** Portal name to the result formats of its last confirmed Bind. */
    private final Map<String, short[]> portals = new HashMap<>();
    private final ArrayDeque<String> executing = new ArrayDeque<>();
    /** Binds forwarded and not yet answered (portal, formats), and SYNC marks. */
    private final ArrayDeque<Object[]> binds = new ArrayDeque<>();
    /** Closes forwarded and not yet answered (a portal's name, null for a statement's), and SYNC marks. */
    private final ArrayDeque<String> closes = new ArrayDeque<>();
    private static final Object[] BIND_SYNC = new Object[0];

    void forwarded(PgFrontendMessage m) {
        current = UNRESOLVED;
        switch (m) {
            case PgFrontendMessage.Bind b -> binds.add(new Object[] {b.portal(), b.resultFormats()});
            case PgFrontendMessage.Execute e -> executing.add(e.portal());
            case PgFrontendMessage.Close c -> closes.add(c.kind() == 'P' ? c.name() : "");
            case PgFrontendMessage.Sync s -> mark();
            case PgFrontendMessage.Query q -> mark();
            default -> { }
        }
    }

    private void mark() {
        executing.add(SYNC);
        binds.add(BIND_SYNC);
        closes.add(SYNC);
    }

    /** BindComplete: the oldest Bind not yet answered made its portal. */
    void bound() {
        current = UNRESOLVED;
        Object[] b = binds.peek();
        if (b == null || b == BIND_SYNC) return;
        binds.poll();
        portals.put((String) b[0], (short[]) b[1]);
    }

    /** CloseComplete: the oldest Close not yet answered closed its portal or statement. */
    void closed() {
        current = UNRESOLVED;
        String c = closes.peek();
        if (c == null || c == SYNC) return;
        closes.poll();
        if (!c.isEmpty()) portals.remove(c);
    }

    /** The current Execute ended (CommandComplete, EmptyQueryResponse, PortalSuspended or an error). */
    void executeEnded() {
        current = UNRESOLVED;
        if (!executing.isEmpty() && executing.peek() != SYNC) executing.poll();
    }

    /**
     * ReadyForQuery: everything up to its Sync or Query is over, including Binds, Closes and Executes an error made
     * the server skip.
     */
    void synced() {
        current = UNRESOLVED;
        while (!executing.isEmpty() && executing.poll() != SYNC) {
            // skipped
        }
        while (!binds.isEmpty() && binds.poll() != BIND_SYNC) {
            // skipped
        }
        while (!closes.isEmpty() && closes.poll() != SYNC) {
            // skipped
        }
    }

    /** 1 when column i is binary; described is the RowDescription's format, right for simple queries. */
    int format(int i, int described) {
        if (current == UNRESOLVED) current = resolve();
        short[] f = current;
        if (f == null) return described;
        if (f.length == 0) return 0;
        return f.length == 1 ? f[0] : i < f.length ? f[i] : 0;
    }

    /** The current Execute's formats, looked up once per change rather than once per value; null: as described. */
    private short[] current = UNRESOLVED;
    private static final short[] UNRESOLVED = new short[0];

    private short[] resolve() {
        String portal = executing.peek();
        // A portal no confirmed Bind made (an SQL cursor run by Execute): the server's description of it says.
        return portal == null || portal == SYNC ? null : portals.get(portal);
    }
}
