package hoop.replay;

import java.util.ArrayList;
import java.util.List;

/**
 * A recorded result sample as a table that fits the terminal: columns start at their widest value and the widest
 * is narrowed (values cut with "…") until the table fits, but never below a few characters, so every column
 * stays visible. The sample is bounded by record_rows, so holding it is fine.
 */
final class Table {
    private static final int MIN = 4;

    private Table() {}

    static List<String> render(List<String> columns, List<List<String>> rows, int width) {
        int n = columns.size();
        int[] w = new int[n];
        for (int i = 0; i < n; i++) w[i] = Math.max(1, len(flat(columns.get(i))));
        for (List<String> r : rows) for (int i = 0; i < n && i < r.size(); i++) w[i] = Math.max(w[i], len(flat(r.get(i))));
        // Row: "| a | b |" is sum(w) + 3n + 1 characters.
        while (sum(w) + 3 * n + 1 > width) {
            int widest = 0;
            for (int i = 1; i < n; i++) if (w[i] > w[widest]) widest = i;
            if (w[widest] <= MIN) break;
            w[widest]--;
        }
        List<String> out = new ArrayList<>(rows.size() + 2);
        out.add(line(columns, w));
        StringBuilder rule = new StringBuilder("|");
        for (int i = 0; i < n; i++) rule.append("-".repeat(w[i] + 2)).append(i == n - 1 ? "|" : "+");
        out.add(rule.toString());
        for (List<String> r : rows) out.add(line(r, w));
        return out;
    }

    private static String line(List<String> values, int[] w) {
        StringBuilder b = new StringBuilder("|");
        for (int i = 0; i < w.length; i++) {
            String v = flat(i < values.size() ? values.get(i) : "");
            b.append(' ').append(fit(v, w[i])).append(" |");
        }
        return b.toString();
    }

    private static String fit(String v, int width) {
        int l = len(v);
        if (l <= width) return v + " ".repeat(width - l);
        return v.substring(0, v.offsetByCodePoints(0, width - 1)) + "…";
    }

    /** Newlines and tabs would break the grid; they are shown as spaces, and other controls as escapes. */
    static String flat(String v) {
        return v == null ? "NULL" : hoop.core.ShownText.of(v.replaceAll("[\\r\\n\\t]", " "), false);
    }

    private static int len(String v) {
        return v.codePointCount(0, v.length());
    }

    private static int sum(int[] w) {
        int s = 0;
        for (int x : w) s += x;
        return s;
    }
}
