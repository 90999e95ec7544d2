package hoop.gateway;

import hoop.config.ConnectionConfig;
import hoop.config.HoopHome;
import hoop.config.PostgresSettings;
import hoop.protocol.postgres.PgUpstreamTarget;
import java.io.IOException;
import java.util.List;

/** Turns a connection's upstream settings into what its adapter needs, starting the embedded demo if asked. */
final class Upstreams {
    private Upstreams() {}

    static PgUpstreamTarget postgres(ConnectionConfig c, HoopHome home, List<AutoCloseable> opened) throws IOException {
        PostgresSettings.Upstream u = c.postgres().upstream();
        if (u.embedded()) {
            EmbeddedDemoDatabase db = EmbeddedDemoDatabase.start(home.dir().resolve("embedded-pg").resolve(c.name()));
            opened.add(db);
            return new PgUpstreamTarget("127.0.0.1", db.port(), u.database(), "postgres", "", PgUpstreamTarget.SslMode.DISABLE);
        }
        return new PgUpstreamTarget(u.host(), u.port(), u.database(), u.user(), u.password(),
                PgUpstreamTarget.SslMode.valueOf(u.sslmode().name()));
    }
}
