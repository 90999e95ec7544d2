package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hoop lexes SQL as PostgreSQL does with standard_conforming_strings on. An upstream whose own default is off
 * reads {@code '\''} as a whole string, so text hoop takes for the inside of a string would run as statements:
 * such a connection is refused, at login or as soon as a configuration reload turns the setting off.
 */
class PostgresStringModeTest {
    /** Under standard_conforming_strings = off this deletes a row; hoop (reading it with on) sees one string. */
    static final String HIDDEN_DELETE = "SELECT '\\'' ; DELETE FROM customers WHERE id = 3; --'";

    @TempDir
    static Path dir;
    static UpstreamPostgres upstream;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = new UpstreamPostgres(dir.resolve("pg"));
        gw = new TestGateway(dir.resolve("home"), PostgresEndToEndTest.config(upstream.port()),
                Map.of("APPDB_PASSWORD", UpstreamPostgres.SCRAM_PASSWORD, "MD5_PASSWORD", UpstreamPostgres.MD5_PASSWORD));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gw != null) gw.close();
        if (upstream != null) upstream.close();
    }

    @Test
    void anUpstreamRoleDefaultOfOffIsRefusedAtLogin() throws Exception {
        superuser("ALTER ROLE " + UpstreamPostgres.MD5_USER + " SET standard_conforming_strings = off");
        try {
            PostgresEndToEndTest.Psql r = PostgresEndToEndTest.psql(PostgresEndToEndTest.session(gw, "appdb-md5"), HIDDEN_DELETE);
            assertNotEquals(0, r.exit());
            assertTrue(r.err().contains("standard_conforming_strings = off"), r.err());
            assertEquals(3, upstream.count("SELECT count(*) FROM customers"));
        } finally {
            superuser("ALTER ROLE " + UpstreamPostgres.MD5_USER + " RESET standard_conforming_strings");
        }
        // With the upstream back to the default, the same text is one harmless string again.
        PostgresEndToEndTest.Psql r = PostgresEndToEndTest.psql(PostgresEndToEndTest.session(gw, "appdb-md5"), HIDDEN_DELETE);
        assertEquals(0, r.exit(), r.err());
        assertEquals(3, upstream.count("SELECT count(*) FROM customers"));
    }

    @Test
    void aReloadThatTurnsItOffEndsTheOpenConnection() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-md5");
        try (Connection c = PostgresEndToEndTest.jdbc(s); Statement st = c.createStatement()) {
            st.execute("SELECT 1");
            superuser("ALTER SYSTEM SET standard_conforming_strings = off");
            superuser("SELECT pg_reload_conf()");
            // The backend reports the new value with its next answer; hoop ends the connection there.
            SQLException e = assertThrows(SQLException.class, () -> {
                for (int i = 0; i < 50; i++) {
                    st.execute("SELECT 1");
                    Thread.sleep(100);
                }
            });
            assertTrue(String.valueOf(e.getMessage()).contains("standard_conforming_strings") || c.isClosed(), e.toString());
        } finally {
            superuser("ALTER SYSTEM RESET standard_conforming_strings");
            superuser("SELECT pg_reload_conf()");
        }
        assertEquals(3, upstream.count("SELECT count(*) FROM customers"));
    }

    private static void superuser(String sql) throws SQLException {
        try (Connection c = upstream.superuser("app"); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
