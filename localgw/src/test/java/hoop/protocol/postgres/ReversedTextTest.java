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

    @Test
    void aValueHoldingAKeysPrefixReversedInAnyCaseIsReadBackwards() {
        for (String key : new String[] {"AKIAIOSFODNN7EXAMPLE", "akiaiosfodnn7example", "ASIAY34FZKBOKMUTVV7A", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIx.sig",
                "ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z5A", "sk_live_0123456789abcdefABCD", "xoxb-0123456789-abcdefghij"}) {
            byte[] v = ("id " + key + " end").getBytes(UTF_8);
            byte[] r = ReversedText.reverse(v, 0, v.length);
            assertEquals(true, ReversedText.keyPrefix(r, 0, r.length), key);
            String read = new String(ReversedText.mask(r, 0, r.length, (b, o, l) -> {
                String s = new String(b, o, l, UTF_8);
                return s.contains(key) ? s.replace(key, "[KEY]").getBytes(UTF_8) : null;
            }), UTF_8);
            assertEquals("dne ]YEK[ di", read, key);
        }
        for (String plain : new String[] {"a sentence, of words written forwards", "1234567890123456789012", "short jye"}) {
            byte[] v = plain.getBytes(UTF_8);
            assertEquals(false, ReversedText.keyPrefix(v, 0, v.length), plain);
        }
    }
}
