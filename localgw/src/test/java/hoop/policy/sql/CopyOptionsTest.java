package hoop.policy.sql;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CopyOptionsTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "COPY t TO STDOUT (DELIMITER '@')",
        "COPY t TO STDOUT WITH DELIMITER AS '.'",
        "COPY t TO STDOUT USING DELIMITERS ' '",
        "COPY t TO STDOUT (DELIMITER E'\\x40')",
        "COPY t TO STDOUT (DELIMITER U&'\\0040')",
        "COPY t TO STDOUT (\"delimiter\" \"@\")",
        "COPY t TO STDOUT (FORMAT csv, QUOTE '@')",
        "COPY t TO STDOUT (FORMAT csv, QUOTE 1)",
        "COPY t TO STDOUT (FORMAT csv, ESCAPE '\\')",
        "COPY t TO STDOUT WITH CSV QUOTE AS '''' FORCE QUOTE a",
        "COPY t TO STDOUT (FORMAT binary)",
        "COPY t TO STDOUT (FORMAT 'binary')",
        "COPY t TO STDOUT WITH BINARY",
        "COPY BINARY t TO STDOUT",
        "SELECT 1; COPY (SELECT a FROM t) TO STDOUT (FORMAT csv, QUOTE '.')",
        "COPY t TO STDOUT (DELIMITER)",
    })
    void optionsThatRewriteValuesAreNamed(String sql) {
        assertNotNull(CopyOptions.unmaskable(sql), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "COPY t TO STDOUT",
        "COPY t (a, b) TO STDOUT WITH (FORMAT csv, HEADER)",
        "COPY t TO STDOUT WITH CSV DELIMITER '|' QUOTE '\"' FORCE QUOTE a, b",
        "COPY (SELECT ',' AS \"delimiter\") TO STDOUT (FORMAT csv, DELIMITER ';', FORCE_QUOTE *, NULL 'x')",
        "COPY t TO STDOUT (FORMAT text, DELIMITER E'\\t', ENCODING 'LATIN1')",
        "COPY t FROM STDIN (DELIMITER '@')",
        "COPY t TO '/tmp/x' (FORMAT binary)",
        "SELECT 'COPY t TO STDOUT (FORMAT binary)'",
    })
    void plainSpellingsPass(String sql) {
        assertNull(CopyOptions.unmaskable(sql), sql);
    }

    @org.junit.jupiter.api.Test
    void aQuerysCopyIsReadWithItsQueryAndShape() {
        var q = CopyOptions.copiedQuery("COPY (SELECT a, (b) FROM t WHERE c = ')') TO STDOUT (FORMAT csv, HEADER, DELIMITER ';');");
        assertNotNull(q);
        org.junit.jupiter.api.Assertions.assertEquals("SELECT a, (b) FROM t WHERE c = ')'", q.query());
        org.junit.jupiter.api.Assertions.assertNull(q.relation());
        org.junit.jupiter.api.Assertions.assertTrue(q.csv() && q.header());
        org.junit.jupiter.api.Assertions.assertEquals(';', q.delimiter());
        org.junit.jupiter.api.Assertions.assertEquals("values (1)", CopyOptions.copiedQuery("copy (values (1)) to stdout").query());
        // A table's COPY is not a query's, nor the other way round.
        assertNull(CopyOptions.copiedQuery("COPY t (a) TO STDOUT"));
        assertNull(CopyOptions.copiedTable("COPY (SELECT 1) TO STDOUT"));
        // What cannot be split into its result columns' fields, or is not one COPY alone.
        for (String sql : java.util.List.of("COPY (SELECT 1) TO STDOUT (NULL 'x')", "COPY (SELECT 1) TO STDOUT (ENCODING 'LATIN1')",
                "COPY (SELECT 1) TO STDOUT (FORMAT binary)", "COPY (SELECT 1) TO STDOUT; SELECT 2", "COPY () TO STDOUT",
                "COPY (SELECT 1 TO STDOUT", "COPY (SELECT 1) TO '/tmp/f'", "SELECT 1")) {
            assertNull(CopyOptions.copiedQuery(sql), sql);
        }
    }

    @org.junit.jupiter.api.Test
    void aTableCopyWithItsColumnListIsReadWithItsShape() {
        var t = CopyOptions.copiedTable("COPY public.customers (id, \"Email\", notes) TO stdout;");
        assertNotNull(t);
        org.junit.jupiter.api.Assertions.assertEquals("public.customers", t.relation());
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("id", "Email", "notes"), t.columns());
        org.junit.jupiter.api.Assertions.assertEquals('\t', t.delimiter());
        org.junit.jupiter.api.Assertions.assertFalse(t.csv() || t.header());
        var csv = CopyOptions.copiedTable("copy t (a) to stdout with (format csv, header, delimiter ';')");
        assertNotNull(csv);
        org.junit.jupiter.api.Assertions.assertTrue(csv.csv() && csv.header());
        org.junit.jupiter.api.Assertions.assertEquals(';', csv.delimiter());
        var legacy = CopyOptions.copiedTable("COPY t (a, b) TO STDOUT WITH CSV HEADER DELIMITER AS '|' FORCE QUOTE a");
        assertNotNull(legacy);
        org.junit.jupiter.api.Assertions.assertEquals('|', legacy.delimiter());
        org.junit.jupiter.api.Assertions.assertFalse(CopyOptions.copiedTable("COPY t (a) TO STDOUT (FORMAT csv, HEADER false)").header());
        // no column list: the table's columns, which the catalog lists
        var all = CopyOptions.copiedTable("COPY s.t TO STDOUT WITH CSV HEADER");
        assertNotNull(all);
        org.junit.jupiter.api.Assertions.assertEquals("s.t", all.relation());
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), all.columns());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "COPY (SELECT a FROM t) TO STDOUT",
        "COPY t (a) TO STDOUT; SELECT 1",
        "SELECT 1; COPY t (a) TO STDOUT",
        "COPY t (a) FROM STDIN",
        "COPY t (a) TO '/tmp/x'",
        "COPY t (a) TO STDOUT (NULL 'alice@example.com')",
        "COPY t (a) TO STDOUT WITH NULL AS ''",
        "COPY t (a) TO STDOUT (ENCODING 'LATIN1')",
        "COPY t (a) TO STDOUT (FORMAT binary)",
        "COPY t (a) TO STDOUT (DELIMITER '@')",
        "COPY t (a, (b)) TO STDOUT",
        "COPY t () TO STDOUT",
    })
    void otherCopiesHaveNoTableShape(String sql) {
        assertNull(CopyOptions.copiedTable(sql), sql);
    }
}
