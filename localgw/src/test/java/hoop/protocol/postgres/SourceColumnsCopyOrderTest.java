package hoop.protocol.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The columns a COPY of a table sends when it lists none, as the catalog read lists them ('co' rows). */
class SourceColumnsCopyOrderTest {

    private static void row(SourceColumns s, String oid, String attnum, String column, String relation) {
        s.add(new PgBackendMessage.DataRow(List.of(b("co"), b(oid), b(attnum), b(column), b(relation))));
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void columnsComeInTheirTableOrderFoundByQualifiedOrBareName() {
        SourceColumns s = new SourceColumns();
        // the read's rows come in no order; a dropped column's number leaves a gap
        row(s, "16400", "4", "email", "public.customers");
        row(s, "16400", "1", "id", "public.customers");
        row(s, "16400", "2", "name", "public.customers");
        s.resolve();
        assertEquals(List.of("id", "name", "email"), s.copyColumns("public.customers"));
        assertEquals(List.of("id", "name", "email"), s.copyColumns("customers"));
        // "Public"."Customers" is another table: the lexer folds an unquoted Public.Customers before it comes here.
        assertNull(s.copyColumns("Public.Customers"));
        assertNull(s.copyColumns("other.customers"));
        assertNull(s.copyColumns("orders"));
    }

    @Test
    void aBareNameInSeveralSchemasIsNotGuessed() {
        SourceColumns s = new SourceColumns();
        row(s, "16400", "1", "email", "public.customers");
        row(s, "16500", "1", "id", "crm.customers");
        row(s, "16500", "2", "email", "crm.customers");
        s.resolve();
        assertNull(s.copyColumns("customers"));
        assertEquals(List.of("id", "email"), s.copyColumns("crm.customers"));
    }

    @Test
    void twoTablesWhoseNamesDifferOnlyInCaseAreEachPlannedWithTheirOwnColumns() {
        SourceColumns s = new SourceColumns();
        row(s, "16400", "1", "email", "public.Customers");
        row(s, "16500", "1", "id", "public.customers");
        row(s, "16500", "2", "email", "public.customers");
        s.resolve();
        assertEquals(List.of("id", "email"), s.copyColumns("public.customers"));
        assertEquals(List.of("id", "email"), s.copyColumns("customers"));
        assertEquals(List.of("email"), s.copyColumns("Customers"));
        assertEquals(List.of("email"), s.copyColumns("public.Customers"));
        assertNull(s.copyColumns("CUSTOMERS"));
    }
}
