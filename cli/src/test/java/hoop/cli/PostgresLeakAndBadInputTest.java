package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.copy.CopyManager;

/**
 * Every path by which a secret could travel back to the client is checked for zero leaks, and malformed
 * frames close only the offending connection.
 */
class PostgresLeakAndBadInputTest {
    static final List<String> SECRETS = List.of("alice@example.com", "4111111111111111", "AKIAIOSFODNN7EXAMPLE", "S3cretPw");

    @TempDir
    static Path dir;
    static UpstreamPostgres upstream;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = new UpstreamPostgres(dir.resolve("pg"));
        String cfg = PostgresEndToEndTest.config(upstream.port()).replace("- { name: no-ddl, action: deny, match: { kind: [ddl, dcl, admin, copy-program] }, message: \"schema changes go through migrations\" }",
                        "- { name: no-ddl, action: deny, match: { kind: [dcl, admin, copy-program] }, message: \"no\" }");
        // appdb-md5 lets a silent client go after 2s (PostgreSQL's authentication_timeout; default 1m).
        cfg = cfg.replace("    record_rows: 2\n", "    record_rows: 2\n    auth_timeout: 2s\n");
        gw = new TestGateway(dir.resolve("home"), cfg,
                UpstreamPostgres.PASSWORDS);
    }

    @AfterAll
    static void stop() throws Exception {
        UpstreamPostgres.stop(gw, upstream);
    }

    static void assertNoLeak(String where, String text) {
        for (String s : SECRETS) assertFalse(text != null && text.contains(s), where + " leaked " + s + ": " + text);
    }

    /** Message plus every server field (detail, hint, where...) pgjdbc received. */
    static String detail(SQLException e) {
        return e.getMessage() + (e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null
                ? " " + p.getServerErrorMessage().getDetail() + " " + p.getServerErrorMessage().getHint() + " "
                  + p.getServerErrorMessage().getWhere() : "");
    }

    static String all(ResultSet rs) throws SQLException {
        StringBuilder sb = new StringBuilder();
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) for (int i = 1; i <= n; i++) sb.append(rs.getString(i)).append('|');
        return sb.toString();
    }

    @Test
    void noLeakThroughAnyResponsePath() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        try (Connection c = PostgresEndToEndTest.jdbc(s); Statement st = c.createStatement()) {
            List<String> queries = List.of(
                    "SELECT email, card, notes FROM customers",
                    "SELECT upper(email), lower(notes) FROM customers",
                    "SELECT json_agg(c) FROM customers c",
                    "SELECT row_to_json(c)::text FROM customers c",
                    "SELECT string_agg(email || ':' || card, ',') FROM customers",
                    "SELECT array_agg(email) FROM customers",
                    "SELECT xmlelement(name e, email) FROM customers",
                    "SELECT format('%s-%s', email, card) FROM customers",
                    "SELECT reverse(reverse(email)) FROM customers",
                    "SELECT 'alice' || '@' || 'example.com'",
                    "SELECT E'\\x41KIAIOSFODNN7EXAMPLE'",
                    // A DSN stored in a table, and the same as JSON writes it (slashes escaped).
                    "SELECT 'postgres://app:S3cretPw@10.0.0.5:5432/app' AS dsn",
                    "SELECT json_build_object('dsn', 'postgres://app:S3cretPw@10.0.0.5/app')::text",
                    "SELECT to_json('redis://:S3cretPw@cache:6379'::text)");
            for (String q : queries) {
                try (ResultSet rs = st.executeQuery(q)) {
                    assertNoLeak(q, all(rs));
                }
            }
            // An error that quotes the value.
            try {
                st.executeUpdate("INSERT INTO customers (id, email) VALUES (1, 'x')");
            } catch (SQLException e) {
                assertNoLeak("unique violation", detail(e));
            }
            try {
                st.executeQuery("SELECT email::int FROM customers WHERE id = 1");
            } catch (SQLException e) {
                assertNoLeak("cast error", e.getMessage());
            }
            try {
                st.execute("DO $$ BEGIN RAISE EXCEPTION 'boom %', (SELECT card FROM customers WHERE id = 1) "
                        + "USING DETAIL = (SELECT email FROM customers WHERE id = 1), HINT = 'AKIAIOSFODNN7EXAMPLE'; END $$");
            } catch (SQLException e) {
                assertNoLeak("raise exception", detail(e));
            }
            // Notices.
            st.execute("DO $$ BEGIN RAISE NOTICE 'row %', (SELECT email FROM customers WHERE id = 1); END $$");
            for (SQLWarning w = st.getWarnings(); w != null; w = w.getNextWarning()) assertNoLeak("notice", w.getMessage());
            // NOTIFY payloads.
            st.execute("LISTEN leak");
            st.execute("NOTIFY leak, 'card 4111111111111111 for alice@example.com'");
            st.executeQuery("SELECT 1").close();
            PGNotification[] notes = c.unwrap(PGConnection.class).getNotifications(2000);
            assertTrue(notes != null && notes.length > 0, "notification delivered");
            for (PGNotification n : notes) assertNoLeak("notify", n.getParameter());
            // COPY TO STDOUT.
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            new CopyManager(c.unwrap(org.postgresql.core.BaseConnection.class)).copyOut("COPY customers TO STDOUT", copy);
            String copied = copy.toString(StandardCharsets.UTF_8);
            assertTrue(copied.contains("Alice"), copied);
            assertNoLeak("copy out", copied);
        }
        assertNoLeak("replay", gw.hoop("replay", s.get("id").asText()).out());
    }

    /**
     * Addresses in other scripts (RFC 6531): an IDN domain, a non-ASCII local part, a Cyrillic top-level domain, and
     * one run into prose without spaces. They are masked in rows, notices and COPY, and the UTF-8 around them stays
     * whole (pgjdbc refuses a message with a character cut in two).
     */
    /**
     * A key or address a detector finds, spelled out with a separator after each character or group (no column rule
     * covers a literal), reached the client whole to anyone reading past the separators: masked as found once they
     * are taken out (SpacedText), through the simple and the extended protocol alike.
     */
    @Test
    void aSecretSpelledOutWithSeparatorsIsMasked() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        try (Connection c = PostgresEndToEndTest.jdbc(s); Statement st = c.createStatement()) {
            for (String q : List.of("SELECT regexp_replace('AKIAIOSFODNN7EXAMPLE', '(.)', '\\1 ', 'g')",
                    "SELECT regexp_replace('id=AKIAIOSFODNN7EXAMPLE;', '(.)', '\\1-', 'g')",
                    "SELECT array_to_string(regexp_split_to_array('alice@example.com', ''), ',')",
                    "SELECT regexp_replace('alice@example.com', '(...)', '\\1 ', 'g')")) {
                try (ResultSet rs = st.executeQuery(q)) {
                    String shown = all(rs);
                    assertNoLeak(q, shown.replaceAll("[ ,-]", ""));
                }
                try (var ps = c.prepareStatement(q); ResultSet rs = ps.executeQuery()) {
                    assertNoLeak(q + " (prepared)", all(rs).replaceAll("[ ,-]", ""));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT regexp_replace('ordinary words', '(.)', '\\1 ', 'g')")) {
                assertEquals("o r d i n a r y   w o r d s |", all(rs));
            }
        }
    }

    @Test
    void addressesInAnyScriptAreMasked() throws Exception {
        List<String> addresses = List.of("ops@bücher.de", "jöhn.doe@example.com", "почта@пример.рф", "björn@exämple.se");
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        try (Connection c = PostgresEndToEndTest.jdbc(s); Statement st = c.createStatement()) {
            for (String a : addresses) {
                try (ResultSet rs = st.executeQuery("SELECT 'Kontakt: ' || '" + a + "' || ' (büro)', '連絡先は' || '" + a + "' || 'です'")) {
                    assertTrue(rs.next());
                    String plain = rs.getString(1), prose = rs.getString(2);
                    assertFalse(plain.contains(a) || prose.contains(a), plain + " / " + prose);
                    assertFalse(plain.contains("@") || prose.contains("@"), plain + " / " + prose);
                }
                st.execute("DO $$ BEGIN RAISE NOTICE 'send to %', '" + a + "'; END $$");
                SQLWarning w = st.getWarnings();
                assertTrue(w != null && w.getMessage().startsWith("send to ") && !w.getMessage().contains(a)
                        && !w.getMessage().contains("@"), String.valueOf(w));
                st.clearWarnings();
            }
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            new CopyManager(c.unwrap(org.postgresql.core.BaseConnection.class)).copyOut(
                    "COPY (SELECT unnest(ARRAY['" + String.join("','", addresses) + "'])) TO STDOUT", copy);
            String copied = copy.toString(StandardCharsets.UTF_8);
            assertEquals(addresses.size(), copied.split("\n").length, copied);
            for (String a : addresses) assertFalse(copied.contains(a), copied);
        }
    }

    /**
     * A stored URL keeps its query percent-encoded, stored HTML writes characters as references: the address and the
     * card in them are masked in rows and COPY.
     */
    @Test
    void secretsInEncodedTextAreMasked() throws Exception {
        String url = "https://app.example/reset?email=alice%40example.com&card=4111%201111%201111%201111";
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        try (Connection c = PostgresEndToEndTest.jdbc(s); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT '" + url + "' AS link, 'plain 100% text' AS other, "
                     + "'<a href=\"mailto:alice&#64;example&#46;com\">Alice &amp; co</a>' AS html")) {
            assertTrue(rs.next());
            assertFalse(rs.getString(3).contains("alice&#64;example"), rs.getString(3));
            assertFalse(rs.getString(1).contains("alice%40example.com") || rs.getString(1).contains("4111%20"), rs.getString(1));
            assertEquals("plain 100% text", rs.getString(2));
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            new CopyManager(c.unwrap(org.postgresql.core.BaseConnection.class)).copyOut("COPY (SELECT '" + url + "') TO STDOUT", copy);
            String copied = copy.toString(StandardCharsets.UTF_8);
            assertTrue(!copied.isBlank() && !copied.contains("alice%40example.com") && !copied.contains("4111%20"), copied);
        }
    }

    /**
     * An address glued to what follows or precedes it (e-mail || card, a long run of letters in front) is masked in
     * rows, COPY and notices; before, the digits after the top-level label, or more than 64 characters before the
     * '@', left the whole address in clear.
     */
    @Test
    void anAddressGluedToOtherValuesIsMasked() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        for (String q : List.of("SELECT email || card, email || id FROM customers WHERE id = 1",
                "SELECT repeat('x', 60) || email FROM customers WHERE id = 1",
                "COPY (SELECT email || card FROM customers WHERE id = 1) TO STDOUT",
                "DO $$ BEGIN RAISE NOTICE '%', (SELECT email || '2024' FROM customers WHERE id = 1); END $$")) {
            PostgresEndToEndTest.Psql r = PostgresEndToEndTest.psql(s, q);
            assertEquals(0, r.exit(), q + ": " + r.err());
            String all = r.out() + r.err();
            assertTrue(all.contains("[EMAIL]"), q + ": " + all);
            assertFalse(all.contains("alice@") || all.contains("@example.com"), q + " leaked: " + all);
        }
    }

    /**
     * A connection with detectors only, after a schema change through the endpoint (its own CREATE, or another
     * connection's): its next row from a table ended it with "upstream connection failed: NoSuchElementException",
     * looking for a ruled column where no column is ruled.
     */
    @Test
    void aSchemaChangeDoesNotEndAConnectionWithoutColumnRules() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        try (Connection before = PostgresEndToEndTest.jdbc(s); Statement st = before.createStatement()) {
            assertEquals("Alice|[EMAIL]|", all(st.executeQuery("SELECT name, email FROM customers WHERE id = 1")));
            PostgresEndToEndTest.Psql r = PostgresEndToEndTest.psqlAll(s, "CREATE TEMP TABLE scratch (v text)",
                    "INSERT INTO scratch VALUES ('bob@example.org')", "SELECT v FROM scratch", "SELECT email FROM customers WHERE id = 1");
            r.allOk();
            assertEquals("[EMAIL]\n[EMAIL]\n", r.out().replaceAll("(?m)^(CREATE TABLE|INSERT 0 1)\n", ""));
            assertEquals("Alice|[EMAIL]|", all(st.executeQuery("SELECT name, email FROM customers WHERE id = 1")));
        }
    }

    @Test
    void malformedFramesGetFatalAndOthersKeepWorking() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        var addr = gw.gateway.listeners().get("appdb");
        List<byte[]> attacks = new ArrayList<>();
        attacks.add(new byte[] {0, 0, 0, 8, 0x12, 0x34, 0x56, 0x78});          // unknown startup code
        attacks.add(new byte[] {0x7f, 0x7f, 0x7f, 0x7f, 0, 3, 0, 0});          // oversized startup length
        attacks.add(new byte[] {0, 0, 0, 2});                                   // length smaller than itself
        for (byte[] attack : attacks) {
            try (Socket sock = new Socket(addr.getHostString(), addr.getPort())) {
                sock.setSoTimeout(5000);
                OutputStream o = sock.getOutputStream();
                o.write(attack);
                o.flush();
                DataInputStream in = new DataInputStream(sock.getInputStream());
                int type = in.read();
                assertEquals('E', type, "a FATAL ErrorResponse");
                byte[] body = in.readNBytes(in.readInt() - 4);
                assertTrue(new String(body, StandardCharsets.UTF_8).contains("FATAL"));
                assertEquals(-1, in.read(), "then the connection is closed");
            }
        }
        try (Connection c = PostgresEndToEndTest.jdbc(s); ResultSet rs = c.createStatement().executeQuery("SELECT 42")) {
            assertTrue(rs.next());
            assertEquals(42, rs.getInt(1));
        }
    }

    /**
     * libpq 18 asks for protocol 3.2 and a client may ask for protocol options (_pq_.*); one not told otherwise takes
     * them as granted. hoop answers as PostgreSQL does, NegotiateProtocolVersion before authentication: 3.0, and the
     * options it does not know. pgjdbc and psql 15 here send neither, so the startup is written by hand.
     */
    @Test
    void aNewerProtocolVersionOrOptionIsNegotiatedDown() throws Exception {
        var addr = gw.gateway.listeners().get("appdb");
        record Ask(int minor, String options, String told) {}
        for (Ask ask : List.of(new Ask(2, "", "0/[]"), new Ask(1, "", "0/[]"), new Ask(0, "_pq_.test_option\0on\0", "0/[_pq_.test_option]"),
                new Ask(2, "_pq_.a\0x\0_pq_.b\0y\0", "0/[_pq_.a, _pq_.b]"))) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(new byte[] {0, 3, 0, (byte) ask.minor()});
            b.writeBytes(("user\0x\0database\0app\0" + ask.options() + "\0").getBytes(StandardCharsets.US_ASCII));
            byte[] body = b.toByteArray();
            try (Socket sock = new Socket(addr.getHostString(), addr.getPort())) {
                sock.setSoTimeout(5000);
                sock.getOutputStream().write(java.nio.ByteBuffer.allocate(4 + body.length).putInt(4 + body.length).put(body).array());
                DataInputStream in = new DataInputStream(sock.getInputStream());
                assertEquals('v', in.read(), "NegotiateProtocolVersion first, for " + ask);
                java.nio.ByteBuffer v = java.nio.ByteBuffer.wrap(in.readNBytes(in.readInt() - 4));
                int minor = v.getInt();
                List<String> names = new ArrayList<>();
                for (int n = v.getInt(); n > 0; n--) {
                    int end = v.position();
                    while (v.get(end) != 0) end++;
                    names.add(new String(v.array(), v.position(), end - v.position(), StandardCharsets.US_ASCII));
                    v.position(end + 1);
                }
                assertEquals(ask.told(), minor + "/" + names);
                assertEquals('R', in.read(), "then authentication, as before");
            }
        }
    }

    /**
     * A row is held whole while it is masked, several times over; one near PostgreSQL's 1 GB limit would exhaust the
     * heap and fail wherever the allocation happened to land. hoop refuses a row over an eighth of its heap (128 MiB
     * under the tests' -Xmx1g) as its header arrives, says so, and keeps serving.
     */
    @Test
    void aRowTooLargeToMaskIsRefusedWithItsReasonAndOthersKeepWorking() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        long cap = Math.max(16L << 20, Runtime.getRuntime().maxMemory() / 8);
        org.junit.jupiter.api.Assumptions.assumeTrue(cap < (900L << 20), "the heap allows rows near PostgreSQL's own limit");
        try (Connection c = PostgresEndToEndTest.jdbc(s)) {
            SQLException e = assertThrows(SQLException.class,
                    () -> c.createStatement().executeQuery("SELECT repeat('x', " + (cap + (8 << 20)) + ") AS big").close());
            assertTrue(e.getMessage().contains("a result row of") && e.getMessage().contains("more than hoop can mask"), e.getMessage());
        }
        try (Connection c = PostgresEndToEndTest.jdbc(s); ResultSet rs = c.createStatement().executeQuery("SELECT length(repeat('y', 1000000)) AS n, repeat('y', 1000000) AS v")) {
            assertTrue(rs.next());
            assertEquals(1_000_000, rs.getString(2).length());
        }
    }

    /** A client that connects and never finishes logging in is let go, as PostgreSQL does, with a FATAL saying why. */
    @Test
    void aClientThatNeverLogsInIsLetGo() throws Exception {
        var addr = gw.gateway.listeners().get("appdb-md5");
        byte[] startup;
        {
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            b.writeBytes(new byte[] {0, 3, 0, 0});
            b.writeBytes("user\0x\0database\0app\0\0".getBytes(StandardCharsets.US_ASCII));
            byte[] body = b.toByteArray();
            startup = java.nio.ByteBuffer.allocate(4 + body.length).putInt(4 + body.length).put(body).array();
        }
        for (byte[] sent : List.of(new byte[0], startup)) {  // silent from the start, or silent after the startup message
            try (Socket sock = new Socket(addr.getHostString(), addr.getPort())) {
                sock.setSoTimeout(10_000);
                sock.getOutputStream().write(sent);
                DataInputStream in = new DataInputStream(sock.getInputStream());
                long t0 = System.nanoTime();
                int type = in.read();
                while (type == 'R') {  // the SASL challenge the startup message asked for, left unanswered
                    in.readNBytes(in.readInt() - 4);
                    type = in.read();
                }
                assertEquals('E', type, "a FATAL ErrorResponse");
                String body = new String(in.readNBytes(in.readInt() - 4), StandardCharsets.UTF_8);
                assertTrue(body.contains("FATAL") && body.contains("authentication did not complete within 2s"), body);
                assertEquals(-1, in.read(), "then the connection is closed");
                assertTrue(System.nanoTime() - t0 > 1_000_000_000L, "not before its time");
            }
        }
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-md5");
        try (Connection c = PostgresEndToEndTest.jdbc(s); ResultSet rs = c.createStatement().executeQuery("SELECT 7")) {
            assertTrue(rs.next());
            assertEquals(7, rs.getInt(1));
        }
    }
}
