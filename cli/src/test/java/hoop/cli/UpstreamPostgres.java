package hoop.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL for the tests, with real authentication: SCRAM for app_rw, md5 for app_md5, trust
 * only for the postgres superuser the test uses to set up and to check side effects.
 */
final class UpstreamPostgres implements AutoCloseable {
    static final String SCRAM_USER = "app_rw";
    static final String SCRAM_PASSWORD = "Upstr3am-Scram-Pa55";
    static final String MD5_USER = "app_md5";
    static final String MD5_PASSWORD = "Upstr3am-Md5-Pa55";

    /** The environment a gateway config naming ${env:APPDB_PASSWORD} and ${env:MD5_PASSWORD} needs. */
    static final java.util.Map<String, String> PASSWORDS = java.util.Map.of("APPDB_PASSWORD", SCRAM_PASSWORD, "MD5_PASSWORD", MD5_PASSWORD);

    final EmbeddedPostgres pg;

    /** A test class's fixture, gateway first (it holds connections to the database). */
    static void stop(TestGateway gw, UpstreamPostgres upstream) throws IOException {
        if (gw != null) gw.close();
        if (upstream != null) upstream.close();
    }

    UpstreamPostgres(Path dir) throws IOException, SQLException {
        this(dir, java.util.Map.of());
    }

    /** serverConfig: more server settings (wal_level = logical for a test reading a replication slot). */
    UpstreamPostgres(Path dir, java.util.Map<String, String> serverConfig) throws IOException, SQLException {
        Path hba = dir.resolve("pg_hba.conf");
        Files.createDirectories(dir);
        Files.writeString(hba, """
                local all all trust
                host all postgres 127.0.0.1/32 trust
                host all app_md5 127.0.0.1/32 md5
                host all all 127.0.0.1/32 scram-sha-256
                """);
        tlsFiles(dir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("data")).setCleanDataDirectory(true)
                .setServerConfig("hba_file", hba.toString())
                .setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", dir.resolve("server.crt").toString())
                .setServerConfig("ssl_key_file", dir.resolve("server.key").toString());
        serverConfig.forEach(builder::setServerConfig);
        pg = builder.start();
        try (Connection c = superuser(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + SCRAM_USER + " LOGIN PASSWORD '" + SCRAM_PASSWORD + "'");
            st.execute("SET password_encryption = 'md5'");
            st.execute("CREATE ROLE " + MD5_USER + " LOGIN PASSWORD '" + MD5_PASSWORD + "'");
            st.execute("CREATE DATABASE app OWNER " + SCRAM_USER);
        }
        try (Connection c = superuser("app"); Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE customers (id int PRIMARY KEY, name text, email text UNIQUE, card text, notes text);
                    INSERT INTO customers VALUES
                      (1, 'Alice', 'alice@example.com', '4111111111111111', 'key AKIAIOSFODNN7EXAMPLE'),
                      (2, 'Bob', 'bob@example.org', '5500005555555559', 'plain'),
                      (3, 'Carol', 'carol@example.net', '340000000000009', NULL);
                    CREATE TABLE audit_log (id serial PRIMARY KEY, msg text);
                    CREATE VIEW contacts AS SELECT id AS num, name AS who, lower(name) AS lname, notes AS remark FROM customers;
                    CREATE VIEW contacts2 AS SELECT who AS w, remark FROM contacts;
                    GRANT ALL ON ALL TABLES IN SCHEMA public TO app_rw, app_md5;
                    GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO app_rw, app_md5;
                    """);
        }
    }

    /** A self-signed certificate so the upstream offers TLS, as RDS does. */
    private static void tlsFiles(Path dir) throws IOException {
        try {
            Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-keyout", dir.resolve("server.key").toString(),
                    "-out", dir.resolve("server.crt").toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) throw new IOException("openssl failed");
            Files.setPosixFilePermissions(dir.resolve("server.key"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    int port() {
        return pg.getPort();
    }

    Connection superuser() throws SQLException {
        return superuser("postgres");
    }

    Connection superuser(String db) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port() + "/" + db + "?user=postgres");
    }

    long count(String sql) throws SQLException {
        try (Connection c = superuser("app"); var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws IOException {
        pg.close();
    }
}
