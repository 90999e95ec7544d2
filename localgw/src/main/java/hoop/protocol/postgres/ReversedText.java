package hoop.protocol.postgres;

import hoop.guard.GuardedConnection.ValueMasker;

/**
 * A value written backwards ({@code reverse(email)}: moc.elpmaxe@ecila) is read as easily as forwards. An
 * address keeps its '@' reversed, so a value that still holds one after masking is read reversed too, character
 * by character as PostgreSQL's reverse() turns it, and what the detectors change there is written back reversed
 * (the client reversing it again reads the label). Only addresses: a reversed card number fails its checksum
 * and is no card to the detectors either way.
 */
final class ReversedText {
    private ReversedText() {
    }

    /** b[off, off+len) with a reversed address masked, or null when it holds none. */
    static byte[] mask(byte[] b, int off, int len, ValueMasker text) {
        if (!holdsAt(b, off, len)) return null;
        byte[] r = reverse(b, off, len);
        byte[] m = text.mask(r, 0, r.length);
        return m == null ? null : reverse(m, 0, m.length);
    }

    static boolean holdsAt(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) if (b[i] == '@') return true;
        return false;
    }

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
