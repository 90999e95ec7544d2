package hoop.masking;

/**
 * Text as the bytes a dump prints it: xxd (and -p, -b), hexdump -C, od -t x1 (with or without offsets), od -c. A key
 * in a file shows to whoever reads `xxd .env` as plainly as in `cat .env`, split over lines, between offsets and
 * columns, so the detectors read the bytes the dump's lines spell, joined over consecutive dump lines, and the text
 * columns of xxd and hexdump -C joined the same way; a match is mapped back to the digits or column characters it
 * was read from (its span then runs over the lines between, which are masked with it).
 */
final class DumpView {
    private DumpView() {
    }

    /**
     * The views of t's dump lines, or null when no line of t is one: [bytes, text columns, multi-byte groups read
     * little-endian, byte codes]. od -x, od -t x2/x4/x8, hexdump and xxd -e print a group's bytes last first on this
     * machine, xxd and xxd -g4 first first, and a line does not say which: both readings are kept. Byte codes are
     * numbers a line lists (od -t u1, -t d1, xxd -i, a list of ords): kept apart, as hex digits may read as them too.
     */
    static TerminalText.View[] of(String t) {
        TerminalText.View[] views = new TerminalText.View[VIEWS];
        for (int k = 0; k < VIEWS; k++) views[k] = new TerminalText.View();
        boolean any = false;
        boolean[] joined = new boolean[VIEWS];  // the previous line added to the view: this one's bytes follow its own
        int[] before = new int[VIEWS];
        int[] mark = new int[VIEWS];
        int n = t.length();
        for (int s = 0; s < n; ) {
            int e = t.indexOf('\n', s);
            if (e < 0) e = n;
            int lineEnd = e > s && t.charAt(e - 1) == '\r' ? e - 1 : e;
            // Not adjacent to a view's last line, this line is a line of its own there: a break goes before it, and
            // is taken back if the line adds nothing to that view.
            for (int k = 0; k < VIEWS; k++) {
                before[k] = views[k].length();
                if (!joined[k] && before[k] > 0) views[k].add('\n', s, s);
                mark[k] = views[k].length();
            }
            boolean dump = line(t, s, lineEnd, views[BYTES], views[COLUMNS], views[SWAPPED]);
            dump |= codes(t, s, lineEnd, views[CODES], joined[CODES]);
            any |= dump;
            for (int k = 0; k < VIEWS; k++) {
                joined[k] = views[k].length() > mark[k];
                if (!joined[k]) views[k].truncate(before[k]);
            }
            s = e + 1;
        }
        if (!any) return null;
        // One-byte groups read the same either way: a second copy would only be masked twice.
        if (views[SWAPPED].toString().contentEquals(views[BYTES].toString())) views[SWAPPED] = new TerminalText.View();
        TerminalText.View[] all = java.util.Arrays.copyOf(views, VIEWS + 2);
        // UTF-16 text dumped (a file saved so on Windows, iconv -t UTF-16): every other byte is NUL, which the text
        // column shows as a dot; read with those taken out.
        all[VIEWS] = narrowed(views[BYTES], '\0');
        all[VIEWS + 1] = narrowed(views[COLUMNS], '.');
        return all;
    }

    /**
     * v without the filler at every other place, when nearly every such place holds it and the others mostly do not:
     * UTF-16's NUL high bytes of ASCII text; an empty view otherwise.
     */
    static TerminalText.View narrowed(TerminalText.View v, char filler) {
        String t = v.toString();
        int[] at = new int[2];
        int[] all = new int[2];
        for (int i = 0; i < t.length(); i++) {
            all[i & 1]++;
            if (t.charAt(i) == filler) at[i & 1]++;
        }
        TerminalText.View out = new TerminalText.View();
        for (int parity = 0; parity < 2; parity++) {
            int other = 1 - parity;
            if (all[parity] < 8 || at[parity] * 10 < all[parity] * 9 || at[other] * 2 > all[other]) continue;
            for (int i = 0; i < t.length(); i++) {
                if ((i & 1) == parity && t.charAt(i) == filler) continue;
                out.add(t.charAt(i), v.sourceStart(i, i + 1), v.sourceEnd(i, i + 1));
            }
        }
        return out;
    }

    /**
     * A line listing byte codes: numbers from -128 to 255 (od -t u1 or d1, after od's octal offset, and a list of ords
     * such as Python prints) or 0x-prefixed hex (xxd -i), apart by blanks or commas, in brackets or braces or not. At
     * least eight, or one after a line of them (a list's last line); each is added to codes as the byte it stands for.
     */
    static boolean codes(String t, int s, int e, TerminalText.View codes, boolean follows) {
        int mark = codes.length();
        int i = s;
        int count = 0;
        boolean offset = false;
        while (i < e) {
            char c = t.charAt(i);
            if (c == ' ' || c == ',' || c == '\t' || c == '[' || c == ']' || c == '{' || c == '}' || c == ';') {
                i++;
                continue;
            }
            int start = i;
            boolean hex = c == '0' && i + 1 < e && (t.charAt(i + 1) == 'x' || t.charAt(i + 1) == 'X');
            if (hex) i += 2;
            else if (c == '-') i++;
            int digitsFrom = i;
            while (i < e && (hex ? Ascii.isHex(t.charAt(i)) : t.charAt(i) >= '0' && t.charAt(i) <= '9')) i++;
            int digits = i - digitsFrom;
            boolean apart = i == e || " ,\t]};".indexOf(t.charAt(i)) >= 0;
            if (!apart || digits == 0) break;
            if (count == 0 && !offset && !hex && c != '-' && digits >= 6) {
                offset = true;  // od's offset, seven octal digits: no byte
                continue;
            }
            int v = hex ? (digits <= 2 ? Integer.parseInt(t, digitsFrom, i, 16) : -1)
                    : digits <= 3 ? Integer.parseInt(t, start, i, 10) : -1;
            if (v < -128 || v > 255) break;
            codes.add((char) (v & 0xFF), start, i);
            count++;
        }
        if (i < e || count == 0 || count < 8 && !follows && !offset) {
            codes.truncate(mark);
            return false;
        }
        return true;
    }

    static final int BYTES = 0, COLUMNS = 1, SWAPPED = 2, CODES = 3, VIEWS = 4;

    /** Whether t may hold a dump line: a cheap look before {@link #of}. */
    static boolean present(String t) {
        int run = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (Ascii.isHex(c)) {
                if (++run >= 8) return true;
            } else if (c != ' ' && c != ',' && c != 'x') {  // xxd -i: 0x41, 0x4b
                run = 0;
            }
        }
        return false;
    }

    /** Lines of a dump or blob held back at the end of what a stream has so far: enough for a key of 96 bytes in xxd -b. */
    static final int HOLD_LINES = 16;
    /** How far back a cut looks for a place between two dump lines where no secret can go on (a line's end in bytes). */
    private static final int LOOK_BACK = 96;

    /**
     * Where a stream may cut the text before {@code limit}: before the trailing run of dump or base64 lines, at most
     * HOLD_LINES of them, and further back until the bytes either side of the cut cannot be one word (a dump cut
     * between two lines of one key showed the key's first part masked alone); limit when no such line ends it.
     */
    static int holdFrom(CharSequence s, int limit) {
        java.util.List<int[]> lines = new java.util.ArrayList<>();  // the trailing encoded lines, last first
        int end = limit > 0 && s.charAt(limit - 1) == '\n' ? limit - 1 : limit;
        while (end >= 0 && lines.size() < HOLD_LINES + LOOK_BACK) {
            int start = end;
            while (start > 0 && s.charAt(start - 1) != '\n') start--;
            if (start == end || !encodedLine(s.subSequence(start, end).toString())) break;
            lines.add(new int[] {start, end});
            end = start - 1;
        }
        if (lines.isEmpty()) return limit;
        int k = Math.min(HOLD_LINES, lines.size()) - 1;
        while (k + 1 < lines.size() && !apart(s, lines.get(k + 1), lines.get(k))) k++;
        return lines.get(k)[0];
    }

    /**
     * Whether the bytes at the end of dump line {@code before} and the start of {@code after} cannot be one word, in
     * every reading that takes both lines (as a dump, and as byte codes: od -t u1's lines read as hex too).
     */
    private static boolean apart(CharSequence s, int[] before, int[] after) {
        String x = s.subSequence(before[0], before[1]).toString();
        String y = s.subSequence(after[0], after[1]).toString();
        boolean read = false;
        for (boolean asCodes : new boolean[] {false, true}) {
            TerminalText.View a = new TerminalText.View();
            TerminalText.View b = new TerminalText.View();
            boolean both = asCodes ? codes(x, 0, x.length(), a, true) && codes(y, 0, y.length(), b, true)
                    : line(x, 0, x.length(), a, new TerminalText.View()) && line(y, 0, y.length(), b, new TerminalText.View());
            // NULs left out: UTF-16's high bytes stand between the characters of one word
            String x0 = a.toString().replace("\0", ""), y0 = b.toString().replace("\0", "");
            if (!both || x0.isEmpty() || y0.isEmpty()) continue;
            read = true;
            if (wordChar(x0.charAt(x0.length() - 1)) && wordChar(y0.charAt(0))) return false;
        }
        return read;
    }

    private static boolean wordChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || "+/=_-.@%:".indexOf(c) >= 0);
    }

    private static boolean encodedLine(String line) {
        String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        // a wrapped blob's line (MIME 76, PEM 64, or any width a script asks for: base64 -w 12); shorter runs are held as
        // spelled-out text (SpacedText.holdFrom)
        if (l.length() >= 9 && l.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '+' || c == '/' || c == '='))) {
            return true;
        }
        return line(l, 0, l.length(), new TerminalText.View(), new TerminalText.View())
                || codes(l, 0, l.length(), new TerminalText.View(), false);
    }

    /** Reads one line; adds its bytes (and text column) and returns true when it is a dump line. */
    private static boolean line(String t, int s, int e, TerminalText.View bytes, TerminalText.View columns) {
        return line(t, s, e, bytes, columns, new TerminalText.View());
    }

    private static boolean line(String t, int s, int e, TerminalText.View bytes, TerminalText.View columns, TerminalText.View swapped) {
        if (e - s < 8) return false;
        int mark = swapped.length();
        if (odChars(t, s, e, bytes)) return true;
        if (hexLine(t, s, e, bytes, columns, swapped)) return true;
        swapped.truncate(mark);
        return false;
    }

    /**
     * xxd, xxd -b, -e, -g4, hexdump, hexdump -C, od -x, od -t x1/x2/x4/x8, xxd -p: an optional offset, groups of hex
     * digits (or 8 bits), a column. A group of several bytes goes to bytes first byte first, to swapped last first.
     */
    private static boolean hexLine(String t, int s, int e, TerminalText.View bytes, TerminalText.View columns, TerminalText.View swapped) {
        int i = s;
        while (i < e && t.charAt(i) == ' ') i++;
        int off = i;
        while (i < e && Ascii.isHex(t.charAt(i))) i++;
        boolean colon = i < e && t.charAt(i) == ':';
        // An offset begins its line (od -An's groups follow a blank, and the first of od -t x4's is eight digits too).
        boolean offset = i - off >= 6 && i - off <= 16 && (colon || off == s && i + 1 < e && t.charAt(i) == ' ');
        int groupsFrom = offset ? (colon ? i + 1 : i) : off;
        if (!offset && i - off < 2) return false;
        // groups: runs of hex digits (even length, at most 8) or of 8 bits, one or two spaces apart
        int p = groupsFrom;
        int digits = 0;
        int groups = 0;
        boolean bits = false;
        int mark = bytes.length();
        int swappedMark = swapped.length();
        int lastEnd = p;
        while (p < e) {
            int gap = 0;
            while (p < e && t.charAt(p) == ' ') {
                p++;
                gap++;
            }
            // hexdump's two-byte groups are four spaces apart
            if (p >= e || gap == 0 && groups > 0 || gap > (colon ? 2 : 4) || groups == 0 && gap == 0 && offset) break;
            if (colon && gap > 1 && groups > 0) break;  // xxd: two spaces end the groups, its text column follows
            int q = p;
            while (q < e && t.charAt(q) != ' ') q++;
            int len = q - p;
            boolean allBits = len == 8 && t.substring(p, q).chars().allMatch(c -> c == '0' || c == '1');
            boolean allHex = len % 2 == 0 && len > 0 && (len <= 16 || !offset) && t.substring(p, q).chars().allMatch(c -> Ascii.isHex((char) c));
            // od and hexdump print one byte (od -t x1) or words of 2, 4 or 8 (od -x, hexdump, od -t x4, x8) after their offset
            if (!allBits && !allHex || offset && !colon && len != 2 && len != 4 && len != 8 && len != 16 && !allBits) {
                if (groups == 0) return false;
                break;
            }
            if (allBits && (groups == 0 || bits)) {
                bits = true;
                bytes.add((char) Integer.parseInt(t.substring(p, q), 2), p, q);
                swapped.add((char) Integer.parseInt(t.substring(p, q), 2), p, q);
            } else if (allHex && !bits) {
                for (int k = p; k < q; k += 2) {
                    bytes.add((char) Integer.parseInt(t.substring(k, k + 2), 16), k, k + 2);
                }
                for (int k = q - 2; k >= p; k -= 2) {
                    swapped.add((char) Integer.parseInt(t.substring(k, k + 2), 16), k, k + 2);
                }
            } else {
                break;
            }
            digits += bits ? 8 : len;
            groups++;
            lastEnd = q;
            p = q;
        }
        int count = bits ? digits / 8 : digits / 2;
        boolean whole = lastEnd >= e || t.substring(lastEnd, e).isBlank();
        // A line of hex alone (xxd -p, od -An -t x1) is a dump only when long enough not to be an id or a word.
        if (groups == 0 || !offset && !whole || !offset && count < 4 || !offset && groups == 1 && digits < 16) {
            bytes.truncate(mark);
            swapped.truncate(swappedMark);
            return false;
        }
        if (!whole) column(t, lastEnd, e, count, columns);
        return true;
    }

    /** xxd's text column (after two or more spaces) or hexdump -C's (between bars): count characters. */
    private static void column(String t, int from, int e, int count, TerminalText.View columns) {
        int c = from;
        while (c < e && t.charAt(c) == ' ') c++;
        if (c < e && t.charAt(c) == '|') c++;
        for (int k = c; k < e && k < c + count; k++) {
            if (t.charAt(k) == '|' && k == e - 1) break;
            columns.add(t.charAt(k), k, k + 1);
        }
    }

    /** od -c: an optional octal offset, then cells of four characters, each a character, an escape or octal. */
    private static boolean odChars(String t, int s, int e, TerminalText.View bytes) {
        int i = s;
        while (i < e && i - s < 7 && t.charAt(i) >= '0' && t.charAt(i) <= '7') i++;
        int from = i - s == 7 ? i : s;
        if ((e - from) % 4 != 0 || e - from < 16) return false;
        int mark = bytes.length();
        for (int c = from; c < e; c += 4) {
            String cell = t.substring(c, c + 4);
            String v = cell.stripLeading();
            char ch;
            if (v.isEmpty() && cell.equals("    ")) {
                ch = ' ';
            } else if (cell.charAt(0) != ' ') {
                bytes.truncate(mark);
                return false;
            } else if (v.length() == 1) {
                ch = v.charAt(0);
            } else if (v.length() == 2 && v.charAt(0) == '\\' && "0abfnrtv\\".indexOf(v.charAt(1)) >= 0) {
                ch = "\0\u0007\b\f\n\r\t\u000B\\".charAt("0abfnrtv\\".indexOf(v.charAt(1)));
            } else if (v.length() == 3 && v.chars().allMatch(d -> d >= '0' && d <= '7')) {
                ch = (char) (Integer.parseInt(v, 8) & 0xFF);
            } else if (v.equals("**")) {
                ch = '*';
            } else {
                bytes.truncate(mark);
                return false;
            }
            bytes.add(ch, c, c + 4);
        }
        return true;
    }
}
