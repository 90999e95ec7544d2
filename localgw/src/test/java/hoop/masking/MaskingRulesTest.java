package hoop.masking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MaskingRulesTest {

    @Test
    void unknownDetectorNamesItAndListsKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MaskingRules.of(List.of("email", "emial"), Map.of(), List.of(), Style.REDACT));
        assertTrue(e.getMessage().contains("'emial'"), e.getMessage());
        assertTrue(e.getMessage().contains("credit_card") && e.getMessage().contains("password_assignment"), e.getMessage());
    }

    @Test
    void knownDetectorsAreTheDocumentedNames() {
        assertEquals(java.util.Set.of("email", "credit_card", "iban", "ssn", "phone", "ipv4", "aws_access_key",
                "aws_secret_key", "github_token", "slack_token", "stripe_key", "api_token", "password_hash", "jwt", "private_key",
                "password_assignment", "url_password", "aws_credential"), MaskingRules.knownDetectors());
    }

    @Test
    void styleParsesConfigSpellings() {
        assertEquals(Style.REDACT, Style.parse("redact"));
        assertEquals(Style.PARTIAL, Style.parse(" Partial "));
        assertEquals(Style.HASH, Style.parse("HASH"));
        assertThrows(IllegalArgumentException.class, () -> Style.parse("blur"));
        assertThrows(IllegalArgumentException.class, () -> Style.parse(null));
    }

    @Test
    void plusIsAUnionWhereTheStricterStyleWins() {
        MaskingRules a = MaskingRules.of(List.of("email"), Map.of(), List.of(), Style.PARTIAL);
        MaskingRules b = MaskingRules.of(List.of("email", "credit_card"), Map.of("email", Style.REDACT),
                List.of(new CustomPattern("ticket", Pattern.compile("TCK-[0-9]+"))), Style.HASH);
        MaskingRules u = a.plus(b);
        assertEquals(java.util.Set.of("email", "credit_card"), u.detectors());
        assertEquals(Style.REDACT, u.styleFor("email"));
        assertEquals(Style.HASH, u.styleFor("credit_card"));
        assertEquals(Style.HASH, u.styleFor("ticket"));
        Masker m = Masker.create(u, new byte[]{1, 2, 3}, List.of());
        String out = m.mask("a@b.io TCK-1 4111111111111111");
        assertTrue(out.matches("\\[EMAIL] \\[TICKET:[0-9a-f]{12}] \\[CREDIT_CARD:[0-9a-f]{12}]"), out);
    }

    @Test
    void detectorOrderInConfigDoesNotMatter() {
        String text = "token=bob@example.com";
        Masker ab = Masker.create(MaskingRules.of(List.of("email", "password_assignment"), Map.of(), List.of(), Style.REDACT),
                new byte[0], List.of());
        Masker ba = Masker.create(MaskingRules.of(List.of("password_assignment", "email"), Map.of(), List.of(), Style.REDACT),
                new byte[0], List.of());
        assertEquals(ab.mask(text), ba.mask(text));
    }
}
