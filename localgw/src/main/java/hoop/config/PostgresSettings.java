package hoop.config;

/**
 * A postgres connection: where hoop listens for clients and how it reaches the upstream. The upstream
 * password only ever lives here and in the upstream handshake.
 */
public record PostgresSettings(String listenHost, int listenPort, Upstream upstream, int recordRows, java.time.Duration authTimeout) {
    /** As PostgreSQL's own authentication_timeout: a client that has not logged in by then is disconnected. */
    public static final java.time.Duration DEFAULT_AUTH_TIMEOUT = java.time.Duration.ofMinutes(1);

    public enum SslMode { DISABLE, PREFER, REQUIRE }

    /** embedded: the gateway starts a local PostgreSQL itself (the demo connection). */
    public record Upstream(String host, int port, String database, String user, String password, SslMode sslmode,
                           boolean embedded) {
        @Override
        public String toString() {
            // Never let the password reach a log line through a record's default toString.
            return "Upstream[" + user + "@" + host + ":" + port + "/" + database + ", sslmode=" + sslmode + ", embedded=" + embedded + "]";
        }
    }
}
