package hoop.protocol.postgres;

import hoop.guard.GuardedConnection;
import hoop.guard.LiveSessions;

/** Everything one postgres listener shares among its client connections. */
record PgEndpoint(GuardedConnection conn, LiveSessions live, PgUpstreamTarget upstream, PgCancels cancels, int recordRows,
                  java.time.Duration authTimeout, SourceColumns.Cache sources) {
    PgEndpoint(GuardedConnection conn, LiveSessions live, PgUpstreamTarget upstream, PgCancels cancels, int recordRows,
               java.time.Duration authTimeout) {
        this(conn, live, upstream, cancels, recordRows, authTimeout, SourceColumns.Cache.of(upstream.port(), upstream.database()));
    }
}
