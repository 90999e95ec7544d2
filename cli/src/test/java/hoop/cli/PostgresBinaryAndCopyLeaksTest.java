package hoop.cli;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A detector-masked connection (no column rules) read by routes where the stored value is not plain text on
 * the wire: binary transfer (pgjdbc asks for it for numbers and text arrays once a statement is prepared),
 * COPY options that rewrite values, bytea shown as hex, and server texts other than values (a parameter the
 * server reports, a column's name). Each spelled out the e-mail or the card number before it was closed.
 */
class PostgresBinaryAndCopyLeaksTest {
    static final String EMAIL = "alice@example.com";
    static final String CARD = "4111111111111111";
    static final String EMAIL_HEX = "616c696365406578616d706c652e636f6d";

    @TempDir
    static Path dir;
    static UpstreamPostgres upstream;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = new UpstreamPostgres(dir.resolve("pg"));
        try (Connection c = upstream.superuser("app"); Statement st = c.createStatement()) {
            st.execute("""
                    CREATE EXTENSION citext;
                    CREATE EXTENSION hstore;
                    CREATE TYPE label AS ENUM ('alice@example.com', 'ok');
                    CREATE TABLE vault (id int, card_i bigint, card_n numeric, tag label, e text, addr citext, kv hstore);
                    INSERT INTO vault VALUES (1, 4111111111111111, 4111111111111111, 'alice@example.com', 'alice@example.com',
                      'alice@example.com', hstore('mail', 'alice@example.com'));
                    CREATE TABLE docs (id int, doc json, amount float8);
                    INSERT INTO docs VALUES (1, '{"dsn":"postgres:\\/\\/app:S3cretPw@10.0.0.5\\/app","password":"Hunter2-Hunter2"}', 4111111111111111);
                    CREATE TABLE settings (id int, doc json);
                    INSERT INTO settings VALUES (1, '{"config":"{\\u0022password\\u0022:\\u0022Hunter2-Hunter2\\u0022}","mail":"alice\\u002Btag@example.com"}');
                    GRANT ALL ON settings TO app_rw;
                    CREATE VIEW promo AS SELECT 'alice@example.com'::text AS contact, 4111111111111111::int8 AS n;
                    CREATE DOMAIN cardnum AS int8;
                    CREATE DOMAIN cardnum2 AS cardnum;
                    CREATE DOMAIN amount AS numeric;
                    CREATE TYPE held AS (n cardnum2, a amount);
                    CREATE FUNCTION first_mail() RETURNS text IMMUTABLE LANGUAGE sql AS 'SELECT e FROM public.vault LIMIT 1';
                    GRANT ALL ON vault, docs TO app_rw;
                    """);
        }
        gw = new TestGateway(dir.resolve("home"), TestGateway.config("""
                connections:
                  - name: appdb
                    type: postgres
                    listen: 127.0.0.1:0
                    upstream: { host: 127.0.0.1, port: %d, database: app, user: app_rw, password: "${env:APPDB_PASSWORD}", sslmode: disable }
                    masking: [pii]
                masking:
                  pii:
                    detectors: [email, credit_card, url_password, password_assignment]
                """.formatted(upstream.port())), UpstreamPostgres.PASSWORDS);
    }

    @AfterAll
    static void stop() throws Exception {
        UpstreamPostgres.stop(gw, upstream);
    }

    static void assertNoSecret(String where, String text) {
        assertFalse(text.contains(EMAIL) || text.contains(CARD) || text.toLowerCase().contains(EMAIL_HEX) || text.contains("S3cretPw")
                || text.contains("Hunter2-Hunter2"), where + " leaked: " + text);
    }

    @Test
    void pgjdbcBinaryTransferOfNumbersAndTextArraysIsMasked() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        // prepareThreshold=-1: server-prepared from the first run, so pgjdbc asks for binary int8, numeric, text[] and
        // int8[], as it does by default from the fifth run of a PreparedStatement.
        try (Connection c = PostgresEndToEndTest.jdbc(s, "prepareThreshold=-1")) {
            for (String q : List.of("SELECT card_i FROM vault", "SELECT card_n FROM vault", "SELECT card_n::numeric(20, 2) FROM vault",
                    "SELECT ARRAY[e] FROM vault", "SELECT array_agg(e)::varchar[] FROM vault", "SELECT ARRAY[card_i, 7] FROM vault",
                    "SELECT ARRAY[card_n] FROM vault", "SELECT ARRAY[d::text] FROM docs d", "SELECT array_agg(doc::text) FROM docs")) {
                try (PreparedStatement ps = c.prepareStatement(q); ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next(), q);
                    byte[] raw = rs.getBytes(1);
                    assertNoSecret(q, rs.getString(1) + " " + (raw == null ? "" : new String(raw, ISO_8859_1)));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT card_i, ARRAY[e, 'plain'], ARRAY[card_i, 7] FROM vault");
                 ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertNull(rs.getObject(1), "a number a detector matches cannot hold [CREDIT_CARD]: it is NULL");
                assertEquals("{\"[EMAIL]\",\"plain\"}", rs.getString(2));
                assertEquals("{NULL,\"7\"}", rs.getString(3));
            }
            // Numbers and arrays nothing matches pass as they are.
            try (PreparedStatement ps = c.prepareStatement("SELECT 42::int8, 1234.50::numeric, ARRAY['a', NULL, 'b'], ARRAY[1, 2]::int8[]");
                 ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(42L, rs.getLong(1));
                assertEquals(new java.math.BigDecimal("1234.50"), rs.getBigDecimal(2));
                assertEquals("{\"a\",NULL,\"b\"}", rs.getString(3));
                assertEquals("{\"1\",\"2\"}", rs.getString(4));
            }
        }
    }

    @Test
    void binaryValuesOfEveryTypeAreMaskedOrNull() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        // A client may ask for binary results of any type: an enum label, citext, hstore and tsvector are raw
        // text in binary, a record or a table's row holds its fields' binary values.
        List<String> leaked = new ArrayList<>();
        try (RawPgClient c = PostgresEndToEndTest.raw(s)) {
            for (String q : List.of("SELECT tag FROM vault", "SELECT ARRAY[tag] FROM vault", "SELECT addr FROM vault", "SELECT kv FROM vault",
                    "SELECT to_tsvector('simple', e) FROM vault", "SELECT e::tsquery FROM vault", "SELECT e::refcursor FROM vault",
                    "SELECT row(e, card_i) FROM vault", "SELECT v FROM vault v", "SELECT ARRAY[row(1, e)] FROM vault",
                    "SELECT e::bytea FROM vault")) {
                String rows = binaryRows(c, q);
                if (rows.contains(EMAIL)) leaked.add(q + " -> " + rows);
            }
            // Numbers are bytes in binary: one a detector matches in its text form is sent as NULL.
            for (String q : List.of("SELECT card_i FROM vault", "SELECT card_n FROM vault", "SELECT int8range(card_i, NULL) FROM vault",
                    "SELECT int8multirange(int8range(1, 2), int8range(card_i, NULL)) FROM vault", "SELECT nummultirange(numrange(card_n, NULL)) FROM vault")) {
                String rows = binaryRows(c, q);
                if (!rows.equals("\0\u0001\u00ff\u00ff\u00ff\u00ff")) leaked.add(q + " -> not NULL");
            }
            assertTrue(binaryRows(c, "SELECT row('plain', 7)").contains("plain"), "a record nothing matches passes");
            // An element of an array or a field of a record carries its own type: a domain's, over a bigint or a numeric.
            String cardBytes = new String(java.nio.ByteBuffer.allocate(8).putLong(Long.parseLong(CARD)).array(), ISO_8859_1);
            for (String q : List.of("SELECT ARRAY[card_i::cardnum] FROM vault", "SELECT ROW(card_i::cardnum2, 1) FROM vault",
                    "SELECT ROW(card_i, card_n)::held FROM vault", "SELECT ARRAY[card_n::amount] FROM vault")) {
                String rows = binaryRows(c, q);
                if (rows.contains(cardBytes) || !rows.contains("\u00ff\u00ff\u00ff\u00ff")) leaked.add(q + " -> not NULL");
            }
            assertTrue(binaryRows(c, "SELECT ARRAY[7::cardnum]").endsWith("\0\0\0\0\0\0\0\u0007"), "a number nothing matches passes");
            // A geometric value is float8s, which hold a card number exactly; a uuid or an inet holds the bytes cast to it.
            String cardDouble = new String(java.nio.ByteBuffer.allocate(8).putDouble(Double.parseDouble(CARD)).array(), ISO_8859_1);
            String uuid = "encode(convert_to(substr(e, 1, 16), 'UTF8'), 'hex')::uuid";   // alice@example.co, an address too
            for (String q : List.of("SELECT point(card_i, 0) FROM vault", "SELECT circle(point(0, 0), card_i) FROM vault",
                    "SELECT polygon(box(point(card_i, 1), point(2, 3))) FROM vault",
                    "SELECT path(polygon(box(point(card_i, 1), point(2, 3)))) FROM vault",
                    "SELECT box(point(card_i, 1), point(2, 3)) FROM vault", "SELECT ARRAY[point(card_i, 0)] FROM vault",
                    "SELECT " + uuid + " FROM vault", "SELECT ARRAY[" + uuid + "] FROM vault")) {
                String rows = binaryRows(c, q);
                if (rows.contains(cardDouble) || rows.contains("alice@example.co")) leaked.add(q + " -> " + rows);
            }
            assertTrue(binaryRows(c, "SELECT point(1.5, 2)").endsWith(new String(java.nio.ByteBuffer.allocate(16).putDouble(1.5).putDouble(2)
                    .array(), ISO_8859_1)), "a point nothing matches passes");
            assertTrue(binaryRows(c, "SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid, '10.0.0.5'::inet").length() > 30, "so do a uuid and an inet");
        }
        assertEquals(List.of(), leaked);
    }

    @Test
    void aPortalKeepsTheFormatsOfTheBindTheServerConfirmed() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        // A named portal lives to the end of its transaction. Bound again with text results, it fails (it exists), and
        // a savepoint then recovers the transaction: its rows are still binary, numbers too.
        try (RawPgClient c = PostgresEndToEndTest.raw(s)) {
            c.query("BEGIN");
            c.until('Z');
            c.parse("s1", "SELECT card_i, card_n, ARRAY[card_i], e, 7::int8 FROM vault");
            c.send('B', bindPortal("p", "s1", 1));
            c.sync();
            assertEquals(null, RawPgClient.sqlState(c.until('Z')));
            c.query("SAVEPOINT sp");
            c.until('Z');
            c.send('B', bindPortal("p", "s1", 0));
            c.sync();
            assertEquals("42P03", RawPgClient.sqlState(c.until('Z')));
            c.query("ROLLBACK TO SAVEPOINT sp");
            c.until('Z');
            c.send('E', java.nio.ByteBuffer.allocate(6).put("p".getBytes(UTF_8)).put((byte) 0).putInt(0).array());
            c.sync();
            List<byte[]> values = new ArrayList<>();
            for (var m : c.until('Z')) {
                if (m.type() == 'E') throw new AssertionError(m.text());
                if (m.type() == 'D') values.addAll(values(m.body()));
            }
            assertEquals(5, values.size());
            assertNull(values.get(0), "a binary bigint a detector matches is NULL");
            assertNull(values.get(1), "so is a numeric");
            String cardBytes = new String(java.nio.ByteBuffer.allocate(8).putLong(Long.parseLong(CARD)).array(), ISO_8859_1);
            assertFalse(new String(values.get(2), ISO_8859_1).contains(cardBytes), "an int8[]'s element is NULL too");
            assertEquals("[EMAIL]", new String(values.get(3), UTF_8));
            assertEquals(7L, java.nio.ByteBuffer.wrap(values.get(4)).getLong(), "a number nothing matches passes in binary");
        }
    }

    /** A Bind of statement to a named portal, no parameters, every result column in format fmt (0 text, 1 binary). */
    static byte[] bindPortal(String portal, String statement, int fmt) {
        byte[] names = (portal + "\0" + statement + "\0").getBytes(UTF_8);
        return java.nio.ByteBuffer.allocate(names.length + 8).put(names).putShort((short) 0).putShort((short) 0)
                .putShort((short) 1).putShort((short) fmt).array();
    }

    /** A DataRow's values (null for SQL NULL). */
    static List<byte[]> values(byte[] body) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(body);
        List<byte[]> out = new ArrayList<>();
        for (int n = b.getShort(); n > 0; n--) {
            int len = b.getInt();
            byte[] v = len < 0 ? null : new byte[len];
            if (v != null) b.get(v);
            out.add(v);
        }
        return out;
    }

    /** The values of the rows of a query run with every result column in binary, as ISO-8859-1 text. */
    static String binaryRows(RawPgClient c, String q) throws Exception {
        c.parse("", q);
        c.send('B', java.nio.ByteBuffer.allocate(10).put((byte) 0).put((byte) 0).putShort((short) 0).putShort((short) 0)
                .putShort((short) 1).putShort((short) 1).array());
        c.execute();
        c.sync();
        StringBuilder b = new StringBuilder();
        for (var m : c.until('Z')) {
            if (m.type() == 'E') throw new AssertionError(q + ": " + m.text());
            if (m.type() == 'D') b.append(new String(m.body(), ISO_8859_1));
        }
        return b.toString();
    }

    @Test
    void copyOptionsThatRewriteValuesAreRefused() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        // A delimiter is escaped inside values, a CSV quote character doubled, and binary COPY sends numbers as bytes.
        for (String q : List.of("COPY vault TO STDOUT (DELIMITER '@')", "COPY vault TO STDOUT WITH DELIMITER AS '.'",
                "COPY vault TO STDOUT (FORMAT csv, QUOTE '@')", "COPY vault TO STDOUT (FORMAT csv, QUOTE '1')",
                "COPY (SELECT e FROM vault) TO STDOUT (FORMAT csv, FORCE_QUOTE *, QUOTE 'e', ESCAPE 'x')",
                "COPY vault TO STDOUT WITH CSV QUOTE AS E'\\x40'", "COPY vault TO STDOUT (\"delimiter\" '@')",
                "COPY vault TO STDOUT (FORMAT csv, ESCAPE '@', FORCE_QUOTE *)", "COPY vault TO STDOUT (FORMAT binary)",
                "COPY BINARY vault TO STDOUT")) {
            PostgresEndToEndTest.Psql r = PostgresEndToEndTest.psql(s, q);
            assertTrue(r.exit() != 0 && r.err().contains("cannot be masked"), q + ": " + r.out() + r.err());
            assertNoSecret(q, r.out() + r.err());
        }
        for (String q : List.of("COPY vault TO STDOUT", "COPY vault TO STDOUT (FORMAT csv, HEADER)", "COPY vault TO STDOUT WITH CSV DELIMITER '|' QUOTE '\"'",
                "COPY (SELECT e, kv FROM vault) TO STDOUT (FORMAT csv, FORCE_QUOTE *, DELIMITER ';')")) {
            PostgresEndToEndTest.Psql r = PostgresEndToEndTest.psql(s, q);
            assertEquals(0, r.exit(), q + ": " + r.err());
            assertTrue(r.out().contains("[EMAIL]"), q + ": " + r.out());
            assertNoSecret(q, r.out());
        }
    }

    @Test
    void aCsvFieldQuotedAroundAMaskedValueKeepsItsQuotes() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        // CSV quotes a field holding a delimiter, or every field under FORCE_QUOTE: the opening quote went with the
        // address into the mask, and the field was left open for the rest of the stream.
        PostgresEndToEndTest.Psql r = PostgresEndToEndTest.psql(s, "COPY (SELECT e, e || ', or not', 'a b', 7 FROM vault) TO STDOUT (FORMAT csv, FORCE_QUOTE *)");
        assertEquals(0, r.exit(), r.err());
        assertEquals("\"[EMAIL]\",\"[EMAIL], or not\",\"a b\",\"7\"\n", r.out());
        r = PostgresEndToEndTest.psql(s, "COPY (SELECT e || ',' || e, 'x' FROM vault) TO STDOUT (FORMAT csv)");
        assertEquals("\"[EMAIL],[EMAIL]\",x\n", r.out());
    }

    @Test
    void copyEscapingAndExponentNumbersDoNotHideAValue() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        // A JSON document as PHP's json_encode writes it (slashes escaped) and a card number kept as a double. COPY's
        // text format doubles the backslashes, CSV doubles the quotes, float8 is written 4.111111111111111e+15, and
        // a record, an array or an hstore escapes quotes and backslashes in its own way.
        List<String> leaked = new ArrayList<>();
        for (String q : List.of("SELECT doc, amount FROM docs", "SELECT ARRAY[amount], to_json(amount), row(amount) FROM docs",
                // a whole row, an array and an hstore escape the document's quotes and backslashes once per level
                "SELECT d FROM docs d", "SELECT array_agg(doc) FROM docs", "SELECT ARRAY[row(doc)] FROM docs", "SELECT hstore('k', doc::text) FROM docs",
                "COPY (SELECT d FROM docs d) TO STDOUT", "COPY (SELECT d FROM docs d) TO STDOUT (FORMAT csv)",
                "COPY docs TO STDOUT", "COPY docs TO STDOUT (FORMAT csv)", "COPY (SELECT doc::text, ARRAY[amount] FROM docs) TO STDOUT (FORMAT csv, HEADER)",
                // to_char's scientific form pads the fraction with zeros (4.1111111111111110e+15)
                "SELECT to_char(amount, '9.9999999999999999EEEE'), to_char(card_n, '9.99999999999999999999EEEE') FROM docs, vault",
                "COPY (SELECT to_char(card_n, '9.9999999999999999EEEE') FROM vault) TO STDOUT")) {
            PostgresEndToEndTest.Psql r = PostgresEndToEndTest.psql(s, q);
            assertEquals(0, r.exit(), q + ": " + r.err());
            if (r.out().contains("S3cretPw") || r.out().contains("Hunter2-Hunter2") || r.out().matches("(?s).*4\\.1111111111111110*e\\+15.*")) leaked.add(q + " -> " + r.out());
        }
        assertEquals(List.of(), leaked);
        // The row keeps COPY's quoting; a JSON string that held a secret is written back unescaped as JSON allows (\/ as /).
        PostgresEndToEndTest.Psql r = PostgresEndToEndTest.psql(s, "COPY docs TO STDOUT (FORMAT csv)");
        assertEquals("1,\"{\"\"dsn\"\":\"\"postgres://app:[URL_PASSWORD]@10.0.0.5/app\"\",\"\"password\"\":\"\"[PASSWORD_ASSIGNMENT]\"\"}\",[CREDIT_CARD]\n",
                r.out());
        try (Connection c = PostgresEndToEndTest.jdbc(s, "prepareThreshold=-1", "binaryTransferEnable=FLOAT8");
             PreparedStatement ps = c.prepareStatement("SELECT amount, 2.5::float8 FROM docs"); ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            assertNull(rs.getObject(1), "a binary double a detector matches as a whole number is NULL");
            assertEquals(2.5, rs.getDouble(2));
        }
    }

    @Test
    void jsonEscapesByCodeDoNotHideAValue() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        // .NET's encoder writes '"' and '+' by code: a JSON string holding JSON, an address with a tag.
        for (String q : List.of("SELECT doc FROM settings", "COPY settings TO STDOUT", "SELECT array_agg(doc) FROM settings")) {
            PostgresEndToEndTest.Psql r = PostgresEndToEndTest.psql(s, q);
            assertEquals(0, r.exit(), q + ": " + r.err());
            assertFalse(r.out().contains("Hunter2-Hunter2") || r.out().contains("alice"), q + " leaked: " + r.out());
            assertTrue(r.out().contains("[EMAIL]"), q + ": " + r.out());
        }
    }

    @Test
    void errorsNoticesAndNotificationsQuotingAWholeRowAreMasked() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        StringBuilder seen = new StringBuilder();
        try (Connection c = PostgresEndToEndTest.jdbc(s); Statement st = c.createStatement()) {
            for (String q : List.of("SELECT d::text::int FROM docs d", "SELECT e::bytea::text::int FROM vault")) {
                try {
                    st.executeQuery(q);
                } catch (java.sql.SQLException e) {
                    seen.append(e.getMessage()).append('\n');
                }
            }
            st.execute("DO $$ BEGIN RAISE NOTICE '%', (SELECT d::text FROM docs d); END $$");
            for (var w = st.getWarnings(); w != null; w = w.getNextWarning()) seen.append(w.getMessage()).append('\n');
            st.execute("LISTEN c");
            st.execute("SELECT pg_notify('c', d::text) FROM docs d");
            var notes = c.unwrap(org.postgresql.PGConnection.class).getNotifications(2000);
            assertTrue(notes != null && notes.length == 1, "the notification arrives");
            seen.append(notes[0].getParameter());
        }
        String all = seen.toString();
        assertTrue(all.contains("[URL_PASSWORD]") && all.contains("[PASSWORD_ASSIGNMENT]"), all);
        assertFalse(all.contains("S3cretPw") || all.contains("Hunter2-Hunter2") || all.contains("4.111111111111111e+15")
                || all.contains(EMAIL_HEX), all);
        assertTrue(all.contains("5b454d41494c5d"), "the bytea's text is quoted with [EMAIL] in hex: " + all);
    }

    /** A datum's bytes as a node tree writes them: signed chars in decimal. */
    static String asNodeBytes(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) sb.append(x).append(' ');
        return sb.toString().strip();
    }

    @Test
    void constantsInNodeTreesAreMasked() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        String email = asNodeBytes(EMAIL.getBytes(UTF_8));
        String card = asNodeBytes(java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(Long.parseLong(CARD)).array());
        // pg_rewrite holds a view's query as a node tree, its literals as their datums' bytes; debug_print_plan logs the
        // plan, where an immutable function that read a table while planning left the value it read.
        for (String q : List.of("SELECT ev_action FROM pg_rewrite WHERE ev_class = 'promo'::regclass",
                "COPY (SELECT ev_action FROM pg_rewrite WHERE ev_class = 'promo'::regclass) TO STDOUT",
                "SET client_min_messages = log; SET debug_print_plan = on; SELECT 1 FROM vault WHERE e = first_mail()")) {
            PostgresEndToEndTest.Psql r = PostgresEndToEndTest.psql(s, q);
            String all = (r.out() + r.err()).replaceAll("\\s+", " ");
            assertEquals(0, r.exit(), q + ": " + r.err());
            assertTrue(all.contains(":constvalue"), all);
            assertFalse(all.contains(email) || all.contains(card), q + " spelled a constant out: " + all);
        }
    }

    @Test
    void byteaSpelledAsHexIsMasked() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        for (String q : List.of("SELECT e::bytea FROM vault", "SELECT ARRAY[e::bytea] FROM vault", "SELECT row(1, convert_to(e, 'UTF8')) FROM vault",
                "COPY (SELECT e::bytea FROM vault) TO STDOUT", "COPY (SELECT e::bytea FROM vault) TO STDOUT (FORMAT csv)")) {
            PostgresEndToEndTest.Psql r = PostgresEndToEndTest.psql(s, q);
            assertEquals(0, r.exit(), q + ": " + r.err());
            assertNoSecret(q, r.out());
            assertTrue(r.out().contains("5b454d41494c5d"), q + " shows [EMAIL] as hex: " + r.out());
        }
        // pgjdbc decodes the hex of a text-format bytea into the stored bytes.
        try (Connection c = PostgresEndToEndTest.jdbc(s, "prepareThreshold=0"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT e::bytea FROM vault")) {
            assertTrue(rs.next());
            assertEquals("[EMAIL]", new String(rs.getBytes(1), UTF_8));
        }
    }

    @Test
    void hexAndBase64ThatSpellAValueAreMasked() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        String b64 = java.util.Base64.getEncoder().encodeToString(EMAIL.getBytes(UTF_8));
        String cardHex = java.util.HexFormat.of().formatHex(CARD.getBytes(UTF_8));
        String prose = "lorem ipsum dolor sit amet, write to " + EMAIL + " for the rest of it, or not at all";
        // encode() spells the bytes a bytea's \x hex does, as easily read back; a character glued in front shifts
        // base64's groups, and a long text's base64 is broken into lines of 76 (the address straddles the first).
        List<String> leaked = new ArrayList<>();
        for (String q : List.of("SELECT encode(e::bytea, 'hex'), upper(encode(convert_to(e, 'UTF8'), 'hex')), encode(e::bytea, 'base64') FROM vault",
                "SELECT 'x' || encode(e::bytea, 'base64'), 'a' || encode(e::bytea, 'hex'), encode(card_i::text::bytea, 'hex') FROM vault",
                "SELECT encode(convert_to('" + prose + "', 'UTF8'), 'base64')",
                "SELECT ARRAY[encode(e::bytea, 'base64')], row(encode(e::bytea, 'hex')) FROM vault",
                "SELECT encode(e::bytea, 'base64')::int FROM vault",
                "DO $$ BEGIN RAISE NOTICE 'it is %', (SELECT encode(e::bytea, 'hex') FROM vault); END $$",
                "COPY (SELECT encode(e::bytea, 'hex'), encode(e::bytea, 'base64') FROM vault) TO STDOUT",
                "COPY (SELECT encode(e::bytea, 'hex'), encode(e::bytea, 'base64') FROM vault) TO STDOUT (FORMAT csv)")) {
            PostgresEndToEndTest.Psql r = PostgresEndToEndTest.psql(s, q);
            String all = r.out() + r.err();
            if (all.toLowerCase().contains(EMAIL_HEX) || all.replace("\n", "").contains(b64.substring(0, 20)) || all.contains(cardHex)
                    || decodedLines(all).contains(EMAIL) || !(all.contains("[EMAIL]") || all.contains("5b454d41494c5d")
                    || all.contains("5B454D41494C5D") || all.contains("W0VNQUlMXQ") || all.contains("IFtFTUFJTF0g"))) {
                leaked.add(q + " -> " + all);
            }
        }
        assertEquals(List.of(), leaked);
        assertEquals("5b454d41494c5d|5B454D41494C5D|W0VNQUlMXQ==\n", PostgresEndToEndTest.psql(s,
                "SELECT encode(e::bytea, 'hex'), upper(encode(convert_to(e, 'UTF8'), 'hex')), encode(e::bytea, 'base64') FROM vault").out());
        PostgresEndToEndTest.Psql r = PostgresEndToEndTest.psql(s, "SELECT encode(convert_to('" + prose + "', 'UTF8'), 'base64')");
        assertEquals(prose.replace(EMAIL, "[EMAIL]"), new String(java.util.Base64.getMimeDecoder().decode(r.out().strip()), UTF_8));
        // pgjdbc in binary: an element of a text[] is read the same way.
        try (Connection c = PostgresEndToEndTest.jdbc(s, "prepareThreshold=-1"); PreparedStatement ps = c.prepareStatement(
                "SELECT ARRAY[encode(e::bytea, 'base64')], md5(e), encode('just some words'::bytea, 'base64'), encode('just some words'::bytea, 'hex'),"
                        + " 1732912345678::text, 'internationalization' FROM vault"); ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            assertEquals("{\"W0VNQUlMXQ==\"}", rs.getString(1));
            // What spells no value passes as it is: a hash, the encoding of other text, long numbers and words.
            assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(EMAIL.getBytes(UTF_8))), rs.getString(2));
            assertEquals("anVzdCBzb21lIHdvcmRz", rs.getString(3));
            assertEquals("6a75737420736f6d6520776f726473", rs.getString(4));
            assertEquals("1732912345678", rs.getString(5));
            assertEquals("internationalization", rs.getString(6));
        }
    }

    /**
     * A value spelled a byte at a time with a separator between the codes: hex pairs (string_agg(to_hex(ascii(c)), ' '))
     * or decimal codes (array_agg(ascii(c))). Hex without separators was read; with them the address passed.
     */
    @Test
    void byteCodesWithSeparatorsThatSpellAValueAreMasked() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        String each = " FROM vault, regexp_split_to_table(e, '') WITH ORDINALITY AS x(ch, n)";
        List<String> leaked = new ArrayList<>();
        for (String q : List.of("SELECT string_agg(to_hex(ascii(ch)), ' ' ORDER BY n)" + each,
                "SELECT string_agg(upper(to_hex(ascii(ch))), ':' ORDER BY n)" + each,
                "SELECT string_agg(to_hex(ascii(ch)), '-' ORDER BY n), string_agg(ascii(ch)::text, ', ' ORDER BY n)" + each,
                "SELECT array_agg(ascii(ch) ORDER BY n)" + each,
                "SELECT string_agg('\\x' || to_hex(ascii(ch)), '' ORDER BY n)" + each,
                "SELECT 'codes: ' || string_agg(ascii(ch)::text, ' ' ORDER BY n) || '.'" + each,
                "SELECT (SELECT string_agg(ascii(ch)::text, ';' ORDER BY n)" + each + ")::int",
                "COPY (SELECT string_agg(to_hex(ascii(ch)), ' ' ORDER BY n), array_agg(ascii(ch) ORDER BY n)" + each + ") TO STDOUT")) {
            PostgresEndToEndTest.Psql r = PostgresEndToEndTest.psql(s, q);
            String all = r.out() + r.err();
            String codes = all.replace("\\x", " ");   // \x61\x6c read as 61 6c
            if (spells(codes, EMAIL) || !spells(codes, "[EMAIL]")) leaked.add(q + " -> " + all);
        }
        assertEquals(List.of(), leaked);
        // Codes that spell nothing a detector reads pass as they are.
        assertEquals("1,2,3,4,5,6,7,8,9,10|68 65 6c 6c 6f 20 77 6f 72 6c 64|{104,101,108,108,111,32,119,111,114,108,100}\n", PostgresEndToEndTest.psql(s,
                "SELECT '1,2,3,4,5,6,7,8,9,10', '68 65 6c 6c 6f 20 77 6f 72 6c 64', ARRAY[104,101,108,108,111,32,119,111,114,108,100]").out());
    }

    /** Whether text holds value's bytes as hex pairs (any case) or decimal codes, with one of the separators between. */
    static boolean spells(String text, String value) {
        for (String sep : List.of(" ", ":", "-", ",", ", ", ";")) {
            StringBuilder hex = new StringBuilder();
            StringBuilder dec = new StringBuilder();
            for (byte x : value.getBytes(UTF_8)) {
                if (!hex.isEmpty()) {
                    hex.append(sep);
                    dec.append(sep);
                }
                hex.append(String.format("%02x", x));
                dec.append(x);
            }
            if (text.toLowerCase().contains(hex.toString()) || text.contains(dec.toString())) return true;
        }
        return false;
    }

    /**
     * A value cast to a bit string ({@code ('x' || encode(e::bytea, 'hex'))::varbit}): its text spells the bytes in
     * binary digits, and in binary its bytes are the value's own, which passed as a type that holds no text.
     */
    @Test
    void aBitStringSpellingAValueIsMasked() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        String bits = bits(EMAIL.getBytes(UTF_8));
        String cast = "('x' || encode(e::bytea, 'hex'))";
        for (String q : List.of("SELECT " + cast + "::varbit, " + cast + "::bit(136) FROM vault",
                "SELECT ARRAY[" + cast + "::varbit] FROM vault", "COPY (SELECT " + cast + "::varbit FROM vault) TO STDOUT",
                "SELECT " + cast + "::varbit::text::int FROM vault")) {
            PostgresEndToEndTest.Psql r = PostgresEndToEndTest.psql(s, q);
            String all = r.out() + r.err();
            assertFalse(all.contains(bits), q + " leaked: " + all);
            assertTrue(all.contains(bits("[EMAIL]".getBytes(UTF_8))), q + ": " + all);
        }
        assertEquals("101|" + bits("plain words".getBytes(UTF_8)) + "\n",
                PostgresEndToEndTest.psql(s, "SELECT B'101', ('x' || encode('plain words', 'hex'))::varbit").out());
        try (RawPgClient c = PostgresEndToEndTest.raw(s)) {
            for (String q : List.of("SELECT " + cast + "::varbit FROM vault", "SELECT " + cast + "::bit(136) FROM vault",
                    "SELECT ARRAY[" + cast + "::varbit] FROM vault")) {
                assertFalse(binaryRows(c, q).contains(EMAIL), q);
            }
            assertTrue(binaryRows(c, "SELECT ('x' || encode('plain words', 'hex'))::varbit").endsWith("plain words"), "bits nothing matches pass");
        }
    }

    static String bits(byte[] b) {
        StringBuilder o = new StringBuilder();
        for (byte x : b) o.append(String.format("%8s", Integer.toBinaryString(x & 0xFF)).replace(' ', '0'));
        return o.toString();
    }

    @Test
    void anAddressWrittenBackwardsIsMasked() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        String reversed = new StringBuilder(EMAIL).reverse().toString();
        // reverse() turns characters, not bytes: an address in another script reads back as well.
        PostgresEndToEndTest.Psql r = PostgresEndToEndTest.psql(s,
                "SELECT reverse(e), upper(reverse(e)), reverse('write to ' || e || ' today'), reverse('jöhn@exämple.com') FROM vault");
        assertEquals(0, r.exit(), r.err());
        assertEquals("]LIAME[|]LIAME[|yadot ]LIAME[ ot etirw|]LIAME[\n", r.out());
        for (String q : List.of("SELECT reverse(e)::int FROM vault", "COPY (SELECT reverse(e), 1 FROM vault) TO STDOUT",
                "DO $$ BEGIN RAISE NOTICE '%', (SELECT reverse(e) FROM vault); END $$")) {
            r = PostgresEndToEndTest.psql(s, q);
            assertFalse((r.out() + r.err()).toLowerCase().contains(reversed), q + ": " + r.out() + r.err());
            assertTrue((r.out() + r.err()).contains("]LIAME["), q + ": " + r.out() + r.err());
        }
        // An '@' that spells no address either way stays, as does a reversed word.
        r = PostgresEndToEndTest.psql(s, "SELECT reverse('@handle'), reverse('user@localhost'), 'moc.elpmaxe', reverse('a@b')");
        assertEquals("eldnah@|tsohlacol@resu|moc.elpmaxe|b@a\n", r.out());
    }

    @Test
    void aCardNumberWithItsDigitsGroupedIsMasked() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        // money writes a card number kept as money with grouping commas, as to_char can; an amount stays readable.
        PostgresEndToEndTest.Psql r = PostgresEndToEndTest.psql(s, "SELECT card_i::numeric::money, to_char(card_i, 'FM9,999,999,999,999,999'),"
                + " 1234567.5::money, to_char(1234567890, 'FM9,999,999,999') FROM vault");
        assertEquals(0, r.exit(), r.err());
        assertEquals("$[CREDIT_CARD].00|[CREDIT_CARD]|$1,234,567.50|1,234,567,890\n", r.out());
        // Or in fours, as a card is printed.
        r = PostgresEndToEndTest.psql(s, "SELECT to_char(card_i, 'FM9999G9999G9999G9999'), to_char(card_i, 'FM9999,9999,9999,9999'),"
                + " to_char(12345678, 'FM9999G9999') FROM vault");
        assertEquals("[CREDIT_CARD]|[CREDIT_CARD]|1234,5678\n", r.out());
        for (String q : List.of("COPY (SELECT card_i::numeric::money, 1 FROM vault) TO STDOUT", "SELECT card_i::numeric::money::text::int FROM vault",
                "COPY (SELECT to_char(card_i, 'FM9999G9999G9999G9999'), 1 FROM vault) TO STDOUT",
                "SELECT to_char(card_i, 'FM9999G9999G9999G9999')::int FROM vault")) {
            r = PostgresEndToEndTest.psql(s, q);
            assertFalse((r.out() + r.err()).contains("4,111,111,111,111,111") || (r.out() + r.err()).contains("4111,1111"), q + ": " + r.out() + r.err());
            assertTrue((r.out() + r.err()).contains("[CREDIT_CARD]"), q + ": " + r.out() + r.err());
        }
        // In binary money is a bigint of cents.
        try (RawPgClient c = PostgresEndToEndTest.raw(s)) {
            assertEquals("\0\u0002\u00ff\u00ff\u00ff\u00ff\0\0\0\u0008\0\0\0\0\0\0\u0002\u00bc",
                    binaryRows(c, "SELECT card_i::numeric::money, 7::money FROM vault"));
        }
    }

    /** What each base64 run of 16 or more characters in text decodes to, joined (nothing for runs that do not decode). */
    static String decodedLines(String text) {
        StringBuilder b = new StringBuilder();
        var m = java.util.regex.Pattern.compile("[A-Za-z0-9+/]{16,}={0,2}").matcher(text.replace("\n", ""));
        while (m.find()) {
            try {
                b.append(new String(java.util.Base64.getDecoder().decode(m.group()), UTF_8)).append('\n');
            } catch (IllegalArgumentException e) {
                // not whole groups of four
            }
        }
        return b.toString();
    }

    @Test
    void aReportedParameterAChannelAndAColumnNameBuiltFromAValueAreMasked() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        try (Connection c = PostgresEndToEndTest.jdbc(s); Statement st = c.createStatement()) {
            // The server reports the new application_name in a ParameterStatus, which pgjdbc keeps.
            st.execute("SELECT set_config('application_name', e, false) FROM vault");
            String reported = c.unwrap(org.postgresql.PGConnection.class).getParameterStatus("application_name");
            assertEquals("[EMAIL]", reported);
            // A channel named by code from a stored value: the notification names it.
            st.execute("DO $$ BEGIN EXECUTE format('LISTEN %I', (SELECT e FROM vault)); END $$");
            st.execute("LISTEN plain_channel");
            st.execute("SELECT pg_notify(e, 'hi'), pg_notify('plain_channel', 'there') FROM vault");
            var notes = c.unwrap(org.postgresql.PGConnection.class).getNotifications(5000);
            assertEquals(List.of("[EMAIL]:hi", "plain_channel:there"),
                    java.util.Arrays.stream(notes).map(n -> n.getName() + ":" + n.getParameter()).toList());
            // A column named by code from a stored value: the header spells it.
            st.execute("DO $$ BEGIN EXECUTE format('PREPARE named AS SELECT 1 AS %I', (SELECT e FROM vault)); END $$");
            try (ResultSet rs = st.executeQuery("EXECUTE named")) {
                assertEquals("[EMAIL]", rs.getMetaData().getColumnName(1));
            }
        }
        // The recording keeps the column names the client saw.
        assertNoSecret("the recording", gw.hoop("replay", s.get("id").asText()).out());
    }
}
