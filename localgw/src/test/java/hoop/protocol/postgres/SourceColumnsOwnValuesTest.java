package hoop.protocol.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A partial style shows the last characters of a ruled column's own values only (ownColumn): a view or generated
 * column computed from one holds characters its author picked, whatever it is named.
 */
class SourceColumnsOwnValuesTest {

    private static void row(SourceColumns s, String... cells) {
        List<byte[]> values = new java.util.ArrayList<>();
        for (String c : cells) values.add(c.getBytes(StandardCharsets.UTF_8));
        s.add(new PgBackendMessage.DataRow(values));
    }

    /** customers (100): card (4) ruled; card_g (6) generated from it. View cv (200) over it; view cvv (300) over cv. */
    private static SourceColumns read() {
        SourceColumns s = new SourceColumns();
        row(s, "c", "100", "4", "card", "customers");
        row(s, "c", "100", "6", "card_g", "customers");
        row(s, "k", "100", "6", "card", "card_g");
        row(s, "c", "200", "1", "card_r", "cv");
        row(s, "c", "200", "2", "card_b", "cv");
        row(s, "c", "200", "3", "card_s", "cv");
        row(s, "t", "200", "1", "0", "0");     // reverse(card) AS card_r
        row(s, "t", "200", "2", "100", "4");   // card AS card_b
        row(s, "t", "200", "3", "100", "4");   // a subquery's entry 3 passes card on ...
        row(s, "t", "200", "3", "0", "0");     // ... the view's own entry 3 computes on it
        row(s, "d", "200", "100", "4", "cv");
        row(s, "c", "300", "1", "card_v", "cvv");
        row(s, "c", "300", "2", "card_w", "cvv");
        row(s, "t", "300", "1", "200", "2");   // cv.card_b passed on
        row(s, "t", "300", "2", "200", "1");   // cv.card_r passed on
        row(s, "d", "300", "200", "1", "cvv");
        // A view whose rule's entry for its column was not read: not known to pass it on.
        row(s, "c", "400", "1", "card_u", "unread");
        row(s, "a", "400", "1", "card_u", "unread");
        for (String[] a : List.of(new String[] {"200", "1", "card_r", "cv"}, new String[] {"200", "2", "card_b", "cv"},
                new String[] {"200", "3", "card_s", "cv"}, new String[] {"300", "1", "card_v", "cvv"}, new String[] {"300", "2", "card_w", "cvv"})) {
            row(s, "a", a[0], a[1], a[2], a[3]);
        }
        s.resolve();
        return s;
    }

    @Test
    void aTablesStoredColumnAndViewColumnsPassingItOnAreOwnValues() {
        SourceColumns s = read();
        assertEquals("card", s.ownColumn(100, 4));
        assertNotNull(s.ownColumn(200, 2));
        assertNotNull(s.ownColumn(300, 1));
    }

    @Test
    void columnsComputedFromARuledOneAreNotItsOwnValuesWhateverTheyAreNamed() {
        SourceColumns s = read();
        assertNull(s.ownColumn(100, 6), "a generated column");
        assertNull(s.ownColumn(200, 1), "a view's computed column");
        assertNull(s.ownColumn(200, 3), "a number one target list computes on");
        assertNull(s.ownColumn(300, 2), "a view passing a computed column on");
        assertNull(s.ownColumn(400, 1), "a view column no entry says passes one on");
        // Still ruled: masked whole instead of partly.
        assertEquals("card_r", s.name(200, 1));
        assertEquals("card_g", s.name(100, 6));
    }

    @Test
    void aCopyOfAComputedColumnIsToldByItsNameAndARelationTheStatementReads() {
        SourceColumns s = read();
        assertTrue(s.computedColumn("CARD_R", List.of("card_r", "cv")));
        assertTrue(s.computedColumn("card_w", List.of("x", "card_w", "cvv")));
        assertTrue(s.computedColumn("card_g", List.of("card_g", "customers")));
        // The same name read from another relation, and columns passing a ruled one on as it is.
        assertFalse(s.computedColumn("card_r", List.of("card_r", "archive")));
        assertFalse(s.computedColumn("card_b", List.of("card_b", "cv")));
        assertFalse(s.computedColumn("card", List.of("card", "customers")));
    }

    @Test
    void aViewColumnsNameIsRuledOnlyInAStatementNamingItsView() {
        SourceColumns s = new SourceColumns();
        row(s, "c", "100", "4", "card", "customers");
        row(s, "t", "500", "1", "0", "0");     // reverse(card) AS memo
        row(s, "d", "500", "100", "4", "card_memo");
        row(s, "a", "500", "1", "memo", "card_memo");
        row(s, "k", "100", "6", "card", "card_g");
        s.resolve();
        assertEquals("card", s.viewColumn("memo", List.of("SELECT", "upper", "memo", "FROM", "card_memo")));
        assertEquals("card", s.viewColumn("MEMO", List.of("Card_Memo")));
        assertNull(s.viewColumn("memo", List.of("SELECT", "upper", "memo", "FROM", "memos")));
        // A generated column is its table's: named with it, or alone when the read gave no name for the table.
        assertEquals("card", s.viewColumn("card_g", List.of("customers")));
        assertNull(s.viewColumn("card_g", List.of("wallets")));
    }
}
