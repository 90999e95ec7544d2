package hoop.core;

/**
 * Text a client or an upstream chose (a statement, a shell command, an error, a result cell) as it may be printed on a
 * person's terminal. Written raw, its escape sequences and carriage returns would be obeyed: a statement carrying
 * {@code ESC[2K} erases what an approver is about to approve and can draw a harmless one in its place, and bidi
 * overrides reorder what is read. Every control and format character is therefore written as a visible escape, so
 * the person sees exactly the characters that will run.
 */
public final class ShownText {
    private ShownText() {}

    /** s with every control and format character escaped; line ends too unless {@code keepLines} (then \n stays). */
    public static String of(String s, boolean keepLines) {
        if (s == null) {
            return "";
        }
        int i = 0;
        while (i < s.length() && !hidden(s.charAt(i), keepLines)) {
            i++;
        }
        if (i == s.length()) {
            return s; // the common case: nothing to escape, nothing copied
        }
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!hidden(c, keepLines)) {
                b.append(c);
            } else if (c == '\t') {
                b.append("    "); // a tab only moves right: shown as the spaces it stands for, readable and harmless
            } else if (c < 0x100) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.toString();
    }

    private static boolean hidden(char c, boolean keepLines) {
        if (c >= 0x20 && c < 0x7f) {
            return false;
        }
        if (c == '\n') {
            return !keepLines;
        }
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }
}
