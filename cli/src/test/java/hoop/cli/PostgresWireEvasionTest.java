package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Statements a client gets past hoop's judging by the protocol rather than by their text: a prepared statement that
 * hoop forgot while the server still holds it (a Parse of the unnamed statement, a Close or an SQL DEALLOCATE that the
 * server skipped after an error), so that a Bind of it runs a held write unreviewed. A raw client sends the messages
 * as written; the ordinary forms (a Close and a Parse of the same name, DEALLOCATE and prepare again) still run.
 */
class PostgresWireEvasionTest {
    @TempDir
    static Path dir;
    static UpstreamPostgres upstream;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = new UpstreamPostgres(dir.resolve("pg"));
        try (Connection c = upstream.superuser("app"); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE orders (id int, v text); CREATE TABLE items (id int, v text); GRANT ALL ON orders, items TO app_rw");
        }
        String upstreamYaml = "upstream: { host: 127.0.0.1, port: %d, database: app, user: app_rw, password: \"${env:APPDB_PASSWORD}\", sslmode: disable }"
                .formatted(upstream.port());
        String cfg = TestGateway.config("""
                connections:
                  - name: strict
                    type: postgres
                    listen: 127.0.0.1:0
                    %1$s
                    policies: [strict]
                    masking: [pii]
                  - name: loose
                    type: postgres
                    listen: 127.0.0.1:0
                    %1$s
                    policies: [loose]
                masking:
                  pii:
                    columns: { email: redact }
                policies:
                  strict:
                    default: allow
                    rules:
                      - { name: unbounded, action: deny, match: { kind: [write], unbounded: true } }
                      - { name: calls, action: deny, match: { kind: [procedural, unknown] } }
                      - { name: held, action: review, match: { kind: [write], tables: [orders] } }
                  loose:
                    default: allow
                    rules:
                      - { name: unbounded, action: deny, match: { kind: [write], unbounded: true } }
                      - { name: held, action: review, match: { kind: [write], tables: [orders] } }
                """.formatted(upstreamYaml));
        gw = new TestGateway(dir.resolve("home"), cfg, Map.of("APPDB_PASSWORD", UpstreamPostgres.SCRAM_PASSWORD));
    }

    @BeforeEach
    void rows() throws SQLException {
        try (Connection c = upstream.superuser("app"); Statement st = c.createStatement()) {
            st.execute("TRUNCATE orders, items; INSERT INTO orders VALUES (1, 'x'), (2, 'y'); INSERT INTO items VALUES (1, 'a'), (2, 'b')");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        UpstreamPostgres.stop(gw, upstream);
    }

    /** The answers up to the first ReadyForQuery or NOTICE (a held statement's request for approval). */
    private static List<RawPgClient.Msg> untilReadyOrHeld(RawPgClient c) throws Exception {
        List<RawPgClient.Msg> got = new ArrayList<>();
        RawPgClient.Msg m;
        do {
            m = c.read();
            got.add(m);
        } while (m.type() != 'Z' && m.type() != 'N');
        return got;
    }

    private static void held(RawPgClient c, String what) throws Exception {
        List<RawPgClient.Msg> got = untilReadyOrHeld(c);
        RawPgClient.Msg last = got.get(got.size() - 1);
        assertTrue(last.type() == 'N' && last.text().contains("waiting for approval"), what + ": " + got);
    }

    private static void prepareHeldDelete(RawPgClient c, String name) throws Exception {
        c.inOneWrite(() -> {
            c.parse(name, "DELETE FROM orders WHERE id = 1");
            c.sync();
        });
        assertEquals(null, RawPgClient.sqlState(c.until('Z')));
    }

    /**
     * The server skips everything after an error up to the Sync: the Parse of the unnamed statement behind the failed
     * Execute left the held DELETE in place, which hoop had forgotten at that Parse, so a Bind of the unnamed statement
     * ran it with no approval, under a policy refusing every call too.
     */
    @Test
    void aSkippedParseOfTheUnnamedStatementLeavesTheHeldOneHeld() throws Exception {
        try (RawPgClient c = PostgresEndToEndTest.raw(PostgresEndToEndTest.session(gw, "strict"))) {
            prepareHeldDelete(c, "");
            c.inOneWrite(() -> {
                c.execute("no_such_portal");
                c.parse("", "SELECT 1");
                c.sync();
            });
            assertEquals("34000", RawPgClient.sqlState(c.until('Z')));
            c.inOneWrite(() -> {
                c.bind("");
                c.execute();
                c.sync();
            });
            held(c, "Bind of the unnamed statement the server still holds");
        }
        assertEquals(2, upstream.count("SELECT count(*) FROM orders"));
    }

    /**
     * A Close the server skipped (and a Parse of the name behind it) left the held statement under its name; hoop had
     * dropped it at the Close and judged the Bind as a name no Parse made (a call, allowed here).
     */
    @Test
    void aSkippedCloseLeavesTheHeldStatementHeld() throws Exception {
        try (RawPgClient c = PostgresEndToEndTest.raw(PostgresEndToEndTest.session(gw, "loose"))) {
            prepareHeldDelete(c, "s");
            c.inOneWrite(() -> {
                c.execute("no_such_portal");
                c.close('S', "s");
                c.parse("s", "SELECT 1");
                c.sync();
            });
            assertEquals("34000", RawPgClient.sqlState(c.until('Z')));
            c.inOneWrite(() -> {
                c.bind("s");
                c.execute();
                c.sync();
            });
            held(c, "Bind of the statement whose Close the server skipped");
        }
        assertEquals(2, upstream.count("SELECT count(*) FROM orders"));
    }

    /** DEALLOCATE in a failed transaction is refused by the server: the statement stays, and so must hoop's judging of it. */
    @Test
    void aDeallocateTheServerRefusedLeavesTheHeldStatementHeld() throws Exception {
        try (RawPgClient c = PostgresEndToEndTest.raw(PostgresEndToEndTest.session(gw, "loose"))) {
            prepareHeldDelete(c, "s");
            c.query("BEGIN; SELECT 1/0");
            assertEquals("22012", RawPgClient.sqlState(c.until('Z')));
            c.query("DEALLOCATE s");
            assertEquals("25P02", RawPgClient.sqlState(c.until('Z')));
            c.query("ROLLBACK");
            assertEquals(null, RawPgClient.sqlState(c.until('Z')));
            c.inOneWrite(() -> {
                c.bind("s");
                c.execute();
                c.sync();
            });
            held(c, "Bind of the statement DEALLOCATE did not drop");
        }
        assertEquals(2, upstream.count("SELECT count(*) FROM orders"));
    }

    /** The ordinary forms: a statement closed and parsed again under its name in one pipeline, DEALLOCATE and prepare again. */
    @Test
    void namesClosedOrDeallocatedAndPreparedAgainStillRun() throws Exception {
        try (RawPgClient c = PostgresEndToEndTest.raw(PostgresEndToEndTest.session(gw, "strict"))) {
            c.inOneWrite(() -> {
                c.parse("s", "SELECT 1");
                c.sync();
            });
            assertEquals(null, RawPgClient.sqlState(c.until('Z')));
            c.inOneWrite(() -> {
                c.close('S', "s");
                c.parse("s", "UPDATE items SET v = 'c' WHERE id = 1");
                c.bind("s");
                c.execute();
                c.sync();
            });
            List<RawPgClient.Msg> got = c.until('Z');
            assertEquals(null, RawPgClient.sqlState(got), got.toString());
            assertTrue(got.stream().anyMatch(m -> m.type() == 'C' && m.text().startsWith("UPDATE 1")), got.toString());
            c.query("DEALLOCATE s");
            assertEquals(null, RawPgClient.sqlState(c.until('Z')));
            c.inOneWrite(() -> {
                c.parse("s", "UPDATE items SET v = 'd' WHERE id = 2");
                c.bind("s");
                c.execute();
                c.sync();
            });
            got = c.until('Z');
            assertEquals(null, RawPgClient.sqlState(got), got.toString());
            assertTrue(got.stream().anyMatch(m -> m.type() == 'C' && m.text().startsWith("UPDATE 1")), got.toString());
        }
        assertEquals(2, upstream.count("SELECT count(*) FROM items WHERE id = 1 AND v = 'c' OR id = 2 AND v = 'd'"));
    }

    /** Runs one Parse, a Bind of values in the binary format and an Execute: the SQLSTATE they end with (null: none). */
    private static String boundInBinary(RawPgClient c, String sql, int[] types, byte[]... values) throws Exception {
        c.inOneWrite(() -> {
            c.parse("", sql, types);
            c.bindBinary("", values);
            c.execute();
            c.sync();
        });
        return RawPgClient.sqlState(c.until('Z'));
    }

    private static byte[] int4(int v) {
        return java.nio.ByteBuffer.allocate(4).putInt(v).array();
    }

    /**
     * A value sent in the binary format is its type's binary form, and a text's is its bytes: '%' so bound to a LIKE
     * was judged as the bytea '\x25', a bounded pattern, and deleted every row. It is judged as the server reads it,
     * by the type the Parse declared, or by each reading of its bytes when the server infers the type.
     */
    @Test
    void aBinaryValueIsJudgedAsTheServerReadsIt() throws Exception {
        try (RawPgClient c = PostgresEndToEndTest.raw(PostgresEndToEndTest.session(gw, "strict"))) {
            byte[] percent = "%".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertEquals("42501", boundInBinary(c, "DELETE FROM items WHERE v LIKE $1", new int[0], percent));
            assertEquals("42501", boundInBinary(c, "DELETE FROM items WHERE v LIKE $1", new int[] {25}, percent));
            assertEquals("42501", boundInBinary(c, "UPDATE items SET v = 'z' WHERE v LIKE $1", new int[] {1043}, percent));
            assertEquals(2, upstream.count("SELECT count(*) FROM items WHERE v IN ('a', 'b')"));
            // Not refused: values that narrow the rows, in binary too.
            assertEquals(null, boundInBinary(c, "UPDATE items SET v = 'c' WHERE v LIKE $1", new int[0], "a".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertEquals(null, boundInBinary(c, "UPDATE items SET v = 'd' WHERE id = $1", new int[] {23}, int4(2)));
            assertEquals(null, boundInBinary(c, "UPDATE items SET v = 'e' WHERE id = $1", new int[0], int4(2)));
        }
        assertEquals(1, upstream.count("SELECT count(*) FROM items WHERE id = 1 AND v = 'c'"));
        assertEquals(1, upstream.count("SELECT count(*) FROM items WHERE id = 2 AND v = 'e'"));
    }

    /** The answers up to the first ReadyForQuery, or until the gateway ended the connection. */
    private static List<RawPgClient.Msg> untilReadyOrEnd(RawPgClient c) throws Exception {
        List<RawPgClient.Msg> got = new ArrayList<>();
        try {
            RawPgClient.Msg m;
            do {
                m = c.read();
                got.add(m);
            } while (m.type() != 'Z');
        } catch (java.io.IOException ended) {
            // the gateway closed the connection
        }
        return got;
    }

    /**
     * A FunctionCall (fastpath: pg_terminate_backend's oid) is refused by a Query sent in its place; inside a pipeline
     * after an error the server dropped that Query unanswered, and hoop took the answers that followed for another
     * statement's: upper(email) of the next Query came back in clear. It now ends the connection, as a Query there does;
     * outside a pipeline it is refused and the connection goes on.
     */
    @Test
    void aFunctionCallInsideAFailedPipelineEndsTheConnection() throws Exception {
        try (RawPgClient c = PostgresEndToEndTest.raw(PostgresEndToEndTest.session(gw, "strict"))) {
            c.functionCall(2096, java.nio.ByteBuffer.allocate(4).putInt(1).array());
            assertEquals("42501", RawPgClient.sqlState(c.until('Z')));
            c.inOneWrite(() -> {
                c.parse("", "SELECT 1/0");
                c.bind("");
                c.execute();
                c.functionCall(2096, java.nio.ByteBuffer.allocate(4).putInt(1).array());
                c.sync();
            });
            List<RawPgClient.Msg> got = untilReadyOrEnd(c);
            try {
                c.query("SELECT upper(email) AS u FROM customers");
                got.addAll(untilReadyOrEnd(c));
            } catch (java.io.IOException ended) {
                // the gateway closed the connection
            }
            String all = got.stream().map(RawPgClient.Msg::text).reduce("", String::concat);
            assertTrue(!all.contains("ALICE@EXAMPLE.COM"), all);
            assertTrue(all.contains("08P01") && all.contains("function call"), all);
        }
    }

    /**
     * libpq's PQexecParams of COPY ... FROM STDIN sends Parse, Bind, Execute and Sync: the server, copying in, ignores
     * that Sync, and hoop counted it as ending a pipeline, so the answers of each Query after the copy were taken for
     * the one before: upper(email) came back in clear under SELECT 'x''s text. The copy itself still runs.
     */
    @Test
    void aSyncTheServerIgnoresWhileCopyingInEndsNoPipeline() throws Exception {
        try (RawPgClient c = PostgresEndToEndTest.raw(PostgresEndToEndTest.session(gw, "strict"))) {
            c.inOneWrite(() -> {
                c.parse("", "COPY items FROM STDIN");
                c.bind("");
                c.execute();
                c.sync();
            });
            assertEquals(null, RawPgClient.sqlState(c.until('G')));
            c.inOneWrite(() -> {
                c.send('d', "7\tq\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                c.send('c', new byte[0]);
                c.sync();
            });
            assertEquals(null, RawPgClient.sqlState(c.until('Z')));
            c.query("SELECT 'x' AS a");
            List<RawPgClient.Msg> got = c.until('Z');
            c.query("SELECT upper(email) AS u FROM customers");
            got.addAll(c.until('Z'));
            String all = got.stream().map(RawPgClient.Msg::text).reduce("", String::concat);
            assertTrue(!all.contains("ALICE@EXAMPLE.COM") && all.contains("SELECT 3"), all);
        }
        assertEquals(1, upstream.count("SELECT count(*) FROM items WHERE id = 7 AND v = 'q'"));
    }

    /** The same with a simple Query's COPY FROM STDIN and a Sync sent behind it, which the server copying in ignores too. */
    @Test
    void aSyncSentDuringASimpleCopyEndsNothing() throws Exception {
        try (RawPgClient c = PostgresEndToEndTest.raw(PostgresEndToEndTest.session(gw, "strict"))) {
            c.inOneWrite(() -> {
                c.query("SELECT 1; COPY items FROM STDIN");
                c.sync();
            });
            assertEquals(null, RawPgClient.sqlState(c.until('G')));
            c.inOneWrite(() -> {
                c.send('d', "8\tr\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                c.send('c', new byte[0]);
            });
            assertEquals(null, RawPgClient.sqlState(c.until('Z')));
            c.query("SELECT 'x' AS a");
            List<RawPgClient.Msg> got = c.until('Z');
            c.query("SELECT upper(email) AS u FROM customers");
            got.addAll(c.until('Z'));
            String all = got.stream().map(RawPgClient.Msg::text).reduce("", String::concat);
            assertTrue(!all.contains("ALICE@EXAMPLE.COM") && all.contains("SELECT 3"), all);
        }
        assertEquals(1, upstream.count("SELECT count(*) FROM items WHERE id = 8 AND v = 'r'"));
    }
}
