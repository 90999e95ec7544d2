package hoop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** What a terminal would obey in text a client chose is written as visible escapes; everything else is kept as is. */
class ShownTextTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // erase the line and draw another in its place; carriage return; bell; backspace; DEL
        "DELETE FROM t /*\u001b[2K\u001b[1G*/ SELECT 1 | DELETE FROM t /*\\x1b[2K\\x1b[1G*/ SELECT 1",
        "rm -rf /srv\rls                            | rm -rf /srv\\x0dls",
        "a\u0007b\bc\u007fd                          | a\\x07b\\x08c\\x7fd",
        // C1 controls: CSI and OSC in one byte each
        "x\u009b2Ky\u009d52;c;Zm9v\u009c             | x\\x9b2Ky\\x9d52;c;Zm9v\\x9c",
        // bidi overrides and isolates, zero-width and line separators
        "SELECT '\u202eDROP'                          | SELECT '\\u202eDROP'",
        "a\u2066b\u2069c\u200bd\u2028e\ufefff         | a\\u2066b\\u2069c\\u200bd\\u2028e\\ufefff",
    })
    void controlAndFormatCharactersAreShownAsEscapes(String raw, String shown) {
        assertEquals(shown.strip(), ShownText.of(raw.strip(), false));
    }

    @Test
    void lineEndsAreKeptOnlyWhenAsked() {
        assertEquals("a\nb    c", ShownText.of("a\nb\tc", true));
        assertEquals("a\\x0ab    c", ShownText.of("a\nb\tc", false));
    }

    @Test
    void ordinaryTextIsReturnedAsIs() {
        String s = "SELECT nom, 'café', '日本語', 'ÄÖÜ' FROM t WHERE x <> 'ü'";
        assertSame(s, ShownText.of(s, false));
        assertEquals("", ShownText.of(null, true));
    }
}
