package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Statements whose effect PostgreSQL's grammar gives away but whose kind said less, confirmed through hoop on a real
 * server with pgjdbc in both protocols: finishing another session's prepared transaction, leaving a role for the login
 * one with DISCARD ALL, making a subscription, WHERE clauses that match every row however they are folded, row locks,
 * row security and definer rights, file_fdw programs and files, publications of everything, LIKE and OWNED BY.
 */
class PostgresHiddenEffectsTest {
    @TempDir
    static Path dir;
    static UpstreamPostgres upstream;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = new UpstreamPostgres(dir.resolve("pg"), Map.of("max_prepared_transactions", "4"));
        superuser("CREATE ROLE limited; GRANT limited TO " + UpstreamPostgres.SCRAM_USER
                + "; CREATE TABLE kept (id int); GRANT ALL ON kept TO " + UpstreamPostgres.SCRAM_USER);
        String connection = """
                  - name: %2$s
                    type: postgres
                    listen: 127.0.0.1:0
                    upstream: { host: 127.0.0.1, port: %1$d, database: app, user: %3$s, password: %4$s, sslmode: disable }
                    policies: [%5$s]
                """;
        int port = upstream.port();
        String app = "\"${env:APPDB_PASSWORD}\"";
        String cfg = TestGateway.config("connections:\n"
                + connection.formatted(port, "appdb-read", UpstreamPostgres.SCRAM_USER, app, "read-only")
                + connection.formatted(port, "appdb-limited", UpstreamPostgres.SCRAM_USER, app, "limited-role")
                + connection.formatted(port, "appdb-bounded", UpstreamPostgres.SCRAM_USER, app, "bounded-writes")
                + connection.formatted(port, "appdb-super", "postgres", "unused", "ddl-ok")
                + connection.formatted(port, "appdb-super-no-grants", "postgres", "unused", "no-grants")
                + connection.formatted(port, "appdb-no-grants", UpstreamPostgres.SCRAM_USER, app, "no-grants")
                + connection.formatted(port, "appdb-customers", UpstreamPostgres.SCRAM_USER, app, "customers-ddl")
                + connection.formatted(port, "appdb-no-pii-reads", UpstreamPostgres.SCRAM_USER, app, "no-pii-reads") + """
                policies:
                  no-pii-reads:
                    default: allow
                    rules:
                      - { name: pii, action: deny, match: { kind: [read], tables: [customers] }, message: "customers are not read" }
                  read-only:
                    default: deny
                    unknown: deny
                    rules:
                      - { name: reads, action: allow, match: { kind: [read, transaction, session] } }
                  limited-role:
                    default: allow
                    rules:
                      - { name: roles, action: deny, match: { kind: [dcl], text: ['^(?!SET ROLE limited$)'] } }
                  bounded-writes:
                    default: allow
                    rules:
                      - { name: unbounded, action: deny, match: { kind: [write], unbounded: true } }
                  customers-ddl:
                    default: allow
                    rules:
                      - { name: customers, action: deny, match: { kind: [ddl], tables: [customers, anchors] } }
                  no-grants:
                    default: allow
                    rules:
                      - { name: privileges, action: deny, match: { kind: [dcl] } }
                  ddl-ok:
                    default: allow
                    unknown: deny
                    rules:
                      - { name: admin, action: deny, match: { kind: [admin] } }
                      - { name: programs, action: deny, match: { kind: [copy-program] } }
                """);
        gw = new TestGateway(dir.resolve("home"), cfg, Map.of("APPDB_PASSWORD", UpstreamPostgres.SCRAM_PASSWORD));
    }

    @AfterAll
    static void stop() throws Exception {
        UpstreamPostgres.stop(gw, upstream);
    }

    /**
     * Any session of the same user may finish a prepared transaction. An application logging in as the upstream user
     * prepares a DELETE; through a read-only connection COMMIT PREPARED was "transaction" and ran it, deleting the
     * customer, and ROLLBACK PREPARED discarded the application's work. Both are now refused and the transaction waits.
     */
    @Test
    void anotherSessionsPreparedTransactionIsNotFinishedThroughAReadOnlyConnection() throws Exception {
        try (Connection app = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + upstream.port() + "/app",
                UpstreamPostgres.SCRAM_USER, UpstreamPostgres.SCRAM_PASSWORD); Statement st = app.createStatement()) {
            st.execute("BEGIN");
            st.execute("DELETE FROM customers WHERE id = 3");
            st.execute("PREPARE TRANSACTION 'app-tx-1'");
        }
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-read");
        for (String mode : new String[] {"simple", "extended"}) {
            for (String sql : new String[] {"COMMIT PREPARED 'app-tx-1'", "ROLLBACK PREPARED 'app-tx-1'"}) {
                try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                    SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), mode + ": " + sql);
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                }
            }
        }
        assertEquals(3, upstream.count("SELECT count(*) FROM customers"));
        assertEquals(1, upstream.count("SELECT count(*) FROM pg_prepared_xacts WHERE gid = 'app-tx-1'"));
        // Its lock on customers would hold DDL on the table in the other tests.
        superuser("ROLLBACK PREPARED 'app-tx-1'");
    }

    /**
     * DISCARD ALL runs SET SESSION AUTHORIZATION DEFAULT and RESET ROLE: after the one role change a policy allows, it
     * went back to the login role as "session", past the rule refusing every other role change. Now it is dcl.
     */
    @Test
    void discardAllDoesNotLeaveTheAllowedRole() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-limited");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                st.execute("SET ROLE limited");
                SQLException e = assertThrows(SQLException.class, () -> st.execute("DISCARD ALL"), mode);
                assertEquals("42501", e.getSQLState(), e.getMessage());
                try (ResultSet rs = st.executeQuery("SELECT current_user")) {
                    rs.next();
                    assertEquals("limited", rs.getString(1), mode);
                }
                st.execute("DISCARD PLANS");
            }
        }
    }

    /**
     * A subscription connects to a server its text names and writes the tables that server's publications name: as
     * "ddl" a superuser connection denying only admin (and unknown) made one. Now it is unknown, and dropping one admin.
     */
    @Test
    void aSubscriptionIsNotPlainDdl() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-super");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> st.execute("CREATE SUBSCRIPTION feed CONNECTION 'host=127.0.0.1 port="
                        + upstream.port() + " dbname=app' PUBLICATION everything WITH (connect = false)"), mode);
                assertEquals("42501", e.getSQLState(), e.getMessage());
                e = assertThrows(SQLException.class, () -> st.execute("DROP SUBSCRIPTION IF EXISTS feed"), mode);
                assertEquals("42501", e.getSQLState(), e.getMessage());
                st.execute("CREATE TABLE IF NOT EXISTS made_here (a int)");
            }
        }
        assertEquals(0, upstream.count("SELECT count(*) FROM pg_subscription"));
    }

    /**
     * ALTER ... OWNER TO hands the object to a role whose members then hold every privilege on it (they can read and
     * drop the table), as GRANT ALL or REASSIGN OWNED would: it was "ddl", past a rule refusing privilege changes.
     * Renaming a column called owner is still ddl.
     */
    @Test
    void givingATableAwayIsAPrivilegeChange() throws Exception {
        superuser("CREATE TABLE given (owner int); ALTER TABLE given OWNER TO " + UpstreamPostgres.SCRAM_USER);
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-no-grants");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                for (String sql : new String[] {"ALTER TABLE given OWNER TO limited", "ALTER TABLE given ADD COLUMN b int, OWNER TO limited"}) {
                    SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), mode + ": " + sql);
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                }
                st.execute("ALTER TABLE given RENAME owner TO holder");
                st.execute("ALTER TABLE given RENAME holder TO owner");
            }
        }
        assertEquals(1, upstream.count("SELECT count(*) FROM pg_tables WHERE tablename = 'given' AND tableowner = '"
                + UpstreamPostgres.SCRAM_USER + "'"));
    }

    /**
     * CREATE SCHEMA ... AUTHORIZATION r makes r own the schema and every element made with it, as ALTER SCHEMA ... OWNER
     * TO r (dcl) would: it was "ddl", past a rule refusing privilege changes. A schema of one's own is still ddl.
     */
    @Test
    void aSchemaMadeForAnotherRoleIsAPrivilegeChange() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-no-grants");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                for (String sql : new String[] {"CREATE SCHEMA handed AUTHORIZATION limited",
                        "CREATE SCHEMA AUTHORIZATION limited CREATE TABLE handed_t (a int)"}) {
                    SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), mode + ": " + sql);
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                }
                st.execute("CREATE SCHEMA own_" + mode + " CREATE TABLE kept_here (a int)");
            }
        }
        assertEquals(0, upstream.count("SELECT count(*) FROM pg_namespace WHERE nspowner = 'limited'::regrole"));
        assertEquals(2, upstream.count("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'own\\_%'"));
    }

    /**
     * Row security loosened without GRANT: a LEAKPROOF function runs below a security_barrier view's and row security's
     * filters (a NOTICE of its argument then showed another role every hidden row), and dropping a restrictive policy
     * opens the rows it hid. Both were "ddl" while CREATE POLICY was dcl, past a superuser connection's rule refusing
     * privilege changes. NOT LEAKPROOF and DROP TRIGGER stay ddl.
     */
    @Test
    void rowSecurityIsNotLoosenedAsDdl() throws Exception {
        superuser("CREATE TABLE fenced (id int); ALTER TABLE fenced ENABLE ROW LEVEL SECURITY;"
                + " CREATE POLICY everyone ON fenced USING (true); CREATE POLICY only_one ON fenced AS RESTRICTIVE TO limited USING (id = 1);"
                + " CREATE FUNCTION peek(int) RETURNS bool LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE 'saw %', $1; RETURN true; END $$;"
                + " CREATE TRIGGER noop BEFORE INSERT ON fenced FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()");
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-super-no-grants");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                for (String sql : new String[] {"ALTER FUNCTION peek(int) LEAKPROOF", "DROP POLICY only_one ON fenced",
                        "DROP POLICY IF EXISTS everyone ON fenced"}) {
                    SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), mode + ": " + sql);
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                }
                st.execute("ALTER FUNCTION peek(int) NOT LEAKPROOF");
            }
        }
        assertEquals(0, upstream.count("SELECT count(*) FROM pg_proc WHERE proname = 'peek' AND proleakproof"));
        assertEquals(2, upstream.count("SELECT count(*) FROM pg_policy WHERE polrelid = 'fenced'::regclass"));
        try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=simple"); Statement st = c.createStatement()) {
            st.execute("DROP TRIGGER noop ON fenced");
        }
    }

    /**
     * A GRANT refused as dcl ran once wrapped in a routine made and called through hoop, both of which a policy
     * refusing only privilege changes allows (ddl, procedural). The body a routine runs at each call is judged when it
     * is made: a body granting is dcl too. A body that only reads is still made.
     */
    @Test
    void aGrantInARoutinesBodyIsAPrivilegeChange() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-super-no-grants");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                for (String sql : new String[] {"CREATE OR REPLACE FUNCTION sneaky() RETURNS void LANGUAGE sql AS $$ GRANT ALL ON kept TO limited $$",
                        "CREATE OR REPLACE PROCEDURE sneaky_p() LANGUAGE plpgsql AS $$ BEGIN GRANT ALL ON kept TO limited; END $$"}) {
                    SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), mode + ": " + sql);
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                }
                st.execute("CREATE OR REPLACE FUNCTION counted() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM kept $$");
            }
        }
        assertEquals(0, upstream.count("SELECT count(*) FROM pg_proc WHERE proname IN ('sneaky', 'sneaky_p')"));
        assertEquals(0, upstream.count("SELECT count(*) FROM information_schema.role_table_grants WHERE grantee = 'limited' AND table_name = 'kept'"));
    }

    /**
     * An aggregate whose state function is set_config sets a parameter at each use: with INITCOND 'role', SELECT
     * as_role('limited', false) switched the role as the refused SET ROLE would (made as procedural and ddl, used as a
     * routine call). Binding set_config so is unknown now, as set_config with a computed name is.
     */
    @Test
    void anAggregateBindingSetConfigIsNotMade() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-no-grants");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> st.execute(
                        "CREATE AGGREGATE as_role(text, bool) (sfunc = set_config, stype = text, initcond = 'role')"), mode);
                assertEquals("42501", e.getSQLState(), e.getMessage());
                st.execute("CREATE OR REPLACE AGGREGATE summed(int) (sfunc = int4pl, stype = int, initcond = '0')");
            }
        }
        assertEquals(0, upstream.count("SELECT count(*) FROM pg_proc WHERE proname = 'as_role'"));
    }

    /**
     * ALTER ROLE ... SET puts a setting into every later session of the role: a superuser connection refusing admin
     * refused SET log_statement = 'none' but ran ALTER ROLE ALL SET log_statement = 'none' (dcl) for every role. A
     * role's superuser setting is now admin, as SET of it is; an ordinary one stays dcl.
     */
    @Test
    void aRolesSuperuserSettingIsAdmin() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-super");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                for (String sql : new String[] {"ALTER ROLE ALL SET log_statement = 'none'",
                        "ALTER ROLE limited IN DATABASE app SET session_replication_role = replica"}) {
                    SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), mode + ": " + sql);
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                }
                st.execute("ALTER ROLE limited SET work_mem = '8MB'");
                st.execute("ALTER ROLE limited RESET work_mem");
            }
        }
        assertEquals(0, upstream.count("SELECT count(*) FROM pg_db_role_setting"));
    }

    /**
     * TRIGGER ALL takes in the system triggers that enforce foreign keys: a superuser's DISABLE TRIGGER ALL stops the
     * checks for every session (an orphan row then goes in), which SET session_replication_role = replica, admin, does
     * for one. It was "ddl", past a rule denying admin; one user trigger is still ddl.
     */
    @Test
    void switchingOffForeignKeyTriggersIsAdmin() throws Exception {
        superuser("CREATE TABLE fk_parent (id int PRIMARY KEY); CREATE TABLE fk_child (p int REFERENCES fk_parent)");
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-super");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> st.execute("ALTER TABLE fk_child DISABLE TRIGGER ALL"), mode);
                assertEquals("42501", e.getSQLState(), e.getMessage());
                st.execute("ALTER TABLE fk_child DISABLE TRIGGER USER");
            }
        }
        SQLException orphan = assertThrows(SQLException.class, () -> superuser("INSERT INTO fk_child VALUES (42)"));
        assertEquals("23503", orphan.getSQLState(), orphan.getMessage());
    }

    /**
     * COPY to or from a file of the database host reads or writes it as the server's account (a written
     * postgresql.auto.conf runs its archive_command after a reload): it was copy-out or copy-in, past a rule denying
     * admin, which pg_read_file and pg_file_write are. COPY to the client is still copy-out.
     */
    @Test
    void copyWithAServerFileIsAdmin() throws Exception {
        Path out = dir.resolve("pg").resolve("copied.txt");
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-super");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                for (String sql : new String[] {"COPY (SELECT 'x') TO '" + out + "'", "COPY kept FROM '" + dir.resolve("pg").resolve("pg_hba.conf") + "'"}) {
                    SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), mode + ": " + sql);
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                }
                java.io.StringWriter copied = new java.io.StringWriter();
                new org.postgresql.copy.CopyManager(c.unwrap(org.postgresql.core.BaseConnection.class)).copyOut("COPY (SELECT 1) TO STDOUT", copied);
                assertEquals("1\n", copied.toString());
            }
        }
        assertEquals(false, java.nio.file.Files.exists(out));
    }

    /**
     * A foreign key installs triggers on the table it references: from then on deleting a referenced row is refused
     * (or cascades). CREATE TABLE ... REFERENCES anchors named only the new table, past a rule on DDL touching anchors.
     */
    @Test
    void aForeignKeyNamesTheTableItReferences() throws Exception {
        superuser("CREATE TABLE anchors (id int PRIMARY KEY); GRANT ALL ON anchors TO " + UpstreamPostgres.SCRAM_USER);
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-customers");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class,
                        () -> st.execute("CREATE TABLE pins (c int REFERENCES anchors ON DELETE CASCADE)"), mode);
                assertEquals("42501", e.getSQLState(), e.getMessage());
                st.execute("CREATE TABLE IF NOT EXISTS unpinned (c int)");
            }
        }
        assertEquals(0, upstream.count("SELECT count(*) FROM pg_tables WHERE tablename = 'pins'"));
    }

    /**
     * Each condition matches every row whose id is not null (NOT of a comparison that never holds, a tautology under
     * IS NOT FALSE or = true, a list holding the column itself, a false conjunct under NOT, a comparison or its
     * complement, a range from id to id, a pattern matching any text), or reads nothing of the row and so holds for all
     * rows alike (a subquery that does not refer to it, another FROM or USING item's column), or compares a column with
     * itself however qualified, or with the same column of the table joined whole to itself (or read whole by a
     * subquery): PostgreSQL changed every row while hoop read them as restricting, so a rule on unbounded writes let
     * them through.
     */
    @ParameterizedTest
    @ValueSource(strings = {"DELETE FROM kept WHERE NOT id <> id", "DELETE FROM kept WHERE (id = id) IS NOT FALSE",
            "UPDATE kept SET id = 9 WHERE id IN (0, id)", "DELETE FROM kept WHERE NOT (id = 1 AND false)",
            "DELETE FROM kept WHERE (id <> id) = false", "DELETE FROM kept WHERE id IS NULL OR NOT id IS NULL",
            "DELETE FROM kept WHERE EXISTS (SELECT 1 FROM pg_class)",
            "UPDATE kept SET id = 9 WHERE (SELECT count(*) FROM pg_class) > 0",
            "DELETE FROM kept WHERE kept.id = id", "DELETE FROM kept USING customers WHERE customers.id = 1",
            "UPDATE kept SET id = 9 FROM customers c WHERE c.id = 1", "DELETE FROM kept WHERE id = 1 OR id <> 1",
            "DELETE FROM kept WHERE id::text LIKE '%'", "DELETE FROM kept WHERE id BETWEEN id AND id",
            "DELETE FROM kept USING kept AS k2 WHERE kept.id = k2.id", "DELETE FROM kept WHERE id IN (SELECT id FROM kept)"})
    void aWhereFoldingToTrueIsUnbounded(String sql) throws Exception {
        superuser("DELETE FROM kept; INSERT INTO kept VALUES (1), (2)");
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-bounded");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), mode + ": " + sql);
                assertEquals("42501", e.getSQLState(), e.getMessage());
                assertEquals(2, upstream.count("SELECT count(*) FROM kept WHERE id IN (1, 2)"), mode + ": " + sql);
                // One that depends on the data still runs.
                assertEquals(0, st.executeUpdate("DELETE FROM kept WHERE NOT id <> 7"));
            }
        }
    }

    /**
     * A row lock is written into the row: PostgreSQL refuses SELECT ... FOR UPDATE / FOR KEY SHARE in a read-only
     * transaction, wants UPDATE privilege for it, and it blocks other sessions' writes to the rows until the transaction
     * ends. As "read" a read-only connection took such locks; now they are write. A plain SELECT still reads.
     */
    @Test
    void rowLocksAreNotReads() throws Exception {
        try (Connection c = upstream.superuser("app"); Statement st = c.createStatement()) {
            st.execute("BEGIN READ ONLY");
            SQLException e = assertThrows(SQLException.class, () -> st.execute("SELECT id FROM kept FOR KEY SHARE"));
            assertEquals("25006", e.getSQLState(), e.getMessage());
            st.execute("ROLLBACK");
        }
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-read");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                for (String sql : new String[] {"SELECT id FROM kept FOR UPDATE", "SELECT id FROM kept FOR KEY SHARE SKIP LOCKED",
                        "WITH l AS (SELECT id FROM kept FOR NO KEY UPDATE) SELECT count(*) FROM l"}) {
                    SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), mode + ": " + sql);
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                }
                st.execute("SELECT id FROM kept");
            }
        }
    }

    /**
     * Row security and the privileges views and routines run with are access control, though spelt as ALTER or CREATE:
     * switching a table's row security off or unforced, a policy showing every row, the one that filtered made to show
     * all, a view no longer a security barrier, a routine running as its owner. As "ddl" they passed a rule refusing privilege
     * changes (dcl); now they are dcl. Adding a column is still ddl.
     */
    @Test
    void rowSecurityAndDefinerRightsArePrivilegeChanges() throws Exception {
        String me = UpstreamPostgres.SCRAM_USER;
        superuser("CREATE TABLE guarded (id int, owner text); ALTER TABLE guarded OWNER TO " + me
                + "; ALTER TABLE guarded ENABLE ROW LEVEL SECURITY; ALTER TABLE guarded FORCE ROW LEVEL SECURITY"
                + "; CREATE POLICY mine ON guarded USING (owner = current_user)"
                + "; CREATE VIEW guarded_view WITH (security_barrier = true) AS SELECT * FROM guarded; ALTER VIEW guarded_view OWNER TO " + me
                + "; CREATE FUNCTION guarded_fn() RETURNS int LANGUAGE sql AS 'SELECT 1'; ALTER FUNCTION guarded_fn() OWNER TO " + me);
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-no-grants");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                for (String sql : new String[] {"ALTER TABLE guarded DISABLE ROW LEVEL SECURITY", "ALTER TABLE guarded NO FORCE ROW LEVEL SECURITY",
                        "CREATE POLICY everything ON guarded USING (true)", "ALTER POLICY mine ON guarded USING (true)",
                        "ALTER VIEW guarded_view SET (security_barrier = false)", "ALTER FUNCTION guarded_fn() SECURITY DEFINER"}) {
                    SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), mode + ": " + sql);
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                }
                st.execute("ALTER TABLE guarded ADD COLUMN IF NOT EXISTS note text");
            }
        }
        assertEquals(1, upstream.count("SELECT count(*) FROM pg_class WHERE relname = 'guarded' AND relrowsecurity AND relforcerowsecurity"));
        assertEquals(1, upstream.count("SELECT count(*) FROM pg_policy WHERE polrelid = 'guarded'::regclass"));
        assertEquals(1, upstream.count("SELECT count(*) FROM pg_class WHERE relname = 'guarded_view' AND 'security_barrier=true' = ANY (reloptions)"));
        assertEquals(0, upstream.count("SELECT count(*) FROM pg_proc WHERE proname = 'guarded_fn' AND prosecdef"));
    }

    /**
     * DROP SCHEMA ... CASCADE drops every table in the schema, and renaming it moves them out from under the names rules
     * know: both named no table, so the rule refusing DDL on customers let them drop or rename vault.customers. They name
     * every table of the schema now ("vault.*"), which a rule on a table name of any schema meets.
     */
    @Test
    void droppingOrRenamingASchemaActsOnEveryTableInIt() throws Exception {
        superuser("CREATE SCHEMA vault AUTHORIZATION " + UpstreamPostgres.SCRAM_USER + "; CREATE TABLE vault.customers (id int);"
                + "ALTER TABLE vault.customers OWNER TO " + UpstreamPostgres.SCRAM_USER);
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-customers");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                for (String sql : new String[] {"DROP SCHEMA vault CASCADE", "ALTER SCHEMA vault RENAME TO vault_gone"}) {
                    SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), mode + ": " + sql);
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                }
            }
        }
        assertEquals(1, upstream.count("SELECT count(*) FROM pg_tables WHERE schemaname = 'vault' AND tablename = 'customers'"));
    }

    /**
     * A routine's SET clause runs its body under the setting: SET role = limited runs it as that role, a privilege change
     * spelt as CREATE FUNCTION (procedural) or ALTER FUNCTION (ddl), which passed a rule refusing dcl (the function then
     * answered limited). Another setting is still the statement's own kind.
     */
    @Test
    void aRoutinesRoleSettingIsAPrivilegeChange() throws Exception {
        superuser("CREATE FUNCTION whoami() RETURNS text LANGUAGE sql AS 'SELECT current_user::text'; ALTER FUNCTION whoami() OWNER TO "
                + UpstreamPostgres.SCRAM_USER);
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-no-grants");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                for (String sql : new String[] {"CREATE FUNCTION as_limited() RETURNS text LANGUAGE sql SET role = limited AS 'SELECT current_user::text'",
                        "ALTER FUNCTION whoami() SET role TO limited"}) {
                    SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), mode + ": " + sql);
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                }
                st.execute("ALTER FUNCTION whoami() SET work_mem = '8MB'");
            }
        }
        assertEquals(0, upstream.count("SELECT count(*) FROM pg_proc WHERE proname = 'as_limited'"));
        assertEquals(0, upstream.count("SELECT count(*) FROM pg_proc WHERE proname = 'whoami' AND 'role=limited' = ANY (proconfig)"));
    }

    /**
     * file_fdw's program option runs a shell command on the database host each time the table is read, and filename
     * reads a server file: CREATE FOREIGN TABLE with them was "ddl", past rules refusing copy-program and admin (which
     * COPY ... PROGRAM and COPY from a file are). A publication of all tables streams every table's rows, later ones too,
     * to any subscriber, a superuser's matter: it was ddl, now admin. A publication of one table is still ddl.
     */
    @Test
    void foreignTablesRunningProgramsAndPublishingEverythingAreNotPlainDdl() throws Exception {
        superuser("CREATE EXTENSION IF NOT EXISTS file_fdw; CREATE SERVER files FOREIGN DATA WRAPPER file_fdw"
                + "; CREATE FOREIGN TABLE shell_demo (line text) SERVER files OPTIONS (program 'echo ran')"
                + "; CREATE TABLE published (id int PRIMARY KEY)");
        try (Connection c = upstream.superuser("app"); ResultSet rs = c.createStatement().executeQuery("SELECT line FROM shell_demo")) {
            rs.next();
            assertEquals("ran", rs.getString(1));
        }
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-super");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                for (String sql : new String[] {"CREATE FOREIGN TABLE shell (line text) SERVER files OPTIONS (program 'echo ran')",
                        "CREATE FOREIGN TABLE hba (line text) SERVER files OPTIONS (filename '" + dir.resolve("pg").resolve("pg_hba.conf") + "')",
                        "ALTER FOREIGN TABLE shell_demo OPTIONS (SET program 'id')", "CREATE PUBLICATION all_rows FOR ALL TABLES"}) {
                    SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), mode + ": " + sql);
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                }
                st.execute("CREATE PUBLICATION some_rows_" + mode + " FOR TABLE published");
            }
        }
        assertEquals(0, upstream.count("SELECT count(*) FROM pg_class WHERE relname IN ('shell', 'hba')"));
        assertEquals(0, upstream.count("SELECT count(*) FROM pg_publication WHERE puballtables"));
        assertEquals(2, upstream.count("SELECT count(*) FROM pg_publication WHERE pubname LIKE 'some_rows_%'"));
        assertEquals(1, upstream.count("SELECT count(*) FROM pg_foreign_table WHERE 'program=echo ran' = ANY (ftoptions)"));
    }

    /**
     * CREATE TABLE ... (LIKE customers INCLUDING ALL) copies customers' definition, and a sequence OWNED BY
     * customers.id is dropped with it: both named only their own object, past a rule on DDL touching customers.
     */
    @Test
    void likeAndOwnedByNameTheOtherTable() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-customers");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                for (String sql : new String[] {"CREATE TABLE copycat (LIKE customers INCLUDING ALL)",
                        "CREATE SEQUENCE tied OWNED BY customers.id"}) {
                    SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), mode + ": " + sql);
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                }
                st.execute("CREATE SEQUENCE IF NOT EXISTS untied");
            }
        }
        assertEquals(0, upstream.count("SELECT count(*) FROM pg_class WHERE relname IN ('copycat', 'tied')"));
    }

    /**
     * An upsert of a table's own rows (INSERT INTO t TABLE t ON CONFLICT (id) DO UPDATE) meets every row on its key and
     * updates them all, as UPDATE t without WHERE does: it was a write with no unbounded flag. One of new rows still runs.
     */
    @Test
    void anUpsertOfATablesOwnRowsIsUnbounded() throws Exception {
        superuser("CREATE TABLE upserted (id int PRIMARY KEY, a int); INSERT INTO upserted VALUES (1, 0), (2, 0); GRANT ALL ON upserted TO "
                + UpstreamPostgres.SCRAM_USER);
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-bounded");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                for (String sql : new String[] {"INSERT INTO upserted TABLE upserted ON CONFLICT (id) DO UPDATE SET a = 9",
                        "INSERT INTO upserted SELECT * FROM upserted ON CONFLICT (id) DO UPDATE SET a = excluded.a + 9"}) {
                    SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), mode + ": " + sql);
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                }
                st.execute("INSERT INTO upserted VALUES (3, 0) ON CONFLICT (id) DO UPDATE SET a = 0");
            }
        }
        assertEquals(0, upstream.count("SELECT count(*) FROM upserted WHERE a <> 0"));
    }

    /**
     * A statement is also judged as the reads of rows it makes: a rule denying reads of customers met a SELECT of it,
     * but not once FOR UPDATE made the SELECT a write, nor the read INSERT ... SELECT, UPDATE ... FROM, RETURNING or
     * COPY TO make. Writes that read nothing of it still run.
     */
    @Test
    void aStatementIsJudgedAsTheReadsItMakes() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-no-pii-reads");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                for (String sql : new String[] {"SELECT email FROM customers", "SELECT email FROM customers WHERE id = 1 FOR UPDATE",
                        "INSERT INTO audit_log (msg) SELECT email FROM customers",
                        "UPDATE audit_log SET msg = c.email FROM customers c WHERE c.id = audit_log.id",
                        "UPDATE customers SET name = name WHERE id = 1 RETURNING email"}) {
                    SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), mode + ": " + sql);
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                    assertTrue(e.getMessage().contains("customers are not read"), e.getMessage());
                }
                st.execute("UPDATE customers SET name = name WHERE id = 1");
                st.execute("INSERT INTO audit_log (msg) VALUES ('kept')");
            }
        }
        PostgresEndToEndTest.Psql copy = PostgresEndToEndTest.psql(s, "COPY customers (email) TO STDOUT");
        assertTrue(copy.err().contains("customers are not read") && !copy.out().contains("@"), copy.err() + copy.out());
        assertEquals(0, upstream.count("SELECT count(*) FROM audit_log WHERE msg LIKE '%@%'"));
    }

    /**
     * adminpack 1.0 (still installable: CREATE EXTENSION adminpack VERSION '1.0') puts pg_read_file and
     * pg_rotate_logfile under other names into pg_catalog, where no stored routine is looked for: through a connection
     * denying admin, pg_file_read read a server file as "read". Now they are admin, as the functions they rename.
     */
    @Test
    void adminpacksOldNamesReadNoServerFile() throws Exception {
        superuser("CREATE EXTENSION IF NOT EXISTS adminpack VERSION '1.0'");
        try {
            JsonNode s = PostgresEndToEndTest.session(gw, "appdb-super");
            for (String mode : new String[] {"simple", "extended"}) {
                try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                    for (String sql : new String[] {"SELECT pg_file_read('PG_VERSION', 0, 100)", "SELECT pg_catalog.pg_file_length('PG_VERSION')",
                            "SELECT pg_logfile_rotate()"}) {
                        SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), mode + ": " + sql);
                        assertEquals("42501", e.getSQLState(), e.getMessage());
                    }
                    st.execute("SELECT 1");
                }
            }
        } finally {
            superuser("DROP EXTENSION adminpack");
        }
    }

    private static void superuser(String sql) throws SQLException {
        try (Connection c = upstream.superuser("app"); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
