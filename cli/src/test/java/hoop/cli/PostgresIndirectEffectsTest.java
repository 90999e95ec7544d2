package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * Statements whose effects reach past their text, confirmed on a real PostgreSQL through hoop: a write firing a
 * trigger, a default, a check or a rule runs code no statement shows; an update through a view writes its base table,
 * a delete cascades to the referencing table, a rule sends an insert elsewhere; an event trigger runs code on DDL.
 * Each was allowed before (write, ddl) under a policy denying procedural code and any change to the protected tables,
 * and changed what the policy protects.
 */
class PostgresIndirectEffectsTest {
    @TempDir
    static Path dir;
    static UpstreamPostgres upstream;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = new UpstreamPostgres(dir.resolve("pg"));
        superuser("""
                CREATE FUNCTION trg_wipe() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN DELETE FROM customers; RETURN NEW; END $$;
                CREATE FUNCTION plain_wipe() RETURNS int LANGUAGE plpgsql AS $$ BEGIN DELETE FROM customers; RETURN 1; END $$;
                CREATE FUNCTION folded_wipe(int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN RETURN plain_wipe() + $1; END $$;
                CREATE TABLE triggered (a int);
                CREATE TRIGGER triggered_wipe AFTER INSERT ON triggered FOR EACH ROW EXECUTE FUNCTION trg_wipe();
                CREATE TABLE defaulted (a int DEFAULT plain_wipe(), b int);
                CREATE TABLE checked (a int CHECK (plain_wipe() > 0));
                CREATE TABLE reloading (a int, b bool DEFAULT pg_reload_conf());
                CREATE TABLE checked_builtin (a int CHECK (pg_catalog.pg_reload_conf()));
                GRANT EXECUTE ON FUNCTION pg_reload_conf() TO app_rw;
                CREATE DOMAIN marking AS text CHECK (pg_catalog.set_config('hoop.mark', VALUE, false) IS NOT NULL);
                CREATE DOMAIN marking_too AS marking;
                CREATE DOMAIN reload_default AS bool DEFAULT pg_reload_conf();
                CREATE TABLE domained (a int, m marking);
                CREATE TABLE domain_defaulted (a int, b reload_default);
                CREATE CAST (varchar AS oid) WITH FUNCTION lo_import(text);
                CREATE TABLE policed (a int); ALTER TABLE policed ENABLE ROW LEVEL SECURITY;
                CREATE POLICY reload ON policed USING (pg_reload_conf()); INSERT INTO policed VALUES (1);
                CREATE FUNCTION pg_catalog.tidy() RETURNS int LANGUAGE plpgsql AS $$ BEGIN DELETE FROM public.customers; RETURN 1; END $$;
                GRANT EXECUTE ON FUNCTION pg_catalog.tidy() TO app_rw;
                CREATE FUNCTION information_schema.tidy_too() RETURNS int LANGUAGE sql AS 'DELETE FROM public.customers RETURNING 1';
                GRANT USAGE ON SCHEMA information_schema TO app_rw;
                CREATE VIEW information_schema.reload_now AS SELECT pg_catalog.pg_reload_conf() AS reloaded;
                GRANT SELECT ON information_schema.reload_now TO app_rw;
                CREATE TABLE validated (a int);
                INSERT INTO validated VALUES (1);
                ALTER TABLE validated ADD CONSTRAINT wipes CHECK (plain_wipe() > 0) NOT VALID;
                ALTER TABLE validated OWNER TO app_rw;
                CREATE TABLE altered (a int);
                ALTER TABLE altered OWNER TO app_rw;
                CREATE TABLE indexed (a int);
                CREATE INDEX indexed_wipe ON indexed (folded_wipe(a));
                CREATE TABLE redirected (a int);
                CREATE RULE redirect AS ON INSERT TO redirected DO INSTEAD DELETE FROM customers;
                CREATE TABLE orders (id int PRIMARY KEY);
                CREATE TABLE items (id int, order_id int REFERENCES orders ON DELETE CASCADE);
                INSERT INTO orders VALUES (1), (2);
                INSERT INTO items VALUES (1, 1), (2, 2);
                CREATE TABLE kinds (id int PRIMARY KEY);
                ALTER TABLE items ADD COLUMN kind int REFERENCES kinds;
                ALTER TABLE kinds OWNER TO app_rw;
                CREATE TYPE mood AS ENUM ('calm', 'busy');
                ALTER TYPE mood OWNER TO app_rw;
                ALTER TABLE items ADD COLUMN mood mood;
                CREATE SEQUENCE item_numbers OWNED BY NONE;
                ALTER SEQUENCE item_numbers OWNER TO app_rw;
                ALTER TABLE items ALTER COLUMN id SET DEFAULT nextval('item_numbers');
                CREATE TABLE scratch (a int);
                CREATE TABLE item_parent (id int, order_id int);
                ALTER TABLE items INHERIT item_parent;
                CREATE TABLE items_child () INHERITS (items);
                CREATE TABLE ledger (id int, note text) PARTITION BY RANGE (id);
                CREATE TABLE ledger_low PARTITION OF ledger FOR VALUES FROM (0) TO (100) PARTITION BY RANGE (id);
                CREATE TABLE customers_ledger PARTITION OF ledger_low FOR VALUES FROM (0) TO (50);
                CREATE TABLE ruled_later (a int);
                ALTER TABLE ruled_later OWNER TO app_rw;
                CREATE TABLE ddl_log (tag text);
                CREATE FUNCTION on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO ddl_log VALUES (tg_tag); END $$;
                GRANT ALL ON ALL TABLES IN SCHEMA public TO app_rw;
                CREATE VIEW swapped AS SELECT 1 AS n;
                ALTER VIEW swapped OWNER TO app_rw;
                CREATE EXTENSION postgres_fdw;
                CREATE SCHEMA imported AUTHORIZATION app_rw;
                """);
        // A loopback server, as a database reaching another of its own (or itself) may have.
        superuser("CREATE SERVER loop FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '127.0.0.1', port '" + upstream.port() + "', dbname 'app');"
                + "CREATE USER MAPPING FOR app_rw SERVER loop OPTIONS (user 'app_rw', password '" + UpstreamPostgres.SCRAM_PASSWORD + "');"
                + "GRANT USAGE ON FOREIGN SERVER loop TO app_rw;"
                + "CREATE FOREIGN TABLE remote_customers (id int, name text) SERVER loop OPTIONS (table_name 'customers');"
                + "GRANT ALL ON remote_customers TO app_rw");
        String connection = """
                  - name: %2$s
                    type: postgres
                    listen: 127.0.0.1:0
                    upstream: { host: 127.0.0.1, port: %1$d, database: app, user: app_rw, password: "${env:APPDB_PASSWORD}", sslmode: disable }
                    policies: [guarded]
                """;
        String cfg = TestGateway.config("connections:\n" + connection.formatted(upstream.port(), "appdb")
                + connection.formatted(upstream.port(), "appdb-events")
                + connection.formatted(upstream.port(), "appdb-calls").replace("[guarded]", "[no-calls]")
                + connection.formatted(upstream.port(), "appdb-review").replace("[guarded]", "[review-writes]") + """
                policies:
                  review-writes:
                    default: allow
                    rules:
                      - { name: hidden-code, action: deny, match: { kind: [procedural] } }
                      - { name: writes, action: review, match: { kind: [write] }, timeout: 2s, on_timeout: deny }
                  no-calls:
                    default: allow
                    rules:
                      - { name: calls, action: deny, match: { kind: [procedural], text: ['^\\s*(select|execute)'] } }
                  guarded:
                    default: allow
                    unknown: deny
                    rules:
                      - { name: hidden-code, action: deny, match: { kind: [procedural] } }
                      - { name: protected, action: deny, match: { kind: [write, ddl], tables: [customers, items, customers_ledger] } }
                """);
        gw = new TestGateway(dir.resolve("home"), cfg, Map.of("APPDB_PASSWORD", UpstreamPostgres.SCRAM_PASSWORD));
    }

    @AfterAll
    static void stop() throws Exception {
        UpstreamPostgres.stop(gw, upstream);
    }

    /** Runs sql in both protocols; answers the rule that denied it each time (the same), or "ok". */
    static String judged(String connection, String sql) throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, connection);
        String first = null;
        for (String mode : new String[] {"simple", "extended"}) {
            String got;
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                st.execute(sql);
                got = "ok";
            } catch (SQLException e) {
                got = e.getSQLState().equals("42501") ? e.getMessage().replaceAll("(?s).*denied by guarded\\.([a-z-]+).*", "$1") : e.getMessage();
            }
            if (first != null) assertEquals(first, got, mode + ": " + sql);
            first = got;
        }
        return first;
    }

    /**
     * DDL on a protected table whose own object is another (a trigger, a row policy, a comment, statistics, a child
     * table inheriting from it or a partition of it) names that table: the rule denying DDL on it applies. Dropping
     * the trigger or row policy that guards a table was DDL on no table before, and allowed.
     */
    @Test
    void ddlOnATableThroughAnotherObjectNamesTheTable() throws Exception {
        for (String sql : new String[] {"DROP TRIGGER IF EXISTS audit ON customers", "DROP POLICY IF EXISTS own_rows ON customers",
                "COMMENT ON TABLE customers IS 'x'", "COMMENT ON COLUMN customers.card IS 'x'", "CREATE STATISTICS st ON id, name FROM customers",
                "CREATE TABLE spoofed () INHERITS (customers)", "ALTER TABLE scratch INHERIT items",
                "CREATE TABLE ledger_more PARTITION OF customers_ledger FOR VALUES FROM (0) TO (1)"}) {
            assertEquals("protected", judged("appdb", sql), sql);
        }
        assertEquals(0, upstream.count("SELECT count(*) FROM pg_class WHERE relname IN ('spoofed', 'ledger_more')"));
        assertEquals(0, upstream.count("SELECT count(*) FROM pg_inherits WHERE inhrelid = 'scratch'::regclass"));
    }

    /**
     * A statement on a parent reaches its inheritance children and partitions (at any depth), which a policy's tables
     * must see: DELETE FROM item_parent deleted the protected items' rows, INSERT INTO ledger wrote customers_ledger.
     */
    @Test
    void aStatementOnAParentReachesItsChildrenAndPartitions() throws Exception {
        long items = upstream.count("SELECT count(*) FROM items");
        assertEquals("protected", judged("appdb", "DELETE FROM item_parent WHERE id > 0"));
        assertEquals(items, upstream.count("SELECT count(*) FROM items"));
        assertEquals("protected", judged("appdb", "INSERT INTO ledger VALUES (7, 'x')"));
        assertEquals(0, upstream.count("SELECT count(*) FROM customers_ledger"));
        assertEquals("ok", judged("appdb", "INSERT INTO scratch VALUES (1)"), "an unrelated table stays writable");
    }

    /**
     * A child's or partition's rows are its parent's: DELETE FROM items_child deleted rows of the protected items as a
     * write on items_child alone.
     */
    @Test
    void aStatementOnAChildIsOneOnItsParent() throws Exception {
        superuser("INSERT INTO items_child VALUES (9, 1, NULL)");
        try {
            assertEquals("protected", judged("appdb", "DELETE FROM items_child WHERE id = 9"));
            assertEquals(1, upstream.count("SELECT count(*) FROM items WHERE id = 9"));
            assertEquals("ok", judged("appdb", "SELECT count(*) FROM items_child"), "reading it stays a read");
        } finally {
            superuser("DELETE FROM items_child");
        }
    }

    @Test
    void writesRunningCodeOnTheirTableAreJudgedAsTheCallTheyAre() throws Exception {
        for (String sql : new String[] {"INSERT INTO triggered VALUES (1)", "INSERT INTO defaulted (b) VALUES (1)",
                "INSERT INTO checked VALUES (1)", "INSERT INTO indexed VALUES (1)", "COPY triggered FROM STDIN",
                // a built-in with effects (pinned: no pg_depend row) in a default or check
                "INSERT INTO reloading (a) VALUES (1)", "INSERT INTO checked_builtin VALUES (1)", "SELECT * FROM policed"}) {
            assertEquals("hidden-code", judged("appdb", sql), sql);
            assertEquals(3, upstream.count("SELECT count(*) FROM customers"), sql);
        }
        // ALTER TABLE checks (or rewrites) the rows already there, running the check's routine.
        assertEquals("hidden-code", judged("appdb", "ALTER TABLE validated VALIDATE CONSTRAINT wipes"));
        assertEquals(3, upstream.count("SELECT count(*) FROM customers"));
        // Reading them runs none of it, and writing or altering a table without such code is a plain write or ddl.
        assertEquals("ok", judged("appdb", "SELECT * FROM triggered, defaulted, checked, indexed, validated"));
        assertEquals("ok", judged("appdb", "INSERT INTO scratch VALUES (1)"));
        assertEquals("ok", judged("appdb", "ALTER TABLE altered ALTER COLUMN a SET NOT NULL"));
    }

    /**
     * A superuser may make functions in pg_catalog or information_schema and views in information_schema, which the
     * catalog read left out as the server's own: SELECT tidy() deleted every customer as a read, and a view there hid a
     * pg_reload_conf(). Made after initdb (oid 16384 on), they count as the database's own wherever they live.
     */
    @Test
    void routinesAndViewsMadeInTheSystemSchemasAreNotTheServers() throws Exception {
        for (String sql : new String[] {"SELECT tidy()", "SELECT pg_catalog.tidy()", "SELECT information_schema.tidy_too()",
                "SELECT * FROM information_schema.reload_now"}) {
            assertEquals("hidden-code", judged("appdb", sql), sql);
            assertEquals(3, upstream.count("SELECT count(*) FROM customers"), sql);
        }
        assertEquals("ok", judged("appdb", "SELECT pg_catalog.lower('A'), table_name FROM information_schema.tables LIMIT 1"));
    }

    /**
     * A domain whose check or default calls a built-in with effects runs it on every value converted to it, and a cast
     * whose function is one on every value cast: an INSERT into a column of the domain, '1'::domain or x::oid (a cast
     * from varchar to oid through lo_import, a server file made a large object) ran set_config, pg_reload_conf or lo_import as a plain
     * write or read. The check's effect is shown first on the upstream itself.
     */
    @Test
    void domainsAndCastsCallingABuiltInWithEffectsAreJudgedAsTheCall() throws Exception {
        try (Connection c = upstream.superuser("app"); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("INSERT INTO domained VALUES (1, 'set by a check')");
            try (java.sql.ResultSet rs = st.executeQuery("SELECT current_setting('hoop.mark')")) {
                assertTrue(rs.next());
                assertEquals("set by a check", rs.getString(1));
            }
            c.rollback();
        }
        for (String sql : new String[] {"INSERT INTO domained VALUES (1, 'x')", "INSERT INTO domain_defaulted (a) VALUES (1)",
                "SELECT 'x'::marking", "SELECT CAST('x' AS marking_too)", "SELECT '/x'::varchar::oid", "SELECT CAST(CAST('/x' AS character varying) AS oid)"}) {
            assertEquals("hidden-code", judged("appdb", sql), sql);
        }
        assertEquals(0, upstream.count("SELECT count(*) FROM domained"));
        assertEquals(0, upstream.count("SELECT count(*) FROM domain_defaulted"));
        assertEquals("ok", judged("appdb", "INSERT INTO scratch VALUES (1)"), "a table without such a type stays writable");
    }

    /**
     * A table made on the connection with a default or check calling a built-in with effects (admin, which this policy
     * allows) runs it on every later write there, before the catalog is read again: INSERT INTO it was a plain write
     * (pg_reload_conf is read again after, as a change of how text lexes; pg_cancel_backend was not).
     */
    @Test
    void aTableMadeOnTheConnectionWithABuiltInInItsDefaultRunsItOnWrites() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        int n = 0;
        for (String mode : new String[] {"simple", "extended"}) {
            String table = "reloads_later_" + n++;
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE " + table + " (a int, b bool DEFAULT pg_cancel_backend(0), c int CHECK (c IS NULL OR pg_cancel_backend(c)))");
                SQLException e = assertThrows(SQLException.class, () -> st.execute("INSERT INTO " + table + " (a) VALUES (1)"), mode);
                assertTrue(e.getMessage().contains("hidden-code"), e.getMessage());
                st.execute("CREATE TEMP TABLE " + table + "_numbered (id serial, a int DEFAULT nextval('item_numbers'))");
                st.execute("INSERT INTO " + table + "_numbered (a) VALUES (1)");
                try (java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
                    assertTrue(rs.next());
                    assertEquals(0, rs.getInt(1), mode);
                }
            }
        }
    }

    @Test
    void relationsAStatementReachesBeyondItsTextMeetTheTablesRules() throws Exception {
        // An update through a view writes its base table; a delete cascades to the table referencing the row.
        assertEquals("protected", judged("appdb", "UPDATE contacts SET remark = 'via a view' WHERE num = 1"));
        assertEquals(0, upstream.count("SELECT count(*) FROM customers WHERE notes = 'via a view'"));
        assertEquals("protected", judged("appdb", "DELETE FROM orders WHERE id = 1"));
        assertEquals(2, upstream.count("SELECT count(*) FROM items"));
        // A rule sends an insert elsewhere.
        assertTrue(judged("appdb", "INSERT INTO redirected VALUES (1)").matches("hidden-code|protected"));
        assertEquals(3, upstream.count("SELECT count(*) FROM customers"));
        // Reading through them reaches nothing the rules protect from writes; a table no key cascades to is its own.
        assertEquals("ok", judged("appdb", "SELECT count(*) FROM contacts"));
        assertEquals("ok", judged("appdb", "SELECT * FROM orders"));
    }

    /**
     * TRUNCATE ... CASCADE empties every table whose foreign key references one it empties, whatever the key does on
     * delete: TRUNCATE kinds CASCADE emptied the protected items as a write naming kinds alone.
     */
    @Test
    void truncateCascadeNamesTheTablesReferencingWhatItEmpties() throws Exception {
        long items = upstream.count("SELECT count(*) FROM items");
        assertEquals("protected", judged("appdb", "TRUNCATE kinds CASCADE"));
        assertEquals(items, upstream.count("SELECT count(*) FROM items"));
        // Without CASCADE it empties no other table: hoop forwards it, and the server refuses it for the key.
        String plain = judged("appdb", "TRUNCATE kinds");
        assertTrue(plain.contains("foreign key"), plain);
        assertEquals(items, upstream.count("SELECT count(*) FROM items"));
    }

    /**
     * DROP ... CASCADE of a type or sequence drops what depends on it: DROP TYPE mood CASCADE dropped the protected
     * items' column of that type, DROP SEQUENCE its default, as DDL naming no table.
     */
    @Test
    void dropCascadeOfATypeOrSequenceNamesTheTablesUsingIt() throws Exception {
        assertEquals("protected", judged("appdb", "DROP TYPE mood CASCADE"));
        assertEquals("protected", judged("appdb", "DROP SEQUENCE IF EXISTS item_numbers CASCADE"));
        assertEquals(1, upstream.count("SELECT count(*) FROM pg_attribute WHERE attrelid = 'items'::regclass AND attname = 'mood'"));
        assertEquals(1, upstream.count("SELECT count(*) FROM pg_attrdef WHERE adrelid = 'items'::regclass"));
    }

    /** DROP TABLE ... CASCADE drops the foreign keys referencing it: it dropped the protected items' key as DDL on kinds. */
    @Test
    void dropCascadeNamesTheTablesWhoseKeysItDrops() throws Exception {
        assertEquals("protected", judged("appdb", "DROP TABLE kinds CASCADE"));
        assertEquals(1, upstream.count("SELECT count(*) FROM pg_constraint WHERE conrelid = 'items'::regclass AND contype = 'f'"
                + " AND confrelid = 'kinds'::regclass"));
    }

    /**
     * A foreign table's query runs on another server, here this one: deleting from it deleted customers as a write on
     * remote_customers. Its remote table is among the statement's tables, and naming it counts as running code hoop
     * does not see; foreign tables a schema import makes are known to the next statement.
     */
    @Test
    void aForeignTableRunsItsQueryElsewhere() throws Exception {
        assertEquals("hidden-code", judged("appdb", "DELETE FROM remote_customers WHERE id = 3"));
        assertEquals(3, upstream.count("SELECT count(*) FROM customers"));
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        try (Connection c = PostgresEndToEndTest.jdbc(s); Statement st = c.createStatement()) {
            st.execute("SELECT 1");
            st.execute("IMPORT FOREIGN SCHEMA public LIMIT TO (audit_log) FROM SERVER loop INTO imported");
            SQLException e = assertThrows(SQLException.class, () -> st.execute("INSERT INTO imported.audit_log (id, msg) VALUES (100, 'looped')"));
            assertTrue(e.getMessage().contains("guarded.hidden-code"), e.getMessage());
        }
        assertEquals(0, upstream.count("SELECT count(*) FROM audit_log"));
    }

    /**
     * The server plans a prepared statement again at a Bind after DDL changed what it names: a statement judged a read
     * at its Parse ran the routine a view replaced since calls. A Bind after this connection learnt of such a change is
     * judged again, with what it knows then.
     */
    @Test
    void aPreparedStatementIsJudgedAgainAfterWhatItNamesChanged() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-calls");
        try (Connection c = PostgresEndToEndTest.jdbc(s, "prepareThreshold=1"); Statement st = c.createStatement();
             java.sql.PreparedStatement view = c.prepareStatement("SELECT n FROM swapped");
             java.sql.PreparedStatement plain = c.prepareStatement("SELECT count(*) FROM orders")) {
            view.executeQuery().close();
            plain.executeQuery().close();
            st.execute("CREATE OR REPLACE VIEW swapped AS SELECT plain_wipe() AS n");
            SQLException e = assertThrows(SQLException.class, () -> view.executeQuery().close());
            assertTrue(e.getMessage().contains("no-calls.calls"), e.getMessage());
            plain.executeQuery().close();
        } finally {
            superuser("CREATE OR REPLACE VIEW swapped AS SELECT 1 AS n");
        }
        assertEquals(3, upstream.count("SELECT count(*) FROM customers"));
    }

    /**
     * A Parse needing review runs nothing, so hoop forwards it and judges each Bind. SQL can run the prepared statement
     * too: EXPLAIN ANALYZE CREATE TABLE AS EXECUTE ran the DELETE (the plain form refuses one) as ddl, no approval asked.
     */
    @Test
    void createTableAsExecuteRunsThePreparedStatement() throws Exception {
        try (RawPgClient c = PostgresEndToEndTest.raw(PostgresEndToEndTest.session(gw, "appdb-review"))) {
            c.parse("p", "DELETE FROM customers RETURNING id");
            c.sync();
            assertEquals("null", String.valueOf(RawPgClient.sqlState(c.until('Z'))));
            c.query("EXPLAIN ANALYZE CREATE TEMP TABLE gone AS EXECUTE p");
            assertEquals("42501", RawPgClient.sqlState(c.until('Z')));
            c.query("CREATE TEMP TABLE kept AS SELECT 1");
            assertEquals("null", String.valueOf(RawPgClient.sqlState(c.until('Z'))));
        }
        assertEquals(3, upstream.count("SELECT count(*) FROM customers"));
    }

    /**
     * A DO block can PREPARE a statement (EXECUTE 'PREPARE ...'), which a Bind then ran by name, unjudged, as often as it
     * liked. A Bind naming a statement no Parse or PREPARE through hoop made is judged as SQL EXECUTE of it, each time:
     * here a policy allowing DO blocks but not EXECUTE refuses it.
     */
    @Test
    void aStatementPreparedByUnseenCodeIsBoundAsItsExecute() throws Exception {
        try (RawPgClient c = PostgresEndToEndTest.raw(PostgresEndToEndTest.session(gw, "appdb-calls"))) {
            c.query("DO $$ BEGIN EXECUTE 'PREPARE sneaky AS DELETE FROM customers'; END $$");
            assertEquals("null", String.valueOf(RawPgClient.sqlState(c.until('Z'))));
            c.bind("sneaky");
            c.execute();
            c.sync();
            assertEquals("42501", RawPgClient.sqlState(c.until('Z')));
            // A Parse of that name fails (it exists); a Bind of it after that error still runs the DO block's statement.
            c.parse("sneaky", "SELECT 1");
            c.sync();
            assertEquals("42P05", RawPgClient.sqlState(c.until('Z')));
            c.bind("sneaky");
            c.execute();
            c.sync();
            assertEquals("42501", RawPgClient.sqlState(c.until('Z')));
            // A name dropped with DEALLOCATE and prepared again by a DO block runs the block's statement: a Bind of it
            // was judged as the statement SQL PREPARE had given it before (SELECT 1), and ran the DELETE.
            c.query("PREPARE dropped AS SELECT 1");
            assertEquals("null", String.valueOf(RawPgClient.sqlState(c.until('Z'))));
            c.query("DEALLOCATE dropped");
            assertEquals("null", String.valueOf(RawPgClient.sqlState(c.until('Z'))));
            c.query("DO $$ BEGIN EXECUTE 'PREPARE dropped AS DELETE FROM customers'; END $$");
            assertEquals("null", String.valueOf(RawPgClient.sqlState(c.until('Z'))));
            c.bind("dropped");
            c.execute();
            c.sync();
            assertEquals("42501", RawPgClient.sqlState(c.until('Z')));
            // Statements prepared through hoop bind as before, also after SQL dropped another one.
            c.parse("a", "SELECT 1");
            c.parse("b", "SELECT 2");
            c.sync();
            assertEquals("null", String.valueOf(RawPgClient.sqlState(c.until('Z'))));
            c.query("DEALLOCATE a");
            assertEquals("null", String.valueOf(RawPgClient.sqlState(c.until('Z'))));
            c.bind("b");
            c.execute();
            c.sync();
            assertEquals("null", String.valueOf(RawPgClient.sqlState(c.until('Z'))));
        }
        assertEquals(3, upstream.count("SELECT count(*) FROM customers"));
    }

    /** A rule made through hoop names the relations its actions write, and the table it is on runs them from then on. */
    @Test
    void aRuleMadeThroughHoopShowsWhatItWrites() throws Exception {
        assertEquals("protected", judged("appdb", "CREATE RULE r AS ON INSERT TO ruled_later DO INSTEAD DELETE FROM customers"));
        assertEquals(0, upstream.count("SELECT count(*) FROM pg_rules WHERE tablename = 'ruled_later'"));
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        try (Connection c = PostgresEndToEndTest.jdbc(s); Statement st = c.createStatement()) {
            st.execute("SELECT 1");
            st.execute("CREATE RULE quiet AS ON UPDATE TO ruled_later DO INSTEAD NOTHING");
            SQLException e = assertThrows(SQLException.class, () -> st.execute("UPDATE ruled_later SET a = 2"));
            assertTrue(e.getMessage().contains("guarded.hidden-code"), e.getMessage());
        }
        assertEquals(3, upstream.count("SELECT count(*) FROM customers"));
    }

    /** An event trigger runs its routine on every DDL statement, none of which names it. */
    @Test
    void ddlIsACallWhileAnEventTriggerIsEnabled() throws Exception {
        superuser("CREATE EVENT TRIGGER logged ON ddl_command_start EXECUTE FUNCTION on_ddl()");
        try {
            assertEquals("hidden-code", judged("appdb-events", "CREATE TABLE made_while_triggered (a int)"));
            assertEquals(0, upstream.count("SELECT count(*) FROM ddl_log"));
            // GRANT (dcl) and ddl raised to dcl fire it as well: they were judged dcl alone, past the rule on procedural code.
            assertEquals("hidden-code", judged("appdb-events", "GRANT SELECT ON altered TO PUBLIC"));
            assertEquals("hidden-code", judged("appdb-events", "ALTER TABLE altered ENABLE ROW LEVEL SECURITY"));
            assertEquals("hidden-code", judged("appdb-events", "COMMENT ON TABLE altered IS 'x'"));
            assertEquals(0, upstream.count("SELECT count(*) FROM ddl_log"));
        } finally {
            superuser("DROP EVENT TRIGGER logged");
        }
    }

    private static void superuser(String sql) throws SQLException {
        try (Connection c = upstream.superuser("app"); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
