package hoop.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The player keeps what draws the screen and drops what reaches beyond it: strings (clipboard, title, terminal
 * commands) and requests the terminal would answer as if the reviewer typed.
 */
class ReplayedOutputTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // colours, cursor movement, erasing, charsets, save/restore: kept
        "\u001b[1;32mok\u001b[0m \u001b[2K\u001b[10;5H\u001b[?25l\u001b(B\u001b7x\u001b8 café | \u001b[1;32mok\u001b[0m \u001b[2K\u001b[10;5H\u001b[?25l\u001b(B\u001b7x\u001b8 café",
        // OSC 52 clipboard write and a title, ended by BEL or ST; DCS, APC, PM, SOS
        "a\u001b]52;c;Y3VybCBldmlsIHwgc2g=\u0007b\u001b]0;title\u001b\\c | abc",
        "a\u001bP$qm\u001b\\b\u001b_Gf=100;AAAA\u001b\\c\u001b^pm\u001b\\d\u001bXsos\u001b\\e | abcde",
        // requests the terminal answers: status, attributes, window reports, mode query, keyboard query, DECID
        "a\u001b[6nb\u001b[cc\u001b[>0cd\u001b[18te\u001b[?2026$pf\u001b[?ug\u001bZh | abcdefgh",
        // the same in 8-bit C1 form
        "a\u009b6nb\u009d52;c;eA==\u009cc\u009ad | abcd",
    })
    void whatReachesBeyondTheScreenIsDropped(String recorded, String played) {
        assertEquals(played, new ReplayedOutput().play(recorded));
    }

    @Test
    void aSequenceCutAcrossChunksIsStillDropped() {
        ReplayedOutput o = new ReplayedOutput();
        assertEquals("a", o.play("a\u001b"));
        assertEquals("", o.play("]52;c;Y3Vy"));
        assertEquals("", o.play("bCBldmls"));
        assertEquals("c", o.play("\u0007c\u001b["));
        assertEquals("d\u001b[31me", o.play("6nd\u001b[31me\u001b]0;t\u001b"));
        assertEquals("f", o.play("\\f"));
    }
}
