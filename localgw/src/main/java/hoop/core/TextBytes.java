package hoop.core;

/**
 * The test every reader of unlabelled bytes makes before taking them for text (an object's body, a downloaded file,
 * a decoded blob): no NUL, and hardly a control character a terminal would not show as layout.
 */
public final class TextBytes {
    private TextBytes() {}

    /** Control bytes in b[off, off+len) other than tab, LF, CR, form feed and ESC; -1 when there is a NUL. */
    public static int controls(byte[] b, int off, int len) {
        int controls = 0;
        for (int i = off; i < off + len; i++) {
            int c = b[i] & 0xFF;
            if (c == 0) return -1;
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != 0x0C && c != 0x1B) controls++;
        }
        return controls;
    }

    /** No NUL, and control bytes (as {@link #controls} counts them) at most one in a hundred. */
    public static boolean fewControls(byte[] b, int off, int len) {
        int c = controls(b, off, len);
        return c >= 0 && c * 100 <= len;
    }
}
