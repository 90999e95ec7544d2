package hoop.replay;

/**
 * A recorded output stream as the terminal player plays it: colours and cursor movement are kept, so the session looks
 * as it did, but the sequences that reach beyond the screen are dropped. Those are the strings (OSC, DCS, APC, PM, SOS:
 * a clipboard write, a window title, a terminal-specific command) and the requests a terminal answers (device status,
 * attributes, window reports, mode queries, DECID), whose answers would arrive as if the reviewer typed them. A
 * sequence cut by the end of a chunk waits for the next one, so splitting it across writes does not let it through.
 */
final class ReplayedOutput {
    /** Longer than any real control sequence: a CSI this long is dropped rather than held. */
    private static final int MAX_PENDING = 256;

    /** The start of a control sequence the last chunk ended in. */
    private final StringBuilder pending = new StringBuilder();
    /** Inside a string sequence: dropped up to its terminator (BEL, ST, or ESC \). */
    private boolean inString;
    /** Inside a string sequence, the last character was ESC. */
    private boolean stringEsc;

    String play(String chunk) {
        String s = pending.isEmpty() ? chunk : pending + chunk;
        pending.setLength(0);
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (inString) {
                if (c == 0x07 || c == 0x9c || stringEsc) {
                    inString = false; // ESC \ ends it; ESC and anything else aborts it, as terminals do
                }
                stringEsc = c == 0x1b;
                i++;
                continue;
            }
            if (c != 0x1b && (c < 0x80 || c > 0x9f)) {
                out.append(c);
                i++;
                continue;
            }
            char intro = c;
            int k = i + 1;
            if (c == 0x1b) {
                if (k >= s.length()) {
                    pending.append(c);
                    break;
                }
                intro = sevenBit(s.charAt(k));
                if (intro == 0) {
                    out.append(c).append(s.charAt(k)); // ESC 7, ESC ( B...: nothing the terminal answers
                    i = k + 1;
                    continue;
                }
                k++;
            }
            if (intro == 0x9b) {
                int j = k;
                while (j < s.length() && s.charAt(j) >= 0x20 && s.charAt(j) <= 0x3f) {
                    j++;
                }
                if (j >= s.length()) {
                    if (s.length() - i < MAX_PENDING) pending.append(s, i, s.length());
                    break;
                }
                char fin = s.charAt(j);
                if (fin >= 0x40 && fin <= 0x7e && !asks(s, k, j, fin)) {
                    out.append(s, i, j + 1);
                }
                i = fin >= 0x40 && fin <= 0x7e ? j + 1 : j; // a malformed one loses its introducer only
            } else if (intro == 0x9d || intro == 0x90 || intro == 0x9e || intro == 0x9f || intro == 0x98) {
                inString = true;
                stringEsc = false;
                i = k;
            } else {
                i = k; // DECID, and any other C1 control: dropped
            }
        }
        return out.toString();
    }

    /** The C1 control an ESC and {@code c} stand for, when it starts what this class looks into; else 0. */
    private static char sevenBit(char c) {
        return switch (c) {
            case '[' -> 0x9b;
            case ']' -> 0x9d;
            case 'P' -> 0x90;
            case '^' -> 0x9e;
            case '_' -> 0x9f;
            case 'X' -> 0x98;
            case 'Z' -> 0x9a;
            default -> 0;
        };
    }

    /** Whether the CSI with parameters s[from, to) and final byte fin asks the terminal for an answer. */
    private static boolean asks(String s, int from, int to, char fin) {
        String params = s.substring(from, to);
        return fin == 'n' || fin == 'c' || fin == 't' || fin == 'x'
                || fin == 'p' && params.indexOf('$') >= 0 // DECRQM
                || fin == 'u' && params.indexOf('?') >= 0; // keyboard protocol query
    }
}
