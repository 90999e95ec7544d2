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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Evasion attempts sent by a real driver through the real proxy, in both protocols: what must be blocked
 * gets 42501 and never reaches the upstream; text that only looks dangerous is not blocked.
 */
class PostgresEvasionCorpusTest {
    @TempDir
    static Path dir;
    static UpstreamPostgres upstream;
    static TestGateway gw;
    static JsonNode session;

    @BeforeAll
    static void start() throws Exception {
        // WAL archiving on, with no command: ALTER SYSTEM may set one (aServerCommandSetByAlterSystemIsAProgram); and
        // pg_stat_statements, whose record a setting may switch off (superuserSettingsThatSwitchOffGuardsAreAdmin).
        upstream = new UpstreamPostgres(dir.resolve("pg"), Map.of("archive_mode", "on", "shared_preload_libraries", "pg_stat_statements"));
        superuser("CREATE EXTENSION pg_stat_statements");
        // Stored routines that write, as a database may already hold: called through SELECT they do what CALL would.
        superuser("""
                CREATE FUNCTION wipe_customers() RETURNS int LANGUAGE plpgsql AS $$ BEGIN DELETE FROM customers; RETURN 1; END $$;
                CREATE FUNCTION "Stable_Wrapper"() RETURNS int LANGUAGE sql STABLE AS $$ SELECT wipe_customers() $$;
                CREATE FUNCTION wipe_row(c customers) RETURNS int LANGUAGE sql AS $$ DELETE FROM customers RETURNING 1 $$;
                CREATE EXTENSION earthdistance CASCADE;
                CREATE EXTENSION xml2;
                """ + REACHED_WITHOUT_A_CALL);
        // A role the connection's user may switch to: SET ROLE to it succeeds, so only hoop's judging stops it.
        superuser("CREATE ROLE corpus_admin; GRANT corpus_admin TO " + UpstreamPostgres.SCRAM_USER);
        // Views calling built-ins with effects, as a database may hold: reading one makes the call.
        superuser("CREATE VIEW numbering AS SELECT nextval('audit_log_id_seq') AS n; CREATE VIEW numbering_too AS SELECT * FROM numbering;"
                + "CREATE VIEW ending AS SELECT pg_terminate_backend(pg_backend_pid()) AS ended;"
                + "GRANT SELECT ON numbering, numbering_too, ending TO " + UpstreamPostgres.SCRAM_USER);
        // Materialized views whose REFRESH calls one, directly or through such a view, and one calling nothing.
        superuser("CREATE MATERIALIZED VIEW numbering_matview AS SELECT nextval('audit_log_id_seq') AS n WITH NO DATA;"
                + "CREATE MATERIALIZED VIEW numbering_view_matview AS SELECT * FROM numbering WITH NO DATA;"
                + "CREATE MATERIALIZED VIEW plain_matview AS SELECT 1 AS n WITH NO DATA;"
                + "ALTER MATERIALIZED VIEW numbering_matview OWNER TO app_rw; ALTER MATERIALIZED VIEW numbering_view_matview OWNER TO app_rw;"
                + "ALTER MATERIALIZED VIEW plain_matview OWNER TO app_rw");
        superuser("CREATE SCHEMA billing; CREATE TABLE billing.invoices (id int, paid bool); INSERT INTO billing.invoices VALUES (1, false);"
                + "GRANT USAGE ON SCHEMA billing TO " + UpstreamPostgres.SCRAM_USER + "; GRANT ALL ON billing.invoices TO " + UpstreamPostgres.SCRAM_USER);
        // Roles whose own default search_path puts billing first: set on the role in this database, and "$user".
        superuser("CREATE ROLE corpus_billing LOGIN PASSWORD '" + ROLE_PASSWORD + "'; CREATE ROLE billing LOGIN PASSWORD '" + ROLE_PASSWORD + "';"
                + "GRANT USAGE ON SCHEMA billing TO corpus_billing, billing; GRANT ALL ON billing.invoices TO corpus_billing, billing;"
                + "ALTER ROLE corpus_billing IN DATABASE app SET search_path = billing, public");
        // A stored routine moving its caller's search_path to billing (aSearchPathSetByCodeHoopDoesNotSeeIsReadBack).
        superuser("CREATE FUNCTION public.to_billing() RETURNS void LANGUAGE plpgsql AS $$ BEGIN"
                + " PERFORM set_config('search_path', 'billing, public', false); END $$");
        superuser("CREATE TABLE merged (id int); INSERT INTO merged VALUES (1), (2); GRANT ALL ON merged TO " + UpstreamPostgres.SCRAM_USER);
        superuser("CREATE TABLE customers_copy (LIKE customers); GRANT ALL ON customers_copy TO " + UpstreamPostgres.SCRAM_USER
                + "; CREATE TABLE customers_kept AS SELECT * FROM customers");
        superuser("CREATE TABLE summarized (a int); CREATE INDEX summarized_brin ON summarized USING brin (a);"
                + "ALTER TABLE summarized OWNER TO " + UpstreamPostgres.SCRAM_USER);
        // Before any connection's catalog read (replacingAViewWithoutItsSecurityOptionsIsDcl).
        superuser("CREATE VIEW barrier_view WITH (security_barrier) AS SELECT id FROM customers;"
                + "CREATE VIEW barrier_less_view AS SELECT id FROM customers");
        superuser(OVER_BUILTINS_WITH_EFFECTS + "CREATE SEQUENCE tickets; GRANT ALL ON tickets TO " + UpstreamPostgres.SCRAM_USER
                + "; CREATE TABLE object_refs (o oid); INSERT INTO object_refs VALUES (424242); ALTER TABLE object_refs OWNER TO "
                + UpstreamPostgres.SCRAM_USER);
        // A foreign table running a program on the server at each read (file_fdw's program option), and a view of it.
        superuser("CREATE EXTENSION file_fdw; CREATE SERVER programs FOREIGN DATA WRAPPER file_fdw;"
                + "CREATE FOREIGN TABLE stamped (line text) SERVER programs OPTIONS (program 'date >> " + dir.resolve("stamps") + "; echo read');"
                + "CREATE VIEW stamped_view AS SELECT * FROM stamped; GRANT SELECT ON stamped, stamped_view TO " + UpstreamPostgres.SCRAM_USER + ";"
                + "CREATE TABLE stamped_parts (line text) PARTITION BY LIST (line); CREATE FOREIGN TABLE stamped_part PARTITION OF stamped_parts"
                + " FOR VALUES IN ('read') SERVER programs OPTIONS (program 'date >> " + dir.resolve("stamps") + "; echo read');"
                + "GRANT SELECT ON stamped_parts TO " + UpstreamPostgres.SCRAM_USER);
        // A table whose default calls a routine (which logs each call): a copy of it LIKE ... INCLUDING DEFAULTS calls it too.
        superuser("CREATE TABLE call_log (n int); GRANT INSERT ON call_log TO " + UpstreamPostgres.SCRAM_USER + ";"
                + "CREATE FUNCTION logged_call() RETURNS int LANGUAGE plpgsql AS $$ BEGIN INSERT INTO call_log VALUES (1); RETURN 1; END $$;"
                + "CREATE TABLE defaulted (a int, b int DEFAULT logged_call()); GRANT SELECT ON defaulted TO " + UpstreamPostgres.SCRAM_USER);
        superuser("CREATE VIEW locking_queue AS SELECT id FROM customers FOR UPDATE; CREATE VIEW locking_queue_too AS SELECT * FROM locking_queue;"
                + "GRANT SELECT ON locking_queue, locking_queue_too TO " + UpstreamPostgres.SCRAM_USER);
        int port = upstream.port();
        String cfg = TestGateway.config("connections:\n"
                + connection(port, "appdb", "app_rw", "read-only")
                + connection(port, "appdb-dev", "app_rw", "no-calls")
                + connection(port, "appdb-ddl", "app_rw", "ddl-no-procedural")
                + connection(port, "appdb-wide", "app_rw", "no-calls") + "    masking: [wide]\n"
                + connection(port, "appdb-blocks", "app_rw", "blocks-only")
                + connection(port, "appdb-guard", "app_rw", "customers-guard")
                + connection(port, "appdb-lax", "app_rw", "customers-guard-lax")
                + connection(port, "appdb-super", "postgres", "no-admin")
                + connection(port, "appdb-billing-role", "corpus_billing", "customers-guard")
                + connection(port, "appdb-billing-user", "billing", "customers-guard")
                + connection(port, "appdb-bounded", "app_rw", "bounded-writes")
                + connection(port, "appdb-reads", "app_rw", "customers-reads")
                + connection(port, "appdb-no-writes", "app_rw", "no-writes")
                + connection(port, "appdb-super-programs", "postgres", "no-programs")
                + """
                masking:
                  wide:
                    columns: { "wide_*": redact }
                policies:
                  no-programs:
                    default: allow
                    rules:
                      - { name: programs, action: deny, match: { kind: [copy-program] } }
                  no-writes:
                    default: allow
                    rules:
                      - { name: writes, action: deny, match: { kind: [write] } }
                  no-admin:
                    default: allow
                    rules:
                      - { name: admin, action: deny, match: { kind: [admin, dcl] } }
                  customers-guard:
                    default: allow
                    rules:
                      - { name: customers, action: deny, match: { kind: [write], tables: [customers, "billing.*"] } }
                      - { name: customers-reads, action: deny, match: { kind: [read], tables: [customers] } }
                  customers-reads:
                    default: allow
                    rules:
                      - { name: customers-reads, action: deny, match: { kind: [read], tables: [customers] } }
                  bounded-writes:
                    default: allow
                    rules:
                      - { name: unbounded, action: deny, match: { kind: [write], unbounded: true } }
                  customers-guard-lax:
                    default: allow
                    unknown: allow
                    rules:
                      - { name: customers, action: deny, match: { kind: [write], tables: [customers] } }
                  blocks-only:
                    default: allow
                    rules:
                      - { name: calls, action: deny, match: { kind: [procedural], text: ['(?i)^(?!\\s*do\\b)'] } }
                  ddl-no-procedural:
                    default: allow
                    rules:
                      - { name: procedural, action: deny, match: { kind: [procedural] } }
                  no-calls:
                    default: allow
                    rules:
                      - { name: calls, action: deny, match: { kind: [procedural], text: ['^\\s*(select|values|with)'] } }
                  read-only:
                    default: deny
                    unknown: deny
                    rules:
                      - { name: reads, action: allow, match: { kind: [read, transaction, session] } }
                      - { name: privilege, action: deny, match: { kind: [dcl] }, message: "no role changes" }
                """);
        gw = new TestGateway(dir.resolve("home"), cfg, Map.of("APPDB_PASSWORD", UpstreamPostgres.SCRAM_PASSWORD));
        session = PostgresEndToEndTest.session(gw, "appdb");
    }

    /** A name of 63 bytes: the server cuts longer ones to it, so LONG_NAME + "xyz" calls this routine. */
    static final String LONG_NAME = "wipe_" + "x".repeat(58);

    /**
     * Stored routines reached with no call in the statement's text: an aggregate's state function, an operator's
     * code, a cast's function, a domain's check, a view (and a view of it), a row security policy, and an
     * IMMUTABLE wrapper that planning folds (EXPLAIN runs it).
     */
    /** The password of the roles the corpus creates for itself. */
    private static final String ROLE_PASSWORD = "Corpus-Role-Pa55";

    /** One of the corpus's connections to the test server, as user (app_rw logs in with APPDB_PASSWORD). */
    private static String connection(int port, String name, String user, String policy) {
        String password = user.equals("app_rw") ? "\"${env:APPDB_PASSWORD}\"" : user.equals("postgres") ? "unused" : ROLE_PASSWORD;
        return "  - name: " + name + "\n    type: postgres\n    listen: 127.0.0.1:0\n"
                + "    upstream: { host: 127.0.0.1, port: " + port + ", database: app, user: " + user + ", password: " + password
                + ", sslmode: disable }\n    policies: [" + policy + "]\n";
    }

    static final String REACHED_WITHOUT_A_CALL = """
            CREATE FUNCTION wipe_pair(a int, b int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN DELETE FROM customers; RETURN a + b; END $$;
            CREATE AGGREGATE wipe_all(int) (SFUNC = wipe_pair, STYPE = int);
            CREATE OPERATOR === (FUNCTION = wipe_pair, LEFTARG = int, RIGHTARG = int);
            CREATE TYPE wiped AS (n int);
            CREATE FUNCTION to_wiped(int) RETURNS wiped LANGUAGE plpgsql AS $$ BEGIN DELETE FROM customers; RETURN ROW($1)::wiped; END $$;
            CREATE CAST (int AS wiped) WITH FUNCTION to_wiped(int);
            CREATE DOMAIN wipe_checked AS int CHECK (wipe_pair(VALUE, 0) IS NOT NULL);
            CREATE DOMAIN plain_positive AS int CHECK (VALUE > 0);
            CREATE DOMAIN wipe_checked_too AS wipe_checked;
            CREATE TABLE checked_holder (a wipe_checked);
            CREATE TYPE checked_pair AS (a wipe_checked);
            GRANT SELECT ON checked_holder TO app_rw;
            CREATE TYPE celsius AS (v int);
            CREATE FUNCTION celsius_int(celsius) RETURNS int LANGUAGE plpgsql AS $$ BEGIN DELETE FROM customers; RETURN ($1).v; END $$;
            CREATE CAST (celsius AS int) WITH FUNCTION celsius_int(celsius);
            CREATE TABLE readings (c celsius);
            INSERT INTO readings VALUES (ROW(1));
            GRANT SELECT ON readings TO app_rw;
            CREATE TYPE coins AS (v int);
            CREATE FUNCTION coins_cmp(coins, coins) RETURNS int LANGUAGE plpgsql AS $$ BEGIN DELETE FROM customers; RETURN ($1).v - ($2).v; END $$;
            CREATE FUNCTION coins_lt(coins, coins) RETURNS bool LANGUAGE sql AS $$ SELECT coins_cmp($1, $2) < 0 $$;
            CREATE FUNCTION coins_le(coins, coins) RETURNS bool LANGUAGE sql AS $$ SELECT coins_cmp($1, $2) <= 0 $$;
            CREATE FUNCTION coins_eq(coins, coins) RETURNS bool LANGUAGE sql AS $$ SELECT coins_cmp($1, $2) = 0 $$;
            CREATE FUNCTION coins_ge(coins, coins) RETURNS bool LANGUAGE sql AS $$ SELECT coins_cmp($1, $2) >= 0 $$;
            CREATE FUNCTION coins_gt(coins, coins) RETURNS bool LANGUAGE sql AS $$ SELECT coins_cmp($1, $2) > 0 $$;
            CREATE OPERATOR #< (FUNCTION = coins_lt, LEFTARG = coins, RIGHTARG = coins);
            CREATE OPERATOR #<= (FUNCTION = coins_le, LEFTARG = coins, RIGHTARG = coins);
            CREATE OPERATOR #= (FUNCTION = coins_eq, LEFTARG = coins, RIGHTARG = coins);
            CREATE OPERATOR #>= (FUNCTION = coins_ge, LEFTARG = coins, RIGHTARG = coins);
            CREATE OPERATOR #> (FUNCTION = coins_gt, LEFTARG = coins, RIGHTARG = coins);
            CREATE OPERATOR CLASS coins_ops DEFAULT FOR TYPE coins USING btree AS
              OPERATOR 1 #<, OPERATOR 2 #<=, OPERATOR 3 #=, OPERATOR 4 #>=, OPERATOR 5 #>, FUNCTION 1 coins_cmp(coins, coins);
            CREATE TABLE wallet (m coins);
            INSERT INTO wallet VALUES (ROW(2)), (ROW(1));
            GRANT SELECT ON wallet TO app_rw;
            CREATE VIEW wiping_view AS SELECT wipe_customers() AS n;
            CREATE VIEW wiping_view2 AS SELECT n FROM wiping_view;
            CREATE TABLE guarded (a int);
            INSERT INTO guarded VALUES (1);
            ALTER TABLE guarded ENABLE ROW LEVEL SECURITY;
            CREATE POLICY wipe_on_read ON guarded USING (wipe_pair(a, 0) > 0);
            GRANT SELECT ON wiping_view, wiping_view2, guarded TO app_rw;
            CREATE MATERIALIZED VIEW wiping_matview AS SELECT wipe_customers() AS n WITH NO DATA;
            ALTER MATERIALIZED VIEW wiping_matview OWNER TO app_rw;
            CREATE FUNCTION folded(int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN RETURN wipe_customers() + $1; END $$;
            """ + "CREATE FUNCTION " + LONG_NAME + "() RETURNS int LANGUAGE sql AS $$ DELETE FROM customers RETURNING 1 $$;";

    @AfterAll
    static void stop() throws Exception {
        UpstreamPostgres.stop(gw, upstream);
    }

    /** Returns the SQLSTATE the statement ended with, or "ok". */
    static String run(String sql, String mode) throws SQLException {
        try (Connection c = PostgresEndToEndTest.jdbc(session, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
            st.execute(sql);
            return "ok";
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> corpus() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("blocked", "DELETE FROM customers"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "dElEtE fRoM customers WHERE id = 1"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "DELETE/**/FROM customers"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "/* read */ DELETE FROM customers"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "-- just a comment\nDELETE FROM customers"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT 1; DELETE FROM customers"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT 1; /* ; */ DROP TABLE customers"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "WITH gone AS (DELETE FROM customers RETURNING *) SELECT * FROM gone"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "WITH x AS (SELECT 1) UPDATE customers SET notes = 'x'"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "EXPLAIN ANALYZE DELETE FROM customers"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "EXPLAIN (ANALYZE, FORMAT JSON) UPDATE customers SET notes = 'x'"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "PREPARE p AS DELETE FROM customers"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "DO $$ BEGIN DELETE FROM customers; END $$"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "DO $x$ BEGIN EXECUTE 'DROP TABLE customers'; END $x$"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "COPY customers TO PROGRAM 'cat > /tmp/x'"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "copy (select 1) to program 'id'"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "COPY customers FROM PROGRAM 'echo 1'"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "TRUNCATE customers"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "DROP TABLE customers"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "drop /* x */ table /* y */ customers"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "ALTER TABLE customers ADD COLUMN x int"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "CREATE TABLE stolen AS SELECT * FROM customers"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT * INTO stolen FROM customers"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "GRANT ALL ON customers TO PUBLIC"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SET ROLE postgres"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SET SESSION AUTHORIZATION postgres"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT set_config('role', 'postgres', false)"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT set_config('ro' || 'le', 'corpus_admin', false)"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT set_config('role'::text || '', 'corpus_admin', false)"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT pg_terminate_backend(1)"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT pg_catalog.pg_read_file('/etc/passwd')"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT \"pg_read_file\"('/etc/passwd')"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT lo_import('/etc/passwd')"),
                // Every change any session made since the slot's position, past table privileges and column masking.
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT * FROM pg_logical_slot_peek_changes('s', NULL, NULL)"),
                // xml2 reads the table its third argument names, with the SQL its fifth gives.
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT * FROM xpath_table('card', 'notes', 'customers', '/a', 'true') AS t(card text, a text)"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT nextval('audit_log_id_seq')"),
                // Column notation calls the built-in with no bracket after its name.
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT ('audit_log_id_seq'::regclass).nextval"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT s.nextval FROM CAST('audit_log_id_seq' AS regclass) s"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT (pg_backend_pid()).pg_terminate_backend"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT * FROM numbering"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "TABLE numbering_too"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT * FROM ending"),
                // Index maintenance, VACUUM's work, by a function in a SELECT.
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT brin_summarize_new_values('summarized_brin')"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "INSERT INTO audit_log (msg) VALUES ('x')"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "MERGE INTO customers c USING customers d ON c.id = d.id WHEN MATCHED THEN DELETE"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "CALL some_proc()"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "VACUUM customers"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "LOCK TABLE customers"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "DEL/**/ETE FROM customers"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SET standard_conforming_strings = off"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "NOTIFY chan, 'x'"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "(DELETE FROM customers)"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT wipe_customers()"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "select public . \"wipe_customers\" ( )"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT id FROM customers WHERE wipe_customers() = 1"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "VALUES ((SELECT wipe_customers()))"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT \"Stable_Wrapper\"()"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT c.wipe_row FROM customers c"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT wipe_all(id) FROM customers"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT 1 === 2"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT 1 ===-2"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT 1 OPERATOR(public.===) 2"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT 5::wiped"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT CAST(5 AS public.wiped)"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT 5::wipe_checked"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT 5::wipe_checked_too"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT '(5)'::checked_holder"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT ROW(5)::checked_pair"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT c::int FROM readings"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT * FROM wallet ORDER BY m"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT DISTINCT m FROM wallet"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT * FROM wiping_view"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "TABLE wiping_view2"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT * FROM guarded"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "EXPLAIN SELECT folded(1)"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "EXPLAIN SELECT wipe_customers()"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT " + LONG_NAME + "xyz()"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT \"" + LONG_NAME + "\u00e9\u00e9\"()"),
                org.junit.jupiter.params.provider.Arguments.of("allowed", "SELECT 'wipe_customers()', lower('X')"),
                // An extension's SQL functions declared IMMUTABLE are not the database's own stored code.
                org.junit.jupiter.params.provider.Arguments.of("allowed", "SELECT earth_distance(ll_to_earth(0, 0), ll_to_earth(1, 1))"),
                org.junit.jupiter.params.provider.Arguments.of("allowed", "SELECT 'DELETE FROM customers'"),
                org.junit.jupiter.params.provider.Arguments.of("allowed", "SELECT 1 -- ; DROP TABLE customers"),
                org.junit.jupiter.params.provider.Arguments.of("allowed", "SELECT $$; DROP TABLE customers; $$"),
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT E'\\\\'; DROP TABLE customers; --'"),
                org.junit.jupiter.params.provider.Arguments.of("allowed", "SELECT E'\\'; DROP TABLE customers; --'"),
                // A string continued on the next line keeps its state: the E string's second part ends after the $$.
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT E'x'\n'\\' || $$ '; DELETE FROM customers WHERE id = 3; -- $$"),
                org.junit.jupiter.params.provider.Arguments.of("allowed", "SELECT * FROM customers WHERE notes = 'drop table'"),
                org.junit.jupiter.params.provider.Arguments.of("allowed", "SELECT count(*) AS \"DELETE\" FROM customers"),
                org.junit.jupiter.params.provider.Arguments.of("allowed", "EXPLAIN DELETE FROM customers"),
                org.junit.jupiter.params.provider.Arguments.of("allowed", "BEGIN"),
                org.junit.jupiter.params.provider.Arguments.of("allowed", "SHOW search_path"),
                // A row lock is a write of the rows (refused in a read-only transaction): not for a read-only connection.
                org.junit.jupiter.params.provider.Arguments.of("blocked", "SELECT * FROM customers FOR UPDATE"),
                org.junit.jupiter.params.provider.Arguments.of("allowed", "/* DROP TABLE customers */ SELECT 1"));
    }

    @ParameterizedTest(name = "[{0}] {1}")
    @MethodSource("corpus")
    void judgedInBothProtocols(String expected, String sql) throws Exception {
        String stmt = sql.replace("\\n", "\n");
        for (String mode : new String[] {"simple", "extendedForPrepared", "extended"}) {
            String state = run(stmt, mode);
            if (expected.equals("blocked")) assertEquals("42501", state, mode + ": " + stmt);
            else assertNotEquals("42501", state, mode + ": " + stmt);
        }
        assertEquals(3, upstream.count("SELECT count(*) FROM customers"), "nothing denied reached the upstream");
        assertEquals(0, upstream.count("SELECT count(*) FROM audit_log"));
        assertEquals(0, upstream.count("SELECT count(*) FROM pg_tables WHERE tablename = 'stolen'"));
    }

    /**
     * hoop lexes SQL as PostgreSQL does with standard_conforming_strings on. An upstream whose own default is off
     * reads {@code '\\''} as a whole string, so text hoop takes for the inside of a string would run as statements
     * (this deletes a row there): such a connection is refused, at login or once a reload turns the setting off.
     */
    static final String HIDDEN_DELETE = "SELECT '\\'' ; DELETE FROM customers WHERE id = 3; --'";

    @Test
    void anUpstreamRoleDefaultOfOffIsRefusedAtLogin() throws Exception {
        superuser("ALTER ROLE " + UpstreamPostgres.SCRAM_USER + " SET standard_conforming_strings = off");
        try {
            PostgresEndToEndTest.Psql r = PostgresEndToEndTest.psql(session, HIDDEN_DELETE);
            assertNotEquals(0, r.exit());
            assertTrue(r.err().contains("standard_conforming_strings = off"), r.err());
            assertEquals(3, upstream.count("SELECT count(*) FROM customers"));
        } finally {
            superuser("ALTER ROLE " + UpstreamPostgres.SCRAM_USER + " RESET standard_conforming_strings");
        }
        // With the upstream back to the default, the same text is one harmless string again.
        PostgresEndToEndTest.Psql r = PostgresEndToEndTest.psql(session, HIDDEN_DELETE);
        assertEquals(0, r.exit(), r.err());
        assertEquals(3, upstream.count("SELECT count(*) FROM customers"));
    }

    @Test
    void aReloadThatTurnsItOffEndsTheOpenConnection() throws Exception {
                try (Connection c = PostgresEndToEndTest.jdbc(session); Statement st = c.createStatement()) {
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

    /**
     * A routine defined through hoop after a connection read the catalog: that connection, and one opened after,
     * judge calls of it as procedural (here denied) rather than by the SELECT around them.
     */
    @Test
    void aRoutineDefinedThroughHoopIsKnownToConnectionsThatReadTheCatalogBefore() throws Exception {
        JsonNode dev = PostgresEndToEndTest.session(gw, "appdb-dev");
        try (Connection c = PostgresEndToEndTest.jdbc(dev); Statement st = c.createStatement()) {
            st.execute("SELECT 1");
            st.execute("CREATE FUNCTION later_wipe() RETURNS int LANGUAGE sql AS $$ DELETE FROM customers RETURNING 1 $$");
            SQLException e = assertThrows(SQLException.class, () -> st.execute("SELECT later_wipe()"));
            assertEquals("42501", e.getSQLState(), e.getMessage());
            e = assertThrows(SQLException.class, () -> st.execute("SELECT * FROM customers WHERE later_wipe() = 1"));
            assertEquals("42501", e.getSQLState(), e.getMessage());
            st.execute("SELECT lower('still readable')");
        } finally {
            superuser("DROP FUNCTION IF EXISTS later_wipe()");
        }
        assertEquals(3, upstream.count("SELECT count(*) FROM customers"));
    }

    /**
     * DDL that binds a stored routine to an object (a domain's check, a view, an operator) is judged as a call, and
     * the object is then known as reaching the routine on the same connection, in one message or in a pipeline,
     * before any catalog read could list it: here the policy lets the DDL through but not the SELECT using it.
     */
    @Test
    void objectsBoundToARoutineThroughHoopAreKnownAtOnce() throws Exception {
        JsonNode dev = PostgresEndToEndTest.session(gw, "appdb-dev");
        String[][] cases = {
                {"CREATE DOMAIN later_checked AS int CHECK (wipe_pair(VALUE, 0) IS NOT NULL)", "SELECT 5::later_checked"},
                {"CREATE VIEW later_view AS SELECT wipe_customers() AS n", "SELECT * FROM later_view"},
                {"CREATE OPERATOR <=> (FUNCTION = wipe_pair, LEFTARG = int, RIGHTARG = int)", "SELECT 1 <=> 2"},
                // A built-in with effects in a view is called by reading it, as a routine is.
                {"CREATE VIEW later_numbering AS SELECT nextval('audit_log_id_seq') AS n", "SELECT * FROM later_numbering"},
        };
        String cleanup = "DROP DOMAIN IF EXISTS later_checked; DROP VIEW IF EXISTS later_view; DROP OPERATOR IF EXISTS <=> (int, int);"
                + "DROP VIEW IF EXISTS later_numbering";
        try {
            for (String mode : new String[] {"simple", "extended"}) {
                for (String[] c : cases) {
                    try (Connection conn = PostgresEndToEndTest.jdbc(dev, "preferQueryMode=" + mode); Statement st = conn.createStatement()) {
                        st.execute("SELECT 1");
                        // One message (simple) or one pipeline up to Sync (extended): the use is judged before the DDL ran.
                        SQLException e = assertThrows(SQLException.class, () -> st.execute(c[0] + "; " + c[1]), mode + ": " + c[1]);
                        assertEquals("42501", e.getSQLState(), e.getMessage());
                    }
                    assertEquals(3, upstream.count("SELECT count(*) FROM customers"), mode + ": " + c[1]);
                    superuser(cleanup);
                    try (Connection conn = PostgresEndToEndTest.jdbc(dev, "preferQueryMode=" + mode); Statement st = conn.createStatement()) {
                        st.execute("SELECT 1");
                        st.execute(c[0]);
                        SQLException e = assertThrows(SQLException.class, () -> st.execute(c[1]), mode + ": " + c[1]);
                        assertEquals("42501", e.getSQLState(), e.getMessage());
                    }
                    assertEquals(3, upstream.count("SELECT count(*) FROM customers"), mode + ": " + c[1]);
                    superuser(cleanup);
                }
            }
        } finally {
            superuser(cleanup);
        }
    }

    /**
     * Bind converts each parameter to the type its Parse declared, and converting to a domain runs the domain's
     * checks: a Parse of harmless text declaring a parameter of a domain checked by a stored routine runs it (pgjdbc
     * declares a PGobject's type so). Such a statement is judged as calling the routine, whether or not the text
     * uses the parameter.
     */
    @Test
    void aParameterDeclaredOfADomainCheckedByARoutineIsACall() throws Exception {
        String[][] cases = {{"SELECT 1 WHERE ? IS NOT NULL", "wipe_checked", "5"}, {"SELECT ?", "wipe_checked", "5"},
                {"SELECT ?", "_wipe_checked", "{5}"}, {"SELECT ?", "checked_pair", "(5)"}};
        for (String[] k : cases) {
            String sql = k[0] + " with " + k[1];
            try (Connection c = PostgresEndToEndTest.jdbc(session, "preferQueryMode=extended");
                 java.sql.PreparedStatement ps = c.prepareStatement(k[0])) {
                org.postgresql.util.PGobject v = new org.postgresql.util.PGobject();
                v.setType(k[1]);
                v.setValue(k[2]);
                ps.setObject(1, v);
                SQLException e = assertThrows(SQLException.class, ps::execute, sql);
                assertEquals("42501", e.getSQLState(), e.getMessage());
            }
            assertEquals(3, upstream.count("SELECT count(*) FROM customers"), sql);
        }
        // A parameter of an ordinary type, or of a domain without such a check, is not a call.
        try (Connection c = PostgresEndToEndTest.jdbc(session, "preferQueryMode=extended");
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT ?")) {
            org.postgresql.util.PGobject v = new org.postgresql.util.PGobject();
            v.setType("plain_positive");
            v.setValue("5");
            ps.setObject(1, v);
            ps.execute();
            ps.setInt(1, 5);
            ps.execute();
        }
    }

    /**
     * A routine a DO block defines (EXECUTE 'CREATE FUNCTION ...') is in no text hoop judged: after such code ran, the
     * connection reads the catalog again before judging its next statement, which then calls a known stored routine.
     * A statement after the DO block in the same message is judged as a call; one pipelined after it, before its
     * Sync, cannot wait for the read and is refused.
     */
    @Test
    void aRoutineDefinedByADoBlockIsKnownToTheNextStatement() throws Exception {
        JsonNode dev = PostgresEndToEndTest.session(gw, "appdb-dev");
        String define = "DO $$ BEGIN EXECUTE 'CREATE FUNCTION do_made() RETURNS int LANGUAGE sql AS ''DELETE FROM customers RETURNING 1'''; END $$";
        try {
            for (String mode : new String[] {"simple", "extended"}) {
                try (Connection c = PostgresEndToEndTest.jdbc(dev, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                    st.execute("SELECT 1");
                    st.execute(define);
                    SQLException e = assertThrows(SQLException.class, () -> st.execute("SELECT do_made()"), mode);
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                    st.execute("SELECT lower('still readable')");
                }
                superuser("DROP FUNCTION IF EXISTS do_made()");
                assertEquals(3, upstream.count("SELECT count(*) FROM customers"), mode);
            }
            // A temporary type named text breaks the catalog read on this connection (x::text finds it first): the
            // statement after the DO block is then judged as a call, as hoop cannot know what the block defined.
            try (Connection c = PostgresEndToEndTest.jdbc(dev); Statement st = c.createStatement()) {
                st.execute("CREATE TYPE pg_temp.text AS (x int)");
                st.execute(define);
                SQLException e = assertThrows(SQLException.class, () -> st.execute("SELECT do_made()"));
                assertEquals("42501", e.getSQLState(), e.getMessage());
            }
            superuser("DROP FUNCTION IF EXISTS do_made()");
            assertEquals(3, upstream.count("SELECT count(*) FROM customers"));
            // In one message (simple) or one pipeline (extended): no catalog read can come between the two.
            for (String mode : new String[] {"simple", "extended"}) {
                try (Connection c = PostgresEndToEndTest.jdbc(dev, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                    SQLException e = assertThrows(SQLException.class, () -> st.execute(define + "; SELECT do_made()"), mode);
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                    st.execute("SELECT 1");
                }
                superuser("DROP FUNCTION IF EXISTS do_made()");
                assertEquals(3, upstream.count("SELECT count(*) FROM customers"), mode);
            }
        } finally {
            superuser("DROP FUNCTION IF EXISTS do_made()");
        }
    }

    /**
     * A DO block failing inside a transaction leaves it aborted, and the catalog read hoop owes the next statement
     * then fails too (the server runs nothing in an aborted transaction). The next statement is judged as a call,
     * so a policy denying calls refused the ROLLBACK, and each ROLLBACK after it: the client could never leave
     * the transaction. A rollback runs no stored code, so it is judged as transaction control; what follows it is
     * judged after the catalog is read again.
     */
    @Test
    void aRollbackAfterAFailedBlockIsNotACall() throws Exception {
        JsonNode blocks = PostgresEndToEndTest.session(gw, "appdb-blocks");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(blocks, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                SQLException boom = assertThrows(SQLException.class, () -> st.execute("DO $$ BEGIN RAISE EXCEPTION 'boom'; END $$"), mode);
                assertEquals("P0001", boom.getSQLState(), boom.getMessage());
                c.rollback();
                st.execute("SAVEPOINT s");
                assertThrows(SQLException.class, () -> st.execute("DO $$ BEGIN RAISE EXCEPTION 'boom'; END $$"), mode);
                st.execute("ROLLBACK TO SAVEPOINT s");
                c.commit();
                c.setAutoCommit(true);
                st.execute("SELECT lower('still usable')");
                SQLException e = assertThrows(SQLException.class, () -> st.execute("SELECT wipe_customers()"), mode);
                assertEquals("42501", e.getSQLState(), e.getMessage());
            }
        }
        assertEquals(3, upstream.count("SELECT count(*) FROM customers"));
    }

    /**
     * hoop keeps at most 100 000 ruled columns from its catalog read; rows past that bound must not take the stored
     * routines with them (the routines come after the columns in the answer): with an agent able to create tables,
     * wide ones named like a column rule would otherwise make every routine call a plain read.
     */
    @Test
    void routinesAreKnownHoweverManyColumnsTheRulesName() throws Exception {
        StringBuilder ddl = new StringBuilder();
        for (int t = 0; t < 63; t++) {
            ddl.append("CREATE TABLE wide_t").append(t).append(" (");
            for (int c = 0; c < 1600; c++) ddl.append(c == 0 ? "" : ", ").append("wide_").append(c).append(" int");
            ddl.append(");\n");
        }
        superuser(ddl.toString());
        try {
            JsonNode wide = PostgresEndToEndTest.session(gw, "appdb-wide");
            try (Connection c = PostgresEndToEndTest.jdbc(wide); Statement st = c.createStatement()) {
                st.execute("SELECT 1");
                SQLException e = assertThrows(SQLException.class, () -> st.execute("SELECT wipe_customers()"));
                assertEquals("42501", e.getSQLState(), e.getMessage());
            }
            assertEquals(3, upstream.count("SELECT count(*) FROM customers"));
        } finally {
            StringBuilder drop = new StringBuilder();
            for (int t = 0; t < 63; t++) drop.append("DROP TABLE IF EXISTS wide_t").append(t).append(";\n");
            superuser(drop.toString());
        }
    }

    /**
     * REFRESH MATERIALIZED VIEW runs the view's query again, and with it the stored routine the view calls, or a built-in
     * with effects it or a view it reads calls (nextval here: the REFRESH advanced the sequence as ddl).
     */
    @Test
    void refreshingAMaterializedViewCallingARoutineIsACall() throws Exception {
        JsonNode ddl = PostgresEndToEndTest.session(gw, "appdb-ddl");
        long numbered = upstream.count("SELECT coalesce(pg_sequence_last_value('audit_log_id_seq'), 0)");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(ddl, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                for (String mv : new String[] {"wiping_matview", "numbering_matview", "numbering_view_matview"}) {
                    SQLException e = assertThrows(SQLException.class, () -> st.execute("REFRESH MATERIALIZED VIEW " + mv), mode + ": " + mv);
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                }
                st.execute("REFRESH MATERIALIZED VIEW plain_matview");
                st.execute("CREATE TEMP TABLE refresh_ok (a int)");
            }
            assertEquals(3, upstream.count("SELECT count(*) FROM customers"), mode);
            assertEquals(numbered, upstream.count("SELECT coalesce(pg_sequence_last_value('audit_log_id_seq'), 0)"), mode);
        }
    }

    /**
     * The catalog read ran under the client's search_path (a startup parameter): a type named text in a schema put
     * before pg_catalog made it fail, and hoop then knew no routine. It now runs under pg_catalog alone; a read that
     * fails all the same judges each statement of the connection as a call.
     */
    @Test
    void aCatalogReadTheClientMadeFailJudgesEveryStatementAsACall() throws Exception {
        JsonNode ddl = PostgresEndToEndTest.session(gw, "appdb-ddl");
        try {
            try (Connection c = PostgresEndToEndTest.jdbc(ddl); Statement st = c.createStatement()) {
                st.execute("CREATE TYPE public.text AS (x int)");
            }
            // The driver's own setup statements are calls too, so the connection may already fail there.
            SQLException e = assertThrows(SQLException.class, () -> {
                try (Connection c = PostgresEndToEndTest.jdbc(ddl, "currentSchema=public,pg_catalog"); Statement st = c.createStatement()) {
                    st.execute("SELECT wipe_customers()");
                }
            });
            assertEquals("42501", e.getSQLState(), e.getMessage());
            assertEquals(3, upstream.count("SELECT count(*) FROM customers"));
        } finally {
            superuser("DROP TYPE IF EXISTS public.text");
        }
    }

    /**
     * The catalog read must not depend on the client's search_path: with public before pg_catalog, an operator = on
     * names made in public from a built-in (namene, so creating it is mere DDL) would make the read find no routine.
     */
    @Test
    void theCatalogReadIgnoresAnOperatorTheClientsSearchPathPutsFirst() throws Exception {
        JsonNode ddl = PostgresEndToEndTest.session(gw, "appdb-ddl");
        try {
            try (Connection c = PostgresEndToEndTest.jdbc(ddl); Statement st = c.createStatement()) {
                st.execute("CREATE OPERATOR public.= (FUNCTION = namene, LEFTARG = name, RIGHTARG = name)");
            }
            try (Connection c = PostgresEndToEndTest.jdbc(ddl, "currentSchema=public,pg_catalog"); Statement st = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> st.execute("SELECT wipe_customers()"));
                assertEquals("42501", e.getSQLState(), e.getMessage());
                try (java.sql.ResultSet rs = st.executeQuery("SHOW search_path")) {
                    assertTrue(rs.next());
                    assertEquals("public,pg_catalog", rs.getString(1).replace(" ", ""), "the client's search_path is put back");
                }
            }
            assertEquals(3, upstream.count("SELECT count(*) FROM customers"));
        } finally {
            superuser("DROP OPERATOR IF EXISTS public.= (name, name)");
        }
    }

    /**
     * hoop reads client messages as UTF-8. Code it does not see can switch the upstream's client_encoding (a DO block
     * calling set_config, allowed here): in GBK the last byte of UTF-8 '中' (E4 B8 AD) pairs with the backslash after
     * it, so the server ends E'中\'...' where hoop reads an escaped quote, and runs what hoop took for a string. The
     * upstream reporting another client_encoding ends the connection, as for standard_conforming_strings.
     */
    @Test
    void anUpstreamClientEncodingOtherThanUtf8EndsTheConnection() throws Exception {
        JsonNode dev = PostgresEndToEndTest.session(gw, "appdb-dev");
        try (RawPgClient c = PostgresEndToEndTest.raw(dev)) {
            c.query("DO $$ BEGIN PERFORM set_config('client_encoding', 'GBK', false); END $$");
            List<RawPgClient.Msg> answer;
            try {
                answer = c.until('Z');
                c.query("SELECT E'\u4e2d\\'; DELETE FROM customers; --'");
                answer = c.until('Z');
            } catch (java.io.IOException closed) {
                answer = List.of();
            }
            assertEquals(3, upstream.count("SELECT count(*) FROM customers"), "smuggled past the classifier: " + answer);
        }
    }

    /**
     * A statement that turns standard_conforming_strings off, pipelined with one hoop reads with it on: the server
     * lexes the second with it off, and hoop learned of the change (a ParameterStatus, which ends the connection) only
     * once the first had run, after it had judged and forwarded the second, whose hidden DELETE then ran. On
     * appdb-guard the first is itself refused now: an UPDATE of pg_settings runs set_config through the view's rule,
     * and 'a' || 'b' names no parameter hoop can read; on appdb-lax, whose policy lets unknown statements through, the
     * second waits for the first's answer, in both protocols.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiterString = " => ", value = {
            "appdb-guard => simple => UPDATE pg_settings SET setting = 'off' WHERE name = 'standard_conforming_strings'",
            "appdb-guard => simple => UPDATE \"pg_settings\" SET setting = 'off' WHERE name ~ '^standard_conf'",
            "appdb-guard => simple => SELECT set_config('standard_conforming_' || 'strings', 'off', false)",
            "appdb-lax => simple => SET standard_conforming_strings = off",
            "appdb-lax => simple => SELECT set_config('standard_conforming_strings', 'off', false)",
            "appdb-lax => simple => UPDATE pg_settings SET setting = 'off' WHERE name = 'standard_conforming_strings'",
            "appdb-lax => simple => PREPARE off AS SELECT set_config('standard_conforming_strings', 'off', false); EXECUTE off",
            "appdb-lax => extended => SET standard_conforming_strings = off",
            "appdb-lax => extended => SELECT set_config('standard_conforming_strings', 'off', false)"})
    void aStatementPipelinedAfterOneChangingHowTextLexesIsNotJudgedBeforeIt(String connection, String protocol, String change)
            throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, connection);
        List<RawPgClient.Msg> answer = new java.util.ArrayList<>();
        superuser("CREATE TABLE IF NOT EXISTS customers_kept AS SELECT * FROM customers");
        try (RawPgClient c = PostgresEndToEndTest.raw(s)) {
            if (protocol.equals("extended")) {
                // Prepared and answered first: only its Bind, with the Query after it, shares the write.
                c.parse("lexing", change);
                c.sync();
                answer.addAll(c.until('Z'));
            }
            c.inOneWrite(() -> {
                if (protocol.equals("extended")) {
                    c.bind("lexing");
                    c.execute();
                    c.sync();
                } else {
                    c.query(change);
                }
                c.query(HIDDEN_DELETE);
            });
            answer.addAll(c.until('Z'));
            answer.addAll(c.until('Z'));
        } catch (java.io.IOException closed) {
            // hoop ends the connection once the upstream reports the change
        } finally {
            long left = upstream.count("SELECT count(*) FROM customers");
            superuser("INSERT INTO customers SELECT * FROM customers_kept ON CONFLICT DO NOTHING");
            assertEquals(3, left, "smuggled past the classifier: " + answer.stream().map(m -> m.type() + m.text()).toList());
        }
    }

    /**
     * TABLE x is SELECT * FROM x wherever a query may stand: after UNION, INTERSECT or EXCEPT, or as INSERT's source. A
     * policy's rules on x's reads, or on writes naming x, apply to it there too.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"SELECT 1 WHERE false UNION ALL TABLE customers",
            "VALUES (1) EXCEPT TABLE public.customers", "INSERT INTO customers_copy TABLE customers"})
    void aTableCommandAfterASetOperatorOrAsASourceNamesItsTable(String sql) throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-guard");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), mode + ": " + sql);
                assertEquals("42501", e.getSQLState(), e.getMessage());
            }
        }
        assertEquals(0, upstream.count("SELECT count(*) FROM customers_copy"));
    }

    /**
     * database.schema.table is schema.table (the server accepts only the current database there): a rule on
     * "billing.*" applies to app.billing.invoices, which it did not match before.
     */
    @Test
    void aTableQualifiedByTheDatabaseIsTheSchemasTable() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-guard");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> st.execute("UPDATE app.billing.invoices SET paid = true WHERE id = 1"), mode);
                assertEquals("42501", e.getSQLState(), e.getMessage());
            }
        }
        assertEquals(0, upstream.count("SELECT count(*) FROM billing.invoices WHERE paid"));
    }

    /**
     * An unqualified name is found through the search_path: once a connection set it to name billing (by SET,
     * set_config, earlier in the same message, or its startup parameter), UPDATE invoices may be billing.invoices,
     * and a rule on "billing.*" applies. It did not: the write ran.
     */
    @Test
    void anUnqualifiedNameIsInEverySchemaTheConnectionsSearchPathNamed() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-guard");
        String update = "UPDATE invoices SET paid = true WHERE id = 1";
        for (String mode : new String[] {"simple", "extended"}) {
            for (String set : new String[] {"SET search_path = billing, public", "SELECT set_config('search_path', 'billing', false)"}) {
                try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                    st.execute(set);
                    SQLException e = assertThrows(SQLException.class, () -> st.execute(update), mode + ": " + set);
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                }
            }
        }
        try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=simple"); Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.execute("SET search_path = billing; " + update));
            assertEquals("42501", e.getSQLState(), e.getMessage());
        }
        try (Connection c = PostgresEndToEndTest.jdbc(s, "currentSchema=billing"); Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.execute(update), "search_path as a startup parameter");
            assertEquals("42501", e.getSQLState(), e.getMessage());
        }
        assertEquals(0, upstream.count("SELECT count(*) FROM billing.invoices WHERE paid"));
    }

    /**
     * Code hoop does not see may set the search_path too: a DO block or a stored routine calling set_config, whose text
     * names no setting hoop reads. UPDATE invoices after it was billing.invoices on the server, judged as public's, and
     * the rule on "billing.*" did not apply: the write ran. The catalog read that follows such code now reads the
     * session's search_path as well, and in the same message an unqualified name after it may be in any schema. The
     * code itself, and a read after it, still run.
     */
    @Test
    void aSearchPathSetByCodeHoopDoesNotSeeIsReadBack() throws Exception {
        try (Connection c = upstream.superuser("app"); Statement st = c.createStatement()) {
            st.execute("DO $$ BEGIN PERFORM set_config('search_path', 'billing, public', false); END $$");
            try (java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM invoices WHERE NOT paid")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1), "after the DO block the unqualified name is billing's");
            }
        }
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-guard");
        String update = "UPDATE invoices SET paid = true WHERE id = 1";
        for (String mode : new String[] {"simple", "extended"}) {
            for (String code : new String[] {"DO $$ BEGIN PERFORM set_config('search_path', 'billing, public', false); END $$",
                    "DO $$ BEGIN EXECUTE 'SET search_path = ' || 'billing'; END $$", "SELECT public.to_billing()"}) {
                try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                    st.execute(code);
                    try (java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM invoices")) {
                        assertTrue(rs.next());
                        assertEquals(1, rs.getInt(1), "the name is billing's after " + code);
                    }
                    SQLException e = assertThrows(SQLException.class, () -> st.execute(update), mode + ": " + code);
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                }
            }
        }
        // in the same message, judged before the code ran: the name may be in any schema; a read no rule meets still runs
        try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=simple"); Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.execute("SELECT public.to_billing(); " + update));
            assertEquals("42501", e.getSQLState(), e.getMessage());
            st.execute("SELECT public.to_billing(); SELECT count(*) FROM merged");
        }
        assertEquals(0, upstream.count("SELECT count(*) FROM billing.invoices WHERE paid"));
    }

    /**
     * After ONLY the grammar takes the relation in parentheses, in every statement naming one: ONLY (customers) was
     * read as no table at all, so the rules on customers and billing.* did not apply and the server ran the statement.
     */
    @Test
    void aRelationInParenthesesAfterOnlyIsStillThatRelation() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-guard");
        long customers = upstream.count("SELECT count(*) FROM customers");
        for (String mode : new String[] {"simple", "extended"}) {
            for (String sql : new String[] {"DELETE FROM ONLY (customers) WHERE id = 1", "UPDATE ONLY (billing.invoices) SET paid = true WHERE id = 1",
                    "SELECT * FROM ONLY ( customers )", "SELECT 1 FROM merged JOIN ONLY(customers) c ON c.id = merged.id",
                    "TRUNCATE ONLY (billing.invoices)", "MERGE INTO ONLY (customers) c USING merged m ON c.id = m.id WHEN MATCHED THEN DELETE"}) {
                try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                    SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), mode + ": " + sql);
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                }
            }
        }
        assertEquals(1, upstream.count("SELECT count(*) FROM billing.invoices WHERE NOT paid"));
        assertEquals(customers, upstream.count("SELECT count(*) FROM customers"));
    }

    /**
     * A MERGE whose join condition restricts nothing (ON true) deletes or updates every target row, as DELETE without
     * WHERE does; it was not flagged unbounded, so a rule on unbounded writes let it through. One joined on a key still
     * goes through.
     */
    @Test
    void aMergeJoinedOnNothingIsUnbounded() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-bounded");
        try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=simple"); Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class,
                    () -> st.execute("MERGE INTO merged m USING (VALUES (1)) v(id) ON true WHEN MATCHED THEN DELETE"));
            assertEquals("42501", e.getSQLState(), e.getMessage());
            assertEquals(2, upstream.count("SELECT count(*) FROM merged"));
            // Forwarded: the test server (PostgreSQL 14) has no MERGE and says so itself; a newer one runs it.
            try {
                st.execute("MERGE INTO merged m USING (VALUES (2)) v(id) ON m.id = v.id WHEN MATCHED THEN UPDATE SET id = 3");
                assertEquals(1, upstream.count("SELECT count(*) FROM merged WHERE id = 3"));
            } catch (SQLException notThere) {
                assertEquals("42601", notThere.getSQLState(), notThere.getMessage());
            }
        }
    }

    /**
     * Where an unqualified name is found can be decided by the role alone, with no SET or startup parameter hoop
     * sees: its default search_path (ALTER ROLE ... IN DATABASE ... SET search_path = billing, public), or the
     * default "$user" naming the schema called like the role. UPDATE invoices was billing.invoices there, and a
     * rule on "billing.*" did not apply: the write ran. A read of the same name (the rule is on writes) still runs.
     */
    @Test
    void anUnqualifiedNameIsInTheSchemasOfTheRolesOwnSearchPath() throws Exception {
        for (String conn : new String[] {"appdb-billing-role", "appdb-billing-user"}) {
            JsonNode s = PostgresEndToEndTest.session(gw, conn);
            for (String mode : new String[] {"simple", "extended"}) {
                try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                    SQLException e = assertThrows(SQLException.class, () -> st.execute("UPDATE invoices SET paid = true WHERE id = 1"),
                            conn + ", " + mode);
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                    try (java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM invoices")) {
                        assertTrue(rs.next());
                        assertEquals(1, rs.getInt(1), "the name is billing's for " + conn);
                    }
                }
            }
        }
        assertEquals(0, upstream.count("SELECT count(*) FROM billing.invoices WHERE paid"));
    }

    /**
     * A WITH query's name stands for it only inside the statement that defines it, and never as the target of a
     * write: a WITH nested in a subquery named customers, or a DELETE FROM customers under WITH customers AS (...),
     * read and write the table. Their tables left it out, so the policy's rules on it did not apply.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "DELETE FROM customers WHERE id IN (WITH customers AS (SELECT 3 AS id) SELECT id FROM customers)",
            "WITH customers AS (SELECT 1) DELETE FROM customers WHERE id = 3",
            "WITH x AS (WITH customers AS (SELECT 1) SELECT 1) SELECT * FROM customers"})
    void aWithQuerysNameOutsideItsScopeOrAsATargetIsTheTable(String sql) throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-guard");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), mode + ": " + sql);
                assertEquals("42501", e.getSQLState(), e.getMessage());
            } finally {
                long left = upstream.count("SELECT count(*) FROM customers");
                superuser("INSERT INTO customers SELECT * FROM customers_kept ON CONFLICT DO NOTHING");
                assertEquals(3, left, mode + ": " + sql);
            }
        }
    }

    /** Without query ids pg_stat_statements records nothing of the session: what SET compute_query_id = off switches off. */
    @Test
    void queryIdsOffHideStatementsFromPgStatStatements() throws Exception {
        try (Connection c = upstream.superuser("app"); Statement st = c.createStatement()) {
            st.execute("SELECT 1 AS recorded_probe");
            st.execute("SET compute_query_id = off");
            st.execute("SELECT 1 AS unrecorded_probe");
        }
        assertEquals(1, upstream.count("SELECT count(*) FROM pg_stat_statements WHERE query LIKE '%recorded_probe' AND query NOT LIKE '%unrecorded%'"));
        assertEquals(0, upstream.count("SELECT count(*) FROM pg_stat_statements WHERE query LIKE '%unrecorded_probe'"));
    }

    /**
     * On a connection as a superuser (a database's owner account, say), settings that switch off triggers and foreign
     * keys, the server's statement log or pgaudit's, or catalog protections are admin, not session state.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"SET session_replication_role = replica",
            "SET log_statement = 'none'", "SELECT set_config('pgaudit.log', 'none', false)", "SET allow_system_table_mods = on",
            "SET compute_query_id = off", "SELECT set_config('compute_query_id', 'off', false)",
            // the rest of the superuser settings (pg_settings.context = 'superuser') act on the server too
            "SET temp_file_limit = -1", "SET max_stack_depth = '1MB'", "SET lc_messages = 'C'",
            "SELECT set_config('deadlock_timeout', '1h', false)", "SET wal_consistency_checking = 'all'",
            // a security label is what a label provider decides access by; a user mapping holds a remote credential
            "SECURITY LABEL ON TABLE customers IS 'x'",
            "CREATE USER MAPPING FOR CURRENT_USER SERVER nowhere OPTIONS (user 'x', password 'y')",
            // superuser-only DDL binding the server's C functions
            "CREATE ACCESS METHOD corpus_am TYPE TABLE HANDLER heap_tableam_handler",
            "CREATE TEXT SEARCH TEMPLATE corpus_tpl (LEXIZE = dsimple_lexize)"})
    void superuserSettingsThatSwitchOffGuardsAreAdmin(String sql) throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-super");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                st.execute("SET work_mem = '8MB'");
                SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), mode + ": " + sql);
                assertEquals("42501", e.getSQLState(), e.getMessage());
            }
        }
    }

    /**
     * A rule matches one kind, and a statement's kind is the strictest it shows: a built-in beside the rows
     * (pg_try_advisory_lock is session state, pg_cancel_backend admin), INTO or CREATE TABLE AS (ddl) and COPY FROM
     * (copy-in) raised it past the rules on customers' reads and writes and on unbounded writes, and the server read,
     * deleted or loaded the rows. A write reading customers' rows (INSERT ... SELECT, RETURNING, a row lock) is a write:
     * it passed a rule on customers' reads, copying the rows to a table the connection may read. What the statement does
     * to its tables' rows is judged as such too.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiterString = " => ", value = {
            "appdb-guard => SELECT *, pg_try_advisory_lock(1) FROM customers",
            "appdb-guard => WITH d AS (DELETE FROM customers WHERE id = 3 RETURNING 1) SELECT pg_cancel_backend(0)",
            "appdb-guard => CREATE TABLE customers_taken AS SELECT * FROM customers",
            "appdb-guard => COPY customers FROM STDIN",
            "appdb-bounded => WITH d AS (DELETE FROM merged RETURNING *) SELECT * INTO merged_gone FROM d",
            "appdb-reads => INSERT INTO customers_copy SELECT * FROM customers",
            "appdb-reads => UPDATE customers SET notes = notes WHERE id > 0 RETURNING card",
            "appdb-reads => SELECT * FROM customers FOR UPDATE"})
    void aKindRaisedBesideTheRowsStillMeetsTheRulesOnThem(String connection, String sql) throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, connection);
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> {
                    if (sql.startsWith("COPY")) {
                        new org.postgresql.copy.CopyManager(c.unwrap(org.postgresql.core.BaseConnection.class))
                                .copyIn(sql, new java.io.StringReader("9\tMallory\tm@example.com\t4111111111111111\tx\n"));
                    } else {
                        st.execute(sql);
                    }
                }, mode + ": " + sql);
                assertEquals("42501", e.getSQLState(), mode + ": " + e.getMessage());
            }
        }
        assertEquals(3, upstream.count("SELECT count(*) FROM customers"));
        assertEquals(2, upstream.count("SELECT count(*) FROM merged"));
        assertEquals(0, upstream.count("SELECT count(*) FROM pg_tables WHERE tablename IN ('customers_taken', 'merged_gone')"));
        assertEquals(0, upstream.count("SELECT count(*) FROM customers_copy"));
    }

    /**
     * The server's configuration files as rows: pg_hba.conf through the pg_hba_file_rules view, postgresql.conf's
     * settings through pg_file_settings or pg_show_all_file_settings(). As reads they passed a superuser connection's
     * rule refusing admin, which pg_read_file of the same files is.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"SELECT * FROM pg_hba_file_rules", "TABLE pg_catalog.pg_file_settings",
            "SELECT * FROM pg_show_all_file_settings()"})
    void theServersConfigurationFilesAsRowsAreAdmin(String sql) throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-super");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), mode + ": " + sql);
                assertEquals("42501", e.getSQLState(), e.getMessage());
                st.execute("SELECT count(*) FROM pg_settings");
            }
        }
    }

    /**
     * Operators, aggregates and functions a database may hold whose code is a built-in with effects: using one calls it,
     * with no call of it in the text, as reading a view over one does. Each was a read: the aggregate switched the
     * session's role, the operator, the aggregate's final function and the internal function under another name dropped
     * a large object, the other operator moved a sequence.
     */
    static final String OVER_BUILTINS_WITH_EFFECTS = """
            CREATE AGGREGATE take_setting(text, boolean) (SFUNC = set_config, STYPE = text, INITCOND = 'role');
            CREATE AGGREGATE drop_object(oid) (SFUNC = oidlarger, STYPE = oid, FINALFUNC = lo_unlink);
            CREATE OPERATOR #~ (RIGHTARG = oid, FUNCTION = lo_unlink);
            CREATE OPERATOR #^ (LEFTARG = regclass, RIGHTARG = bigint, FUNCTION = setval);
            CREATE FUNCTION tidy(oid) RETURNS int LANGUAGE internal STRICT AS 'be_lo_unlink';
            CREATE FUNCTION stop_backend(int, bigint) RETURNS bool LANGUAGE internal STRICT AS 'pg_terminate_backend';
            CREATE OPERATOR !!! (RIGHTARG = int, FUNCTION = pg_cancel_backend);
            """;

    /**
     * CREATE OR REPLACE VIEW without a WITH clause clears a view's security_barrier and security_invoker, as ALTER VIEW
     * ... RESET (security_barrier) does: it was ddl, which a superuser connection refusing dcl let through, and the view
     * lost its barrier. The catalog read lists such views; replacing another view stays ddl. (The test server is 14: no
     * security_invoker, which the unit tests and the same catalog row cover.)
     */
    @Test
    void replacingAViewWithoutItsSecurityOptionsIsDcl() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-super");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                String sql = "CREATE OR REPLACE VIEW barrier_view AS SELECT id FROM customers";
                SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), mode + ": " + sql);
                assertEquals("42501", e.getSQLState(), e.getMessage());
                st.execute("CREATE OR REPLACE VIEW barrier_less_view AS SELECT id FROM customers");
            }
        }
        assertEquals(1, upstream.count("SELECT count(*) FROM pg_class WHERE relname = 'barrier_view'"
                + " AND reloptions @> ARRAY['security_barrier=true']"));
    }

    /**
     * A function or aggregate whose code is a built-in with effects is judged as that built-in, as the catalog read
     * pairs them: an internal alias of pg_terminate_backend ended another backend, the aggregate over set_config
     * switched the role and an operator over pg_cancel_backend cancelled, past a superuser connection refusing admin
     * and dcl (each was procedural, which it allows).
     */
    @Test
    void aBuiltInUnderAnotherNameIsJudgedAsTheBuiltIn() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-super");
        try (Connection victim = upstream.superuser("app"); Statement v = victim.createStatement()) {
            int pid;
            try (var rs = v.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            for (String mode : new String[] {"simple", "extended"}) {
                try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                    for (String sql : new String[] {"SELECT stop_backend(" + pid + ", 0)", "SELECT take_setting('corpus_admin', false)",
                            "SELECT !!! " + pid}) {
                        SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), mode + ": " + sql);
                        assertEquals("42501", e.getSQLState(), e.getMessage());
                    }
                    assertTrue(!effectHappened("role", st), mode);
                }
            }
            assertTrue(victim.isValid(2), "the other backend still runs");
        }
    }

    /**
     * Two connections of the gateway to one database: a function made through one that allows it was called through
     * one refusing procedural code as a read, while that connection's catalog read (shared for 30 s) was fresh, and
     * deleted the rows. A change through any connection to the database now counts for all of them at once.
     */
    @Test
    void aRoutineMadeThroughAnotherConnectionOfTheDatabaseCountsAtOnce() throws Exception {
        superuser("CREATE TABLE cross_victims (id int); INSERT INTO cross_victims VALUES (1), (2); GRANT ALL ON cross_victims TO "
                + UpstreamPostgres.SCRAM_USER);
        JsonNode guarded = PostgresEndToEndTest.session(gw, "appdb-ddl");
        try (Connection before = PostgresEndToEndTest.jdbc(guarded, "preferQueryMode=simple"); Statement b = before.createStatement()) {
            b.execute("SELECT count(*) FROM cross_victims"); // its catalog read, fresh for the endpoint's next connections
            try (Connection lax = PostgresEndToEndTest.jdbc(PostgresEndToEndTest.session(gw, "appdb-lax"), "preferQueryMode=simple");
                 Statement l = lax.createStatement()) {
                l.execute("CREATE FUNCTION cross_wipe() RETURNS int LANGUAGE sql AS 'DELETE FROM cross_victims RETURNING 1'");
            }
            for (String mode : new String[] {"simple", "extended"}) {
                try (Connection c = PostgresEndToEndTest.jdbc(guarded, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                    SQLException e = assertThrows(SQLException.class, () -> st.execute("SELECT cross_wipe()"), mode);
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                }
            }
            SQLException e = assertThrows(SQLException.class, () -> b.execute("SELECT cross_wipe()"), "a connection opened before");
            assertEquals("42501", e.getSQLState(), e.getMessage());
        }
        assertEquals(2, upstream.count("SELECT count(*) FROM cross_victims"));
    }

    /**
     * A cast through a stored routine that the server applies in assignments (CREATE CAST (text AS oid) WITH FUNCTION
     * logged_oid(text) AS ASSIGNMENT): an INSERT giving an oid column a text calls the routine with no type named. It
     * was a write, which a connection refusing procedural code let through, and the routine ran.
     */
    @Test
    void anAssignmentCastThroughAStoredRoutineIsACall() throws Exception {
        superuser("CREATE TABLE cast_targets (o oid); CREATE TABLE cast_calls (n int); GRANT ALL ON cast_targets, cast_calls TO "
                + UpstreamPostgres.SCRAM_USER + "; CREATE FUNCTION logged_oid(text) RETURNS oid LANGUAGE plpgsql AS"
                + " $$ BEGIN INSERT INTO cast_calls VALUES (1); RETURN 1; END $$;"
                + "CREATE CAST (text AS oid) WITH FUNCTION logged_oid(text) AS ASSIGNMENT");
        JsonNode lax = PostgresEndToEndTest.session(gw, "appdb-lax");
        try {
            // DDL through a connection to the same database: every connection to it reads the catalog again.
            try (Connection c = PostgresEndToEndTest.jdbc(lax); Statement st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE cast_refresh (a int)");
            }
            JsonNode guarded = PostgresEndToEndTest.session(gw, "appdb-ddl");
            for (String mode : new String[] {"simple", "extended"}) {
                try (Connection c = PostgresEndToEndTest.jdbc(guarded, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                    SQLException e = assertThrows(SQLException.class, () -> st.execute("INSERT INTO cast_targets SELECT 'x'::text"), mode);
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                    st.execute("SELECT count(*) FROM cast_targets");
                }
            }
            assertEquals(0, upstream.count("SELECT count(*) FROM cast_calls"));
        } finally {
            superuser("DROP CAST (text AS oid)");
            try (Connection c = PostgresEndToEndTest.jdbc(lax); Statement st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE cast_refresh (a int)");
            }
        }
    }

    /**
     * A cast whose function is a built-in with effects: after a superuser's CREATE CAST (text AS oid) WITH FUNCTION
     * lo_import(text) AS ASSIGNMENT, '/etc/hostname'::text::oid and an INSERT giving an oid column a text read a server
     * file into a new large object. They were procedural and a write, which a rule refusing admin let through.
     */
    @Test
    void aCastThroughABuiltInWithEffectsIsItsCall() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-super");
        String count = "SELECT count(*) FROM pg_largeobject_metadata";
        try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=simple"); Statement st = c.createStatement()) {
            superuser("CREATE CAST (text AS oid) WITH FUNCTION lo_import(text) AS ASSIGNMENT");
            // DDL through a connection that read the catalog before: the endpoint's connections read it again.
            st.execute("CREATE TEMP TABLE cast_refresh (a int)");
            long before = upstream.count(count);
            for (String mode : new String[] {"simple", "extended"}) {
                try (Connection m = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement ms = m.createStatement()) {
                    for (String sql : new String[] {"SELECT '/etc/hostname'::text::oid", "SELECT CAST('/etc/hostname'::text AS pg_catalog.oid)",
                            "INSERT INTO object_refs SELECT '/etc/hostname'::text"}) {
                        SQLException e = assertThrows(SQLException.class, () -> ms.execute(sql), mode + ": " + sql);
                        assertEquals("42501", e.getSQLState(), e.getMessage());
                    }
                    ms.execute("SELECT count(*) FROM object_refs");
                }
            }
            assertEquals(before, upstream.count(count), "no large object was imported");
        } finally {
            superuser("DROP CAST (text AS oid)");
            // Every DDL counts as an assignment until the catalog is read again: once the cached read (30 s) expired, a
            // DDL through hoop passes and makes the other connections read it again too.
            for (long end = System.nanoTime() + 45_000_000_000L; ; Thread.sleep(2000)) {
                try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=simple"); Statement st = c.createStatement()) {
                    st.execute("CREATE TEMP TABLE cast_refresh (a int)");
                    break;
                } catch (SQLException e) {
                    if (System.nanoTime() > end) throw e;
                }
            }
        }
    }

    @Test
    void operatorsAndAggregatesOverBuiltinsWithEffectsCallThem() throws Exception {
        String[][] cases = {
                {"SELECT take_setting('corpus_admin', false)", "role"},
                {"SELECT drop_object(424242)", "object"},
                {"SELECT #~ 424242::oid", "object"},
                {"SELECT 'tickets' #^ 1000", "sequence"},
                {"SELECT tidy(424242)", "object"}};
        String url = "jdbc:postgresql://127.0.0.1:" + upstream.port() + "/app";
        for (String[] c : cases) {
            // Run directly, each does what its built-in does.
            restoreEffects();
            try (Connection conn = java.sql.DriverManager.getConnection(url, UpstreamPostgres.SCRAM_USER, UpstreamPostgres.SCRAM_PASSWORD);
                 Statement st = conn.createStatement()) {
                st.execute(c[0]);
                assertTrue(effectHappened(c[1], st), c[0]);
            }
            restoreEffects();
            for (String mode : new String[] {"simple", "extendedForPrepared", "extended"}) {
                try (Connection conn = PostgresEndToEndTest.jdbc(session, "preferQueryMode=" + mode); Statement st = conn.createStatement()) {
                    SQLException e = assertThrows(SQLException.class, () -> st.execute(c[0]), mode + ": " + c[0]);
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                    assertTrue(!effectHappened(c[1], st), mode + ": " + c[0]);
                }
            }
        }
    }

    /**
     * DDL that calls a built-in which writes, now: CREATE TABLE AS runs its query, and ALTER TABLE checks a new CHECK
     * on each row and computes USING for each. The kind is ddl, which a rule refusing writes did not meet: the
     * sequence moved and the large object was dropped past it. Ordinary DDL, a sequence default's numbering included,
     * stays ddl alone.
     */
    @Test
    void ddlThatWritesThroughABuiltinIsAWriteToo() throws Exception {
        String[][] cases = {
                {"CREATE TABLE ticket_copy AS SELECT setval('tickets', 1000)", "sequence"},
                {"ALTER TABLE object_refs ADD CONSTRAINT dropped CHECK (lo_unlink(o) > 0)", "object"},
                {"ALTER TABLE object_refs ALTER COLUMN o TYPE int USING lo_unlink(o)", "object"}};
        String url = "jdbc:postgresql://127.0.0.1:" + upstream.port() + "/app";
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-no-writes");
        try {
            for (String[] c : cases) {
                restoreEffects();
                try (Connection conn = java.sql.DriverManager.getConnection(url, UpstreamPostgres.SCRAM_USER, UpstreamPostgres.SCRAM_PASSWORD);
                     Statement st = conn.createStatement()) {
                    st.execute(c[0]);
                    assertTrue(effectHappened(c[1], st), c[0]);
                }
                restoreEffects();
                for (String mode : new String[] {"simple", "extended"}) {
                    try (Connection conn = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = conn.createStatement()) {
                        SQLException e = assertThrows(SQLException.class, () -> st.execute(c[0]), mode + ": " + c[0]);
                        assertEquals("42501", e.getSQLState(), e.getMessage());
                        assertTrue(!effectHappened(c[1], st), mode + ": " + c[0]);
                    }
                }
            }
            try (Connection conn = PostgresEndToEndTest.jdbc(s, "preferQueryMode=extended"); Statement st = conn.createStatement()) {
                st.execute("ALTER TABLE object_refs ADD CONSTRAINT kept CHECK (o IS NOT NULL)");
                st.execute("CREATE TABLE numbered (id bigint DEFAULT nextval('tickets'), o oid)");
                st.execute("CREATE VIEW object_list AS SELECT o FROM object_refs");
            }
        } finally {
            restoreEffects();
        }
    }

    /**
     * A view whose query locks its rows (FOR UPDATE) locks them wherever it is read, a view of it too: the server refuses
     * reading one in a read-only transaction, as SELECT ... FOR UPDATE, and a transaction reading one holds the locks,
     * blocking other sessions' writes. Each was a read, on the read-only connection and after a CREATE VIEW through a
     * connection refusing writes.
     */
    @Test
    void readingAViewThatLocksRowsIsAWrite() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + upstream.port() + "/app";
        for (String view : new String[] {"locking_queue", "locking_queue_too"}) {
            try (Connection conn = java.sql.DriverManager.getConnection(url, UpstreamPostgres.SCRAM_USER, UpstreamPostgres.SCRAM_PASSWORD);
                 Statement st = conn.createStatement()) {
                conn.setAutoCommit(false);
                st.execute("SELECT * FROM " + view);
                assertTrue(rowsLocked(), view);
                conn.rollback();
                conn.setReadOnly(true);
                SQLException e = assertThrows(SQLException.class, () -> st.execute("SELECT * FROM " + view));
                assertEquals("25006", e.getSQLState(), e.getMessage());
            }
            for (String mode : new String[] {"simple", "extended"}) {
                try (Connection conn = PostgresEndToEndTest.jdbc(session, "preferQueryMode=" + mode); Statement st = conn.createStatement()) {
                    conn.setAutoCommit(false);
                    SQLException e = assertThrows(SQLException.class, () -> st.execute("SELECT * FROM " + view), mode + ": " + view);
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                    assertTrue(!rowsLocked(), mode + ": " + view);
                }
            }
        }
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-no-writes");
        try {
            for (String mode : new String[] {"simple", "extended"}) {
                try (Connection conn = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = conn.createStatement()) {
                    st.execute("CREATE VIEW later_queue AS SELECT id FROM customers FOR NO KEY UPDATE");
                    conn.setAutoCommit(false);
                    SQLException e = assertThrows(SQLException.class, () -> st.execute("SELECT * FROM later_queue"), mode);
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                    assertTrue(!rowsLocked(), mode);
                    conn.rollback();
                    st.execute("SELECT * FROM contacts");
                }
                superuser("DROP VIEW later_queue");
            }
        } finally {
            superuser("DROP VIEW IF EXISTS later_queue");
        }
    }

    /**
     * A foreign table runs a query elsewhere, or here file_fdw's program, at each read: naming one was judged as a call,
     * but a view of it, or a partitioned table with it as a partition, was a read, and reading either ran the program
     * as the server's account.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"stamped_view", "stamped_parts"})
    void aViewOrParentOfAForeignTableIsACallAsTheTableIs(String relation) throws Exception {
        java.nio.file.Path stamps = dir.resolve("stamps");
        String url = "jdbc:postgresql://127.0.0.1:" + upstream.port() + "/app";
        long before = java.nio.file.Files.exists(stamps) ? java.nio.file.Files.readAllLines(stamps).size() : 0;
        try (Connection conn = java.sql.DriverManager.getConnection(url, UpstreamPostgres.SCRAM_USER, UpstreamPostgres.SCRAM_PASSWORD);
             Statement st = conn.createStatement()) {
            st.execute("SELECT * FROM " + relation);
        }
        long ran = java.nio.file.Files.readAllLines(stamps).size();
        assertEquals(before + 1, ran, "reading " + relation + " ran the program");
        for (String sql : new String[] {"SELECT * FROM stamped", "SELECT * FROM " + relation, "SELECT count(*) FROM public." + relation}) {
            for (String mode : new String[] {"simple", "extended"}) {
                assertEquals("42501", run(sql, mode), mode + ": " + sql);
            }
        }
        assertEquals(ran, java.nio.file.Files.readAllLines(stamps).size(), "the program did not run again");
    }

    /**
     * ALTER SYSTEM SET archive_command names a shell command the server runs, as its account, for each WAL segment once a
     * reload reads it: COPY TO PROGRAM's effect spelled as configuration (restore_command, ssl_passphrase_command and the
     * like too). It was admin, which a superuser's connection refusing programs let through; other settings stay admin.
     */
    @Test
    void aServerCommandSetByAlterSystemIsAProgram() throws Exception {
        Path archived = dir.resolve("archived");
        try {
            superuser("ALTER SYSTEM SET archive_command = 'date >> " + archived + "'");
            superuser("SELECT pg_reload_conf()");
            superuser("CREATE TABLE IF NOT EXISTS wal_filler (a int)");
            for (int i = 0; i < 100 && !java.nio.file.Files.exists(archived); i++) {
                superuser("INSERT INTO wal_filler VALUES (1)");
                superuser("SELECT pg_switch_wal()");
                Thread.sleep(200);
            }
            assertTrue(java.nio.file.Files.exists(archived), "the server ran the command");
        } finally {
            superuser("ALTER SYSTEM RESET archive_command");
            superuser("SELECT pg_reload_conf()");
        }
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-super-programs");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                for (String sql : new String[] {"ALTER SYSTEM SET archive_command = 'id'", "alter system set \"archive_command\" to 'id'",
                        "ALTER SYSTEM SET ssl_passphrase_command = 'id'"}) {
                    SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), mode + ": " + sql);
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                }
                st.execute("ALTER SYSTEM SET work_mem = '8MB'");
                st.execute("ALTER SYSTEM RESET work_mem");
            }
        }
        assertEquals(0, upstream.count("SELECT count(*) FROM pg_file_settings WHERE name IN ('archive_command', 'ssl_passphrase_command')"));
    }

    /**
     * CREATE TABLE ... (LIKE t INCLUDING DEFAULTS) copies t's default, and with it the routine it calls: a write of the
     * copy in the same message or pipeline, judged before any catalog read could list the copy, was a plain write on a
     * connection refusing calls, and ran the routine.
     */
    @Test
    void aTableCopiedLikeOneWhoseWritesRunARoutineRunsItToo() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + upstream.port() + "/app";
        try (Connection conn = java.sql.DriverManager.getConnection(url, UpstreamPostgres.SCRAM_USER, UpstreamPostgres.SCRAM_PASSWORD);
             Statement st = conn.createStatement()) {
            st.execute("CREATE TABLE copied (LIKE defaulted INCLUDING DEFAULTS); INSERT INTO copied (a) VALUES (1)");
        }
        try {
            assertEquals(1, upstream.count("SELECT count(*) FROM call_log"), "the copy's default called the routine");
        } finally {
            superuser("DROP TABLE IF EXISTS copied; TRUNCATE call_log");
        }
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-ddl");
        for (String mode : new String[] {"simple", "extended"}) {
            for (String including : new String[] {"INCLUDING DEFAULTS", "INCLUDING ALL"}) {
                String sql = "CREATE TABLE copied (LIKE defaulted " + including + "); INSERT INTO copied (a) VALUES (1)";
                try (Connection conn = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = conn.createStatement()) {
                    SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), mode + ": " + sql);
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                } finally {
                    superuser("DROP TABLE IF EXISTS copied");
                }
                assertEquals(0, upstream.count("SELECT count(*) FROM call_log"), mode + ": " + sql);
            }
        }
    }

    /** Whether another session finds customers' first row locked. */
    private static boolean rowsLocked() throws SQLException {
        try (Connection c = upstream.superuser("app"); Statement st = c.createStatement()) {
            st.execute("SELECT * FROM customers WHERE id = 1 FOR UPDATE NOWAIT");
            return false;
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) return true;
            throw e;
        }
    }

    /** A large object app_rw owns, the sequence back at its start, and the tables the DDL cases change as they were. */
    private static void restoreEffects() throws SQLException {
        superuser("DROP VIEW IF EXISTS object_list; DROP TABLE IF EXISTS numbered;"
                + "SELECT lo_unlink(oid) FROM pg_largeobject_metadata WHERE oid = 424242; SELECT lo_from_bytea(424242, 'x');"
                + "ALTER LARGE OBJECT 424242 OWNER TO " + UpstreamPostgres.SCRAM_USER + "; SELECT setval('tickets', 1, false);"
                + "DROP TABLE IF EXISTS ticket_copy; ALTER TABLE object_refs DROP CONSTRAINT IF EXISTS dropped;"
                + "ALTER TABLE object_refs DROP CONSTRAINT IF EXISTS kept; ALTER TABLE object_refs ALTER COLUMN o TYPE oid USING o::oid");
    }

    private static boolean effectHappened(String effect, Statement own) throws SQLException {
        return switch (effect) {
            case "role" -> {
                try (var rs = own.executeQuery("SELECT current_user = 'corpus_admin'")) {
                    rs.next();
                    yield rs.getBoolean(1);
                }
            }
            case "object" -> upstream.count("SELECT count(*) FROM pg_largeobject_metadata WHERE oid = 424242") == 0;
            default -> upstream.count("SELECT last_value FROM tickets") == 1000;
        };
    }

    private static void superuser(String sql) throws SQLException {
        try (Connection c = upstream.superuser("app"); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
