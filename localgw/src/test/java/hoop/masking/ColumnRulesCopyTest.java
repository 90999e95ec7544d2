package hoop.masking;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ColumnRulesCopyTest {
    private final ColumnRules rules = ColumnRules.of(Map.of("ssn", Style.REDACT, "email", Style.HASH, "name", Style.PARTIAL, "card*", Style.PARTIAL));

    @Test
    void aCopyIsCoveredByTheSameStyleOrAStricterOne() {
        assertTrue(rules.coversCopy("ssn", "ssn"));
        assertTrue(rules.coversCopy("ssn", "name"));
        assertTrue(rules.coversCopy("email", "name"));
        assertTrue(rules.coversCopy("card_backup", "name"));
        assertTrue(rules.coversCopy("NAME", "card_no"));
        // A partial rule shows the last characters, a hash tells equal values apart.
        assertFalse(rules.coversCopy("name", "ssn"));
        assertFalse(rules.coversCopy("name", "email"));
        assertFalse(rules.coversCopy("email", "ssn"));
    }

    @Test
    void aPartialRuleCoversOnlyACopyOfAColumnsOwnValueAsItIs() {
        // substr(card, 1, 12) kept under card_backup showed digits 9-12 as its tail: any tail the statement picked.
        assertTrue(rules.coversCopy("card_backup", "card", true));
        assertFalse(rules.coversCopy("card_backup", "card", false));
        assertFalse(rules.coversCopy("name", "name", false));
        // A hash tells a computed value from the client's own (substr(email, 1, 1) beside 'b'); redact shows nothing.
        assertFalse(rules.coversCopy("email", "email", false));
        assertTrue(rules.coversCopy("email", "email", true));
        assertTrue(rules.coversCopy("ssn", "card", false));
        assertTrue(rules.coversCopy("ssn", "email", false));
    }

    @Test
    void anUnruledOrUnknownTargetCoversNothingAndAnUnknownSourceOnlyRedactCovers() {
        assertFalse(rules.coversCopy("note", "name"));
        assertFalse(rules.coversCopy(null, "name"));
        assertTrue(rules.coversCopy("ssn", null));
        assertFalse(rules.coversCopy("email", null));
        assertFalse(ColumnRules.NONE.coversCopy("ssn", "ssn"));
    }
}
