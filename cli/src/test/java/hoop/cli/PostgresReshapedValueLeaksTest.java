package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent on appdb-cols (rules: name, CARD*, id; detectors for keys, cards, tokens and addresses) reshaping a query
 * so a ruled or detected value reaches it in a form hoop did not mask, and ordinary queries near those shapes, which
 * must come back as the server sent them. Objects exist before the first connection, so hoop's catalog read sees them.
 */
class PostgresReshapedValueLeaksTest {
    @TempDir
    static Path dir;
    static UpstreamPostgres upstream;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = new UpstreamPostgres(dir.resolve("pg"));
        try (Connection c = upstream.superuser("app"); Statement st = c.createStatement()) {
            st.execute("""
                    CREATE VIEW card_sets AS SELECT card AS card_u, notes FROM customers UNION ALL SELECT reverse(card), notes FROM customers
                      UNION SELECT card, notes FROM customers;
                    CREATE VIEW card_memo AS SELECT reverse(card) AS memo FROM customers;
                    CREATE TABLE memos (memo text, notes text);
                    INSERT INTO memos VALUES ('memo one', 'note one');
                    GRANT SELECT ON card_sets, card_memo, memos TO app_rw;
                    CREATE TABLE board (x int);
                    CREATE TABLE vault (id int, secret text, token text);
                    INSERT INTO vault VALUES (1, 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
                      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U');
                    GRANT SELECT ON vault TO app_rw;
                    ALTER TABLE board OWNER TO app_rw;
                    """);
        }
        gw = new TestGateway(dir.resolve("home"), PostgresEndToEndTest.config(upstream.port()), UpstreamPostgres.PASSWORDS);
    }

    @AfterAll
    static void stop() throws Exception {
        UpstreamPostgres.stop(gw, upstream);
    }

    static PostgresEndToEndTest.Psql psql(JsonNode s, String... sql) throws Exception {
        return PostgresEndToEndTest.psqlAll(s, sql);
    }

    static void assertNone(String what, String text, String... values) {
        for (String v : values) assertFalse(text.toLowerCase().contains(v.toLowerCase()), what + " showed " + v + ": " + text);
    }

    @Test
    void aViewColumnNameCountsAsRuledOnlyWhereItsViewIsRead() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-cols");
        // A set operation's own output names no source: every column of card_sets counted as computed from card, and
        // view column names counted as ruled words in any statement, so one naming notes or memo on another table
        // had its computed columns masked ([CARD] for a count of memos).
        PostgresEndToEndTest.Psql r = psql(s, "SELECT count(*) FROM memos WHERE notes = 'note one'",
                "SELECT upper(memo), length(notes) FROM memos", "SELECT notes FROM card_sets WHERE notes = 'plain' LIMIT 1").allOk();
        assertEquals(List.of("1", "MEMO ONE|8", "plain"), r.out().lines().toList());
        // Where the view is read, its columns computed from card still show nothing of it, named or not.
        r = psql(s, "SELECT card_u FROM card_sets WHERE notes = 'plain'", "SELECT ascii(card_u) AS a FROM card_sets WHERE notes = 'plain'",
                "SELECT upper(memo) FROM card_memo LIMIT 1", "SELECT ascii(m.memo) FROM public.card_memo m LIMIT 1",
                "WITH w AS (SELECT * FROM card_memo) SELECT substr(memo, 2, 3) FROM w LIMIT 1").allOk();
        List<String> lines = r.out().lines().toList();
        assertEquals(7, lines.size(), r.out());
        for (String l : lines) assertEquals('[', l.charAt(0), r.out());
        assertNone("a view's columns", r.out(), "5559", "9555", "4111", "1114");
    }

    /** The codes of Alice's address, one escape per byte: \x61 ... (hex) or \141 ... (octal). */
    static final String HEX_ESCAPES = "SELECT string_agg('\\x' || to_hex(ascii(c)), '%s') FROM regexp_split_to_table("
            + "(SELECT email FROM customers WHERE id = 1), '') c";
    static final String OCTAL_ESCAPES = "SELECT string_agg('\\' || lpad(((ascii(c) / 64) * 100 + ((ascii(c) / 8) %% 8) * 10"
            + " + ascii(c) %% 8)::text, 3, '0'), '%s') FROM regexp_split_to_table((SELECT email FROM customers WHERE id = 1), '') c";

    @Test
    void anAddressWrittenAsOctalEscapesOrAsEscapesCopyDoublesIsMasked() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        // \141\154\151... (octal escapes) showed alice@example.com in a result; through COPY's text format, which writes
        // each backslash twice, \\x61\\x6c... and \\141\\154... showed it too.
        List<String> queries = List.of(OCTAL_ESCAPES.formatted(""), OCTAL_ESCAPES.formatted(" "),
                "COPY (" + HEX_ESCAPES.formatted("") + ") TO STDOUT", "COPY (" + HEX_ESCAPES.formatted(" ") + ") TO STDOUT",
                "COPY (" + OCTAL_ESCAPES.formatted("") + ") TO STDOUT", "COPY (" + OCTAL_ESCAPES.formatted(",") + ") TO STDOUT (FORMAT csv)");
        PostgresEndToEndTest.Psql r = psql(s, queries.toArray(String[]::new)).allOk();
        List<String> lines = r.out().lines().toList();
        assertEquals(queries.size(), lines.size(), r.out());
        for (String l : lines) assertEquals("[EMAIL]", decode(l), r.out());
        try (Connection c = PostgresEndToEndTest.jdbc(s); Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery(OCTAL_ESCAPES.formatted(""))) {
            rs.next();
            assertEquals("[EMAIL]", decode(rs.getString(1)));
            java.io.StringWriter copied = new java.io.StringWriter();
            c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyOut("COPY (" + HEX_ESCAPES.formatted("") + ") TO STDOUT", copied);
            assertEquals("[EMAIL]", decode(copied.toString().strip()));
        }
        // Backslashes that are no codes of a value come through COPY as the server wrote them.
        r = psql(s, "COPY (SELECT 'C:\\Users\\x\\100\\200\\141' AS path) TO STDOUT").allOk();
        assertEquals("C:\\\\Users\\\\x\\\\100\\\\200\\\\141", r.out().strip());
    }

    /** The text a run of escaped byte codes (\x5b, \\133, comma separated or not) spells. */
    static String decode(String codes) {
        StringBuilder o = new StringBuilder();
        var m = java.util.regex.Pattern.compile("\\\\+(?:[xX]([0-9a-fA-F]{2})|([0-7]{3}))").matcher(codes);
        while (m.find()) o.append((char) (m.group(1) != null ? Integer.parseInt(m.group(1), 16) : Integer.parseInt(m.group(2), 8)));
        assertFalse(o.isEmpty(), codes);
        return o.toString();
    }

    @Test
    void codeThatCommentsAnObjectWithARuledValueIsRefused() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-cols");
        // COMMENT ON ... IS takes a literal only, but a DO block builds one: obj_description then read Bob in clear.
        for (String q : List.of(
                "DO $$ BEGIN EXECUTE format('COMMENT ON TABLE board IS %L', (SELECT name FROM customers WHERE id = 2)); END $$",
                "DO $$ BEGIN EXECUTE format('COMMENT ON COLUMN board.x IS %L', (SELECT card FROM customers WHERE id = 2)); END $$")) {
            PostgresEndToEndTest.Psql r = psql(s, q);
            assertEquals(1, r.exit(), q + ": " + r.out() + r.err());
            assertTrue(r.err().contains("hoop: the statement may store"), r.err());
        }
        PostgresEndToEndTest.Psql r = psql(s, "SELECT coalesce(obj_description('board'::regclass), '-'), coalesce(col_description('board'::regclass, 1), '-')").allOk();
        assertEquals("-|-", r.out().strip());
        // Code commenting with what reads no ruled column runs.
        r = psql(s, "DO $$ BEGIN EXECUTE format('COMMENT ON TABLE board IS %L', 'daily ' || current_date::text); END $$",
                "SELECT left(obj_description('board'::regclass), 5)").allOk();
        assertEquals(List.of("DO", "daily"), r.out().lines().toList());
    }

    @Test
    void keysLowerUpperOrInitcappedAreMasked() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        // lower(), upper() and initcap() of an access key id, a secret key or a token showed them: the detectors read
        // each in its own case only (an access key id is all capitals, so lower() loses nothing of it).
        String key = "(SELECT substr(notes, 5) FROM customers WHERE id = 1)";
        List<String> queries = List.of("SELECT lower(" + key + "), initcap(" + key + ")",
                "SELECT lower(secret), upper(secret) FROM vault", "SELECT lower(token), upper(token), initcap(token) FROM vault",
                "SELECT to_tsvector('simple', " + key + ")::text", "SELECT 'id=' || lower(" + key + ") || ';'");
        PostgresEndToEndTest.Psql r = psql(s, queries.toArray(String[]::new)).allOk();
        assertEquals(List.of("[AWS_ACCESS_KEY]|[AWS_ACCESS_KEY]", "[AWS_SECRET_KEY]|[AWS_SECRET_KEY]", "[JWT]|[JWT]|[JWT]",
                "'[AWS_ACCESS_KEY]':1", "id=[AWS_ACCESS_KEY];"), r.out().lines().toList());
        try (Connection c = PostgresEndToEndTest.jdbc(s, "prepareThreshold=-1");
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT lower(secret), initcap(token) FROM vault WHERE id = ?")) {
            ps.setInt(1, 1);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals("[AWS_SECRET_KEY]|[JWT]", rs.getString(1) + "|" + rs.getString(2));
            }
        }
        // ... and spelled out a character at a time once folded (a k i a ..., {e,y,j,...}).
        r = psql(s, "SELECT regexp_replace(lower(" + key + "), '(.)', '\\1 ', 'g')",
                "SELECT array_agg(c) FROM regexp_split_to_table((SELECT lower(token) FROM vault), '') c").allOk();
        assertFalse(r.out().contains("o s f o d") || r.out().contains("e,y,j,h,b"), r.out());
        // Text of one case that is no key comes back as it is.
        r = psql(s, "SELECT lower('Hello World, Customer Notes Archive'), upper('var/lib/postgresql/15/main/base/16384/1259'),"
                + " initcap('the eyjafjallajokull-eruption report')").allOk();
        assertEquals("hello world, customer notes archive|VAR/LIB/POSTGRESQL/15/MAIN/BASE/16384/1259|The Eyjafjallajokull-Eruption Report",
                r.out().strip());
    }

    @Test
    void aCardNumberWrittenInHexOrBinaryIsMasked() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        // to_hex(card::bigint) gave e9b08a568f1c7 and card::bigint::bit(64) its 64 binary digits: Alice's card to
        // whoever converts them back.
        String card = "(SELECT card::bigint FROM customers WHERE id = 1)";
        List<String> queries = List.of("SELECT to_hex(" + card + "), upper(to_hex(" + card + "))", "SELECT " + card + "::bit(64)",
                "SELECT 'n=' || to_hex(" + card + ") || ';'", "COPY (SELECT to_hex(" + card + "), " + card + "::bit(64)) TO STDOUT");
        PostgresEndToEndTest.Psql r = psql(s, queries.toArray(String[]::new)).allOk();
        assertEquals(List.of("[CREDIT_CARD]|[CREDIT_CARD]", "[CREDIT_CARD]", "n=[CREDIT_CARD];", "[CREDIT_CARD]\t[CREDIT_CARD]"),
                r.out().lines().toList());
        try (Connection c = PostgresEndToEndTest.jdbc(s); Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT to_hex(card::bigint) FROM customers WHERE id = 1")) {
            rs.next();
            assertEquals("[CREDIT_CARD]", rs.getString(1));
        }
        // ... and so did its hex encoded again: base64 of it, or its characters' codes.
        r = psql(s, "SELECT encode(convert_to(to_hex(" + card + "), 'UTF8'), 'base64')",
                "SELECT string_agg(to_hex(ascii(c)), ' ') FROM regexp_split_to_table(to_hex(" + card + "), '') c").allOk();
        List<String> lines = r.out().lines().toList();
        assertEquals("[CREDIT_CARD]", new String(java.util.Base64.getDecoder().decode(lines.get(0)), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("[CREDIT_CARD]", new String(java.util.HexFormat.of().parseHex(lines.get(1).replace(" ", "")), java.nio.charset.StandardCharsets.UTF_8));
        // Other numbers in hex, and UUIDs, come back as they are.
        r = psql(s, "SELECT to_hex(" + card + " + 1), to_hex(123456789012345), 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid").allOk();
        assertEquals("e9b08a568f1c8|7048860ddf79|a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", r.out().strip());
    }

    @Test
    void aKeyOrTokenWrittenBackwardsIsMasked() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        // reverse() of an access key id or a token showed it to whoever reverses it back; only addresses were read so.
        String key = "(SELECT substr(notes, 5) FROM customers WHERE id = 1)";
        PostgresEndToEndTest.Psql r = psql(s, "SELECT reverse(" + key + "), reverse(lower(" + key + "))",
                "SELECT reverse(token), reverse(upper(token)) FROM vault", "COPY (SELECT 'x ' || reverse(token) FROM vault) TO STDOUT").allOk();
        assertEquals(List.of("]YEK_SSECCA_SWA[|]YEK_SSECCA_SWA[", "]TWJ[|]TWJ[", "x ]TWJ["), r.out().lines().toList());
        // ... and so did it encoded: what hex, base64 and byte codes spell is read backwards too.
        r = psql(s, "SELECT encode(convert_to(reverse(" + key + "), 'UTF8'), 'hex')",
                "SELECT encode(convert_to(reverse(token), 'UTF8'), 'base64') FROM vault").allOk();
        List<String> lines = r.out().lines().toList();
        assertEquals("]YEK_SSECCA_SWA[", new String(java.util.HexFormat.of().parseHex(lines.get(0)), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("]TWJ[", new String(java.util.Base64.getMimeDecoder().decode(String.join("", lines.subList(1, lines.size()))),
                java.nio.charset.StandardCharsets.UTF_8));
        // Text written backwards that holds no key comes back as it is.
        r = psql(s, "SELECT reverse('a note on the jye and aika tables, read backwards')").allOk();
        assertEquals("sdrawkcab daer ,selbat akia dna eyj eht no eton a", r.out().strip());
    }

    @Test
    void aCardGroupedByDotsSlashesOrUnderscoresIsMasked() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        // regexp_replace(card, '(\d{4})', '\1.', 'g') gave 4111.1111.1111.1111.: the detectors read a card's digits in a
        // row, spaced or dashed, and grouped numbers with commas only.
        String card = "(SELECT card FROM customers WHERE id = 1)";
        List<String> queries = List.of("SELECT regexp_replace(" + card + ", '(\\d{4})', '\\1.', 'g')",
                "SELECT regexp_replace(" + card + ", '(\\d{4})(?!$)', '\\1/', 'g')", "SELECT regexp_replace(" + card + ", '(\\d{4})', '\\1_', 'g')",
                "COPY (SELECT regexp_replace(" + card + ", '(\\d{4})(?!$)', '\\1.', 'g')) TO STDOUT");
        PostgresEndToEndTest.Psql r = psql(s, queries.toArray(String[]::new)).allOk();
        assertEquals(List.of("[CREDIT_CARD].", "[CREDIT_CARD]", "[CREDIT_CARD]_", "[CREDIT_CARD]"), r.out().lines().toList());
        // Dates, addresses and amounts grouped so come back as they are.
        r = psql(s, "SELECT '2024/01/15', '10.100.200.30', to_char(1234567.5, 'FM9G999G999D0'), '4111.1111/1111.1111'").allOk();
        assertEquals("2024/01/15|10.100.200.30|1,234,567.5|4111.1111/1111.1111", r.out().strip());
    }
}
