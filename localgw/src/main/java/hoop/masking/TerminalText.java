package hoop.masking;

/**
 * Output as a terminal shows it and as a reader takes it in. Tools colour and decorate what they print
 * (grep --color, jq -C, ls, git diff): a secret interrupted by control sequences, invisible characters or
 * look-alike digits is still a secret to the person or agent reading it, though its bytes are not contiguous.
 * The detectors only know plain ASCII, so they run again over views of the text with that noise taken out,
 * and what they find there is mapped back to the bytes it came from.
 *
 * <ul>
 * <li>reading view: escape sequences (CSI, OSC, DCS, APC, PM, SOS, 7-bit and 8-bit), C0/C1 controls that print
 *     nothing, invisible format characters and invalid UTF-8 removed; fullwidth forms and non-ASCII decimal
 *     digits folded to ASCII; a carriage return not ending a line too (the bytes read on). Backspace stays, as a
 *     character.</li>
 * <li>screen view, only when something already written on a row is overwritten, erased or shifted (after BS,
 *     a CR not ending a line, CSI D/C/G/K/X/P/@, a restored cursor): each row as a terminal leaves it, so a
 *     secret assembled on screen from pieces is seen whole. Moves to other rows end the row (not emulated).</li>
 * <li>strings view: the payloads of OSC/DCS/APC/PM/SOS strings (a hyperlink's URL, a window title), one per
 *     line; hidden on screen but present in the text an agent or terminal reads.</li>
 * </ul>
 */
final class TerminalText {
    private TerminalText() {
    }

    /** Text derived from a source: char i came from source[from[i], to[i]). */
    static final class View {
        private final StringBuilder text = new StringBuilder();
        private int[] from = new int[64];
        private int[] to = new int[64];

        void add(char c, int a, int b) {
            int n = text.length();
            if (n == from.length) {
                from = java.util.Arrays.copyOf(from, n * 2);
                to = java.util.Arrays.copyOf(to, n * 2);
            }
            text.append(c);
            from[n] = a;
            to[n] = b;
        }

        int length() {
            return text.length();
        }

        /** Drops what was added after the view was {@code length} long. */
        void truncate(int length) {
            text.setLength(length);
        }

        @Override
        public String toString() {
            return text.toString();
        }

        /** Start in the source of the view's {@code [s, e)}: overwritten cells may come from anywhere in the line. */
        int sourceStart(int s, int e) {
            int m = Integer.MAX_VALUE;
            for (int i = s; i < e; i++) m = Math.min(m, from[i]);
            return m;
        }

        int sourceEnd(int s, int e) {
            int m = 0;
            for (int i = s; i < e; i++) m = Math.max(m, to[i]);
            return m;
        }
    }

    /**
     * The views of a text that is not {@link #plain}; screen and strings are null when they would add nothing.
     * sequences holds start, end pairs in ascending order: the source's escape sequences.
     */
    record Views(View reading, View screen, View strings, int[] sequences) {
        /**
         * A span of the source moved off an escape sequence it starts or ends inside (a match in the raw text,
         * such as an email taking the 'm' of a colour), so masking never leaves half a sequence for the terminal.
         */
        int[] clip(int start, int end) {
            int ks = containing(start);
            int ke = containing(end);
            if (ks >= 0 && ks == ke) {
                return new int[] {start, end};  // inside one sequence's payload: the strings view's business
            }
            if (ks >= 0) start = sequences[ks + 1];
            if (ke >= 0) end = sequences[ke];
            return new int[] {start, end};
        }

        /** Index of the pair whose sequence has i strictly inside, or -1. */
        private int containing(int i) {
            int lo = 0;
            int hi = sequences.length / 2 - 1;
            while (lo <= hi) {  // the last pair starting before i
                int mid = (lo + hi) >>> 1;
                if (sequences[2 * mid] < i) lo = mid + 1;
                else hi = mid - 1;
            }
            return hi >= 0 && i < sequences[2 * hi + 1] ? 2 * hi : -1;
        }
    }

    /** True when the views would equal the text: nothing in it hides, joins or disguises characters. */
    static boolean plain(CharSequence t, boolean raw) {
        return TerminalChars.plain(t, raw);
    }

    /** {@link #plain} for bytes read as ISO-8859-1. */
    static boolean plain(byte[] b, int off, int len) {
        return TerminalChars.plain(b, off, len);
    }

    /** {@link #plain} for a Java string whose ISO-8859-1 bytes are b. */
    static boolean plain(String t, byte[] b) {
        return TerminalChars.plain(t, b);
    }

    // ---- building the views ----

    static Views of(String t, boolean raw) {
        Builder first = new Builder(t, raw, false);
        first.run();
        View screen = null;
        if (first.screen.changed) {  // rare: replay the text, this time keeping the cells
            Builder second = new Builder(t, raw, true);
            second.run();
            screen = second.screen.view;
        }
        return new Views(first.reading, screen, first.strings,
                java.util.Arrays.copyOf(first.sequences, first.sequenceCount));
    }

    private static final class Builder {
        private final String t;
        private final boolean raw;
        private final boolean screenOnly;
        private final View reading = new View();
        private final TerminalScreen screen;
        private View strings;

        Builder(String t, boolean raw, boolean screenOnly) {
            this.t = t;
            this.raw = raw;
            this.screenOnly = screenOnly;
            this.screen = new TerminalScreen(screenOnly);
        }

        void run() {
            int n = t.length();
            int i = 0;
            while (i < n) {
                char c = t.charAt(i);
                if (c >= 0x20 && c < 0x7F) {  // most of any text: printable ASCII shows as itself
                    if (!screenOnly) reading.add(c, i, i + 1);
                    screen.put(c, i, i + 1);
                    i++;
                    continue;
                }
                int d = raw ? TerminalChars.utf8(t, i) : TerminalChars.codePoint(t, i);
                int len = d < 0 ? 1 : d >>> 24;
                int cp = d < 0 ? lone8bit(t.charAt(i)) : d & TerminalChars.CP;
                if (cp == 0x1B || cp >= 0x80 && cp < 0xA0) {
                    int j = cp == 0x1B ? escape(i) : c1(cp, i, i + len);
                    if (!screenOnly) sequence(i, j);
                    i = j;
                } else {
                    i = character(cp, i, i + len);
                }
            }
            screen.finish();
        }

        private int[] sequences = new int[8];
        private int sequenceCount;

        private void sequence(int a, int b) {
            if (sequenceCount == sequences.length) sequences = java.util.Arrays.copyOf(sequences, sequenceCount * 2);
            sequences[sequenceCount++] = a;
            sequences[sequenceCount++] = b;
        }

        private void read(char c, int a, int b) {
            if (!screenOnly) reading.add(c, a, b);
        }

        /** A byte 0x80-0x9F outside UTF-8: some terminals take it as a C1 control; other invalid bytes print as one box. */
        private static int lone8bit(char c) {
            return c >= 0x80 && c < 0xA0 ? c : -1;
        }

        /** Returns where to continue. */
        private int character(int cp, int a, int b) {
            if (cp < 0) return b;  // invalid UTF-8: dropped, so a stray byte cannot split a token
            if (cp < 0x20 || cp == 0x7F) {
                control(cp, a, b);
                return b;
            }
            if (TerminalChars.invisible(cp)) return b;
            int f = TerminalChars.fold(cp);
            if (f < 0x80) {
                read((char) f, a, b);
                screen.put((char) f, a, b);
            } else {
                for (int k = a; k < b; k++) read(t.charAt(k), k, k + 1);
                screen.put(t.charAt(a), a, b);  // one cell; no detector matches it anyway
            }
            return b;
        }

        private void control(int c, int a, int b) {
            switch (c) {
                case '\n' -> {
                    read('\n', a, b);
                    screen.down(1, true);
                }
                case '\t' -> {
                    read('\t', a, b);
                    screen.tab(a);
                }
                case '\r' -> {
                    if (b < t.length() && t.charAt(b) == '\n') {
                        read('\r', a, b);
                        return;
                    }
                    screen.col = 0;  // a reader of the bytes sees what comes after as going on
                }
                case '\b' -> {
                    read('\b', a, b);
                    screen.col = Math.max(0, screen.col - 1);
                }
                case 0x0B, 0x0C -> {  // down a row: a separator for a reader, another line on screen
                    read((char) c, a, b);
                    screen.down(1, false);
                }
                default -> {
                    // NUL, BEL, SO/SI and the rest print nothing.
                }
            }
        }

        /** ESC at i. */
        private int escape(int i) {
            int n = t.length();
            if (i + 1 >= n) return n;
            char c = t.charAt(i + 1);
            return switch (c) {
                case '[' -> csi(i, i + 2);
                case 'P' -> string(dcsData(i + 2));
                case ']', 'X', '^', '_' -> string(i + 2);
                default -> {
                    if (c < 0x20 || c > 0x7E) yield i + 1;  // a lone ESC; what follows is read normally
                    int k = i + 1;
                    while (k < n && t.charAt(k) >= 0x20 && t.charAt(k) <= 0x2F) k++;  // intermediates
                    if (k >= n) yield n;
                    char f = t.charAt(k);
                    if (f < 0x30 || f > 0x7E) yield k;
                    if (k == i + 1) escFinal(f, i, k + 1);
                    yield k + 1;
                }
            };
        }

        private void escFinal(char f, int a, int b) {
            switch (f) {
                case '7' -> screen.saved = screen.col;
                case '8' -> screen.col = screen.saved;
                case 'D' -> screen.down(1, false);  // index
                case 'E' -> screen.down(1, true);  // next line
                case 'M' -> screen.up(1, false);  // reverse index
                default -> {
                }
            }
        }

        private int c1(int cp, int a, int b) {
            return switch (cp) {
                case 0x9B -> csi(a, b);
                case 0x90 -> string(dcsData(b));
                case 0x9D, 0x98, 0x9E, 0x9F -> string(b);
                case 0x84 -> {
                    screen.down(1, false);
                    yield b;
                }
                case 0x85 -> {
                    screen.down(1, true);
                    yield b;
                }
                case 0x8D -> {
                    screen.up(1, false);
                    yield b;
                }
                default -> b;
            };
        }

        /** Control sequence from its introducer at a, parameters from p; returns where to continue. */
        private int csi(int a, int p) {
            int n = t.length();
            int k = p;
            while (k < n && t.charAt(k) >= 0x30 && t.charAt(k) <= 0x3F) k++;
            int inter = k;
            while (k < n && t.charAt(k) >= 0x20 && t.charAt(k) <= 0x2F) k++;
            if (k >= n) return n;
            char f = t.charAt(k);
            if (f < 0x40 || f > 0x7E) return k;  // aborted; the terminal reads this char anew
            if (inter == k) cursor(f, p, k, a, k + 1);
            return k + 1;
        }

        /** A control sequence with final f and parameters t[p, e) that moves the cursor or edits the row. */
        private void cursor(char f, int p, int e, int a, int b) {
            if (p < e && t.charAt(p) >= 0x3C) return;  // private (?25l and the like)
            int n1 = param(p, e, 0, 1);
            switch (f) {
                case 'D', 'j' -> screen.col = Math.max(0, screen.col - n1);
                case 'C', 'a' -> screen.col = Math.min(screen.col + n1, MAX_COL);
                case 'G', '`' -> screen.col = Math.min(n1, MAX_COL) - 1;
                case 'K' -> screen.erase(param(p, e, 0, 0), a);
                case 'X' -> screen.blank(screen.col, screen.col + n1, a);
                case 'P' -> screen.delete(n1);
                case '@' -> screen.insert(n1, a);
                case 's' -> screen.saved = screen.col;
                case 'u' -> screen.col = screen.saved;
                case 'A' -> screen.up(n1, false);
                case 'F' -> screen.up(n1, true);
                case 'B', 'e' -> screen.down(n1, false);
                case 'E' -> screen.down(n1, true);
                case 'H', 'f' -> {  // rows counted from a top this text does not show: a fresh block
                    screen.finish();
                    screen.col = Math.min(param(p, e, 1, 1), MAX_COL) - 1;
                }
                case 'd', 'J' -> screen.finish();
                default -> {
                    // colours and modes leave the text alone
                }
            }
        }

        /** The index-th numeric parameter in t[p, e), or dflt when absent, zero or malformed. */
        private int param(int p, int e, int index, int dflt) {
            int k = p;
            for (int skip = index; skip > 0; k++) {
                if (k >= e) return dflt;
                char c = t.charAt(k);
                if (c == ';' || c == ':') skip--;
            }
            int v = 0;
            for (; k < e && t.charAt(k) != ';' && t.charAt(k) != ':'; k++) {
                char c = t.charAt(k);
                if (c < '0' || c > '9') return dflt;
                v = Math.min(v * 10 + c - '0', MAX_COL);
            }
            return v == 0 ? dflt : v;
        }

        /** Past a DCS's parameters, intermediates and final byte: where its data starts. */
        private int dcsData(int p) {
            int n = t.length();
            int k = p;
            while (k < n && t.charAt(k) >= 0x20 && t.charAt(k) <= 0x3F) k++;
            return k < n && t.charAt(k) >= 0x40 && t.charAt(k) <= 0x7E ? k + 1 : p;
        }

        /**
         * An OSC/DCS/APC/PM/SOS payload from p: ends at BEL, ST (ESC \ or 0x9C), CAN/SUB, or another ESC.
         * Returns where to continue.
         */
        private int string(int p) {
            if (strings == null && !screenOnly) strings = new View();
            int n = t.length();
            int k = p;
            int end;
            while (true) {
                if (k >= n) {
                    end = n;
                    break;
                }
                char c = t.charAt(k);
                if (c == 0x07 || c == 0x18 || c == 0x1A || c == 0x9C && !(raw && k > p && t.charAt(k - 1) == 0xC2)) {
                    end = k + 1;
                    break;
                }
                if (raw && c == 0xC2 && k + 1 < n && t.charAt(k + 1) == 0x9C) {
                    end = k + 2;
                    break;
                }
                if (c == 0x1B) {
                    end = k + 1 < n && t.charAt(k + 1) == '\\' ? k + 2 : k;
                    break;
                }
                if (strings != null) strings.add(c, k, k + 1);
                k++;
            }
            if (strings != null) {
                strings.add('\n', k, k);
                clipboard(p, k);
            }
            return Math.max(end, p);
        }

        /**
         * OSC 52 sets the clipboard to base64 data ({@code 52;c;cGFzc3dvcmQ9...}): the decoded text goes into the
         * strings view, each of its chars standing for the whole data, so a secret in it replaces the data.
         */
        private void clipboard(int p, int e) {
            if (!t.startsWith("52;", p)) return;
            int data = t.indexOf(';', p + 3);
            if (data < 0 || data >= e) return;
            data++;
            byte[] decoded;
            try {
                decoded = java.util.Base64.getMimeDecoder().decode(
                        t.substring(data, e).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            } catch (IllegalArgumentException ex) {
                return;  // not base64: terminals set nothing
            }
            String text = new String(decoded, raw ? java.nio.charset.StandardCharsets.ISO_8859_1
                    : java.nio.charset.StandardCharsets.UTF_8);
            for (int i = 0; i < text.length(); i++) strings.add(text.charAt(i), data, e);
            strings.add('\n', e, e);
        }
    }

    static final int MAX_COL = TerminalScreen.MAX_COL;

    /** The colour changes (SGR) inside source[a, b), so a masked span does not swallow a reset. */
    static void keepColours(String s, int a, int b, StringBuilder out) {
        for (int i = a; i + 1 < b; i++) {
            int k;
            if (s.charAt(i) == 0x1B && s.charAt(i + 1) == '[') {
                k = i + 2;
            } else if (s.charAt(i) == 0x9B) {  // 8-bit CSI, also as UTF-8 (C2 9B) when i - 1 holds C2
                k = i + 1;
            } else {
                continue;
            }
            int p = k;
            while (k < b && (Ascii.isDigit(s.charAt(k)) || s.charAt(k) == ';' || s.charAt(k) == ':')) k++;
            if (k < b && s.charAt(k) == 'm') {
                out.append(s, s.charAt(i) == 0x9B && i > a && s.charAt(i - 1) == 0xC2 ? i - 1 : i, k + 1);
                i = k;
            } else {
                i = p - 1;
            }
        }
    }
}
