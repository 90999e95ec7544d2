package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ordinary work on a ruled connection stays readable. A table a connection made and filled itself was masked whole
 * for the rest of that connection (every column of {@code SELECT id, label FROM mine} came back as a label), and so
 * was every computed column of a statement naming a table with a trigger ({@code SELECT count(*) FROM events} with
 * an updated_at trigger). What stays closed: a copy of a ruled value into a new table is refused, a table made by code
 * hoop did not see stays masked, and a write to a table whose trigger runs such code is masked as before.
 */
class PostgresOwnObjectsTest {
    static final List<String> SECRETS = List.of("Alice", "Carol", "alice@example.com", "carol@example.net");

    @TempDir
    static Path dir;
    static UpstreamPostgres upstream;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = new UpstreamPostgres(dir.resolve("pg"));
        try (Connection c = upstream.superuser("app"); Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE events (id int PRIMARY KEY, what text, at timestamptz DEFAULT now());
                    INSERT INTO events (id, what) VALUES (1, 'signup'), (2, 'login');
                    CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.at := now(); RETURN NEW; END $$;
                    CREATE TRIGGER events_touch BEFORE UPDATE ON events FOR EACH ROW EXECUTE FUNCTION touch();
                    CREATE TABLE orders (id serial PRIMARY KEY, customer_id int REFERENCES customers (id) ON DELETE CASCADE,
                      what text, at timestamptz);
                    CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();
                    GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO app_rw;
                    GRANT ALL ON ALL TABLES IN SCHEMA public TO app_rw;
                    GRANT CREATE ON SCHEMA public TO app_rw;
                    """);
        }
        String masking = """
                masking:
                  columns:
                    detectors: [email]
                    columns: { name: redact, email: redact }
                """;
        String conn = """
                  - name: %s
                    type: postgres
                    listen: 127.0.0.1:0
                    upstream: { host: 127.0.0.1, port: %d, database: app, user: app_rw, password: "${env:APPDB_PASSWORD}", sslmode: disable }
                    policies: [%s]
                    masking: [columns]
                """;
        gw = new TestGateway(dir.resolve("home"), TestGateway.config("connections:\n"
                + conn.formatted("appdb", upstream.port(), "guarded") + conn.formatted("appdb-open", upstream.port(), "open") + """
                policies:
                  guarded: { default: allow, unknown: deny }
                  open: { default: allow, unknown: allow }
                """ + masking), UpstreamPostgres.PASSWORDS);
    }

    @AfterAll
    static void stop() throws Exception {
        UpstreamPostgres.stop(gw, upstream);
    }

    static boolean leaks(String text) {
        return SECRETS.stream().anyMatch(text::contains);
    }

    static boolean tableExists(String name) throws SQLException {
        try (Connection c = upstream.superuser("app"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_class WHERE relname = '" + name + "'")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    @Test
    void aTableThisConnectionMadeAndFilledReadsBackInClearInPsql() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        var r = PostgresEndToEndTest.psqlAll(s,
                "CREATE TABLE mine_psql (id int, label text)",
                "INSERT INTO mine_psql VALUES (1, 'plain one'), (2, 'plain two')",
                "SELECT id, label FROM mine_psql ORDER BY id",
                "SELECT count(*), max(label) FROM mine_psql",
                // A copy of a ruled value into a new table is what must not happen: refused, nothing made.
                "CREATE TABLE copied_psql AS SELECT name AS x FROM customers",
                "SELECT name FROM customers WHERE id = 1");
        r.states("00000", "00000", "00000", "00000", "42501", "00000");
        assertTrue(r.out().contains("1|plain one\n2|plain two\n"), r.out());
        assertTrue(r.out().contains("2|plain two\n"), r.out());
        assertFalse(leaks(r.out() + r.err()), r.out());
        assertFalse(tableExists("copied_psql"));
    }

    @Test
    void aTableThisConnectionMadeReadsBackInClearThroughPgjdbc() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        try (Connection c = PostgresEndToEndTest.jdbc(s); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE mine_jdbc (id int, label text, n int)");
            // A built-in's rows over constants beside a ruled table carry none of its values.
            st.execute("INSERT INTO mine_jdbc SELECT c.id, 'row ' || g, g FROM customers c, generate_series(1, 2) g");
            try (ResultSet rs = st.executeQuery("SELECT id, label, n FROM mine_jdbc ORDER BY id, n LIMIT 1")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1));
                assertEquals("row 1", rs.getString(2));
                assertEquals(1, rs.getInt(3));
            }
            // The call's argument names a ruled column: its alias may carry it, and the copy is refused.
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> st.execute("INSERT INTO mine_jdbc (id, label) SELECT c.id, u FROM customers c, upper(c.name) u"));
            assertEquals("42501", e.getSQLState(), e.getMessage());
        }
    }

    @Test
    void aTableMadeByCodeHoopDidNotSeeStaysMaskedWhileLaterOnesRead() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-open");
        // Runs CREATE TABLE hidden_copy AS SELECT name AS x FROM customers, spelled backwards: hoop cannot read it.
        var r = PostgresEndToEndTest.psqlAll(s,
                "DO $$ BEGIN EXECUTE reverse('sremotsuc MORF x SA eman TCELES SA ypoc_neddih ELBAT ETAERC'); END $$",
                "SELECT x FROM hidden_copy ORDER BY 1",
                "CREATE TABLE later_own (v text)",
                "INSERT INTO later_own VALUES ('visible')",
                "SELECT v FROM later_own",
                "SELECT x FROM hidden_copy ORDER BY 1");
        r.states("00000", "00000", "00000", "00000", "00000", "00000");
        assertTrue(tableExists("hidden_copy"));
        assertFalse(leaks(r.out() + r.err()), r.out());
        assertTrue(r.out().contains("visible"), r.out());
        assertTrue(r.out().contains("[NAME]") || r.out().contains("[EMAIL]"), r.out());
    }

    /**
     * pgjdbc's generated keys append RETURNING * to the INSERT: the new row's id came back as a label whenever a table
     * a foreign key cascades into (orders, when a customer is deleted) had a trigger, though a cascade never changes
     * the rows an INSERT returns.
     */
    @Test
    void anInsertReturnsItsGeneratedKeyBesideACascadingForeignKey() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        try (Connection c = PostgresEndToEndTest.jdbc(s);
             var ps = c.prepareStatement("INSERT INTO customers (id, name, email, notes) VALUES (?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setInt(1, 40);
            ps.setString(2, "Zed");
            ps.setString(3, "zed@example.com");
            ps.setString(4, "new");
            assertEquals(1, ps.executeUpdate());
            try (ResultSet keys = ps.getGeneratedKeys()) {
                assertTrue(keys.next());
                assertEquals(40, keys.getInt("id"));
                assertEquals("new", keys.getString("notes"));
                assertFalse(keys.getString("email").contains("zed@"), keys.getString("email"));
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("INSERT INTO orders (customer_id, what) VALUES (40, 'first') RETURNING id, what")) {
                assertTrue(rs.next());
                assertTrue(rs.getInt(1) > 0);
                assertEquals("first", rs.getString(2));
            }
        }
    }

    @Test
    void readingATableWithATriggerIsPlainWhileAWriteToItIsMasked() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        var r = PostgresEndToEndTest.psqlAll(s,
                "SELECT count(*) FROM events",
                "SELECT what || '!' FROM events WHERE id = 1",
                "SELECT pg_size_pretty(pg_total_relation_size('events')) <> '' AS sized",
                // The trigger's code runs on this write, and what it sets comes back: masked, as hoop cannot see it.
                "UPDATE events SET what = what WHERE id = 1 RETURNING what || '?'");
        r.states("00000", "00000", "00000", "00000");
        String[] lines = r.out().split("\n");
        assertEquals("2", lines[0], r.out());
        assertEquals("signup!", lines[1], r.out());
        assertEquals("t", lines[2], r.out());
        assertFalse(r.out().contains("signup?"), r.out());
    }
}
