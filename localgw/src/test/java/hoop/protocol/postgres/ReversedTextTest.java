package hoop.protocol.postgres;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ReversedTextTest {
    static String reverse(String s) {
        byte[] b = s.getBytes(UTF_8);
        return new String(ReversedText.reverse(b, 0, b.length), UTF_8);
    }

    @Test
    void charactersAreReversedNotBytes() {
        assertEquals("moc.elpmäxe@nhöj", reverse("jöhn@exämple.com"));
        assertEquals("😀b a", reverse("a b😀"));
        // a byte that starts no well-formed character is one
        byte[] bad = {'a', (byte) 0xC3, 'b', (byte) 0x80};
        assertArrayEquals(new byte[] {(byte) 0x80, 'b', (byte) 0xC3, 'a'}, ReversedText.reverse(bad, 0, bad.length));
    }

    @Test
    void onlyAValueStillHoldingAnAtIsReadBackwards() {
        byte[] v = "moc.elpmaxe@ecila".getBytes(UTF_8);
        assertEquals("]LIAME[", new String(ReversedText.mask(v, 0, v.length, EncodedRunsTest.MASK), UTF_8));
        byte[] none = "moc.elpmaxe ecila".getBytes(UTF_8);
        assertNull(ReversedText.mask(none, 0, none.length, (b, o, l) -> {
            throw new AssertionError("not read");
        }));
    }
}
