package hoop.masking;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link SecretPairs} in JSON, pretty or compact, or JSON inside other text (a log line). Objects are records; the
 * text may begin inside one (a stream goes on after a cut), so a closing brace with none open ends such a record.
 * An object still open at the end is judged on the fields the text shows. JSON given as a JSON string (a log
 * message, a Step Functions input: {@code "{\"name\":\"DB_PASSWORD\",\"value\":\"...\"}"}) is read too, by a
 * second pass whose quotes are the escaped ones.
 */
final class JsonPairs {
    private JsonPairs() {
    }

    static void scan(CharSequence t, SecretPairs.Out out) {
        scan(t, out, false);
        if (t.toString().contains("\\\"")) scan(t, out, true);
    }

    /** escaped: a quote is {@code \"}, as JSON inside a JSON string has it; a plain one is any other character. */
    private static void scan(CharSequence t, SecretPairs.Out out, boolean escaped) {
        int q = escaped ? 2 : 1;
        List<SecretPairs.Record> stack = new ArrayList<>();  // a null stands for an array, which holds no fields
        SecretPairs.Record root = new SecretPairs.Record(-1, false, false);
        int n = t.length();
        int i = 0;
        while (i < n) {
            char c = t.charAt(i);
            if (quoteAt(t, i, n, escaped)) {
                int e = stringEnd(t, i + q, n, escaped);
                if (e < 0) {
                    i += q;
                    continue;
                }
                int j = blanks(t, e + q, n);
                if (j >= n || t.charAt(j) != ':') {
                    // An item of an array under a secret key ("passwords": ["...", "..."], nested or over lines); its
                    // numbers and literals stay ("Tokens": [1, 2] counts something): a secret is a string.
                    if (inList(stack)) out.add(i + q, e);
                    i = e + q;
                    continue;
                }
                int ks = i + q, ke = e;
                int v = blanks(t, j + 1, n);
                SecretPairs.Record top = top(stack, root);
                if (v >= n) {
                    i = v;
                } else if (quoteAt(t, v, n, escaped)) {
                    int ve = stringEnd(t, v + q, n, escaped);
                    if (ve < 0) {
                        i = v + q;
                        continue;
                    }
                    if (top != null) top.field(t, ks, ke, v + q, ve);
                    i = ve + q;
                } else if (t.charAt(v) == '{') {
                    stack.add(SecretPairs.Record.under(t, i, ks, ke));
                    i = v + 1;
                } else if (t.charAt(v) == '[' && SecretPairs.secretName(t, ks, ke)) {
                    stack.add(SecretPairs.Record.list(i));
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
                // An array inside a secret key's array is the secret's too.
                stack.add(inList(stack) ? SecretPairs.Record.list(stack.get(stack.size() - 1).keyStart) : null);
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

    private static boolean inList(List<SecretPairs.Record> stack) {
        return !stack.isEmpty() && stack.get(stack.size() - 1) != null && stack.get(stack.size() - 1).list;
    }

    private static SecretPairs.Record top(List<SecretPairs.Record> stack, SecretPairs.Record root) {
        return stack.isEmpty() ? root : stack.get(stack.size() - 1);
    }

    private static boolean quoteAt(CharSequence t, int i, int n, boolean escaped) {
        if (!escaped) return t.charAt(i) == '"';
        return t.charAt(i) == '\\' && i + 1 < n && t.charAt(i + 1) == '"' && (i == 0 || t.charAt(i - 1) != '\\');
    }

    /**
     * Where the quote closing a string whose text begins at from is, or -1 if the line ends first (no JSON string).
     * Escaped, the inner string's own escapes are doubled: {@code \\\"} is a quote inside it, {@code \"} its end.
     */
    private static int stringEnd(CharSequence t, int from, int n, boolean escaped) {
        for (int i = from; i < n; i++) {
            char c = t.charAt(i);
            if (c == '\n' || c == '\r') return -1;
            if (!escaped) {
                if (c == '"') return i;
                if (c == '\\') i++;
            } else if (c == '\\' && i + 1 < n) {
                char d = t.charAt(i + 1);
                if (d == '"') return i;
                if (d == '\\') {
                    i += 1;
                    if (i + 2 < n && t.charAt(i + 1) == '\\' && t.charAt(i + 2) == '"') i += 2;
                } else {
                    i++;
                }
            } else if (c == '"') {
                return -1;  // the outer string ends first
            }
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
