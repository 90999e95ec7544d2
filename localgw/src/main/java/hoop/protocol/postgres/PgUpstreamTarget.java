package hoop.protocol.postgres;

/**
 * How hoop reaches the upstream PostgreSQL and proves itself there. Built by the gateway from config;
 * the password stays inside the handshake and is never shown to clients or recorded.
 */
public record PgUpstreamTarget(String host, int port, String database, String user, String password, SslMode sslmode) {
    public enum SslMode { DISABLE, PREFER, REQUIRE }

    @Override
    public String toString() {
        return "PgUpstreamTarget[" + user + "@" + host + ":" + port + "/" + database + ", " + sslmode + "]";
    }
}
