package hoop.masking;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link SecretPairs} in XML answers (the query protocol, S3, EC2): an element whose children are leaves is a record,
 * {@code <member><ParameterKey>DbPassword</ParameterKey><ParameterValue>...</ParameterValue></member>},
 * {@code <Tag><Key>password</Key><Value>...</Value></Tag>}, EC2's {@code <item><key>..</key><value>..</value></item>}.
 * The text may begin inside an element (a stream goes on after a cut): an end tag with none open ends such a record.
 */
final class XmlPairs {
    private XmlPairs() {
    }

    private static final String CDATA = "<![CDATA[";

    static void scan(CharSequence t, SecretPairs.Out out) {
        int n = t.length();
        List<SecretPairs.Record> stack = new ArrayList<>();
        List<String> names = new ArrayList<>();
        SecretPairs.Record root = new SecretPairs.Record(-1, false, false);
        Next gts = new Next(">"), cdataEnds = new Next("]]>");
        int i = indexOf(t, '<', 0, n);
        while (i >= 0 && i + 1 < n) {
            char c = t.charAt(i + 1);
            if (c == '?' || c == '!') {
                int e = c == '!' && startsWith(t, i, CDATA) ? cdataEnds.from(t, i, n) : gts.from(t, i, n);
                i = e < 0 ? -1 : indexOf(t, '<', e, n);
                continue;
            }
            boolean end = c == '/';
            int ns = end ? i + 2 : i + 1;
            int ne = ns;
            while (ne < n && nameChar(t.charAt(ne))) ne++;
            int gt = gts.from(t, ne, n);
            if (ne == ns || gt < 0) {
                i = indexOf(t, '<', i + 1, n);
                continue;
            }
            int ls = localStart(t, ns, ne);
            if (end) {
                String name = t.subSequence(ns, ne).toString();
                int at = names.lastIndexOf(name);
                if (at < 0) {
                    root.close(out, null);
                    root = new SecretPairs.Record(-1, false, false);
                } else {
                    while (stack.size() > at) {
                        SecretPairs.Record r = stack.remove(stack.size() - 1);
                        names.remove(names.size() - 1);
                        r.close(out, stack.isEmpty() ? root : stack.get(stack.size() - 1));
                    }
                }
                i = indexOf(t, '<', gt, n);
                continue;
            }
            if (t.charAt(gt - 1) == '/') {
                i = indexOf(t, '<', gt, n);
                continue;
            }
            int vs = gt + 1;
            int lt = indexOf(t, '<', vs, n);
            if (lt >= 0 && startsWith(t, lt, CDATA)) {
                int ce = cdataEnds.from(t, lt, n);
                lt = ce < 0 ? -1 : indexOf(t, '<', ce, n);
            }
            if (lt >= 0 && closes(t, lt, ns, ne)) {
                SecretPairs.Record top = stack.isEmpty() ? root : stack.get(stack.size() - 1);
                top.field(t, ls, ne, vs, lt);
                i = indexOf(t, '<', lt + 1, n);
                continue;
            }
            stack.add(SecretPairs.Record.under(t, i, ls, ne));
            names.add(t.subSequence(ns, ne).toString());
            i = lt;
        }
        for (int k = -1; k < stack.size(); k++) {
            SecretPairs.Record r = k < 0 ? root : stack.get(k);
            if (r.pending()) out.hold(r.holdAt());
            r.close(out, null);
        }
    }

    /** Whether {@code </name>} (the name at t[ns, ne)) starts at lt. */
    private static boolean closes(CharSequence t, int lt, int ns, int ne) {
        int len = ne - ns;
        if (lt + 3 + len > t.length() || t.charAt(lt + 1) != '/') return false;
        for (int k = 0; k < len; k++) {
            if (t.charAt(lt + 2 + k) != t.charAt(ns + k)) return false;
        }
        int after = lt + 2 + len;
        return t.charAt(after) == '>' || t.charAt(after) == ' ';
    }

    /** After a namespace prefix. */
    private static int localStart(CharSequence t, int ns, int ne) {
        for (int k = ne - 1; k >= ns; k--) {
            if (t.charAt(k) == ':') return k + 1;
        }
        return ns;
    }

    private static boolean nameChar(char c) {
        return Ascii.isAlnum(c) || c == '_' || c == '-' || c == '.' || c == ':';
    }

    private static int indexOf(CharSequence t, char c, int from, int n) {
        for (int i = from; i < n; i++) {
            if (t.charAt(i) == c) return i;
        }
        return -1;
    }

    /**
     * The next occurrence of a string, remembering the last answer: a search from within the stretch it covered is
     * answered at once. Each '<' looks for its '>': text with many of the one and none of the other cost a scan to
     * its end per '<' (200 KB of "<a" held a gateway thread for ten seconds).
     */
    private static final class Next {
        private final String s;
        private int searchedFrom = Integer.MAX_VALUE;
        private int found;

        Next(String s) {
            this.s = s;
        }

        int from(CharSequence t, int from, int n) {
            if (from < searchedFrom || (found >= 0 && from > found)) {
                searchedFrom = from;
                found = indexOf(t, s, from, n);
            }
            return found;
        }
    }

    private static int indexOf(CharSequence t, String s, int from, int n) {
        for (int i = from; i + s.length() <= n; i++) {
            if (startsWith(t, i, s)) return i;
        }
        return -1;
    }

    private static boolean startsWith(CharSequence t, int i, String s) {
        if (i + s.length() > t.length()) return false;
        for (int k = 0; k < s.length(); k++) {
            if (t.charAt(i + k) != s.charAt(k)) return false;
        }
        return true;
    }
}
