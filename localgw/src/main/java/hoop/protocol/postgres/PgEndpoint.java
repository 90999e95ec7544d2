package hoop.protocol.postgres;

import hoop.guard.GuardedConnection;
import hoop.guard.LiveSessions;

/** Everything one postgres listener shares among its client connections. */
record PgEndpoint(GuardedConnection conn, LiveSessions live, PgUpstreamTarget upstream, PgCancels cancels, int recordRows,
                  SourceColumns.Cache sources) {
    PgEndpoint(GuardedConnection conn, LiveSessions live, PgUpstreamTarget upstream, PgCancels cancels, int recordRows) {
        this(conn, live, upstream, cancels, recordRows, new SourceColumns.Cache());
    }
}
