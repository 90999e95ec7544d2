package hoop.masking;

/**
 * {@link SecretPairs} in the aws CLI's text and table outputs, and in other aligned columns (psql's): on a row of
 * cells (tab-separated, or between {@code |}), the cells after one holding a secret name are masked,
 * {@code ENVIRONMENT	DB_PASSWORD	hunter2}, {@code ||  DB_PASSWORD  |  hunter2  ||}; a table printed as rows of two
 * cells, key and value, is a record ({@code ||  Name  |  /prod/db/password  ||} then {@code ||  Value  |  ...  ||}); a
 * table's column whose header (a row between two rule lines) names a secret has its cells masked, as the CLI prints a
 * map ({@code "Tags": {"api_token": ...}} becomes a column headed api_token).
 */
final class CellPairs {
    private CellPairs() {
    }

    private static final int MAX_NAME = 256;

    static void scan(CharSequence t, SecretPairs.Out out) {
        int n = t.length();
        SecretPairs.Record table = null;
        int[] cells = new int[32];
        boolean[] secretColumns = null;  // of the header the rows below follow, or null
        int headerStart = -1;
        boolean afterRule = false;  // the line before was a rule line that came right after a title row
        boolean title = false;      // the line before was a title row (one cell)
        int titleStart = -1;        // where that title row begins
        int ls = 0;
        while (ls < n) {
            int le = ls;
            boolean tab = false;
            while (le < n && t.charAt(le) != '\n') {
                tab |= t.charAt(le) == '\t';
                le++;
            }
            int end = le > ls && t.charAt(le - 1) == '\r' ? le - 1 : le;
            int j = ls;
            while (j < end && t.charAt(j) == ' ') j++;
            boolean piped = !tab && j < end && t.charAt(j) == '|';
            int count = 0;
            if (tab || piped) {
                char sep = tab ? '\t' : '|';
                int s = ls;
                for (int p = ls; p <= end; p++) {
                    if (p == end || t.charAt(p) == sep) {
                        int cs = s, ce = p;
                        while (cs < ce && t.charAt(cs) == ' ') cs++;
                        while (ce > cs && t.charAt(ce - 1) == ' ') ce--;
                        if (ce > cs) {
                            if (count + 2 > cells.length) cells = java.util.Arrays.copyOf(cells, cells.length * 2);
                            cells[count++] = cs;
                            cells[count++] = ce;
                        }
                        s = p + 1;
                    }
                }
            }
            boolean rule = ruleLine(t, ls, n);
            boolean header = piped && !rule && count >= 2 && afterRule && ruleLine(t, le + 1, n);
            // A header's cells are column names, not values; one of two cells may also be a lone key/value row.
            if ((tab || piped) && (!header || count == 4)) row(t, cells, count, tab, out);
            if (header) {
                secretColumns = new boolean[count / 2];
                boolean any = false;
                for (int c = 0; c < count; c += 2) any |= secretColumns[c / 2] = nameCell(t, cells[c], cells[c + 1]);
                secretColumns = any ? secretColumns : null;
                headerStart = titleStart;  // a stream must keep the title and rule that make this row a header
            } else if (piped && !rule && secretColumns != null && count == secretColumns.length * 2) {
                for (int c = 0; c < count; c += 2) {
                    if (secretColumns[c / 2]) out.add(cells[c], cells[c + 1]);
                }
            } else if (!rule) {
                secretColumns = null;
            }
            if (le + 1 >= n) {
                // A title row, its rule and the row after them may be a header whose rule line has not arrived: a
                // stream keeps them until it can tell, so the rows it heads are read with it.
                if (piped && !rule && count == 2) out.hold(ls);
                else if (rule && title) out.hold(titleStart);
                else if (piped && !rule && afterRule && !header && anyName(t, cells, count)) out.hold(titleStart);
            }
            afterRule = rule && title;
            title = piped && !rule && count == 2;
            if (title) titleStart = ls;
            if (piped && count == 4 && !rule) {
                if (table == null) table = new SecretPairs.Record(-1, false, false);
                table.field(t, cells[0], cells[1], cells[2], cells[3]);
            } else if (table != null) {
                table.close(out, null);
                table = null;
            }
            ls = le + 1;
        }
        if (secretColumns != null) out.hold(headerStart);
        if (table != null) {
            if (table.pending()) out.hold(table.holdAt());
            table.close(out, null);
        }
    }

    private static boolean anyName(CharSequence t, int[] cells, int count) {
        for (int c = 0; c < count; c += 2) {
            if (nameCell(t, cells[c], cells[c + 1])) return true;
        }
        return false;
    }

    /** Whether the line at ls is a table's rule line: {@code |+-----+----+|}, {@code +----+}, {@code ------}. */
    private static boolean ruleLine(CharSequence t, int ls, int n) {
        int i = ls;
        while (i < n && t.charAt(i) == ' ') i++;
        boolean dash = false;
        for (; i < n && t.charAt(i) != '\n' && t.charAt(i) != '\r'; i++) {
            char c = t.charAt(i);
            if (c != '|' && c != '+' && c != '-') return false;
            dash |= c == '-';
        }
        return dash;
    }

    /** The cells after the first that names a secret are masked. */
    private static void row(CharSequence t, int[] cells, int count, boolean text, SecretPairs.Out out) {
        for (int c = 0; c + 2 < count; c += 2) {
            if (c == 0 && text && count >= 6 && identifier(t, cells[0], cells[1])) continue;
            if (nameCell(t, cells[c], cells[c + 1])) {
                for (int d = c + 2; d < count; d += 2) out.add(cells[d], cells[d + 1]);
                return;
            }
        }
    }

    /** A text output row's first cell naming what the row is (the key its values came under, upper-cased: SECRETLIST). */
    private static boolean identifier(CharSequence t, int s, int e) {
        for (int i = s; i < e; i++) {
            if (!Ascii.isUpper(t.charAt(i))) return false;
        }
        return true;
    }

    /**
     * A cell that is one name (no blank, not an ARN or a URL) holding a secret word: DB_PASSWORD, /prod/db/password; or
     * the SecureString type.
     */
    private static boolean nameCell(CharSequence t, int s, int e) {
        if (e - s > MAX_NAME) return false;
        if (e - s == SecretPairs.SECURE_STRING.length() && t.subSequence(s, e).toString().equalsIgnoreCase(SecretPairs.SECURE_STRING)) {
            return true;  // a Parameter Store type: its Value follows (text output sorts Type before Value)
        }
        for (int i = s; i < e; i++) {
            char c = t.charAt(i);
            if (c == ' ' || c == ':' || c == '"' || c == '\'') return false;
        }
        return SecretPairs.secretName(t, s, e);
    }
}
