package hoop.masking;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link SecretPairs} in YAML block mappings (the aws CLI's {@code --output yaml}, a Kubernetes manifest):
 * the {@code key: value} lines at one indentation are a record, a {@code - } at it starts the next one, a line
 * indented less ends it.
 * <pre>
 * - name: DB_PASSWORD
 *   value: hunter2
 * </pre>
 * A value key whose value is a block scalar ({@code |}, {@code >}) has its more indented lines as its value.
 *
 * <p>A secret key's value that does not follow it on its line is masked where YAML puts it: a block scalar's lines
 * ({@code password: |}, {@code >-}, {@code |2}: those indented deeper than the key, to where indentation returns), a
 * plain value on the lines indented under it, the items of a sequence under it ({@code - x} lines, also at the key's
 * own column) and of a flow one ({@code tokens: [a, b]}). A Kubernetes Secret's {@code data} and {@code stringData}
 * (block or flow mapping) are its record's data, masked when the record says {@code kind: Secret}, before or after.
 */
final class YamlPairs {
    private YamlPairs() {
    }

    private record Open(int column, SecretPairs.Record fields) {
    }

    static void scan(CharSequence t, SecretPairs.Out out) {
        int n = t.length();
        List<Open> stack = new ArrayList<>();
        // A key with no value on its line: the mapping indented under it is its value (a template's
        // "DbPassword:" over its Type and Default), a secret's when the key says so.
        int underKs = -1, underKe = -1, underColumn = -1;
        // A secret key with no value on its line: the lines indented under it hold its value, or a sequence's items.
        int secretColumn = -1, secretKs = -1;
        int ls = 0;
        while (ls < n) {
            int le = ls;
            while (le < n && t.charAt(le) != '\n') le++;
            int next = le + 1;
            int end = le > ls && t.charAt(le - 1) == '\r' ? le - 1 : le;
            int j = ls;
            while (j < end && t.charAt(j) == ' ') j++;
            if (j == end || t.charAt(j) == '#') {
                ls = next;
                continue;
            }
            int k = j;
            while (k + 1 < end && t.charAt(k) == '-' && t.charAt(k + 1) == ' ') {
                k += 2;
                while (k < end && t.charAt(k) == ' ') k++;
            }
            boolean dashed = k > j || k + 1 == end && t.charAt(k) == '-';
            int ke = k;
            while (ke < end && keyChar(t.charAt(ke))) ke++;
            boolean key = ke > k && ke < end && t.charAt(ke) == ':' && (ke + 1 == end || t.charAt(ke + 1) == ' ');
            int column = key ? k - ls : j - ls;
            if (secretColumn >= 0 && !(j - ls > secretColumn || j - ls == secretColumn && dashed)) secretColumn = -1;
            if (secretColumn >= 0 && !key) {
                int ce = end;
                while (ce > k && t.charAt(ce - 1) == ' ') ce--;
                if (ce > k && blockIndicator(t, k, ce)) {
                    // An item that is a block scalar: its lines are the secret.
                    int be = blockEnd(t, next, n, j - ls);
                    maskLines(t, next, be, out);
                    ls = be;
                    continue;
                }
                addUnquoted(t, k, ce, out);
            }
            // Records indented deeper than this line end here; so does the one at its column if a new item starts.
            while (!stack.isEmpty() && (stack.get(stack.size() - 1).column() > column
                    || (stack.get(stack.size() - 1).column() == column && (dashed || !key)))) {
                close(stack, out);
            }
            if (!key) {
                ls = next;
                continue;
            }
            if (stack.isEmpty() || stack.get(stack.size() - 1).column() != column) {
                boolean under = underKs >= 0 && column > underColumn && !dashed;
                stack.add(new Open(column, under ? SecretPairs.Record.yamlUnder(t, underKs, underKe)
                        : new SecretPairs.Record(-1, false, false)));
            }
            underKs = -1;
            if (!dashed && stack.get(stack.size() - 1).fields().repeats(t, k, ke)) {
                close(stack, out);
                stack.add(new Open(column, new SecretPairs.Record(-1, false, false)));
            }
            SecretPairs.Record r = stack.get(stack.size() - 1).fields();
            int vs = ke + 1;
            while (vs < end && t.charAt(vs) == ' ') vs++;
            int ve = end;
            while (ve > vs && t.charAt(ve - 1) == ' ') ve--;
            if (ve > vs && (t.charAt(vs) == '|' || t.charAt(vs) == '>') && SecretPairs.valueKey(t, k, ke)) {
                // A block scalar: the lines indented deeper than the key are its text.
                int bs = next, be = next;
                while (be < n) {
                    int e = be;
                    while (e < n && t.charAt(e) != '\n') e++;
                    int ind = be;
                    while (ind < e && t.charAt(ind) == ' ') ind++;
                    if (ind < e && ind - be <= column) break;
                    be = Math.min(n, e + 1);
                }
                r.field(t, k, ke, bs, be > bs && t.charAt(be - 1) == '\n' ? be - 1 : be);
                ls = be;
                continue;
            }
            boolean secretKey = SecretPairs.secretName(t, k, ke);
            if (ve > vs && blockIndicator(t, vs, ve) && (secretKey || r.dataKeyed)) {
                int be = blockEnd(t, next, n, column);
                if (secretKey) {
                    maskLines(t, next, be, out);
                    if (be >= n) out.hold(k);  // more of its lines may follow
                } else {
                    eachLine(t, next, be, r::scalar);
                }
                ls = be;
                continue;
            }
            if (ve > vs && (t.charAt(vs) == '[' || t.charAt(vs) == '{') && (secretKey || SecretPairs.dataKey(t, k, ke))
                    && flowIsTheValue(t, vs, n)) {
                int dk = k;
                int fe = flow(t, vs, n, secretKey ? out::add : (s0, e0) -> r.data(dk, s0, e0));
                if (fe < 0) {
                    out.hold(k);  // not closed yet: what follows is still its value
                    fe = n;
                }
                int nl = fe;
                while (nl < n && t.charAt(nl) != '\n') nl++;
                ls = nl + 1;
                continue;
            }
            if (ve - vs >= 2 && (t.charAt(vs) == '\'' || t.charAt(vs) == '"') && t.charAt(ve - 1) == t.charAt(vs)) {
                vs++;
                ve--;
            }
            if (ve > vs && !(ve - vs == 4 && t.subSequence(vs, ve).toString().equals("null"))) r.field(t, k, ke, vs, ve);
            // Only a whole line: "Password: " at the end of a stream is a prompt awaiting what is typed, shown as it is.
            if (ve == vs && le < n) {
                underKs = k;
                underKe = ke;
                underColumn = column;
                if (secretKey) {
                    secretColumn = column;
                    secretKs = k;
                }
            }
            ls = next;
        }
        // The text ends the document: its records end with it, but one may still pair with what a stream sends next.
        for (Open o : stack) {
            if (o.fields().pending()) out.hold(o.fields().holdAt());
        }
        // A secret's key (or a manifest's data) whose mapping has not begun: the mapping, when it comes, must see the key.
        if (underKs >= 0 && (SecretPairs.secretName(t, underKs, underKe) || SecretPairs.dataKey(t, underKs, underKe))) {
            out.hold(underKs);
        }
        // Inside a secret key's lines: those that come next may be more of them.
        if (secretColumn >= 0) out.hold(secretKs);
        while (!stack.isEmpty()) close(stack, out);
    }

    private static void close(List<Open> stack, SecretPairs.Out out) {
        Open o = stack.remove(stack.size() - 1);
        // The mapping it is the value of hears of it: a Secret's data reaches the record that says kind: Secret.
        o.fields().close(out, stack.isEmpty() ? null : stack.get(stack.size() - 1).fields());
    }

    /** Whether t[s, e) is a block scalar's header: '|' or '>' and its chomping and indentation indicators. */
    private static boolean blockIndicator(CharSequence t, int s, int e) {
        char c = t.charAt(s);
        if (c != '|' && c != '>') return false;
        int i = s + 1;
        while (i < e && (t.charAt(i) == '-' || t.charAt(i) == '+' || Ascii.isDigit(t.charAt(i)))) i++;
        while (i < e && t.charAt(i) == ' ') i++;
        return i == e || t.charAt(i) == '#';
    }

    /** Where the lines from `from` on that are indented deeper than column (blank ones among them) end. */
    private static int blockEnd(CharSequence t, int from, int n, int column) {
        int be = from;
        while (be < n) {
            int e = be;
            while (e < n && t.charAt(e) != '\n') e++;
            int ind = be;
            while (ind < e && t.charAt(ind) == ' ') ind++;
            if (ind < e && t.charAt(ind) != '\r' && ind - be <= column) break;
            be = Math.min(n, e + 1);
        }
        return be;
    }

    private static void maskLines(CharSequence t, int from, int to, SecretPairs.Out out) {
        eachLine(t, from, to, out::add);
    }

    /** Each line's text in t[from, to), without its indentation, trailing blanks and line break. */
    private static void eachLine(CharSequence t, int from, int to, java.util.function.BiConsumer<Integer, Integer> line) {
        int s = from;
        while (s < to) {
            int e = s;
            while (e < to && t.charAt(e) != '\n') e++;
            int a = s, b = e;
            while (a < b && t.charAt(a) == ' ') a++;
            while (b > a && (t.charAt(b - 1) == ' ' || t.charAt(b - 1) == '\r')) b--;
            if (b > a) line.accept(a, b);
            s = e + 1;
        }
    }

    /** t[s, e) as a scalar: without the quotes around it, and nothing when it is empty or null. */
    private static void addUnquoted(CharSequence t, int s, int e, SecretPairs.Out out) {
        boolean quoted = e - s >= 2 && (t.charAt(s) == '\'' || t.charAt(s) == '"') && t.charAt(e - 1) == t.charAt(s);
        if (quoted) {
            s++;
            e--;
        }
        if (e > s && (quoted || !literal(t, s, e))) out.add(s, e);
    }

    /**
     * Whether t[s, e) is a plain scalar that is no string: null, ~, true, false or a number (an item of "ports:
     * [80, 443]", a count). A secret is a string; a password of digits alone is left as the number YAML reads.
     */
    static boolean literal(CharSequence t, int s, int e) {
        String v = t.subSequence(s, e).toString();
        if (v.equals("null") || v.equals("~") || v.equals("true") || v.equals("false")) return true;
        int i = s < e && (t.charAt(s) == '-' || t.charAt(s) == '+') ? s + 1 : s;
        boolean digit = false;
        for (; i < e; i++) {
            char c = t.charAt(i);
            if (Ascii.isDigit(c)) digit = true;
            else if (c != '.') return false;
        }
        return digit;
    }

    /**
     * Whether the flow collection at vs is the whole value: closed with only blanks or a comment after it on its line,
     * or not closed yet. One followed by more is a plain scalar: an LDIF's {SSHA} before its hash, whose scheme stays.
     */
    private static boolean flowIsTheValue(CharSequence t, int vs, int n) {
        int fe = flow(t, vs, n, (s, e) -> { });
        if (fe < 0) return true;
        int j = fe;
        while (j < n && (t.charAt(j) == ' ' || t.charAt(j) == '\t' || t.charAt(j) == '\r')) j++;
        return j >= n || t.charAt(j) == '\n' || t.charAt(j) == '#' && j > fe;
    }

    /**
     * The scalars of the flow collection opening at t[at] ('[' or '{'), over lines: a sequence's items and a mapping's
     * values, nested ones too; a key (what a ':' follows) is not one. Where it ends (after its closing bracket), or -1
     * if t ends first.
     */
    static int flow(CharSequence t, int at, int n, java.util.function.BiConsumer<Integer, Integer> scalar) {
        int depth = 0;
        int i = at;
        while (i < n) {
            char c = t.charAt(i);
            if (c == '[' || c == '{') {
                depth++;
                i++;
            } else if (c == ']' || c == '}') {
                i++;
                if (--depth == 0) return i;
            } else if (c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':') {
                i++;
            } else {
                int s, e, after;
                if (c == '"' || c == '\'') {
                    s = i + 1;
                    e = s;
                    while (e < n && t.charAt(e) != c) e += t.charAt(e) == '\\' && c == '"' ? 2 : 1;
                    if (e >= n) return -1;
                    after = e + 1;
                } else {
                    s = i;
                    e = i;
                    while (e < n && ",[]{}\n".indexOf(t.charAt(e)) < 0
                            && !(t.charAt(e) == ':' && (e + 1 >= n || " \t\r\n,[]{}".indexOf(t.charAt(e + 1)) >= 0))) e++;
                    after = e;
                    while (e > s && (t.charAt(e - 1) == ' ' || t.charAt(e - 1) == '\r')) e--;
                }
                int j = after;
                while (j < n && (t.charAt(j) == ' ' || t.charAt(j) == '\t')) j++;
                boolean isKey = j < n && t.charAt(j) == ':';
                boolean quoted = c == '"' || c == '\'';
                if (!isKey && e > s && (quoted || !literal(t, s, e))) scalar.accept(s, e);
                i = Math.max(after, i + 1);
            }
        }
        return -1;
    }

    private static boolean keyChar(char c) {
        return Ascii.isAlnum(c) || c == '_' || c == '-' || c == '.' || c == '/';
    }
}
