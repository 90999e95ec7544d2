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
            boolean dashed = k > j;
            int ke = k;
            while (ke < end && keyChar(t.charAt(ke))) ke++;
            boolean key = ke > k && ke < end && t.charAt(ke) == ':' && (ke + 1 == end || t.charAt(ke + 1) == ' ');
            int column = key ? k - ls : j - ls;
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
                stack.add(new Open(column, under ? new SecretPairs.Record(underKs, SecretPairs.secretName(t, underKs, underKe), false)
                        : new SecretPairs.Record(-1, false, false)));
            }
            underKs = -1;
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
            }
            ls = next;
        }
        // The text ends the document: its records end with it, but one may still pair with what a stream sends next.
        for (Open o : stack) {
            if (o.fields().pending()) out.hold(o.fields().holdAt());
        }
        // A secret's key whose mapping has not begun: the mapping, when it comes, must see the key.
        if (underKs >= 0 && SecretPairs.secretName(t, underKs, underKe)) out.hold(underKs);
        while (!stack.isEmpty()) close(stack, out);
    }

    private static void close(List<Open> stack, SecretPairs.Out out) {
        Open o = stack.remove(stack.size() - 1);
        o.fields().close(out, null);
    }

    private static boolean keyChar(char c) {
        return Ascii.isAlnum(c) || c == '_' || c == '-' || c == '.' || c == '/';
    }
}
