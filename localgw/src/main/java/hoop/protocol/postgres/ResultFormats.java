package hoop.protocol.postgres;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Which transfer format each result column really has. A RowDescription answering Describe-statement says
 * "text" for every column; the truth is in the Bind of the portal being executed. Executes are answered in
 * order, so a queue of the executed portals' formats, cut at each Sync, tells which Bind a DataRow obeys.
 */
final class ResultFormats {
    private static final short[] ALL_TEXT = new short[0];
    private static final short[] SYNC = new short[0];

    private final Map<String, short[]> portals = new HashMap<>();
    private final ArrayDeque<short[]> executing = new ArrayDeque<>();

    void forwarded(PgFrontendMessage m) {
        switch (m) {
            case PgFrontendMessage.Bind b -> portals.put(b.portal(), b.resultFormats());
            case PgFrontendMessage.Execute e -> executing.add(portals.getOrDefault(e.portal(), ALL_TEXT));
            case PgFrontendMessage.Close c when c.kind() == 'P' -> portals.remove(c.name());
            case PgFrontendMessage.Sync s -> executing.add(SYNC);
            default -> { }
        }
    }

    /** The current Execute ended (CommandComplete, EmptyQueryResponse, PortalSuspended or an error). */
    void executeEnded() {
        if (!executing.isEmpty() && executing.peek() != SYNC) executing.poll();
    }

    /** ReadyForQuery: everything up to its Sync is over, including Executes an error made the server skip. */
    void synced() {
        while (!executing.isEmpty()) {
            if (executing.poll() == SYNC) return;
        }
    }

    /** 1 when column i is binary; described is the RowDescription's format, right for simple queries. */
    int format(int i, int described) {
        short[] f = executing.peek();
        if (f == null || f == SYNC) return described;
        if (f.length == 0) return 0;
        return f.length == 1 ? f[0] : i < f.length ? f[i] : 0;
    }
}
