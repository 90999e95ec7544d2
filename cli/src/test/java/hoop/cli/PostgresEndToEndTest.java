package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** psql and pgjdbc through hoop to a real PostgreSQL that really checks SCRAM and md5 passwords. */
class PostgresEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static UpstreamPostgres upstream;
    static TestGateway gw;

    static String config(int port) {
        return TestGateway.config("""
                connections:
                  - name: appdb
                    type: postgres
                    listen: 127.0.0.1:0
                    upstream: { host: 127.0.0.1, port: %d, database: app, user: app_rw, password: "${env:APPDB_PASSWORD}", sslmode: prefer }
                    policies: [sql-guard]
                    masking: [pii]
                  - name: appdb-cols
                    type: postgres
                    listen: 127.0.0.1:0
                    upstream: { host: 127.0.0.1, port: %d, database: app, user: app_rw, password: "${env:APPDB_PASSWORD}", sslmode: disable }
                    masking: [pii, columns]
                  - name: appdb-md5
                    type: postgres
                    listen: 127.0.0.1:0
                    upstream: { host: 127.0.0.1, port: %d, database: app, user: app_md5, password: "${env:MD5_PASSWORD}", sslmode: disable }
                    policies: [sql-guard]
                    masking: [pii]
                    record_rows: 2
                  - name: appdb-two
                    type: postgres
                    listen: 127.0.0.1:0
                    upstream: { host: 127.0.0.1, port: %d, database: app, user: app_rw, password: "${env:APPDB_PASSWORD}", sslmode: disable }
                    policies: [two-eyes]
                policies:
                  two-eyes:
                    default: allow
                    rules:
                      - { name: audit, action: review, match: { kind: [write], tables: [audit_log] }, approvers: [user:alice, user:bob], min_approvals: 2, timeout: 20s, on_timeout: deny, window: 2m }
                  sql-guard:
                    default: allow
                    unknown: deny
                    rules:
                      - { name: no-ddl, action: deny, match: { kind: [ddl, dcl, admin, copy-program] }, message: "schema changes go through migrations" }
                      - { name: unbounded, action: deny, match: { kind: [write], unbounded: true }, message: "add a WHERE clause" }
                      - { name: audit, action: review, match: { kind: [write], tables: [audit_log] }, timeout: 20s, on_timeout: deny, window: 2m }
                masking:
                  pii:
                    detectors: [email, credit_card, aws_access_key, aws_secret_key, jwt, private_key, github_token, url_password]
                  columns:
                    columns: { name: redact, "CARD*": partial, id: redact }
                """.formatted(port, port, port, port));
    }

    @BeforeAll
    static void start() throws Exception {
        upstream = new UpstreamPostgres(dir.resolve("pg"));
        gw = new TestGateway(dir.resolve("home"), config(upstream.port()),
                UpstreamPostgres.PASSWORDS);
    }

    @AfterAll
    static void stop() throws Exception {
        UpstreamPostgres.stop(gw, upstream);
    }

    static JsonNode session(String connection) throws Exception {
        return session(gw, connection);
    }

    static JsonNode session(TestGateway gw, String connection) throws Exception {
        var r = gw.hoop("connect", connection, "--json");
        assertEquals(0, r.exit(), r.err());
        return JSON.readTree(r.out());
    }

    static Connection jdbc(JsonNode s, String... props) throws SQLException {
        String url = "jdbc:postgresql://" + s.get("host").asText() + ":" + s.get("port").asInt() + "/" + s.get("database").asText()
                + "?user=" + s.get("user").asText() + "&password=" + s.get("password").asText() + (props.length > 0 ? "&" + String.join("&", props) : "");
        return DriverManager.getConnection(url);
    }

    /**
     * What psql printed, and states: each -c command's SQLSTATE in order ("00000" when it succeeded), as psql's
     * SQLSTATE variable gave it after the command. psql goes on after a failed command and exits 0 all the same, so a
     * test giving several must check each one's outcome here.
     */
    record Psql(int exit, String out, String err, List<String> states) {
        /** Asserts each command ended with the state given, in order ("00000": it succeeded). */
        Psql states(String... expected) {
            assertEquals(List.of(expected), states, "each command's SQLSTATE; out: " + out + " err: " + err);
            return this;
        }

        /** Asserts every command succeeded. */
        Psql allOk() {
            assertEquals(0, exit, err);
            assertTrue(states.stream().allMatch("00000"::equals), "each command's SQLSTATE: " + states + "; err: " + err);
            return this;
        }
    }

    /** The line psql echoes after each command, its SQLSTATE after it. */
    private static final String STATE_MARK = "@@hoop-test-sqlstate@@";

    static Psql psql(JsonNode s, String sql) throws Exception {
        return psqlAll(s, sql);
    }

    @Test
    void psqlReadsThroughHoopWithMasking() throws Exception {
        JsonNode s = session("appdb");
        Psql r = psql(s, "SELECT name, email, card, notes FROM customers ORDER BY id");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Alice|[EMAIL]|[CREDIT_CARD]|key [AWS_ACCESS_KEY]"), r.out());
        assertFalse(r.out().contains("alice@example.com"));
        assertFalse(r.out().contains("4111111111111111"));
    }

    @Test
    void psqlDeniedStatementGets42501AndNothingRuns() throws Exception {
        JsonNode s = session("appdb");
        Psql r = psql(s, "SELECT 1; DELETE FROM customers");
        assertTrue(r.err().contains("denied by sql-guard.unbounded: add a WHERE clause"), r.err());
        assertEquals(3, upstream.count("SELECT count(*) FROM customers"));
    }

    /** A WHERE that holds on every row (a column compared with itself, an OR that covers all) is no WHERE. */
    @Test
    void aWhereThatHoldsOnEveryRowIsUnbounded() throws Exception {
        JsonNode s = session("appdb");
        for (String sql : List.of("DELETE FROM customers WHERE id = id", "DELETE FROM customers WHERE (id = 1 OR true)",
                "UPDATE customers SET notes = 'x' WHERE email = \"email\"",
                "DELETE FROM customers WHERE name IS NULL OR name IS NOT NULL")) {
            Psql r = psql(s, sql);
            assertTrue(r.err().contains("denied by sql-guard.unbounded: add a WHERE clause"), sql + ": " + r.err());
        }
        assertEquals(3, upstream.count("SELECT count(*) FROM customers"));
        assertEquals(0, upstream.count("SELECT count(*) FROM customers WHERE notes = 'x'"));
    }

    /**
     * table_to_xml (and its schema and database kin) answers a table named in a string as one document: a rule on
     * the table's name cannot see it. It is unknown, and the policy's unknown default (deny) applies.
     */
    @Test
    void aTableReadAsOneXmlDocumentIsUnknown() throws Exception {
        JsonNode s = session("appdb");
        for (String sql : List.of("SELECT table_to_xml('customers', true, false, '')", "SELECT schema_to_xml('public', true, false, '')")) {
            Psql r = psql(s, sql);
            assertTrue(r.err().contains("denied by sql-guard.unknown") && r.err().contains("reads tables it names")
                    && !r.out().contains("Alice"), sql + ": " + r.err() + r.out());
        }
    }

    @Test
    void jdbcSimpleAndExtendedProtocol() throws Exception {
        JsonNode s = session("appdb");
        try (Connection c = jdbc(s)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT email, card FROM customers WHERE id = ?")) {
                for (int i = 0; i < 7; i++) { // past prepareThreshold: server-side prepared, binary transfer
                    ps.setInt(1, 2);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals("[EMAIL]", rs.getString(1));
                        assertEquals("[CREDIT_CARD]", rs.getString(2));
                    }
                }
            }
            SQLException e = assertThrows(SQLException.class, () -> c.createStatement().execute("DROP TABLE customers"));
            assertEquals("42501", e.getSQLState());
            assertTrue(e.getMessage().contains("sql-guard.no-ddl"), e.getMessage());
            SQLException e2 = assertThrows(SQLException.class, () -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE customers SET notes = ?")) {
                    ps.setString(1, "x");
                    ps.executeUpdate();
                }
            });
            assertEquals("42501", e2.getSQLState());
            try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM customers")) {
                assertTrue(rs.next());
                assertEquals(3, rs.getInt(1), "the session stays usable after denials");
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE customers SET notes = ? WHERE id = ?")) {
                ps.setString(1, "updated");
                ps.setInt(2, 3);
                assertEquals(1, ps.executeUpdate());
            }
        }
        assertEquals(1, upstream.count("SELECT count(*) FROM customers WHERE notes = 'updated'"));
        assertEquals(3, upstream.count("SELECT count(*) FROM customers"));
    }

    @Test
    void denialInsideATransactionAbortsItLikeARealError() throws Exception {
        JsonNode s = session("appdb");
        try (Connection c = jdbc(s)) {
            c.setAutoCommit(false);
            c.createStatement().executeUpdate("UPDATE customers SET notes = 'in-tx' WHERE id = 2");
            assertThrows(SQLException.class, () -> c.createStatement().execute("DELETE FROM customers"));
            SQLException aborted = assertThrows(SQLException.class, () -> c.createStatement().executeQuery("SELECT 1"));
            assertEquals("25P02", aborted.getSQLState());
            c.rollback();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
                assertTrue(rs.next());
            }
        }
        assertEquals(0, upstream.count("SELECT count(*) FROM customers WHERE notes = 'in-tx'"));
    }

    @Test
    void errorsAndNoticesAreMasked() throws Exception {
        JsonNode s = session("appdb");
        try (Connection c = jdbc(s)) {
            SQLException dup = assertThrows(SQLException.class,
                    () -> c.createStatement().executeUpdate("INSERT INTO customers (id, email) VALUES (9, 'alice@example.com')"));
            assertEquals("23505", dup.getSQLState());
            assertFalse(dup.getMessage().contains("alice@example.com"), dup.getMessage());
            assertTrue(dup.getMessage().contains("[EMAIL]"), dup.getMessage());
            try (Statement st = c.createStatement()) {
                st.execute("SELECT upper(email), json_agg(card) FROM customers GROUP BY email");
                try (ResultSet rs = st.getResultSet()) {
                    while (rs.next()) {
                        assertFalse(rs.getString(1).contains("@"), rs.getString(1));
                        assertFalse(rs.getString(2).matches(".*\\d{13,}.*"), rs.getString(2));
                    }
                }
            }
        }
    }

    @Test
    void pgbenchRunsThroughHoop() throws Exception {
        try (Connection c = upstream.superuser("app"); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS bench_kv (k int PRIMARY KEY, v text)");
            st.execute("INSERT INTO bench_kv SELECT g, 'value ' || g FROM generate_series(1, 1000) g ON CONFLICT DO NOTHING");
            st.execute("GRANT SELECT, UPDATE ON bench_kv TO app_rw");
        }
        Path script = dir.resolve("bench.sql");
        java.nio.file.Files.writeString(script, "\\set k random(1, 1000)\nSELECT v FROM bench_kv WHERE k = :k;\n"
                + "UPDATE bench_kv SET v = 'touched' WHERE k = :k;\n");
        JsonNode s = session("appdb");
        for (String mode : new String[] {"simple", "extended", "prepared"}) {
            ProcessBuilder pb = new ProcessBuilder("pgbench", "-n", "-c", "4", "-j", "2", "-t", "50", "-M", mode, "-f", script.toString());
            s.get("env").fields().forEachRemaining(e -> pb.environment().put(e.getKey(), e.getValue().asText()));
            Process p = pb.redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("number of transactions actually processed: 200/200"), mode + ": " + out);
        }
        assertTrue(upstream.count("SELECT count(*) FROM bench_kv WHERE v = 'touched'") > 0);
    }

    /**
     * pg_dump through the guarded connection: it pins settings with set_config over pg_settings rows and takes ACCESS
     * SHARE locks, which a policy denying admin and unknown statements once refused (the dump failed at its first query).
     */
    @Test
    void pgDumpRunsThroughHoopAndItsRowsAreMasked() throws Exception {
        String out = pgDump(session("appdb"), "-t", "customers", "--no-owner");
        assertTrue(out.contains("COPY public.customers (id, name, email, card, notes) FROM stdin;"), out);
        assertTrue(out.contains("[EMAIL]"), out);
        assertFalse(out.contains("@example."), out);
    }

    /** What pg_dump printed with the session's PG* variables, asserting it succeeded. */
    private static String pgDump(JsonNode s, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("pg_dump"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        s.get("env").fields().forEachRemaining(e -> pb.environment().put(e.getKey(), e.getValue().asText()));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err);
        return out;
    }

    /** A table's own COPY (pg_dump's, psql's \\copy): each ruled column's field is masked under its rule. */
    @Test
    void aTableCopyWithItsColumnListIsMaskedByColumn() throws Exception {
        JsonNode s = session("appdb-cols");   // rules: name, CARD*, id
        String out = pgDump(s, "-t", "customers", "--data-only");
        assertTrue(out.contains("[ID]\t[NAME]\t[EMAIL]\t************1111\tkey [AWS_ACCESS_KEY]\n"), out);
        assertTrue(out.contains("[ID]\t[NAME]\t[EMAIL]\t************5559\tplain\n"), out);
        assertFalse(out.contains("Alice") || out.contains("Bob") || out.contains("4111111111111111"), out);
        Psql r = psql(s, "COPY customers (notes, card, name) TO STDOUT WITH (FORMAT csv, HEADER, DELIMITER ';')");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("notes;card;name\n"), r.out());
        assertTrue(r.out().contains("plain;\"************5559\";\"[NAME]\"\n"), r.out());
        assertFalse(r.out().contains("Bob"), r.out());
        // Without a column list the catalog read gives the table's columns in order.
        r = psql(s, "COPY customers TO STDOUT");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("[ID]\t[NAME]\t[EMAIL]\t************5559\tplain\n"), r.out());
        assertFalse(r.out().contains("Bob") || r.out().contains("@example."), r.out());
        // A COPY whose fields are not a table's columns stays refused.
        r = psql(s, "COPY customers (name) TO STDOUT (NULL 'Bob')");
        assertTrue(r.exit() != 0 && r.err().contains("column rule"), r.out() + r.err());
        // A query's COPY is masked by the server's description of its columns (the partial style keeps a column's own tail).
        r = psql(s, "COPY (SELECT name, card AS k, notes FROM customers WHERE notes = 'plain') TO STDOUT");
        assertEquals("[NAME]\t************5559\tplain", r.out().strip(), r.err());
    }

    /** customers and "Customers" are two tables: each one's COPY is masked by its own columns, not refused. */
    @Test
    void tablesWhoseNamesDifferOnlyInCaseAreEachCopiedByTheirOwnColumns() throws Exception {
        try (Connection c = upstream.superuser("app"); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE \"Customers\" (extra text, name text, id int); INSERT INTO \"Customers\" VALUES ('open', 'Bob', 7);"
                    + " GRANT SELECT ON \"Customers\" TO app_rw");
        }
        try {
            JsonNode s = session("appdb-cols");   // rules: name, CARD*, id
            // Through hoop, so the catalog is read again with the new table (a DO block counts as a schema change).
            psql(s, "DO $$ BEGIN END $$").allOk();
            Psql r = psql(s, "COPY \"Customers\" TO STDOUT");
            assertEquals("open\t[NAME]\t[ID]", r.out().strip(), r.err());
            r = psql(s, "COPY customers TO STDOUT");
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("[ID]\t[NAME]\t[EMAIL]\t************5559\tplain\n"), r.out() + r.err());
            r = psql(s, "COPY public.\"Customers\" TO STDOUT (FORMAT csv, HEADER)");
            assertEquals("extra,name,id\nopen,\"[NAME]\",\"[ID]\"", r.out().strip(), r.err());
        } finally {
            try (Connection c = upstream.superuser("app"); Statement st = c.createStatement()) {
                st.execute("DROP TABLE \"Customers\"");
            }
        }
    }

    @Test
    void tlsToTheUpstreamPerSslmode() throws Exception {
        JsonNode tls = session("appdb");          // sslmode: prefer, and the upstream offers TLS
        try (Connection c = jdbc(tls); ResultSet rs = c.createStatement()
                .executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            assertTrue(rs.next());
            assertTrue(rs.getBoolean(1), "hoop speaks TLS to the upstream");
        }
        JsonNode plain = session("appdb-md5");    // sslmode: disable
        try (Connection c = jdbc(plain); ResultSet rs = c.createStatement()
                .executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            assertTrue(rs.next());
            assertFalse(rs.getBoolean(1));
        }
    }

    @Test
    void columnRulesMaskWholeValuesInTextAndBinaryFormats() throws Exception {
        JsonNode s = session("appdb-cols");
        Psql r = psql(s, "SELECT id, name, card, email FROM customers WHERE id = 1");
        assertEquals(0, r.exit(), r.err());
        assertEquals("[ID]|[NAME]|************1111|[EMAIL]", r.out().strip());
        try (Connection c = jdbc(s, "prepareThreshold=-1");
             PreparedStatement ps = c.prepareStatement("SELECT id, name FROM customers WHERE id = ?")) {
            ps.setInt(1, 2);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(null, rs.getObject("id"), "a binary int under a column rule becomes NULL, never the value");
                assertEquals("[NAME]", rs.getString("name"));
            }
        }
    }

    @Test
    void columnRulesFollowTheSourceColumnThroughAliasesAndExpressions() throws Exception {
        JsonNode s = session("appdb-cols");   // rules: name, CARD*, id
        Psql r = psql(s, "SELECT name AS who, upper(name) AS shout, 'Dear ' || c.\"name\" AS greeting, notes FROM customers c WHERE c.notes LIKE 'key%'");
        assertEquals(0, r.exit(), r.err());
        assertEquals("[NAME]|[NAME]|[NAME]|key [AWS_ACCESS_KEY]", r.out().strip());
        r = psql(s, "SELECT x FROM (SELECT name AS x FROM customers WHERE notes = 'plain') t");
        assertEquals("[NAME]", r.out().strip(), r.err());
        r = psql(s, "WITH t AS (SELECT card AS k FROM customers WHERE notes = 'plain') SELECT k FROM t");
        assertEquals("************5559", r.out().strip(), r.err());
        // Whole-row values carry every column: any computed column that can hold text is masked.
        r = psql(s, "SELECT row_to_json(c), c::text FROM customers c WHERE notes = 'plain'");
        assertEquals("[ID]|[ID]", r.out().strip(), r.err());
        // COPY rows carry no column names: a query's COPY is masked as its SELECT is (described by the server first).
        r = psql(s, "COPY (SELECT upper(name) FROM customers WHERE notes = 'plain') TO STDOUT");
        assertEquals("[NAME]", r.out().strip(), r.err());
        r = psql(s, "COPY (SELECT 40 + 2) TO STDOUT");
        assertEquals("42", r.out().strip(), r.err());
        // Errors quote the offending value; under a ruled column it is masked, identifiers stay.
        r = psql(s, "SELECT name::int FROM customers WHERE notes = 'plain'");
        assertTrue(r.err().contains("\"[NAME]\"") && !r.err().contains("Bob"), r.err());
        r = psql(s, "UPDATE customers SET id = 2 WHERE id = 1");
        assertTrue(r.err().contains("Key (id)=([ID]) already exists") && r.err().contains("\"customers_pkey\""), r.err());
        // A computed column of a statement naming no ruled column nor a table holding one is left to the detectors.
        r = psql(s, "SELECT upper('x') AS loud, 'y' AS p");
        assertEquals("X|y", r.out().strip(), r.err());
        try (Connection c = jdbc(s, "prepareThreshold=-1");
             PreparedStatement ps = c.prepareStatement("SELECT name AS n, length(name) AS l, lower(notes) AS o FROM customers WHERE notes = ?")) {
            ps.setString(1, "plain");
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("[NAME]", rs.getString("n"));
                assertEquals(null, rs.getObject("l"), "a binary int computed from a ruled column becomes NULL");
                assertEquals("[NAME]", rs.getString("o"), "the statement names a ruled column, so its computed columns are masked");
            }
        }
    }

    @Test
    void columnRulesFollowRuledColumnsThroughViewsThatRenameThem() throws Exception {
        JsonNode s = session("appdb-cols");   // rules: name, CARD*, id
        // contacts: id AS num, name AS who, lower(name) AS lname, notes AS remark; contacts2: who AS w, remark.
        Psql r = psql(s, "SELECT num, who, lname, remark FROM contacts WHERE remark = 'plain'");
        assertEquals(0, r.exit(), r.err());
        String[] row = r.out().strip().split("\\|");
        assertEquals(List.of("[ID]", "[NAME]"), List.of(row[0], row[1]), r.out());
        assertTrue(row[2].startsWith("[") && !row[2].contains("bob"), "a view's computed column over a ruled one is masked: " + r.out());
        assertEquals("plain", row[3], "a view column passing an unruled column on stays readable");
        r = psql(s, "SELECT w, remark FROM contacts2 WHERE remark = 'plain'");
        assertEquals("[NAME]|plain", r.out().strip(), r.err());
        r = psql(s, "SELECT upper(who) AS loud FROM contacts WHERE remark = 'plain'");
        assertTrue(r.out().strip().startsWith("[") && !r.out().contains("BOB"), "computed from a view over a ruled column: " + r.out() + r.err());
    }

    @Test
    void statisticsSampleValuesAreMaskedWhenAColumnIsRuled() throws Exception {
        try (Connection c = upstream.superuser("app"); Statement st = c.createStatement()) {
            st.execute("ANALYZE customers");
        }
        JsonNode s = session("appdb-cols");
        Psql r = psql(s, "SELECT histogram_bounds, histogram_bounds::text AS t FROM pg_stats WHERE tablename = 'customers' AND attname = 'name'");
        assertEquals(0, r.exit(), r.err());
        assertFalse(r.out().contains("Bob") || r.out().contains("Alice"), r.out());
        assertTrue(r.out().contains("["), r.out());
    }

    /** psql -c for each statement, in one session. */
    static Psql psqlAll(JsonNode s, String... sqls) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("psql", "-X", "-A", "-t"));
        for (String q : sqls) {
            cmd.add("-c");
            cmd.add(q);
            cmd.add("-c");
            cmd.add("\\echo " + STATE_MARK + " :SQLSTATE");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        s.get("env").fields().forEachRemaining(e -> pb.environment().put(e.getKey(), e.getValue().asText()));
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        List<String> states = new ArrayList<>();
        StringBuilder shown = new StringBuilder();
        for (String line : new String(out, StandardCharsets.UTF_8).split("(?<=\n)")) {
            if (line.startsWith(STATE_MARK + " ")) states.add(line.substring(STATE_MARK.length() + 1).strip());
            else shown.append(line);
        }
        // psql's exit status is its last command's, here an \echo: 1 when the last SQL command failed, as without it.
        int exit = p.exitValue() == 0 && states.size() == sqls.length && !"00000".equals(states.get(states.size() - 1)) ? 1 : p.exitValue();
        return new Psql(exit, shown.toString(), new String(err, StandardCharsets.UTF_8), List.copyOf(states));
    }

    @Test
    void aPreparedStatementRunAgainWithoutADescribeIsMaskedUnderItsOwnColumns() throws Exception {
        JsonNode s = session("appdb-cols");
        // pgjdbc describes a server-prepared statement once, then runs it with Bind/Execute only: its rows
        // must not be masked under the columns of whatever statement was described last.
        try (Connection c = jdbc(s, "prepareThreshold=1");
             PreparedStatement ruled = c.prepareStatement("SELECT upper(name), name FROM customers WHERE notes = ?");
             PreparedStatement other = c.prepareStatement("SELECT 'x' || ?::text AS a, 'y' AS b")) {
            for (int i = 0; i < 3; i++) {
                ruled.setString(1, "plain");
                try (ResultSet rs = ruled.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("[NAME]|[NAME]", rs.getString(1) + "|" + rs.getString(2), "execution " + i);
                }
                other.setString(1, "z");
                try (ResultSet rs = other.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("xz|y", rs.getString(1) + "|" + rs.getString(2), "execution " + i);
                }
            }
            c.setAutoCommit(false);
            try (PreparedStatement a = c.prepareStatement("SELECT upper(name), id FROM customers ORDER BY id")) {
                a.setFetchSize(1);  // a portal run in steps: Execute, PortalSuspended, Execute ...
                try (ResultSet rs = a.executeQuery()) {
                    int n = 0;
                    while (rs.next()) {
                        assertEquals("[NAME]|[ID]", rs.getString(1) + "|" + rs.getString(2));
                        n++;
                    }
                    assertEquals(3, n);
                }
            }
            try (PreparedStatement u = c.prepareStatement("UPDATE customers SET notes = notes WHERE id = ?")) {
                for (int i = 1; i <= 3; i++) {
                    u.setInt(1, i);
                    u.addBatch();
                }
                assertEquals("[1, 1, 1]", java.util.Arrays.toString(u.executeBatch()));
            }
            c.commit();
        }
    }

    @Test
    void columnRulesFollowSqlCursorsPreparedStatementsAndDynamicQueries() throws Exception {
        JsonNode s = session("appdb-cols");   // rules: name, CARD*, id
        // FETCH and EXECUTE do not name the column; the DECLARE and PREPARE they run did.
        Psql r = psqlAll(s, "BEGIN", "DECLARE c CURSOR FOR SELECT upper(name), name FROM customers WHERE notes = 'plain'", "FETCH ALL c", "COMMIT").allOk();
        assertTrue(r.out().contains("[NAME]|[NAME]") && !r.out().contains("BOB"), r.out() + r.err());
        r = psqlAll(s, "PREPARE p AS SELECT upper(name) FROM customers WHERE notes = 'plain'", "EXECUTE p").allOk();
        assertTrue(r.out().contains("[NAME]") && !r.out().contains("BOB"), r.out() + r.err());
        try (Connection c = jdbc(s); Statement st = c.createStatement()) {
            st.execute("BEGIN");
            st.execute("DECLARE k CURSOR FOR SELECT lower(name) FROM customers WHERE notes = 'plain'");
            try (ResultSet rs = st.executeQuery("FETCH ALL FROM k")) {
                assertTrue(rs.next());
                assertEquals("[NAME]", rs.getString(1));
            }
            st.execute("COMMIT");
        }
        // Unicode-escaped identifiers name the same column and table.
        r = psql(s, "SELECT upper(U&\"n\\0061me\") FROM U&\"\\0063ustomers\" WHERE notes = 'plain'");
        assertEquals("[NAME]", r.out().strip(), r.err());
        r = psql(s, "COPY U&\"!0063ustomers\" UESCAPE '!' TO STDOUT");
        assertTrue(r.exit() == 0 && r.out().contains("[NAME]") && !r.out().contains("Bob"), r.out() + r.err());
        r = psql(s, "COPY U&\"!0063ustomers\" UESCAPE '!' (U&\"n\\0061me\") TO STDOUT");
        assertTrue(r.exit() == 0 && r.out().contains("[NAME]") && !r.out().contains("Bob"), r.out() + r.err());
        // A query assembled from strings and run by the server names nothing hoop can see.
        r = psql(s, "SELECT query_to_xml('select na' || 'me from cust' || 'omers', true, false, '')");
        assertTrue(!r.out().contains("Bob") && r.out().contains("[NAME]"), r.out() + r.err());
        r = psql(s, "COPY (SELECT query_to_xml('select na' || 'me from cust' || 'omers', true, false, '')) TO STDOUT");
        assertTrue(r.exit() != 0 && !r.out().contains("Bob"), r.out() + r.err());
        // A value cast to a name type is quoted as a relation, role or parameter that does not exist.
        for (String q : List.of("SELECT name::regclass FROM customers WHERE notes = 'plain'",
                "SELECT name::regrole FROM customers WHERE notes = 'plain'",
                "SELECT current_setting(name) FROM customers WHERE notes = 'plain'")) {
            r = psql(s, q);
            assertTrue(r.err().contains("\"[NAME]\"") && !r.err().toLowerCase().contains("bob"), q + ": " + r.err());
        }
        r = psql(s, "SELECT name FROM public.nosuch");
        assertTrue(r.err().contains("relation \"public.nosuch\" does not exist"), "the statement's own names stay: " + r.err());
    }

    @Test
    void numbersComputedFromAWholeRowValueDoNotSpellOutARuledColumn() throws Exception {
        JsonNode s = session("appdb-cols");
        // c::text is "(2,Bob,...)": its 4th character is the first of name. count(*) over the table must stay readable.
        Psql r = psql(s, "SELECT ascii(substr(c::text, 4, 1)) FROM customers c WHERE notes = 'plain'");
        assertEquals("[ID]", r.out().strip(), "the first letter of Bob is 66: " + r.err());
        r = psql(s, "SELECT count(*), sum(length(c.notes)) FROM public.customers AS c WHERE c.notes = 'plain'");
        assertEquals("1|5", r.out().strip(), "no whole row used: numbers stay readable " + r.err());
    }

    @Test
    void theRecordingKeepsAMaskedSampleAndSaysWhenItIsTruncated() throws Exception {
        JsonNode s = session("appdb-md5");    // record_rows: 2
        try (Connection c = jdbc(s); ResultSet rs = c.createStatement().executeQuery("SELECT id, email FROM customers ORDER BY id")) {
            int n = 0;
            while (rs.next()) n++;
            assertEquals(3, n, "the client gets every row");
        }
        String replay = gw.hoop("replay", s.get("id").asText()).out();
        assertTrue(replay.contains("| id | email"), replay);
        assertTrue(replay.contains("| 1  | [EMAIL] |") && replay.contains("| 2  | [EMAIL] |"), replay);
        assertFalse(replay.contains("| 3  | [EMAIL]"), replay);
        assertTrue(replay.contains("… 3 rows in all; the recording kept 2"), replay);
    }

    @Test
    void md5UpstreamAuthentication() throws Exception {
        JsonNode s = session("appdb-md5");
        try (Connection c = jdbc(s); ResultSet rs = c.createStatement().executeQuery("SELECT current_user")) {
            assertTrue(rs.next());
            assertEquals("app_md5", rs.getString(1));
        }
    }

    @Test
    void wrongPasswordAndEndedSessionsAreRefused() throws Exception {
        JsonNode s = session("appdb");
        String url = "jdbc:postgresql://" + s.get("host").asText() + ":" + s.get("port").asInt() + "/app";
        SQLException bad = assertThrows(SQLException.class, () -> DriverManager.getConnection(url, s.get("user").asText(), "wrong"));
        assertEquals("28P01", bad.getSQLState());
        SQLException upstreamCreds = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(url, UpstreamPostgres.SCRAM_USER, UpstreamPostgres.SCRAM_PASSWORD));
        assertEquals("28P01", upstreamCreds.getSQLState(), "the upstream credential is useless at hoop");
        try (Connection open = jdbc(s)) {
            assertEquals(0, gw.hoop("disconnect", s.get("id").asText().substring(0, 8)).exit());
            assertThrows(SQLException.class, () -> jdbc(s));
            assertThrows(SQLException.class, () -> open.createStatement().executeQuery("SELECT 1"));
        }
    }

    /**
     * hoop opened a session on the connection's database whatever the client named (psql -d other showed the data of
     * "app"), and dropped startup settings such as PGOPTIONS without a word.
     */
    @Test
    void anotherDatabaseIsRefusedAndDroppedStartupSettingsAreNamed() throws Exception {
        JsonNode s = session("appdb");
        Psql other = psqlWith(s, Map.of("PGDATABASE", "postgres"), "SELECT current_database()");
        assertEquals(2, other.exit(), other.out() + other.err());
        assertTrue(other.err().contains("connection appdb serves database \"app\", not \"postgres\""), other.err());
        assertFalse(other.out().contains("postgres"), other.out());

        Psql byUser = psqlWith(s, Map.of("PGDATABASE", s.get("user").asText()), "SELECT current_database()").allOk();
        assertEquals("app", byUser.out().strip(), "libpq's default database (the user name) means the connection's own");

        Psql options = psqlWith(s, Map.of("PGOPTIONS", "-c statement_timeout=1234"), "SHOW statement_timeout").allOk();
        assertTrue(options.err().contains("startup parameters not passed to the upstream: options"), options.err());
        assertNotEquals("1234ms", options.out().strip());
        Psql plain = psql(s, "SELECT 1").allOk();
        assertFalse(plain.err().contains("not passed"), "psql's own startup parameters are all passed or answered: " + plain.err());
    }

    static Psql psqlWith(JsonNode s, Map<String, String> env, String sql) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("psql", "-X", "-A", "-t", "-c", sql);
        s.get("env").fields().forEachRemaining(e -> pb.environment().put(e.getKey(), e.getValue().asText()));
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Psql(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8),
                p.exitValue() == 0 ? List.of("00000") : List.of());
    }

    @Test
    void reviewWaitsForApproval() throws Exception {
        JsonNode s = session("appdb");
        try (Connection c = jdbc(s)) {
            var insert = TestGateway.async(() -> {
                try {
                    return c.createStatement().executeUpdate("INSERT INTO audit_log (msg) VALUES ('approved write')");
                } catch (SQLException e) {
                    throw new RuntimeException(e);
                }
            });
            String id = awaitPending();
            assertEquals(0, upstream.count("SELECT count(*) FROM audit_log"));
            assertEquals(0, gw.hoop("approve", id).exit());
            assertEquals(1, insert.get(20, TimeUnit.SECONDS));
        }
        assertEquals(1, upstream.count("SELECT count(*) FROM audit_log WHERE msg = 'approved write'"));
    }

    static CompletableFuture<Integer> insertAsync(Connection c, String msg) {
        return TestGateway.async(() -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log (msg) VALUES (?)")) {
                ps.setString(1, msg);
                return ps.executeUpdate();
            } catch (SQLException e) {
                throw new RuntimeException(e);
            }
        });
    }

    @Test
    void anApprovalCoversOneStatementAndAWindowCoversTheSession() throws Exception {
        JsonNode once = session("appdb");
        try (Connection c = jdbc(once)) {
            var first = insertAsync(c, "once-1");
            String firstId = awaitPending();
            String shown = JSON.readTree(gw.hoop("approvals", "list", "--json").out()).get(0).get("command").asText();
            assertEquals("INSERT INTO audit_log (msg) VALUES ($1)  -- with $1 = 'once-1'", shown, "the approver sees the values");
            assertEquals(0, gw.hoop("approve", firstId).exit());
            assertEquals(1, first.get(20, TimeUnit.SECONDS));
            var second = insertAsync(c, "once-2");
            String again = awaitPending();     // the same statement needs its own approval
            assertEquals(0, gw.hoop("deny", again).exit());
            assertThrows(Exception.class, () -> second.get(20, TimeUnit.SECONDS));
        }
        JsonNode windowed = session("appdb");
        try (Connection c = jdbc(windowed); Connection other = jdbc(windowed)) {
            var first = insertAsync(c, "window-1");
            assertEquals(0, gw.hoop("approve", awaitPending(), "--window").exit());
            assertEquals(1, first.get(20, TimeUnit.SECONDS));
            assertEquals(1, insertAsync(other, "window-2").get(5, TimeUnit.SECONDS), "granted for the session's other connections too");
        }
        JsonNode elsewhere = session("appdb");
        try (Connection c = jdbc(elsewhere)) {
            var stranger = insertAsync(c, "window-3");
            assertEquals(0, gw.hoop("deny", awaitPending()).exit(), "a window never crosses into another session");
            assertThrows(Exception.class, () -> stranger.get(20, TimeUnit.SECONDS));
        }
        assertEquals(3, upstream.count("SELECT count(*) FROM audit_log WHERE msg IN ('once-1', 'window-1', 'window-2')"));
        assertEquals(0, upstream.count("SELECT count(*) FROM audit_log WHERE msg IN ('once-2', 'window-3')"));
    }

    /**
     * With min_approvals 2, the last approver asking for a window must not widen the other's approval of one statement
     * into the rule for the whole session: found on a real gateway, alice approved an UPDATE, bob approved it with
     * --window, and the next unbounded write ran unapproved.
     */
    @Test
    void aWindowNeedsEveryRequiredApproverToAskForIt() throws Exception {
        JsonNode s = session("appdb-two");
        try (Connection c = jdbc(s)) {
            var first = insertAsync(c, "two-1");
            String id = awaitPending();
            assertEquals(0, gw.hoop("approve", id, "--as", "alice").exit());
            var widened = gw.hoop("approve", id, "--as", "bob", "--window");
            assertEquals(1, widened.exit(), widened.out() + widened.err());
            assertTrue(widened.err().contains("alice approved this statement only"), widened.err());
            assertEquals(0, gw.hoop("approve", id, "--as", "bob").exit(), "approving the statement alone still works");
            assertEquals(1, first.get(20, TimeUnit.SECONDS));
            var second = insertAsync(c, "two-2");
            assertEquals(0, gw.hoop("deny", awaitPending(), "--as", "alice").exit(), "no window was granted");
            assertThrows(Exception.class, () -> second.get(20, TimeUnit.SECONDS));
            var third = insertAsync(c, "two-3");
            String both = awaitPending();
            assertEquals(0, gw.hoop("approve", both, "--as", "alice", "--window").exit());
            assertEquals(0, gw.hoop("approve", both, "--as", "bob", "--window").exit());
            assertEquals(1, third.get(20, TimeUnit.SECONDS));
            assertEquals(1, insertAsync(c, "two-4").get(5, TimeUnit.SECONDS), "both asked: the window holds");
        }
        assertEquals(3, upstream.count("SELECT count(*) FROM audit_log WHERE msg IN ('two-1', 'two-3', 'two-4')"));
        assertEquals(0, upstream.count("SELECT count(*) FROM audit_log WHERE msg = 'two-2'"));
    }

    /**
     * Ending a session stops what its connections still run upstream: PostgreSQL notices a gone client only when it
     * next writes, so a write started before `hoop disconnect` ran on and committed after the session's end (found on
     * a real gateway: UPDATE ... AND pg_sleep(25) IS NOT NULL set its row 17 s after the disconnect, unrecorded).
     */
    @Test
    void endingASessionCancelsTheStatementItsConnectionStillRuns() throws Exception {
        JsonNode s = session("appdb-two");
        String running = "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'UPDATE customers SET notes = notes%'";
        try (Connection c = jdbc(s)) {
            var update = TestGateway.async(() -> {
                try (Statement st = c.createStatement()) {
                    return st.executeUpdate("UPDATE customers SET notes = notes WHERE id = 1 AND pg_sleep(60) IS NOT NULL");
                } catch (SQLException e) {
                    throw new RuntimeException(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (upstream.count(running) == 0 && System.nanoTime() < deadline) Thread.sleep(50);
            assertEquals(1, upstream.count(running), "the update runs upstream");
            assertEquals(0, gw.hoop("disconnect", s.get("id").asText()).exit());
            assertThrows(Exception.class, () -> update.get(15, TimeUnit.SECONDS), "the client's connection ends with its session");
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (upstream.count(running) > 0 && System.nanoTime() < deadline) Thread.sleep(50);
            assertEquals(0, upstream.count(running), "the statement was cancelled upstream, not left to commit");
        }
        JsonNode next = session("appdb-two");
        try (Connection c = jdbc(next); Statement st = c.createStatement()) {
            assertEquals(1, st.executeUpdate("UPDATE customers SET notes = notes WHERE id = 1"), "a connection of a live session still writes");
        }
    }

    /** Statements a client pipelined behind the running one (each its own Query or Sync) do not run after the end either. */
    @Test
    void endingASessionStopsWhatWasPipelinedBehindTheRunningStatement() throws Exception {
        JsonNode s = session("appdb-two");
        String first = "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'SELECT pg_sleep(60) AS first_probe%'";
        String second = "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(60) AS second_probe%'";
        String third = "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(60) AS third_probe%'";
        try (RawPgClient c = raw(s)) {
            c.inOneWrite(() -> {
                c.query("SELECT pg_sleep(60) AS first_probe");
                c.query("SELECT pg_sleep(60) AS second_probe");
                c.parse("", "SELECT pg_sleep(60) AS third_probe");
                c.bind("");
                c.execute();
                c.sync();
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (upstream.count(first) == 0 && System.nanoTime() < deadline) Thread.sleep(50);
            assertEquals(1, upstream.count(first), "the first runs upstream");
            assertEquals(0, gw.hoop("disconnect", s.get("id").asText()).exit());
            Thread.sleep(3000);
            assertEquals(0, upstream.count(first), "the running statement was cancelled");
            assertEquals(0, upstream.count(second), "the statement pipelined behind it did not start");
            assertEquals(0, upstream.count(third), "nor the extended-protocol one behind that");
        }
    }

    @Test
    void reExecutingAnApprovedPreparedStatementNeedsANewApproval() throws Exception {
        JsonNode s = session("appdb");
        try (Connection c = jdbc(s, "prepareThreshold=-1");
             PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log (msg) VALUES (?)")) {
            var first = TestGateway.async(() -> {
                try {
                    ps.setString(1, "prepared-1");
                    return ps.executeUpdate();
                } catch (SQLException e) {
                    throw new RuntimeException(e);
                }
            });
            assertEquals(0, gw.hoop("approve", awaitPending()).exit());
            assertEquals(1, first.get(20, TimeUnit.SECONDS));
            var second = TestGateway.async(() -> {
                try {
                    ps.setString(1, "prepared-2");
                    return ps.executeUpdate();
                } catch (SQLException e) {
                    return e;
                }
            });
            String again = awaitPending();
            String shown = JSON.readTree(gw.hoop("approvals", "list", "--json").out()).get(0).get("command").asText();
            assertTrue(shown.endsWith("-- with $1 = 'prepared-2'"), shown);
            assertEquals(0, gw.hoop("deny", again, "--reason", "not twice").exit());
            Object r = second.get(20, TimeUnit.SECONDS);
            assertTrue(r instanceof SQLException e && "42501".equals(e.getSQLState()), String.valueOf(r));
            c.createStatement().executeQuery("SELECT 1").close();   // still usable
        }
        assertEquals(1, upstream.count("SELECT count(*) FROM audit_log WHERE msg = 'prepared-1'"));
        assertEquals(0, upstream.count("SELECT count(*) FROM audit_log WHERE msg = 'prepared-2'"));
    }

    /**
     * While a statement waits for approval the client may go on sending; hoop must stop reading it after a bounded
     * number of bytes (not only of messages: 10,000 frames of 16 MiB would take any heap), and read on once the
     * wait is over.
     */
    @Test
    void aClientSendingOnWhileAStatementWaitsIsNotReadWithoutBound() throws Exception {
        JsonNode s = session("appdb");
        try (RawPgClient c = raw(s)) {
            c.query("INSERT INTO audit_log (msg) VALUES ('held back')");
            String id = awaitPending();
            String big = "SELECT 1 /* " + "x".repeat(4 << 20) + " */";
            int count = 20; // 80 MiB in all, well past what hoop may hold for one connection
            var sent = TestGateway.async(() -> {
                try {
                    for (int i = 0; i < count; i++) c.query(big);
                    return true;
                } catch (java.io.IOException e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(3000);
            assertFalse(sent.isDone(), "hoop read 80 MiB from a client whose statement waits for approval");
            assertEquals(0, gw.hoop("deny", id).exit());
            assertTrue(sent.get(180, TimeUnit.SECONDS));  // a bound: 80 MiB judged and recorded takes a loaded machine a minute
            assertEquals("42501", RawPgClient.sqlState(c.until('Z')));
            for (int i = 0; i < count; i++) {
                List<RawPgClient.Msg> answer = c.until('Z');
                assertTrue(answer.stream().anyMatch(m -> m.type() == 'C'), "statement " + i + ": " + answer);
            }
        }
        assertEquals(0, upstream.count("SELECT count(*) FROM audit_log WHERE msg = 'held back'"));
    }

    static RawPgClient raw(JsonNode s) throws Exception {
        return new RawPgClient(s.get("host").asText(), s.get("port").asInt(), s.get("user").asText(), s.get("password").asText(),
                s.get("database").asText());
    }

    /** Sends the messages, then answers the SQLSTATE the exchange up to ReadyForQuery ended with (null: none). */
    static CompletableFuture<String> exchange(RawPgClient c, RawPgClient.Io send) {
        return TestGateway.async(() -> {
            try {
                send.run();
                return String.valueOf(RawPgClient.sqlState(c.until('Z')));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    /**
     * SQL PREPARE and the protocol's Parse share one namespace: a Bind may run a statement prepared with SQL. The
     * PREPARE's approval covers preparing, and each Bind of it waits for its own, with its values, as after a Parse.
     */
    @Test
    void eachBindOfAStatementPreparedWithSqlNeedsItsOwnApproval() throws Exception {
        JsonNode s = session("appdb");
        try (RawPgClient c = raw(s)) {
            var prepared = exchange(c, () -> c.query("PREPARE ins(text) AS INSERT INTO audit_log (msg) VALUES ($1)"));
            assertEquals(0, gw.hoop("approve", awaitPending()).exit());
            assertEquals("null", prepared.get(20, TimeUnit.SECONDS));
            var bound = exchange(c, () -> {
                c.bind("ins", "sql-prepared-1");
                c.execute();
                c.sync();
            });
            String id = awaitPending();
            String shown = JSON.readTree(gw.hoop("approvals", "list", "--json").out()).get(0).get("command").asText();
            assertTrue(shown.contains("'sql-prepared-1'"), shown);
            assertEquals(0, gw.hoop("deny", id).exit());
            assertEquals("42501", bound.get(20, TimeUnit.SECONDS));
        }
        assertEquals(0, upstream.count("SELECT count(*) FROM audit_log WHERE msg = 'sql-prepared-1'"));
    }

    /**
     * SQL EXECUTE runs what PREPARE (or a Parse) put under its name, which its text does not show: it was judged as
     * procedural alone, so approving a reviewed INSERT's PREPARE once let EXECUTE insert any values, any number of
     * times, with no approval. It is now judged as the statement it runs too, and the approver sees that statement;
     * after DEALLOCATE the name runs nothing hoop saw, so a new PREPARE of it decides alone.
     */
    @Test
    void sqlExecuteOfAReviewedStatementNeedsItsOwnApproval() throws Exception {
        JsonNode s = session("appdb");
        try (RawPgClient c = raw(s)) {
            var prepared = exchange(c, () -> c.query("PREPARE ins_sql(text) AS INSERT INTO audit_log (msg) VALUES ($1)"));
            assertEquals(0, gw.hoop("approve", awaitPending()).exit());
            assertEquals("null", prepared.get(20, TimeUnit.SECONDS));
            var executed = exchange(c, () -> c.query("EXECUTE ins_sql('sql-exec-1')"));
            String id = awaitPending();
            String shown = JSON.readTree(gw.hoop("approvals", "list", "--json").out()).get(0).get("command").asText();
            assertTrue(shown.contains("EXECUTE ins_sql('sql-exec-1')") && shown.contains("ins_sql was prepared as: INSERT INTO audit_log"), shown);
            assertEquals(0, gw.hoop("deny", id).exit());
            assertEquals("42501", executed.get(20, TimeUnit.SECONDS));
            var explained = exchange(c, () -> c.query("EXPLAIN ANALYZE EXECUTE ins_sql('sql-exec-3')"));
            assertEquals(0, gw.hoop("deny", awaitPending()).exit());
            assertEquals("42501", explained.get(20, TimeUnit.SECONDS));
            // The EXECUTE itself prepared by a Parse: each Bind waits with its values, as for the INSERT's own Parse.
            var bound = exchange(c, () -> {
                c.parse("run_ins", "EXECUTE ins_sql($1)");
                c.bind("run_ins", "sql-exec-2");
                c.execute();
                c.sync();
            });
            String bindId = awaitPending();
            shown = JSON.readTree(gw.hoop("approvals", "list", "--json").out()).get(0).get("command").asText();
            assertTrue(shown.contains("'sql-exec-2'") && shown.contains("ins_sql was prepared as: INSERT INTO audit_log"), shown);
            assertEquals(0, gw.hoop("deny", bindId).exit());
            assertEquals("42501", bound.get(20, TimeUnit.SECONDS));
            assertEquals("null", exchange(c, () -> c.query("DEALLOCATE ins_sql; PREPARE ins_sql(text) AS SELECT upper($1)")).get(20, TimeUnit.SECONDS));
            assertEquals("null", exchange(c, () -> c.query("EXECUTE ins_sql('no review now')")).get(20, TimeUnit.SECONDS));
        }
        assertEquals(0, upstream.count("SELECT count(*) FROM audit_log WHERE msg IN ('sql-exec-1', 'sql-exec-2', 'sql-exec-3')"));
    }

    /**
     * A named statement cannot be parsed again while it exists: the server refuses the second Parse and a Bind of the
     * name still runs the first, so it is still judged (here: needs approval) as the first.
     */
    @Test
    void aSecondParseOfAReviewedStatementsNameDoesNotLiftItsReview() throws Exception {
        JsonNode s = session("appdb");
        try (RawPgClient c = raw(s)) {
            assertEquals("null", exchange(c, () -> {
                c.parse("keep", "INSERT INTO audit_log (msg) VALUES ($1)");
                c.sync();
            }).get(20, TimeUnit.SECONDS));
            assertEquals("42P05", exchange(c, () -> {
                c.parse("keep", "SELECT $1::text");
                c.sync();
            }).get(20, TimeUnit.SECONDS), "the name is taken");
            var bound = exchange(c, () -> {
                c.bind("keep", "reused-name");
                c.execute();
                c.sync();
            });
            assertEquals(0, gw.hoop("deny", awaitPending()).exit());
            assertEquals("42501", bound.get(20, TimeUnit.SECONDS));
        }
        assertEquals(0, upstream.count("SELECT count(*) FROM audit_log WHERE msg = 'reused-name'"));
    }

    @Test
    void aClientThatLeavesWhileWaitingCancelsItsRequest() throws Exception {
        JsonNode s = session("appdb");
        Connection c = jdbc(s);
        var insert = insertAsync(c, "abandoned");
        String id = awaitPending();
        c.unwrap(org.postgresql.core.BaseConnection.class).getQueryExecutor().close();   // drop the socket mid-wait
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String status = "";
        while (System.nanoTime() < deadline) {
            for (JsonNode a : JSON.readTree(gw.hoop("approvals", "list", "--all", "--json").out())) {
                if (a.get("id").asText().equals(id)) status = a.get("status").asText();
            }
            if (status.equals("cancelled")) break;
            Thread.sleep(100);
        }
        assertEquals("cancelled", status);
        assertThrows(Exception.class, () -> insert.get(10, TimeUnit.SECONDS));
        assertEquals(0, upstream.count("SELECT count(*) FROM audit_log WHERE msg = 'abandoned'"));
    }

    @Test
    void cancelReachesTheUpstreamBackend() throws Exception {
        JsonNode s = session("appdb");
        try (Connection c = jdbc(s); Statement st = c.createStatement()) {
            var cancel = TestGateway.async(() -> {
                try {
                    Thread.sleep(500);
                    st.cancel();
                    return null;
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            long t0 = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, () -> st.execute("SELECT pg_sleep(20)"));
            assertEquals("57014", e.getSQLState());
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10));
            cancel.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void statementsAreRecordedUnderTheSession() throws Exception {
        JsonNode s = session("appdb");
        try (Connection c = jdbc(s)) {
            c.createStatement().executeQuery("SELECT email FROM customers WHERE id = 1").close();
        }
        var replay = gw.hoop("replay", s.get("user").asText());   // the database user names its session too
        assertEquals(0, replay.exit(), replay.err());
        assertTrue(replay.out().contains("$ SELECT email FROM customers WHERE id = 1"), replay.out());
        assertTrue(replay.out().contains("SELECT 1"), replay.out());
        assertFalse(replay.out().contains("alice@example.com"), replay.out());
    }

    @Test
    void aDisconnectedSessionIsSignedAndVerifies() throws Exception {
        JsonNode s = session("appdb");
        String id = s.get("id").asText();
        try (Connection c = jdbc(s)) {
            for (int i = 0; i < 20; i++) {
                c.createStatement().executeQuery("SELECT email FROM customers WHERE id = " + (i % 3 + 1)).close();
            }
        }
        assertTrue(psql(s, "SELECT 1; DELETE FROM customers").err().contains("denied by"), "a denial is part of the recording too");
        assertEquals(0, gw.hoop("disconnect", id.substring(0, 8)).exit());
        var verify = gw.hoop("audit", "verify", id.substring(0, 8));
        assertEquals(0, verify.exit(), verify.out() + verify.err());
        assertTrue(verify.out().contains("OK") && !verify.out().contains("unsigned"), verify.out());
    }

    @Test
    void attachedConnectShowsStatementsLiveAndEndsWithTheSession() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream ps = new java.io.PrintStream(out, true, StandardCharsets.UTF_8);
        var attached = TestGateway.async(() -> HoopCommand.run(
                new CliContext(gw.env, new java.io.ByteArrayInputStream(new byte[0]), ps, ps), "connect", "appdb"));
        String text = awaitOutput(out, "Ctrl-C ends the session");
        String uri = text.lines().filter(l -> l.strip().startsWith("postgresql://")).findFirst().orElseThrow().strip();
        java.net.URI u = java.net.URI.create(uri);
        String[] userInfo = u.getRawUserInfo().split(":", 2);
        String id = text.lines().filter(l -> l.startsWith("hoop: session ")).findFirst().orElseThrow().split(" ")[2];
        assertTrue(text.contains("export PGPASSWORD="), text);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + u.getHost() + ":" + u.getPort() + u.getPath(),
                userInfo[0], java.net.URLDecoder.decode(userInfo[1], StandardCharsets.UTF_8))) {
            c.createStatement().executeQuery("SELECT name FROM customers WHERE id = 2").close();
            assertThrows(SQLException.class, () -> c.createStatement().execute("DROP TABLE customers"));
        }
        awaitOutput(out, "DROP TABLE customers  ->  deny (sql-guard.no-ddl)");
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("SELECT name FROM customers WHERE id = 2  ->  allow"), out.toString());
        assertEquals(0, gw.hoop("disconnect", id).exit());
        assertEquals(0, attached.get(15, TimeUnit.SECONDS));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("session ended"), out.toString());
    }

    @Test
    void attachedConnectPromptsForItsOwnSessionsApprovals() throws Exception {
        Attached a = Attached.start();
        var out = a.out();
        var keys = a.keys();
        var attached = a.run();
        String id = a.id();
        try (Connection c = a.connect()) {
            var insert = insertAsync(c, "prompted");
            awaitOutput(out, "agent wants to run: INSERT INTO audit_log (msg) VALUES ($1) -- [a]pprove [d]eny [v]iew, then Enter");
            keys.write("v\n".getBytes(StandardCharsets.UTF_8));
            keys.write("a\n".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            assertEquals(1, insert.get(20, TimeUnit.SECONDS));
            awaitOutput(out, " approved");
        }
        assertEquals(0, gw.hoop("disconnect", id).exit());
        assertEquals(0, attached.get(15, TimeUnit.SECONDS));
        assertEquals(1, upstream.count("SELECT count(*) FROM audit_log WHERE msg = 'prompted'"));
    }

    /**
     * The attached prompt shows the statement as the characters that will run: printed raw, ESC[2K ESC[1G in a comment
     * erased "agent wants to run: INSERT ..." on the person's terminal and a carriage return let the rest overwrite it.
     * The prompt line and the [v]iew show each as an escape, and nothing the client wrote reaches the terminal raw.
     */
    @Test
    void attachedConnectShowsEscapeSequencesInAStatementNotObeyed() throws Exception {
        Attached a = Attached.start();
        var out = a.out();
        var keys = a.keys();
        var attached = a.run();
        String id = a.id();
        try (Connection c = a.connect()) {
            var insert = TestGateway.async(() -> {
                try {
                    return c.createStatement().executeUpdate("INSERT INTO audit_log (msg) VALUES ('spoofed') /*\u001b[2K\r\u001b[1G*/");
                } catch (SQLException e) {
                    return e;
                }
            });
            awaitOutput(out, "agent wants to run: INSERT INTO audit_log (msg) VALUES ('spoofed') /*\\x1b[2K \\x1b[1G*/ -- [a]pprove");
            keys.write("v\n".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            awaitOutput(out, "\nINSERT INTO audit_log (msg) VALUES ('spoofed') /*\\x1b[2K\\x0d\\x1b[1G*/\n");
            keys.write("d\n".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            assertTrue(insert.get(20, TimeUnit.SECONDS) instanceof SQLException e && "42501".equals(e.getSQLState()));
            awaitOutput(out, " denied");
        }
        assertEquals(0, gw.hoop("disconnect", id).exit());
        assertEquals(0, attached.get(15, TimeUnit.SECONDS));
        String all = out.toString(StandardCharsets.UTF_8);
        assertTrue(all.indexOf('\u001b') < 0 && all.indexOf('\r') < 0, all);
        assertEquals(0, upstream.count("SELECT count(*) FROM audit_log WHERE msg = 'spoofed'"));
    }

    /** An attached `hoop connect appdb` run in-process: what it prints, the keys typed to it, its session. */
    record Attached(java.io.ByteArrayOutputStream out, java.io.PipedOutputStream keys, CompletableFuture<Integer> run,
            String id, java.net.URI uri) {
        static Attached start() throws Exception {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            java.io.PrintStream ps = new java.io.PrintStream(out, true, StandardCharsets.UTF_8);
            java.io.PipedOutputStream keys = new java.io.PipedOutputStream();
            java.io.PipedInputStream in = new java.io.PipedInputStream(keys);
            var run = TestGateway.async(() -> HoopCommand.run(new CliContext(gw.env, in, ps, ps), "connect", "appdb"));
            String text = awaitOutput(out, "Ctrl-C ends the session");
            String id = text.lines().filter(l -> l.startsWith("hoop: session ")).findFirst().orElseThrow().split(" ")[2];
            java.net.URI u = java.net.URI.create(text.lines().filter(l -> l.strip().startsWith("postgresql://")).findFirst().orElseThrow().strip());
            return new Attached(out, keys, run, id, u);
        }

        /** A JDBC connection with the session's credentials, from the URI it printed. */
        Connection connect() throws SQLException {
            String[] userInfo = uri.getRawUserInfo().split(":", 2);
            return DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath(),
                    userInfo[0], java.net.URLDecoder.decode(userInfo[1], StandardCharsets.UTF_8));
        }
    }

    static String awaitOutput(java.io.ByteArrayOutputStream out, String needle) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            String s = out.toString(StandardCharsets.UTF_8);
            if (s.contains(needle)) return s;
            Thread.sleep(50);
        }
        throw new AssertionError("never printed '" + needle + "': " + out.toString(StandardCharsets.UTF_8));
    }

    static String awaitPending() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            JsonNode list = JSON.readTree(gw.hoop("approvals", "list", "--json").out());
            List<String> ids = new ArrayList<>();
            list.forEach(a -> ids.add(a.get("id").asText()));
            if (!ids.isEmpty()) return ids.get(0);
            Thread.sleep(50);
        }
        throw new AssertionError("no pending approval");
    }
}
