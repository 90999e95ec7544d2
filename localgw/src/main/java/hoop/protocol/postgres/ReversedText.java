package hoop.protocol.postgres;

import hoop.guard.GuardedConnection.ValueMasker;

/**
 * A value written backwards ({@code reverse(email)}: moc.elpmaxe@ecila) is read as easily as forwards. An
 * address keeps its '@' reversed, so a value that still holds one after masking is read reversed too, character
 * by character as PostgreSQL's reverse() turns it, and what the detectors change there is written back reversed
 * (the client reversing it again reads the label). So is one holding a key's prefix reversed ({@code reverse(key)}:
 * ELPMAXE7NNDOFSOIAIKA, a token's ...Jye), in any case. Not a card number: read backwards, any long number (an id)
 * would pass for one a time in twenty.
 */
final class ReversedText {
    private ReversedText() {
    }

    /** b[off, off+len) with a reversed address masked, or null when it holds none. */
    static byte[] mask(byte[] b, int off, int len, ValueMasker text) {
        if (!holdsAt(b, off, len) && !keyPrefix(b, off, len)) return null;
        byte[] r = reverse(b, off, len);
        byte[] m = text.mask(r, 0, r.length);
        return m == null ? null : reverse(m, 0, m.length);
    }

    static boolean holdsAt(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) if (b[i] == '@') return true;
        return false;
    }

    /** A key's shortest value: an access key id's 20 characters. */
    private static final int MIN_KEY = 20;

    /**
     * Whether b[off, off+len) holds, in any case, the reverse of a prefix the strong detectors find keys by: an access
     * key id's (AKIA: AIKA), a token's (eyJ: Jye), GitHub's (ghp_: _phg), Stripe's (sk_: _ks), Slack's (xoxb-: -bxox).
     */
    static boolean keyPrefix(byte[] b, int off, int len) {
        if (len < MIN_KEY) return false;
        for (int i = off; i + 2 < off + len; i++) {
            while (i + 8 <= off + len && (long) LONGS.get(b, i) == BLANKS) i += 8;  // char(n) padding, eight at a time
            if (i + 2 >= off + len) break;
            if (!OPENS[b[i] & 0xFF]) continue;  // one look a byte: most (digits, words) open nothing
            int c = lower(b[i]), d = lower(b[i + 1]), e = lower(b[i + 2]);
            int f = i + 3 < off + len ? lower(b[i + 3]) : 0;
            boolean found = switch (c) {
                case 'j' -> d == 'y' && e == 'e';
                case '_' -> d == 'k' && (e == 's' || e == 'r') || "pousr".indexOf(d) >= 0 && e == 'h' && f == 'g' || d == 't' && e == 'a';
                case '-' -> "abprs".indexOf(d) >= 0 && e == 'x' && f == 'o';
                case 'p' -> d == 'p' && e == 'a' && f == 'x';
                case 'a' -> f == 'a' && reversedKeyId(d, e);
                default -> false;
            };
            if (found) return true;
        }
        return false;
    }

    /**
     * Whether a, d, e, a is one of the access key id prefixes the detector knows (AKIA, ASIA, AROA ...), reversed and
     * lower-cased. Looked up by their middle letters, allocating nothing: this runs at every place of every value
     * of 20 characters or more (a set looked up with a new string at each place took 60% of the gateway's CPU on
     * 1,000-row results).
     */
    private static boolean reversedKeyId(int d, int e) {
        for (int k = 0; k < REVERSED_KEY_IDS.length(); k += 2) {
            if (REVERSED_KEY_IDS.charAt(k) == d && REVERSED_KEY_IDS.charAt(k + 1) == e) return true;
        }
        return false;
    }

    private static int lower(byte c) {
        return c >= 'A' && c <= 'Z' ? c | 0x20 : c;
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long BLANKS = 0x2020202020202020L;

    /** The bytes a reversed prefix begins with, in either case. */
    private static final boolean[] OPENS = new boolean[256];

    static {
        for (char c : "jJ_-pPaA".toCharArray()) OPENS[c] = true;
    }

    /** The middle letters of aika, aisa, apga, adia, aora, apia, apna, avna, aiba, acca. */
    private static final String REVERSED_KEY_IDS = "ikispgdiorpipnvnibcc";

    /** The characters of UTF-8 text in reverse order (a byte that starts no well-formed character counts as one). */
    static byte[] reverse(byte[] b, int off, int len) {
        byte[] out = new byte[len];
        int at = len;
        int i = off;
        while (i < off + len) {
            int n = length(b, i, off + len);
            at -= n;
            System.arraycopy(b, i, out, at, n);
            i += n;
        }
        return out;
    }

    private static int length(byte[] b, int i, int end) {
        int c = b[i] & 0xFF;
        int n = c < 0xC2 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 1;
        if (i + n > end) return 1;
        for (int k = 1; k < n; k++) if ((b[i + k] & 0xC0) != 0x80) return 1;
        return n;
    }
}
