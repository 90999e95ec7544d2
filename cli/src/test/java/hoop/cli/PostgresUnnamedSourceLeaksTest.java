package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ruled values reaching the client in a result column PostgreSQL reports no source for, or a source that is not
 * where the value came from, with the ruled column nowhere named in the statement: a set operation or a NATURAL
 * join over a column list the statement does not spell out, a write's RETURNING of what it just stored, a value
 * kept in session state and read back later, an error printing a value without quotes. Each spelled out a salary
 * or a secret before it was closed. Rules: salary, secret, name; the view staff renames salary and secret.
 */
class PostgresUnnamedSourceLeaksTest {
    static final List<String> SECRETS = List.of("987654", "123457", "tOpS3cr3tXyz", "h1ddenV4lue");

    @TempDir
    static Path dir;
    static UpstreamPostgres upstream;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = new UpstreamPostgres(dir.resolve("pg"), java.util.Map.of("wal_level", "logical"));
        try (Connection c = upstream.superuser("app"); Statement st = c.createStatement()) {
            // A replication slot decodes what other sessions write, ruled columns included (before any write here).
            st.execute("SELECT pg_create_logical_replication_slot('decoded', 'test_decoding')");
            st.execute("ALTER ROLE app_rw REPLICATION");
        }
        try (Connection c = upstream.superuser("app"); Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE people (id int PRIMARY KEY, name text, secret text, salary numeric, notes text);
                    INSERT INTO people VALUES (1, 'Zorro', 'tOpS3cr3tXyz', 987654, 'n1'), (2, 'Quixote', 'h1ddenV4lue', 123457, 'n2');
                    CREATE VIEW staff AS SELECT id, salary AS pay, secret AS word, notes FROM people;
                    CREATE TABLE log (id serial, msg text, amount numeric);
                    CREATE TABLE stamped (msg text);
                    CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
                      NEW.msg := (SELECT secret FROM people WHERE id = 1); RETURN NEW; END $$;
                    CREATE TRIGGER stamp BEFORE INSERT ON stamped FOR EACH ROW EXECUTE FUNCTION stamp();
                    ANALYZE people;
                    CREATE TYPE contact AS (nm text, secret text);
                    CREATE DOMAIN contact_d AS contact;
                    CREATE TYPE card AS (owner contact, n int);
                    CREATE TYPE plain_pair AS (a text, b int);
                    CREATE TABLE book (id int, c contact, cs contact[], d contact_d, k card, p plain_pair);
                    INSERT INTO book VALUES (1, ROW('a', 'tOpS3cr3tXyz'), ARRAY[ROW('b', 'h1ddenV4lue')::contact],
                      ROW('c', 'tOpS3cr3tXyz'), ROW(ROW('d', 'h1ddenV4lue'), 1), ROW('open', 7));
                    CREATE TABLE snapshots (id int, who people);
                    INSERT INTO snapshots SELECT 1, p FROM people p WHERE id = 1;
                    CREATE VIEW monitoring_stats AS SELECT tablename, attname, histogram_bounds::text AS bounds
                      FROM pg_stats WHERE schemaname = 'public';
                    GRANT SELECT ON pg_catalog.pg_statistic TO app_rw;
                    CREATE VIEW monitoring_samples AS SELECT starelid::regclass::text AS tbl, staattnum, stavalues1::text AS v1,
                      stavalues2::text || '' AS v2 FROM pg_catalog.pg_statistic;
                    GRANT ALL ON ALL TABLES IN SCHEMA public TO app_rw;
                    GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO app_rw;
                    """);
        }
        gw = new TestGateway(dir.resolve("home"), TestGateway.config("""
                connections:
                  - name: appdb
                    type: postgres
                    listen: 127.0.0.1:0
                    upstream: { host: 127.0.0.1, port: %d, database: app, user: app_rw, password: "${env:APPDB_PASSWORD}", sslmode: disable }
                    masking: [columns]
                masking:
                  columns:
                    detectors: [email]
                    columns: { salary: redact, secret: redact, name: redact }
                """.formatted(upstream.port())), UpstreamPostgres.PASSWORDS);
    }

    @AfterAll
    static void stop() throws Exception {
        UpstreamPostgres.stop(gw, upstream);
    }

    /** Each query through psql (text) and pgjdbc prepared on the server (binary: numeric too): what came out unmasked. */
    static List<String> leakedThroughPsqlAndPgjdbc(JsonNode s, List<String> queries) throws Exception {
        List<String> leaked = new ArrayList<>();
        for (String q : queries) {
            PostgresEndToEndTest.Psql r = psql(s, q);
            assertEquals(0, r.exit(), q + ": " + r.err());
            if (leaks(r.out())) leaked.add(q + " -> " + r.out());
        }
        try (Connection c = PostgresEndToEndTest.jdbc(s, "prepareThreshold=-1", "binaryTransfer=true")) {
            for (String q : queries) {
                try (PreparedStatement ps = c.prepareStatement(q); ResultSet rs = ps.executeQuery()) {
                    StringBuilder b = new StringBuilder();
                    while (rs.next()) for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) b.append(rs.getString(i)).append('|');
                    if (leaks(b.toString())) leaked.add("pgjdbc " + q + " -> " + b);
                }
            }
        }
        return leaked;
    }

    static boolean leaks(String text) {
        return SECRETS.stream().anyMatch(text::contains);
    }

    static PostgresEndToEndTest.Psql psql(JsonNode s, String... sql) throws Exception {
        return PostgresEndToEndTest.psqlAll(s, sql);
    }

    @Test
    void setOperationsAndNaturalJoinsOverColumnsTheStatementDoesNotSpellOutAreMasked() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        // PostgreSQL reports no source for a set operation's columns nor a NATURAL FULL JOIN's merged ones; named by
        // the first branch or the view, the salary reached the client as a plain number.
        List<String> queries = List.of("SELECT 0 AS a, 0::numeric AS b, 'x' AS c, 'y' AS d UNION ALL TABLE staff",
                "SELECT * FROM (TABLE staff UNION TABLE staff) u",
                "SELECT * FROM staff NATURAL FULL JOIN staff s2",
                "SELECT 0 AS a, 'x' AS b, 'y' AS c, 0::numeric AS d, 'z' AS e UNION ALL SELECT * FROM people",
                "SELECT * FROM (SELECT s.* FROM staff s INTERSECT SELECT * FROM staff) i",
                "WITH RECURSIVE r AS (TABLE staff UNION ALL SELECT * FROM r WHERE false) SELECT * FROM r");
        assertEquals(List.of(), leakedThroughPsqlAndPgjdbc(s, queries));
        // Counting stays readable: count(*) spells out no column list.
        assertEquals("2\n0", psql(s, "SELECT count(*) FROM people UNION ALL SELECT count(*) FROM log WHERE false").out().strip());
    }

    @Test
    void aWritesReturningListIsMaskedUnderTheRuledColumnItStoredFrom() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        // RETURNING reports the written table's column as the source; the value is what the statement put there.
        List<String> leaked = new ArrayList<>();
        for (String q : List.of("UPDATE people SET notes = secret WHERE id = 1 RETURNING notes",
                "UPDATE people p SET notes = p::text WHERE id = 2 RETURNING notes",
                "INSERT INTO log (msg, amount) SELECT secret, salary FROM people RETURNING msg, amount",
                "INSERT INTO log (msg, amount) SELECT word, pay FROM staff RETURNING *",
                "WITH x AS (INSERT INTO log (msg) SELECT secret FROM people RETURNING msg) SELECT * FROM x",
                "WITH u AS (UPDATE people SET notes = notes WHERE id = 1 RETURNING secret AS k) INSERT INTO log (msg) SELECT k FROM u RETURNING msg",
                "INSERT INTO log (msg) SELECT 'x' || (SELECT max(secret) FROM people) ON CONFLICT DO NOTHING RETURNING msg",
                "INSERT INTO stamped VALUES ('a') RETURNING msg")) {
            // Rolled back, and now each is refused as a copy into a column no rule covers (PostgresStoredCopiesTest),
            // stamped's too: its trigger copies a secret into the row, which a later SELECT read in clear.
            PostgresEndToEndTest.Psql r = psql(s, "BEGIN", q, "ROLLBACK");
            r.states("00000", "42501", "00000");
            if (leaks(r.out())) leaked.add(q + " -> " + r.out());
        }
        assertEquals(List.of(), leaked);
        // A write whose values are the client's own returns them, and the generated key, as they are.
        PostgresEndToEndTest.Psql r = psql(s, "INSERT INTO people (id, name, secret, notes) VALUES (7, 'N', 'S', 'mine') RETURNING id, notes",
                "UPDATE people SET name = 'M', secret = 'T', notes = 'ours' WHERE name = 'M' OR id = 7 RETURNING id, notes",
                "INSERT INTO people (id, name, secret, notes) VALUES (7, 'O', 'U', 'upsert') ON CONFLICT (id)"
                        + " DO UPDATE SET name = EXCLUDED.name, secret = EXCLUDED.secret, notes = EXCLUDED.notes RETURNING id, notes",
                "DELETE FROM people WHERE id = 7 RETURNING id, notes");
        r.allOk();
        assertTrue(r.out().contains("7|mine") && r.out().contains("7|ours\n"), r.out());
        assertEquals(2, r.out().split("7\\|upsert\n").length - 1, "the upsert and the delete return it: " + r.out());
        // A literal's words name no column: 'the secret word' made every RETURNING column masked, as if secret was read.
        r = psql(s, "BEGIN", "INSERT INTO log (msg, amount) VALUES ('the secret word', 5) RETURNING msg, amount",
                "UPDATE log SET msg = 'salary: n/a' WHERE amount = 5 RETURNING msg", "ROLLBACK").allOk();
        assertEquals(List.of("the secret word|5", "salary: n/a"), r.out().lines().filter(l -> !l.matches("[A-Z]+( \\d+)*")).toList(), r.out());
        // One given to a call may be the SQL it runs, and is still read as names.
        r = psql(s, "BEGIN", "INSERT INTO log (msg) SELECT x FROM query_to_xml('SELECT secret FROM people', true, false, '') x RETURNING msg",
                "ROLLBACK");
        assertFalse(leaks(r.out()), r.out());
    }

    @Test
    void aValueARuledColumnMayGiveIsNotKeptInSessionState() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        // A setting or an advisory lock keeps the value; SHOW, pg_settings, pg_locks or another session's
        // pg_stat_activity read it back with no trace of the column.
        List<String> kept = List.of("SELECT set_config('x.y', secret, false) FROM people WHERE id = 1",
                "SELECT set_config('application_name', word, false) FROM staff WHERE id = 1",
                "UPDATE pg_settings SET setting = (SELECT secret FROM people WHERE id = 1) WHERE name = 'application_name'",
                "SELECT pg_advisory_lock(salary::bigint) FROM people WHERE id = 1",
                "SELECT pg_try_advisory_lock(1, pay::int) FROM staff WHERE id = 1",
                "DO $$ BEGIN PERFORM set_config('x.y', (SELECT secret FROM people WHERE id = 1), false); END $$",
                // A large object outlives the statement (its oid came back masked): lo_get(oid) read it back in clear.
                "SELECT lo_from_bytea(0, secret::bytea) FROM people WHERE id = 1",
                "SELECT lo_put(lo_create(0), 0, convert_to(word, 'UTF8')) FROM staff WHERE id = 1",
                // Its oid, when the caller chooses it, and its length keep a number too (pg_largeobject_metadata lists
                // the oid, lo_get tells the length).
                "SELECT lo_create(salary::bigint::oid) FROM people WHERE id = 1",
                "SELECT lo_truncate(lo_open(lo_create(0), 131072), salary::int) FROM people WHERE id = 1",
                // So does a sequence: its last_value (or the next nextval, one more) is the number it was set to.
                "SELECT setval('log_id_seq', salary::bigint) FROM people WHERE id = 1");
        try (Connection agent = PostgresEndToEndTest.jdbc(s); Connection other = PostgresEndToEndTest.jdbc(s);
             Statement st = agent.createStatement(); Statement ot = other.createStatement()) {
            List<String> leaked = new ArrayList<>();
            for (String q : kept) {
                SQLException e = assertThrows(SQLException.class, () -> st.execute(q), q);
                assertEquals("42501", e.getSQLState(), q + ": " + e.getMessage());
                assertTrue(e.getMessage().contains("session state"), e.getMessage());
                String back = read(st, "SELECT current_setting('x.y', true), current_setting('application_name')")
                        + read(st, "SELECT setting FROM pg_settings WHERE name IN ('x.y', 'application_name')")
                        + read(ot, "SELECT application_name FROM pg_stat_activity")
                        + read(ot, "SELECT classid::text || ':' || objid FROM pg_locks WHERE locktype = 'advisory'")
                        + read(st, "SELECT string_agg(encode(lo_get(oid), 'escape'), ',') FROM pg_largeobject_metadata")
                        + read(st, "SELECT string_agg(oid::text || ':' || length(lo_get(oid)), ',') FROM pg_largeobject_metadata")
                        + read(ot, "SELECT last_value FROM log_id_seq");
                if (leaks(back)) leaked.add(q + " -> " + back);
            }
            assertEquals(List.of(), leaked);
            // A value the client wrote itself is kept as ever.
            st.execute("SELECT set_config('x.y', 'mine', false)");
            assertEquals("mine|", read(st, "SHOW x.y"));
        }
        // A view made since the catalog read may rename a ruled column: reading one counts; a literal still does not.
        PostgresEndToEndTest.Psql r = psql(s, "CREATE VIEW renamed AS SELECT secret AS q FROM people",
                "SELECT set_config('x.y', q, false) FROM renamed WHERE q IS NOT NULL LIMIT 1",
                "SELECT set_config('x.y', 'lit', false)", "SHOW x.y");
        r.states("00000", "42501", "00000", "00000");
        assertTrue(r.err().contains("session state"), r.err());
        assertEquals("lit", r.out().lines().reduce((a, b) -> b).orElse(""), r.out());
        assertEquals(1, r.err().split("ERROR").length - 1, "only the first set_config is refused: " + r.err());
        assertFalse(leaks(r.out()), r.out());
    }

    /**
     * COPY rows name no columns: a query's COPY (psql's {@code \copy (SELECT ...) to 'f' csv header}, pgjdbc's
     * CopyManager) was refused whenever it read a ruled table, even for columns no rule covers. The server describes the
     * query first (nothing runs), and each field is masked as that result column is in a SELECT's rows: by its source
     * column, a computed one by what the statement names, a star expanded by the server.
     */
    @Test
    void aQuerysCopyIsMaskedAsItsSelectWouldBe() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        PostgresEndToEndTest.Psql r = psql(s,
                "COPY (SELECT id, notes FROM people ORDER BY id) TO STDOUT",
                "COPY (SELECT id, secret, upper(secret) AS up, salary, notes FROM people ORDER BY id) TO STDOUT (FORMAT csv, HEADER)",
                "COPY (SELECT * FROM people p ORDER BY id) TO STDOUT",
                "COPY (SELECT s.word AS w, s.id FROM staff s JOIN people USING (id) ORDER BY 2) TO STDOUT (DELIMITER '|')",
                "COPY (SELECT p FROM people p ORDER BY id) TO STDOUT",
                "COPY (SELECT nosuch FROM people) TO STDOUT",
                "SELECT 1");
        r.states("00000", "00000", "00000", "00000", "00000", "42501", "00000");
        assertFalse(leaks(r.out()), r.out());
        assertEquals(List.of("1\tn1", "2\tn2",
                "id,secret,up,salary,notes", "1,\"[SECRET]\",\"[SECRET]\",\"[SALARY]\",n1", "2,\"[SECRET]\",\"[SECRET]\",\"[SALARY]\",n2",
                "1\t[NAME]\t[SECRET]\t[SALARY]\tn1", "2\t[NAME]\t[SECRET]\t[SALARY]\tn2",
                "[SECRET]|1", "[SECRET]|2"), r.out().lines().limit(9).toList(), r.out());
        assertTrue(r.out().lines().skip(9).limit(2).allMatch(l -> l.startsWith("[") && !l.contains("Zorro")), r.out());
        assertTrue(r.err().contains("could not be described for masking: column \"nosuch\" does not exist"), r.err());
        // pgjdbc's CopyManager sends the COPY as a simple Query too.
        try (Connection c = PostgresEndToEndTest.jdbc(s)) {
            var copy = new org.postgresql.copy.CopyManager(c.unwrap(org.postgresql.core.BaseConnection.class));
            var out = new java.io.ByteArrayOutputStream();
            copy.copyOut("COPY (SELECT id, name, notes FROM people WHERE id = 2) TO STDOUT (FORMAT csv)", out);
            assertEquals("2,\"[NAME]\",n2\n", out.toString(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** A query's COPY inside a transaction keeps it; one whose query fails ends it as the COPY would have. */
    @Test
    void aQuerysCopyInsideATransactionBehavesAsPostgresql() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        PostgresEndToEndTest.Psql r = psql(s, "BEGIN", "COPY (SELECT id, secret FROM people WHERE id = 1) TO STDOUT",
                "SELECT 'still' || 'open'", "COPY (SELECT secret FROM nowhere) TO STDOUT", "SELECT 1", "ROLLBACK", "SELECT 'after'");
        r.states("00000", "00000", "00000", "42501", "25P02", "00000", "00000");
        assertEquals(List.of("BEGIN", "1\t[SECRET]", "stillopen", "ROLLBACK", "after"), r.out().lines().toList(), r.out());
    }

    @Test
    void aCopyOutOfARelationMadeSinceTheCatalogReadIsRefused() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        try (Connection older = PostgresEndToEndTest.jdbc(s)) {
            // The view renames the secret; a connection that read the catalog before it does not know so, and COPY
            // rows carry no column names to mask by: a table's COPY is refused, a query's is masked as its rows would
            // be in a SELECT (described by the server: a column of a relation newer than the read is masked).
            PostgresEndToEndTest.Psql r = psql(s, "CREATE VIEW copied AS SELECT secret AS q FROM people",
                    "COPY (SELECT q FROM copied ORDER BY 1) TO STDOUT", "COPY copied TO STDOUT (FORMAT csv)");
            r.states("00000", "00000", "42501");
            assertFalse(leaks(r.out()), r.out());
            assertEquals(List.of("[SECRET]", "[SECRET]"), r.out().lines().filter(l -> l.startsWith("[")).toList(), r.out());
            assertEquals(1, r.err().split("past its column rule").length - 1, r.err());
            var copy = new org.postgresql.copy.CopyManager(older.unwrap(org.postgresql.core.BaseConnection.class));
            var out = new java.io.ByteArrayOutputStream();
            SQLException e = assertThrows(SQLException.class, () -> copy.copyOut("COPY copied TO STDOUT", out));
            assertEquals("42501", e.getSQLState(), e.getMessage());
            assertFalse(leaks(out.toString(java.nio.charset.StandardCharsets.UTF_8)));
        }
        // A new connection reads the catalog again: it knows the view, and still refuses; a table without a ruled
        // column is copied as ever.
        PostgresEndToEndTest.Psql r = psql(s, "COPY copied TO STDOUT", "COPY (SELECT 'plain') TO STDOUT").states("42501", "00000");
        assertTrue(r.err().contains("past its column rule"), r.err());
        assertEquals("plain", r.out().strip());
    }

    @Test
    void aViewOverTheStatisticsSampleValuesIsMaskedLikeThem() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        // pg_stats keeps each column's values (with two rows, both are histogram bounds); a monitoring view over
        // it passed them on unmasked.
        PostgresEndToEndTest.Psql r = psql(s, "SELECT attname, bounds FROM monitoring_stats WHERE tablename = 'people' ORDER BY attname");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("secret|") && r.out().contains("salary|"), "the column names stay: " + r.out());
        assertFalse(leaks(r.out()), r.out());
    }

    /**
     * pg_statistic is the catalog under pg_stats and keeps the same samples, as stavalues1..5 (a small or unique
     * column's every value): read there, by a superuser or a role it was granted to (the embedded demo connects as
     * postgres, whose autovacuum analyzes customers after a few dozen writes), they came out unmasked.
     */
    @Test
    void theStatisticsCatalogsSampleValuesAreMaskedLikeThoseOfPgStats() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        List<String> queries = List.of("SELECT stavalues1, stavalues2, stavalues3 FROM pg_statistic WHERE starelid = 'people'::regclass",
                "SELECT s.stavalues1::text AS a, s.stavalues1::text || '-' AS b FROM pg_catalog.pg_statistic s WHERE starelid = 'people'::regclass",
                "SELECT x FROM (SELECT stavalues1 AS x FROM pg_statistic WHERE starelid = 'people'::regclass) q",
                "SELECT s.* FROM pg_statistic s WHERE starelid = 'people'::regclass",
                "SELECT tbl, v1, v2 FROM monitoring_samples WHERE tbl = 'people'");
        assertEquals(List.of(), leakedThroughPsqlAndPgjdbc(s, queries));
        // The statistics' other columns stay readable (computed ones are masked, as those of pg_stats are).
        PostgresEndToEndTest.Psql r = psql(s, "SELECT staattnum, stanullfrac FROM pg_statistic WHERE starelid = 'people'::regclass AND staattnum = 1");
        assertEquals("1|0", r.out().strip(), r.err());
    }

    @Test
    void aValueOfATypeWithARuledFieldIsMaskedWhateverColumnHoldsIt() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        // A column whose type is a composite with a ruled field (or an array, a domain or a composite of one), or a
        // ruled table's row type (an audit table keeping rows whole), holds that field whatever the column is called.
        List<String> queries = List.of("SELECT c, cs, d, k FROM book", "SELECT * FROM book", "SELECT who FROM snapshots",
                "SELECT b FROM book b", "SELECT (k).owner FROM book", "SELECT c::text, upper(k::text) FROM book",
                "SELECT to_jsonb(b) FROM book b", "SELECT row_to_json(s)::text FROM snapshots s", "SELECT x FROM (SELECT c AS x FROM book) q");
        assertEquals(List.of(), leakedThroughPsqlAndPgjdbc(s, queries));
        // A composite without a ruled field stays readable.
        assertEquals("(open,7)", psql(s, "SELECT p FROM book").out().strip());
    }

    @Test
    void aSimpleQueryInsideAnExtendedPipelineEndsTheConnection() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        // After the Execute fails the server drops the Query up to the Sync and sends one ReadyForQuery, not two:
        // hoop took the next statement's answers for the dropped Query's, and judged upper(secret) by its text.
        StringBuilder seen = new StringBuilder();
        try (RawPgClient c = PostgresEndToEndTest.raw(s)) {
            c.inOneWrite(() -> {
                c.parse("", "SELECT 1/0");
                c.bind("");
                c.execute();
                c.query("SELECT 42");
                c.sync();
            });
            try {
                readUntilReady(c, seen);
                c.query("SELECT upper(secret) FROM people WHERE id = 1");
                readUntilReady(c, seen);
            } catch (java.io.IOException closed) {
                // the FATAL ended the connection
            }
        }
        assertFalse(leaks(seen.toString().toLowerCase(java.util.Locale.ROOT)) || seen.toString().contains("TOPS3CR3TXYZ"), seen.toString());
        assertTrue(seen.toString().contains("08P01") && seen.toString().contains("send Sync first"), seen.toString());
        // A pipeline that ends with its Sync is served as ever.
        try (RawPgClient c = PostgresEndToEndTest.raw(s)) {
            c.inOneWrite(() -> {
                c.parse("", "SELECT upper(secret) FROM people WHERE id = 1");
                c.bind("");
                c.execute();
                c.sync();
            });
            String rows = new String(c.until('Z').stream().filter(m -> m.type() == 'D').findFirst().orElseThrow().body(),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(rows.endsWith("[SECRET]"), rows);
        }
    }

    @Test
    void aNameWhoseRedefinitionFailedOrWasSkippedIsJudgedByWhatItStillRuns() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        // The second PREPARE or DECLARE of a name in use fails, and the name keeps running its first query; hoop
        // took the name to run the second.
        PostgresEndToEndTest.Psql r = psql(s, "PREPARE p AS SELECT upper(secret) FROM people", "PREPARE p AS SELECT 'innocent'::text",
                "EXECUTE p", "DECLARE c CURSOR WITH HOLD FOR SELECT lower(secret) FROM people",
                "DECLARE c CURSOR WITH HOLD FOR SELECT 'x'::text", "FETCH ALL c");
        // The second PREPARE and DECLARE fail on the server; EXECUTE and FETCH run the first ones.
        r.states("00000", "42P05", "00000", "00000", "42P03", "00000");
        assertTrue(r.err().contains("already exists"), r.err());
        assertFalse(leaks(r.out().toLowerCase(java.util.Locale.ROOT)) || r.out().contains("TOPS3CR3TXYZ"), r.out());
        // After an error the server skips the rest of the pipeline, a Close and a Parse of the same name included.
        StringBuilder seen = new StringBuilder();
        try (RawPgClient c = PostgresEndToEndTest.raw(s)) {
            c.parse("s1", "SELECT upper(secret) FROM people");
            c.sync();
            readUntilReady(c, seen);
            c.inOneWrite(() -> {
                c.parse("", "SELECT 1/0");
                c.bind("");
                c.execute();
                c.send('C', "Ss1\0".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                c.parse("s1", "SELECT 'innocent'::text");
                c.sync();
            });
            readUntilReady(c, seen);
            c.inOneWrite(() -> {
                c.bind("s1");
                c.execute();
                c.sync();
            });
            readUntilReady(c, seen);
        }
        assertTrue(seen.toString().contains("[SECRET]"), seen.toString());
        assertFalse(seen.toString().contains("TOPS3CR3TXYZ"), seen.toString());
        // A name redefined after it was dropped runs the new query, read as such.
        r = psql(s, "PREPARE pq AS SELECT upper(secret) FROM people", "DEALLOCATE pq", "PREPARE pq AS SELECT upper('plain')", "EXECUTE pq").allOk();
        assertTrue(r.out().contains("PLAIN"), r.out() + r.err());
    }

    @Test
    void rowsAReplicationSlotDecodesAreMasked() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        // test_decoding writes each change as text: "table public.people: INSERT: id[integer]:1 ... secret[text]:'...'".
        for (String q : List.of("SELECT data FROM pg_logical_slot_peek_changes('decoded', NULL, NULL)",
                "SELECT encode(data, 'escape') FROM pg_logical_slot_peek_binary_changes('decoded', NULL, NULL)")) {
            PostgresEndToEndTest.Psql r = psql(s, q);
            assertEquals(0, r.exit(), q + ": " + r.err());
            assertFalse(r.out().isBlank(), q);
            assertFalse(leaks(r.out()), q + ": " + r.out());
        }
    }

    static void readUntilReady(RawPgClient c, StringBuilder seen) throws java.io.IOException {
        RawPgClient.Msg m;
        do {
            m = c.read();
            seen.append(m.type()).append(' ').append(m.text()).append('\n');
        } while (m.type() != 'Z');
    }

    @Test
    void aSettingOrSequenceCodeKeptIsNotReadBackInClear() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        try (Connection agent = PostgresEndToEndTest.jdbc(s); Connection other = PostgresEndToEndTest.jdbc(s);
             Statement st = agent.createStatement(); Statement ot = other.createStatement()) {
            // Another session's application_name, set by a SET the DO block built: this session saw no code run.
            st.execute("DO $$ BEGIN EXECUTE 'SET application_name = ' || quote_literal((SELECT secret FROM people WHERE id = 1)); END $$");
            String back = read(ot, "SELECT application_name FROM pg_stat_activity") + read(ot, "SELECT upper(application_name) FROM pg_stat_activity");
            assertFalse(leaks(back), back);
            // A sequence advanced salary times: currval then told the salary (confirmed with psql on the demo).
            st.execute("CREATE TEMP SEQUENCE counted");
            SQLException e = assertThrows(SQLException.class,
                    () -> st.execute("SELECT count(nextval('counted')) FROM people, generate_series(1, salary::int) WHERE id = 2"));
            assertTrue(e.getMessage().contains("session state"), e.getMessage());
            assertFalse(leaks(read(st, "SELECT coalesce(pg_sequence_last_value('counted'), 0)")));
            // A role default code wrote (ALTER hidden from words): later sessions read it with current_setting.
            st.execute("DO $$ BEGIN EXECUTE 'AL' || 'TER ROLE CURRENT_USER SET search_path = ' || quote_literal((SELECT secret FROM people WHERE id = 1)); END $$");
            try (Connection later = PostgresEndToEndTest.jdbc(s); Statement lt = later.createStatement()) {
                String kept = read(lt, "SELECT current_setting('search_path'), upper(current_setting('search_path'))") + read(lt, "SHOW search_path")
                        + read(lt, "SELECT setconfig::text FROM pg_db_role_setting") + read(lt, "SELECT rolconfig::text FROM pg_roles");
                assertFalse(leaks(kept), kept);
            } finally {
                try (Connection c = upstream.superuser("app"); Statement su = c.createStatement()) {
                    su.execute("ALTER ROLE app_rw RESET ALL");
                }
            }
            // Numbering rows, or a write into a ruled column numbered so, still runs.
            assertEquals("2|", read(st, "SELECT count(nextval('counted')) FROM people"));
            st.execute("BEGIN");
            st.execute("INSERT INTO people (id, name, salary) VALUES (nextval('counted') + 100, 'x', 5)");
            st.execute("ROLLBACK");
        }
    }

    @Test
    void onlySettingsThatMayHoldAValueAreMaskedWhenTheRolePresetsSome() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        try (Connection agent = PostgresEndToEndTest.jdbc(s); Statement st = agent.createStatement()) {
            // A custom setting can hold free text, and a view of the database's own reads it under its own name (only a
            // superuser presets one on this server; the statements after it through hoop make it read the catalog again).
            try (Connection c = upstream.superuser("app"); Statement su = c.createStatement()) {
                su.execute("ALTER ROLE app_rw SET my.kept = 'tOpS3cr3tXyz'");
                su.execute("ALTER ROLE app_rw SET application_name = 'tOpS3cr3tXyz'");
            }
            // Production roles preset these: none can hold free text (a number, schemas that exist, a known zone).
            st.execute("ALTER ROLE CURRENT_USER SET statement_timeout = '31s'");
            st.execute("ALTER ROLE CURRENT_USER SET search_path = public, '$user'");
            st.execute("ALTER ROLE CURRENT_USER SET TimeZone = 'Europe/Paris'");
            st.execute("CREATE VIEW kept_setting AS SELECT current_setting('my.kept') AS v");
            try (Connection later = PostgresEndToEndTest.jdbc(s); Statement lt = later.createStatement()) {
                assertEquals("31s|", read(lt, "SHOW statement_timeout"));
                assertEquals("public, \"$user\"|", read(lt, "SHOW search_path"));
                // pgjdbc sends its own TimeZone at startup, which the role's preset does not override.
                String zone = read(lt, "SELECT 1, current_setting('TimeZone')");
                assertTrue(zone.matches("1\\|[A-Za-z_/+-]+\\|"), zone);
                assertEquals("31s|", read(lt, "SELECT current_setting('statement_timeout')"));
                String kept = read(lt, "SELECT current_setting('my.kept')") + read(lt, "SHOW my.kept") + read(lt, "SELECT * FROM kept_setting")
                        + read(lt, "SELECT current_setting('my.' || 'kept')") + read(lt, "SHOW ALL")
                        + read(lt, "SELECT 1, current_setting('TimeZone'), current_setting(E'my.kept')");
                assertFalse(leaks(kept), kept);
                // The settings the server reports at login: only the role's free-text preset is a label (all of them
                // were, so psycopg read its TimeZone as "[SECRET]"); what the client sent itself comes back as sent.
                var status = later.unwrap(org.postgresql.PGConnection.class);
                assertEquals("PostgreSQL JDBC Driver", status.getParameterStatus("application_name"));
                assertEquals("app_rw", status.getParameterStatus("session_authorization"));
                assertFalse(status.getParameterStatus("TimeZone").startsWith("["), status.getParameterStatus("TimeZone"));
                try (RawPgClient raw = PostgresEndToEndTest.raw(s)) {
                    assertEquals("Europe/Paris", raw.loginSetting("TimeZone"));
                    assertEquals("app_rw", raw.loginSetting("session_authorization"));
                    assertEquals("on", raw.loginSetting("standard_conforming_strings"));
                    assertTrue(raw.loginSetting("application_name").matches("\\[[A-Z_]+]"), raw.loginSetting("application_name"));
                }
            } finally {
                st.execute("DROP VIEW kept_setting");
                try (Connection c = upstream.superuser("app"); Statement su = c.createStatement()) {
                    su.execute("ALTER ROLE app_rw RESET ALL");
                }
            }
        }
    }

    static String read(Statement st, String q) throws SQLException {
        StringBuilder b = new StringBuilder();
        try (ResultSet rs = st.executeQuery(q)) {
            while (rs.next()) for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) b.append(rs.getString(i)).append('|');
        }
        return b.toString();
    }

    @Test
    void anErrorPrintingAValueAfterAColonWithoutQuotesIsMasked() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        // regoper's input prints the text it was given as it is: "operator does not exist: tOpS3cr3tXyz".
        for (String q : List.of("SELECT secret::regoper FROM people WHERE id = 1", "SELECT word::regoper FROM staff WHERE id = 1",
                "SELECT ('+' || lower(secret))::regoper FROM people WHERE id = 1")) {
            PostgresEndToEndTest.Psql r = psql(s, q);
            assertTrue(r.err().contains("ERROR"), q + ": " + r.out() + r.err());
            assertFalse(leaks(r.err()), q + ": " + r.err());
        }
        try (Connection c = PostgresEndToEndTest.jdbc(s); Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT secret::regoper FROM people WHERE id = 2"));
            assertTrue(e.getMessage().contains("operator does not exist: [SECRET]"), e.getMessage());
        }
        // The statement's own names and built-in type names after a colon stay.
        PostgresEndToEndTest.Psql r = psql(s, "SELECT notes::text + 1::integer FROM people WHERE id = 1");
        assertTrue(r.err().contains("operator does not exist: text + integer"), r.err());
        r = psql(s, "SELECT notes FROM people WHERE secret = 1");
        assertTrue(r.err().contains("operator does not exist: text = integer"), r.err());
    }
}
