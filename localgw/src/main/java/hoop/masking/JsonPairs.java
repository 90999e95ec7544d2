package hoop.masking;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link SecretPairs} in JSON, pretty or compact, or JSON inside other text (a log line). Objects are records; the
 * text may begin inside one (a stream goes on after a cut), so a closing brace with none open ends such a record.
 * An object still open at the end is judged on the fields the text shows.
 */
final class JsonPairs {
    private JsonPairs() {
    }

    static void scan(CharSequence t, SecretPairs.Out out) {
        List<SecretPairs.Record> stack = new ArrayList<>();  // a null stands for an array, which holds no fields
        SecretPairs.Record root = new SecretPairs.Record(-1, false, false);
        int n = t.length();
        int i = 0;
        while (i < n) {
            char c = t.charAt(i);
            if (c == '"') {
                int e = stringEnd(t, i, n);
                if (e < 0) {
                    i++;
                    continue;
                }
                int j = blanks(t, e + 1, n);
                if (j >= n || t.charAt(j) != ':') {
                    i = e + 1;
                    continue;
                }
                int ks = i + 1, ke = e;
                int v = blanks(t, j + 1, n);
                SecretPairs.Record top = top(stack, root);
                if (v >= n) {
                    i = v;
                } else if (t.charAt(v) == '"') {
                    int ve = stringEnd(t, v, n);
                    if (ve < 0) {
                        i = v + 1;
                        continue;
                    }
                    if (top != null) top.field(t, ks, ke, v + 1, ve);
                    i = ve + 1;
                } else if (t.charAt(v) == '{') {
                    stack.add(SecretPairs.Record.under(t, i, ks, ke));
                    i = v + 1;
                } else if (bareStart(t.charAt(v))) {
                    int ve = v;
                    while (ve < n && bareChar(t.charAt(ve))) ve++;
                    if (top != null && !word(t, v, ve, "null")) top.field(t, ks, ke, v, ve);
                    i = ve;
                } else {
                    i = v;
                }
            } else if (c == '{') {
                stack.add(new SecretPairs.Record(-1, false, false));
                i++;
            } else if (c == '[') {
                stack.add(null);
                i++;
            } else if (c == '}' || c == ']') {
                if (stack.isEmpty()) {
                    if (c == '}') {
                        root.close(out, null);
                        root = new SecretPairs.Record(-1, false, false);
                    }
                } else {
                    SecretPairs.Record r = stack.remove(stack.size() - 1);
                    if (r != null) r.close(out, top(stack, root));
                }
                i++;
            } else {
                i++;
            }
        }
        // Still open at the end: a stream holds them until they close (SecretPairs.holdFrom); a text that ends in
        // one (a fragment quoted in a log line) is judged on what it shows.
        for (int k = -1; k < stack.size(); k++) {
            SecretPairs.Record r = k < 0 ? root : stack.get(k);
            if (r == null) continue;
            if (r.pending()) out.hold(r.holdAt());
            r.close(out, null);
        }
    }

    private static SecretPairs.Record top(List<SecretPairs.Record> stack, SecretPairs.Record root) {
        return stack.isEmpty() ? root : stack.get(stack.size() - 1);
    }

    /** The index of the closing quote of the string opened at q, or -1 if the line ends first (no JSON string). */
    private static int stringEnd(CharSequence t, int q, int n) {
        for (int i = q + 1; i < n; i++) {
            char c = t.charAt(i);
            if (c == '"') return i;
            if (c == '\\') i++;
            else if (c == '\n' || c == '\r') return -1;
        }
        return -1;
    }

    private static int blanks(CharSequence t, int i, int n) {
        while (i < n && (t.charAt(i) == ' ' || t.charAt(i) == '\t' || t.charAt(i) == '\n' || t.charAt(i) == '\r')) i++;
        return i;
    }

    private static boolean bareStart(char c) {
        return Ascii.isDigit(c) || c == '-' || c == 't' || c == 'f' || c == 'n';
    }

    private static boolean bareChar(char c) {
        return Ascii.isAlnum(c) || c == '-' || c == '+' || c == '.';
    }

    private static boolean word(CharSequence t, int s, int e, String w) {
        return e - s == w.length() && t.subSequence(s, e).toString().equals(w);
    }
}
