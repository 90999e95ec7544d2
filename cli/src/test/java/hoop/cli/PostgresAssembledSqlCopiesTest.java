package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped defaults allow DO blocks (procedural), and hoop refuses one that shows a write and reads a ruled table.
 * A DO block that assembled its SQL from fragments showed neither: {@code EXECUTE 'UPD' || 'ATE customers SET notes =
 * ph' || 'one ...'} copied the demo's phone numbers (ruled by column, matched by no detector) into notes, and a plain
 * {@code SELECT notes} read them back in clear; a setting filled the same way was read back by current_setting. Now,
 * on a connection with column rules, code that runs SQL it assembles (EXECUTE, PL/Python's plpy, PL/Perl's spi_*) is
 * refused with 42501; DO blocks without it run.
 */
class PostgresAssembledSqlCopiesTest {
    static final String[] PHONES = {"+14155550101", "+442071838750", "+33142685300", "+4930901820", "4155550101", "2071838750"};

    @TempDir
    static Path dir;
    static TestGateway gw;
    static JsonNode session;

    @BeforeAll
    static void start() throws Exception {
        gw = new TestGateway(dir.resolve("home"), DefaultDemoMaskingTest.defaults(), Map.of());
        session = PostgresEndToEndTest.session(gw, "demo");
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    static String readBack() throws Exception {
        var r = PostgresEndToEndTest.psqlAll(session, "SELECT id, name, notes FROM customers ORDER BY id",
                "SELECT current_setting('my.v', true), current_setting('application_name')");
        assertEquals(0, r.exit(), r.err());
        return r.out();
    }

    @Test
    void codeRunningSqlItAssemblesIsRefused() throws Exception {
        for (String sql : new String[] {
                "DO $$BEGIN EXECUTE 'UPD' || 'ATE customers SET notes = ph' || 'one WHERE id = 3'; END$$",
                "DO $$BEGIN EXECUTE 'upd' || 'ate cust' || 'omers set notes = ph' || 'one'; END$$",
                "DO $$DECLARE q text := concat('UPD', 'ATE customers SET notes = ', 'ph', 'one'); BEGIN EXECUTE q; END$$",
                "DO $$BEGIN EXECUTE format('%s customers SET notes = %s WHERE id = 2', 'UPD' || 'ATE', 'ph' || 'one'); END$$",
                "DO $$DECLARE c refcursor; v text; BEGIN OPEN c FOR EXECUTE 'SELECT ph' || 'one FROM cust' || 'omers WHERE id = 1';"
                        + " FETCH c INTO v; EXECUTE 'UPD' || 'ATE cust' || 'omers SET notes = $1 WHERE id = 3' USING v; END$$",
                "DO $$BEGIN EXECUTE 'SELECT set_con' || 'fig(''my.v'', ph' || 'one, false) FROM customers WHERE id = 1'; END$$",
                "DO $$BEGIN EXECUTE 'SELECT set_con' || 'fig(''application_name'', ph' || 'one, false) FROM customers WHERE id = 4'; END$$",
                "DO $$BEGIN EXECUTE 'INS' || 'ERT INTO customers (name, email, notes) SELECT name, ''x'', ph' || 'one FROM customers'; END$$"}) {
            var r = PostgresEndToEndTest.psqlAll(session, sql);
            assertEquals(java.util.List.of("42501"), r.states(), sql + ": " + r.out() + r.err());
            assertTrue(r.err().contains("SQL that code assembles at run time"), r.err());
        }
        String back = readBack();
        for (String p : PHONES) assertFalse(back.contains(p), p + " was copied where it reads back in clear: " + back);
        assertTrue(back.contains("Carol Test|VIP"), back);
    }

    /** DO blocks without assembled SQL, and SQL EXECUTE of a prepared statement, run as before. */
    @Test
    void codeThatAssemblesNoSqlStillRuns() throws Exception {
        var r = PostgresEndToEndTest.psqlAll(session,
                "DO $$BEGIN RAISE NOTICE 'plain notice'; END$$",
                "DO $$DECLARE n int; BEGIN SELECT count(*) INTO n FROM customers; PERFORM pg_sleep(0); END$$",
                "DO $$DECLARE v text; BEGIN SELECT notes INTO v FROM customers WHERE id = 3; RAISE NOTICE 'read'; END$$",
                "PREPARE two AS SELECT 1 + 1 AS two; EXECUTE two");
        r.states("00000", "00000", "00000", "00000");
        assertTrue(r.out().contains("2"), r.out());
    }
}
