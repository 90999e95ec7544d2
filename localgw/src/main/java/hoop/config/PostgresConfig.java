package hoop.config;

/** Reads the postgres-specific part of a connection. */
final class PostgresConfig {
    private PostgresConfig() {}

    static PostgresSettings settings(Fields f, Interpolator interp) {
        HostPort listen = HostPort.parse(f.require("listen"), f.requireString("listen"));
        Fields u = Fields.of(f.require("upstream"), interp, "host", "port", "database", "user", "password", "sslmode", "embedded");
        boolean embedded = u.parsed("embedded", ConfigLoader::bool, "true or false").orElse(false);
        PostgresSettings.Upstream upstream;
        if (embedded) {
            upstream = new PostgresSettings.Upstream("127.0.0.1", 0, u.string("database", "postgres"), "postgres", "",
                    PostgresSettings.SslMode.DISABLE, true);
        } else {
            int port = u.parsed("port", Integer::parseInt, "a port number").orElse(5432);
            if (port < 1 || port > 65535) throw u.require("port").error("port out of range: " + port);
            upstream = new PostgresSettings.Upstream(u.requireString("host"), port, u.string("database", "postgres"),
                    u.requireString("user"), u.string("password", ""),
                    u.enumValue("sslmode", PostgresSettings.SslMode.class, PostgresSettings.SslMode.PREFER), false);
        }
        int recordRows = f.parsed("record_rows", Integer::parseInt, "a number of rows").orElse(100);
        if (recordRows < 0) throw f.require("record_rows").error("must be >= 0");
        java.time.Duration authTimeout = f.timeout("auth_timeout", PostgresSettings.DEFAULT_AUTH_TIMEOUT, "10m");
        return new PostgresSettings(listen.host(), listen.port(), upstream, recordRows, authTimeout);
    }
}
