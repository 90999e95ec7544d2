package hoop.protocol.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class GroupedNumbersTest {
    /** Stands in for the detectors: the card's digits in a row. */
    static final UnaryOperator<String> CARD = s -> s.replace("4111111111111111", "[CARD]");

    @Test
    void aCardGroupedByCommasDotsSlashesOrUnderscoresIsReadAsItsDigits() {
        for (String sep : new String[] {",", ".", "/", "_"}) {
            String grouped = String.join(sep, "4111", "1111", "1111", "1111");
            assertEquals("[CARD]", GroupedNumbers.mask(grouped, CARD), sep);
            assertEquals("card [CARD]" + sep + " end", GroupedNumbers.mask("card " + grouped + sep + " end", CARD), sep);
        }
        assertEquals("$[CARD].00", GroupedNumbers.mask("$4,111,111,111,111,111.00", CARD));
        assertEquals("[CARD]", GroupedNumbers.mask("4.111.111.111.111.111", CARD));
    }

    @Test
    void numbersNotGroupedOneWayThroughoutOrTooShortPass() {
        for (String v : new String[] {"4111.1111/1111.1111", "4111_1111,1111_1111", "1.234.567,89", "10.100.200.30", "2024/01/15",
                "4111.1111.1111.1112"}) {
            assertNull(GroupedNumbers.mask(v, CARD), v);
        }
    }
}
