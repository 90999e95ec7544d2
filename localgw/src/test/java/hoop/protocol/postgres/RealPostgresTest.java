package hoop.protocol.postgres;

import hoop.protocol.postgres.PgBackendMessage.*;
import hoop.protocol.postgres.PgFrontendMessage.*;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The codec and authenticators against a real PostgreSQL 15. */
class RealPostgresTest {
    private static final String MD5_USER = "md5user";
    private static final String MD5_PASSWORD = "md5-Pässword";
    private static PostgresCluster pg;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(PostgresCluster.available(), "PostgreSQL 15 binaries not installed");
        pg = new PostgresCluster(List.of("host all " + MD5_USER + " 127.0.0.1/32 md5"));
        try (BlockingPgClient c = superuser()) {
            List<PgBackendMessage> r = c.query("SET password_encryption = 'md5'; CREATE ROLE " + MD5_USER
                    + " LOGIN PASSWORD '" + MD5_PASSWORD + "'");
            assertNoError(r);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    private static BlockingPgClient superuser() throws Exception {
        BlockingPgClient c = new BlockingPgClient("127.0.0.1", pg.port);
        assertNull(c.login("postgres", PostgresCluster.SUPERUSER_PASSWORD));
        return c;
    }

    private static void assertNoError(List<PgBackendMessage> msgs) {
        for (PgBackendMessage m : msgs) {
            assertFalse(m instanceof ErrorResponse, () -> m.toString() + " " + ((ErrorResponse) m).message());
        }
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void scramLoginThenSelectOne() throws Exception {
        try (BlockingPgClient c = superuser()) {
            assertEquals(List.of(10, 11, 12, 0), c.authCodes);
            assertTrue(c.scramVerified);
            assertNotNull(c.keyData);
            assertEquals("UTF8", c.parameters.get("client_encoding"));

            List<PgBackendMessage> r = c.query("SELECT 1");
            RowDescription rd = (RowDescription) r.get(0);
            assertEquals("?column?", rd.fields().get(0).name());
            assertEquals(23, rd.fields().get(0).typeOid());
            assertEquals("1", text(((DataRow) r.get(1)).values().get(0)));
            assertEquals(new CommandComplete("SELECT 1"), r.get(2));
            assertEquals(new ReadyForQuery((byte) 'I'), r.get(3));
        }
    }

    @Test
    void wrongScramPasswordIsRefused() throws Exception {
        try (BlockingPgClient c = new BlockingPgClient("127.0.0.1", pg.port)) {
            ErrorResponse e = c.login("postgres", "not-the-password");
            assertNotNull(e);
            assertEquals("28P01", e.sqlState());
        }
    }

    @Test
    void md5Login() throws Exception {
        try (BlockingPgClient c = new BlockingPgClient("127.0.0.1", pg.port)) {
            assertNull(c.login(MD5_USER, MD5_PASSWORD));
            assertEquals(List.of(5, 0), c.authCodes);
            List<PgBackendMessage> r = c.query("SELECT current_user");
            assertEquals(MD5_USER, text(((DataRow) r.get(1)).values().get(0)));
        }
        try (BlockingPgClient c = new BlockingPgClient("127.0.0.1", pg.port)) {
            assertEquals("28P01", c.login(MD5_USER, "wrong").sqlState());
        }
    }

    @Test
    void sslRequestIsAnsweredWithOneUnframedByte() throws Exception {
        try (BlockingPgClient c = new BlockingPgClient("127.0.0.1", pg.port)) {
            c.decoder.expectSslResponse();
            c.send(new SslRequest());
            // This cluster has no certificate, so the server declines and startup continues in clear.
            assertEquals(new SslResponse((byte) 'N'), c.receive());
            assertNull(c.login("postgres", PostgresCluster.SUPERUSER_PASSWORD));
        }
    }

    @Test
    void extendedQueryProtocol() throws Exception {
        try (BlockingPgClient c = superuser()) {
            byte[] binary41 = {0, 0, 0, 41};
            c.send(new Parse("s1", "SELECT $1::int4 + 1 AS answer, $2::text AS t", new int[] {23, 25}),
                    new Describe((byte) 'S', "s1"),
                    new Bind("p1", "s1", new short[] {1, 0}, Arrays.asList(binary41, null), new short[] {0}),
                    new Describe((byte) 'P', "p1"),
                    new Execute("p1", 0),
                    new Close((byte) 'S', "s1"),
                    new Sync());
            List<PgBackendMessage> r = c.untilReady();
            assertNoError(r);
            assertEquals(new ParseComplete(), r.get(0));
            assertEquals(new ParameterDescription(new int[] {23, 25}), r.get(1));
            assertInstanceOf(RowDescription.class, r.get(2));
            assertEquals(new BindComplete(), r.get(3));
            assertEquals("answer", ((RowDescription) r.get(4)).fields().get(0).name());
            DataRow row = (DataRow) r.get(5);
            assertEquals("42", text(row.values().get(0)));
            assertNull(row.values().get(1));
            assertEquals(new CommandComplete("SELECT 1"), r.get(6));
            assertEquals(new CloseComplete(), r.get(7));

            c.send(new Parse("", "SELECT generate_series(1, 5)", new int[0]),
                    new Bind("", "", new short[0], List.of(), new short[0]),
                    new Execute("", 2), new Sync());
            r = c.untilReady();
            assertEquals(new PortalSuspended(), r.get(4));

            c.send(new Parse("", "SELECT 1", new int[0]), new Bind("", "", new short[0], List.of(), new short[0]),
                    new Describe((byte) 'P', ""), new Flush());
            assertEquals(new ParseComplete(), c.receive());
            assertEquals(new BindComplete(), c.receive());
            assertInstanceOf(RowDescription.class, c.receive());
            c.send(new Sync());
            assertEquals(new ReadyForQuery((byte) 'I'), c.receive());
        }
    }

    @Test
    void errorsNoticesAndNotifications() throws Exception {
        try (BlockingPgClient c = superuser()) {
            List<PgBackendMessage> r = c.query("SELECT * FROM no_such_table");
            ErrorResponse e = (ErrorResponse) r.get(0);
            assertEquals("42P01", e.sqlState());
            assertEquals("ERROR", e.field('V'));

            r = c.query("DO $$ BEGIN RAISE NOTICE 'hello %', 'hoop'; END $$");
            assertEquals("hello hoop", ((NoticeResponse) r.get(0)).message());

            assertEquals(new EmptyQueryResponse(), c.query("").get(0));

            r = c.query("LISTEN ch; NOTIFY ch, 'payload ✓'");
            NotificationResponse n = r.stream().filter(NotificationResponse.class::isInstance)
                    .map(NotificationResponse.class::cast).findFirst().orElseThrow();
            assertEquals("ch", n.channel());
            assertEquals("payload ✓", n.payload());
            assertEquals(c.keyData.pid(), n.pid());

            r = c.query("BEGIN; SELECT 1/0");
            assertEquals(new ReadyForQuery((byte) 'E'), r.get(r.size() - 1));
            r = c.query("ROLLBACK");
            assertEquals(new ReadyForQuery((byte) 'I'), r.get(r.size() - 1));
        }
    }

    @Test
    void copyInAndOut() throws Exception {
        try (BlockingPgClient c = superuser()) {
            assertNoError(c.query("CREATE TEMP TABLE t (id int, name text)"));
            c.send(new Query("COPY t FROM STDIN"));
            assertInstanceOf(CopyInResponse.class, c.receive());
            c.send(new PgFrontendMessage.CopyData("1\talice\n2\t\\N\n".getBytes(StandardCharsets.UTF_8)),
                    new PgFrontendMessage.CopyDone());
            assertEquals(new CommandComplete("COPY 2"), c.receive());
            assertEquals(new ReadyForQuery((byte) 'I'), c.receive());

            c.send(new Query("COPY t FROM STDIN"));
            assertInstanceOf(CopyInResponse.class, c.receive());
            c.send(new CopyFail("client aborted"));
            assertEquals("57014", ((ErrorResponse) c.receive()).sqlState());
            c.receive();

            List<PgBackendMessage> r = c.query("COPY (SELECT * FROM t ORDER BY id) TO STDOUT");
            CopyOutResponse out = (CopyOutResponse) r.get(0);
            assertEquals(0, out.format());
            assertEquals(2, out.columnFormats().length);
            assertEquals("1\talice\n", text(((PgBackendMessage.CopyData) r.get(1)).data()));
            assertEquals("2\t\\N\n", text(((PgBackendMessage.CopyData) r.get(2)).data()));
            assertEquals(new PgBackendMessage.CopyDone(), r.get(3));
            assertEquals(new CommandComplete("COPY 2"), r.get(4));
        }
    }

    @Test
    void cancelRequest() throws Exception {
        try (BlockingPgClient c = superuser()) {
            c.send(new Query("SELECT pg_sleep(30)"));
            Thread.sleep(300);
            try (BlockingPgClient canceller = new BlockingPgClient("127.0.0.1", pg.port)) {
                canceller.send(new CancelRequest(c.keyData.pid(), c.keyData.key()));
                // The server closes the cancel connection without answering.
                assertEquals(-1, canceller.socket.getInputStream().read());
            }
            List<PgBackendMessage> r = c.untilReady();
            ErrorResponse e = (ErrorResponse) r.stream().filter(ErrorResponse.class::isInstance).findFirst().orElseThrow();
            assertEquals("57014", e.sqlState());
        }
    }

    @Test
    void startupParametersAreHonoured() throws Exception {
        try (BlockingPgClient c = new BlockingPgClient("127.0.0.1", pg.port)) {
            c.send(new Startup(PgFrontendMessage.PROTOCOL_3_0,
                    Map.of("user", "postgres", "application_name", "hoop-test")));
            assertEquals(PgBackendMessage.AUTH_SASL, ((Authentication) c.receive()).code());
        }
    }

    @Test
    void theCatalogReadRunsWithoutJitCompilationAndPutsTheClientsSettingBack() throws Exception {
        // Debian's server compiles any query costing over jit_above_cost; the catalog read costs millions and took
        // 20 s to compile (0.4 s to run) before every connection's first statement.
        try (BlockingPgClient c = superuser()) {
            for (String before : List.of("on", "off")) {
                assertNoError(c.query("SET jit = " + before));
                String probe = CatalogQuery.underPgCatalog("SELECT 'j', '0', '0', pg_catalog.current_setting('jit'), ''");
                List<String> seen = c.query(probe + "; SHOW jit").stream().filter(m -> m instanceof DataRow)
                        .map(m -> ((DataRow) m).values()).filter(v -> v.size() == 5 || v.size() == 1)
                        .map(v -> text(v.get(v.size() == 5 ? 3 : 0))).toList();
                assertEquals(List.of("off", before), seen);
            }
        }
    }

    @Test
    void theSourceColumnCatalogQueryTakesGlobsLiterally() throws Exception {
        // Quotes, backslashes and LIKE's own wildcards in a configured name must neither break the query nor widen it.
        try (BlockingPgClient c = superuser()) {
            assertNoError(c.query("CREATE TABLE odd (\"o'ne\\il_x\" text, \"o'neXil_x\" text, card_no text, card text, other text)"));
            SourceColumns found = new SourceColumns();
            for (PgBackendMessage m : c.query(CatalogQuery.forGlobs(new java.util.LinkedHashSet<>(List.of("o'ne\\il_x", "CARD*"))))) {
                assertFalse(m instanceof ErrorResponse, m::toString);
                if (m instanceof DataRow r) found.add(r);
            }
            List<PgBackendMessage> rd = c.query("SELECT \"o'ne\\il_x\" AS a, \"o'neXil_x\" AS b, card_no AS c, card AS d, other AS e FROM odd");
            var fields = rd.stream().filter(m -> m instanceof RowDescription).map(m -> ((RowDescription) m).fields()).findFirst().orElseThrow();
            assertEquals(java.util.Arrays.asList("o'ne\\il_x", null, "card_no", "card", null),
                    fields.stream().map(f -> found.name(f.tableOid(), f.columnAttr())).toList());
            assertEquals("o'ne\\il_x", found.ofRelationIn(StatementWords.words("select * from \"ODD\" x")));
            assertEquals(null, found.ofRelationIn(StatementWords.words("select 'odd_one' from other")));
        }
    }
}
