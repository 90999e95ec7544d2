package hoop.masking;

import java.util.Arrays;

/**
 * Secrets given as a name/value pair, where what says "this is a secret" is a sibling field's value rather than the
 * value's own key: ECS, Batch and CodeBuild environments ({@code {"name": "DB_PASSWORD", "value": "..."}}),
 * CloudFormation parameters and outputs ({@code ParameterKey}/{@code ParameterValue}), tags ({@code Key}/{@code Value}),
 * a Parameter Store {@code Name}/{@code Value}, in JSON, XML, YAML and the aws CLI's text and table outputs. A record
 * whose name field holds a word of the password_assignment keys ({@link AssignmentKeys#hasKeyWord}) has its value
 * fields masked whatever they look like; the name stays. Part of password_assignment.
 *
 * <p>A stream must not be cut between a pair's fields, in either order: {@link #holdFrom} says where the open
 * record that could still need its value masked begins.
 */
final class SecretPairs {
    private SecretPairs() {
    }

    /**
     * Whether t could hold a pair at all, in one cheap pass (most text ends here): a value field ("value" in its key)
     * or a row of cells (a tab, a '|'), or what may hold a secret key's value apart from its key (a '[' opening an
     * array, "data" of a manifest, a key that ends its line, a folded block scalar's ": >"), and a secret word or
     * SecureString somewhere.
     */
    static boolean mayHold(CharSequence t) {
        if (t instanceof String str) {
            // The usual text has no value key and no cells: String's searches are vectorised.
            if (str.indexOf('\t') < 0 && str.indexOf('|') < 0 && str.indexOf("alue") < 0 && str.indexOf("ALUE") < 0
                    && str.indexOf("efault") < 0 && str.indexOf("EFAULT") < 0 && str.indexOf('[') < 0 && str.indexOf("ata") < 0
                    && str.indexOf("ATA") < 0 && str.indexOf(":\n") < 0 && str.indexOf(":\r\n") < 0 && str.indexOf(": >") < 0) {
                return false;
            }
        }
        return scanFor(t, true);
    }

    /** As {@link #mayHold(CharSequence)} on bytes seen as ISO-8859-1: a result row's value, where it lies. */
    static boolean mayHold(byte[] b, int off, int len) {
        boolean structure = false, word = false;
        int end = off + len;
        for (int i = off; i < end; i++) {
            // Eight bytes at a time past those that hold none of the letters and separators looked at (digits, most
            // punctuation): OR 0x20 folds case, and leaves no other byte equal to a lower-case letter.
            while (i + 8 <= end) {
                long w = Words.at(b, i);
                long lw = w | 0x2020202020202020L;
                if ((Words.has(lw, 'l') | Words.has(lw, 'w') | Words.has(lw, 'c') | Words.has(lw, 'k') | Words.has(lw, 'x')
                        | Words.has(lw, 'd') | Words.has(w, '\t') | Words.has(w, '|') | Words.has(w, '[') | Words.has(w, '\n')
                        | Words.has(w, '>')) != 0) break;
                i += 8;
            }
            if (i >= end) break;
            int c = b[i] & 0xFF;
            int lc = c | 0x20;
            if (c == '\t' || c == '|' || c == '[') {
                structure = true;
            } else if (c == '\n' || c == '>' || lc == 'd') {
                structure |= apartAt(b, off, end, i);
            } else if (lc == 'l') {
                structure |= i - 2 >= off && i + 2 < end && (b[i - 2] | 0x20) == 'v' && (b[i - 1] | 0x20) == 'a'
                        && (b[i + 1] | 0x20) == 'u' && (b[i + 2] | 0x20) == 'e'
                        || i - 5 >= off && i + 1 < end && (b[i + 1] | 0x20) == 't' && (b[i - 5] | 0x20) == 'd' && (b[i - 4] | 0x20) == 'e'
                        && (b[i - 3] | 0x20) == 'f' && (b[i - 2] | 0x20) == 'a' && (b[i - 1] | 0x20) == 'u';
            } else if (!word && (lc == 'w' || lc == 'c' || lc == 'k' || lc == 'x')) {
                word = wordAround(b, off, end, i, (char) lc);
            }
            if (structure && word) return true;
        }
        return false;
    }

    private static boolean wordAround(byte[] b, int off, int end, int i, char lc) {
        String[] ws = AT_WORDS[lc - 'a'];
        int[] os = AT_OFFSETS[lc - 'a'];
        for (int k = 0; k < ws.length; k++) {
            String w = ws[k];
            int s = i - os[k];
            if (s < off || s + w.length() > end) continue;
            int q = 0;
            while (q < w.length() && Ascii.lower((char) (b[s + q] & 0xFF)) == w.charAt(q)) q++;
            if (q == w.length()) return true;
        }
        return false;
    }

    /**
     * At a line break, '>' or 'd': whether it ends a key's line (":\n", ":\r\n"), begins a folded block scalar
     * (": >") or a "data", in any case: where a secret key's value lies apart from it.
     */
    private static boolean apartAt(CharSequence t, int i) {
        char c = t.charAt(i);
        if (c == '\n') return i >= 1 && t.charAt(i - 1) == ':' || i >= 2 && t.charAt(i - 1) == '\r' && t.charAt(i - 2) == ':';
        if (c == '>') return i >= 2 && t.charAt(i - 1) == ' ' && t.charAt(i - 2) == ':';
        return i + 3 < t.length() && (t.charAt(i + 1) | 0x20) == 'a' && (t.charAt(i + 2) | 0x20) == 't' && (t.charAt(i + 3) | 0x20) == 'a';
    }

    /** As {@link #apartAt(CharSequence, int)} on b[off, end) at index i. */
    private static boolean apartAt(byte[] b, int off, int end, int i) {
        byte c = b[i];
        if (c == '\n') return i - 1 >= off && b[i - 1] == ':' || i - 2 >= off && b[i - 1] == '\r' && b[i - 2] == ':';
        if (c == '>') return i - 2 >= off && b[i - 1] == ' ' && b[i - 2] == ':';
        return i + 3 < end && (b[i + 1] | 0x20) == 'a' && (b[i + 2] | 0x20) == 't' && (b[i + 3] | 0x20) == 'a';
    }

    /** Whether the 'l' at i is that of "value" or "default", in any case. */
    private static boolean valueAt(CharSequence t, int i) {
        return i >= 2 && i + 2 < t.length() && (t.charAt(i - 2) | 0x20) == 'v' && (t.charAt(i - 1) | 0x20) == 'a'
                && (t.charAt(i + 1) | 0x20) == 'u' && (t.charAt(i + 2) | 0x20) == 'e'
                || i >= 5 && i + 1 < t.length() && (t.charAt(i + 1) | 0x20) == 't' && (t.charAt(i - 5) | 0x20) == 'd'
                && (t.charAt(i - 4) | 0x20) == 'e' && (t.charAt(i - 3) | 0x20) == 'f' && (t.charAt(i - 2) | 0x20) == 'a'
                && (t.charAt(i - 1) | 0x20) == 'u';
    }

    /**
     * Whether t could hold the start of a record a stream must hold: a value key or cells (a value before its name, a
     * table's title before its header), or a secret word (a name before its value).
     */
    private static boolean mayOpen(CharSequence t) {
        return scanFor(t, false);
    }

    /*
     * Every word of AssignmentKeys.hasKeyWord and "securestring" holds a 'w', 'c', 'k' or 'x' (few other words do):
     * each such letter is checked against the words it may be part of, at the offset it has in them.
     */
    private static final String[] WORDS = java.util.stream.Stream.concat(java.util.Arrays.stream(AssignmentKeys.KEY_WORDS),
            java.util.stream.Stream.of("securestring", "noecho")).toArray(String[]::new);
    /** Per letter (index c - 'a'): the words holding it and where, so a letter costs only the words it may be part of. */
    private static final String[][] AT_WORDS = new String[26][];
    private static final int[][] AT_OFFSETS = new int[26][];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            java.util.List<String> ws = new java.util.ArrayList<>();
            java.util.List<Integer> os = new java.util.ArrayList<>();
            for (String w : WORDS) {
                for (int j = w.indexOf(c); j >= 0; j = w.indexOf(c, j + 1)) {
                    ws.add(w);
                    os.add(j);
                }
            }
            AT_WORDS[c - 'a'] = ws.toArray(String[]::new);
            AT_OFFSETS[c - 'a'] = os.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /** both: a value key or cells, and a secret word; else either of them. */
    private static boolean scanFor(CharSequence t, boolean both) {
        boolean structure = false, word = false;
        int n = t.length();
        for (int i = 0; i < n; i++) {
            char c = t.charAt(i);
            int lc = c | 0x20;
            if (c == '\t' || c == '|' || c == '[') {
                structure = true;
            } else if (c == '\n' || c == '>' || lc == 'd') {
                structure |= apartAt(t, i);
            } else if (lc == 'l') {
                structure |= valueAt(t, i);
            } else if (!word && (lc == 'w' || lc == 'c' || lc == 'k' || lc == 'x')) {
                word = wordAround(t, i, (char) lc);
            }
            if (both ? structure && word : structure || word) return true;
        }
        return false;
    }

    private static boolean wordAround(CharSequence t, int i, char lc) {
        String[] ws = AT_WORDS[lc - 'a'];
        int[] os = AT_OFFSETS[lc - 'a'];
        for (int k = 0; k < ws.length; k++) {
            int s = i - os[k];
            if (s >= 0 && s + ws[k].length() <= t.length() && endsWith(t, s, s + ws[k].length(), ws[k])) return true;
        }
        return false;
    }

    /**
     * A Parameter Store type whose Value is a secret once decrypted (password_assignment's SECURE_VALUE, in JSON only,
     * where the Type comes right before the Value): as a sibling field it says so in every shape and order.
     */
    static final String SECURE_STRING = "securestring";

    /**
     * CloudFormation's mark of a parameter whose value is a secret (NoEcho: true): AWS hides what a stack was given
     * for it, but not its Default, which get-template, get-template-summary and validate-template hand back (a
     * template's Default, a summary's DefaultValue). As a sibling field it says so as SecureString does.
     */
    static final String NO_ECHO = "noecho";

    /** Whether t[ks, ke) is a NoEcho field and t[vs, ve) true. */
    static boolean noEcho(CharSequence t, int ks, int ke, int vs, int ve) {
        return ke - ks == NO_ECHO.length() && endsWith(t, ks, ke, NO_ECHO) && ve - vs == 4 && endsWith(t, vs, ve, "true");
    }

    /** Whether t[from, to) is a Type field's SecureString. */
    static boolean secureType(CharSequence t, int ks, int ke, int vs, int ve) {
        return ke - ks == 4 && endsWith(t, ks, ke, "type") && ve - vs == SECURE_STRING.length() && endsWith(t, vs, ve, SECURE_STRING);
    }

    private static boolean contains(CharSequence t, String lower) {
        int n = t.length() - lower.length();
        for (int i = 0; i <= n; i++) {
            if (Ascii.lower(t.charAt(i)) == lower.charAt(0) && endsWith(t, i, i + lower.length(), lower)) return true;
        }
        return false;
    }

    /** The value spans to mask in t, as {start, end, start, end, ...}. */
    static int[] find(CharSequence t) {
        return find(t, false);
    }

    /** failClosed: every value of every record is a secret's, whatever its key or name (see MaskEngine.failingClosed). */
    static int[] find(CharSequence t, boolean failClosed) {
        Out out = new Out(t, failClosed);
        scan(t, out);
        return out.spans();
    }

    /**
     * The earliest position in t where a record that is still open at t's end has a field a later one may pair with,
     * or -1: a stream cut must not fall after it.
     */
    static int holdFrom(CharSequence t) {
        // What may be held without a secret word yet: a value before its name, a table's title before its header.
        if (!mayOpen(t)) return -1;
        Out out = new Out(t);
        scan(t, out);
        return out.hold;
    }

    private static void scan(CharSequence t, Out out) {
        String s = t.toString();
        // Each shape only where its marks are: String's searches are vectorised, a pass is not.
        if (s.indexOf('"') >= 0) JsonPairs.scan(s, out);
        if (s.indexOf('<') >= 0) XmlPairs.scan(s, out);
        if (s.indexOf(':') >= 0) YamlPairs.scan(s, out);
        // YAML inside a JSON string (a YAML template's TemplateBody as the aws CLI prints it): read with each \n as the
        // line break it stands for, in a copy of the same length, so what it finds lies where it is in t.
        if (s.indexOf(':') >= 0 && s.contains("\\n")) YamlPairs.scan(escapedLines(s), out);
        if (s.indexOf('\t') >= 0 || s.indexOf('|') >= 0) CellPairs.scan(s, out);
    }

    /** s with each JSON escape \n as a blank and a line break (the same length), its other escapes as they are. */
    private static String escapedLines(String s) {
        char[] c = s.toCharArray();
        for (int i = 0; i + 1 < c.length; i++) {
            if (c[i] != '\\') continue;
            if (c[i + 1] == 'n') {
                c[i] = ' ';
                c[i + 1] = '\n';
            }
            i++;
        }
        return new String(c);
    }

    /** Whether t[from, to) is a field name that names its record (name, Name, Key, ParameterKey, OptionName...). */
    static boolean nameKey(CharSequence t, int from, int to) {
        return endsWith(t, from, to, "name") || endsWith(t, from, to, "key");
    }

    /** Whether t[from, to) is a field name holding the record's value (value, Value, ParameterValue, ResolvedValue...). */
    static boolean valueKey(CharSequence t, int from, int to) {
        return endsWith(t, from, to, "value");
    }

    /**
     * Whether t[from, to) is a template parameter's Default, the value it takes when a stack is given none: a secret's
     * only in a parameter marked NoEcho or named as a secret by its own key ("DbPassword": {"Default": ...}), not
     * wherever a sibling field names a secret (a "Default" connection string is masked by what it holds).
     */
    static boolean defaultKey(CharSequence t, int from, int to) {
        return to - from == 7 && endsWith(t, from, to, "default");
    }

    /**
     * Whether t[from, to) is a Kubernetes manifest's data, stringData or binaryData: under kind: Secret every value
     * there is a secret whatever its key (tls.key, DB_URL, config.json); under any other kind (a ConfigMap) none is.
     */
    static boolean dataKey(CharSequence t, int from, int to) {
        int len = to - from;
        if (len == 4) return endsWith(t, from, to, "data");
        return len == 10 && (endsWith(t, from, to, "stringdata") || endsWith(t, from, to, "binarydata"));
    }

    /** Whether t[ks, ke) is kind and t[vs, ve) Secret: a Kubernetes Secret, in a manifest, kubectl's output or a List. */
    static boolean kindSecret(CharSequence t, int ks, int ke, int vs, int ve) {
        return ke - ks == 4 && endsWith(t, ks, ke, "kind") && ve - vs == 6 && endsWith(t, vs, ve, "secret");
    }

    /** Whether t[from, to) is a name that says its value is a secret. */
    static boolean secretName(CharSequence t, int from, int to) {
        return to > from && AssignmentKeys.hasKeyWord(t, from, to);
    }

    private static boolean endsWith(CharSequence t, int from, int to, String lower) {
        int s = to - lower.length();
        if (s < from) return false;
        for (int k = 0; k < lower.length(); k++) {
            if (Ascii.lower(t.charAt(s + k)) != lower.charAt(k)) return false;
        }
        return true;
    }

    /** What the passes found: value spans to mask, and where the earliest open record that may still pair begins. */
    static final class Out {
        final CharSequence t;
        final boolean failClosed;
        private int[] spans = new int[8];
        private int n;
        int hold = -1;

        Out(CharSequence t) {
            this(t, false);
        }

        Out(CharSequence t, boolean failClosed) {
            this.t = t;
            this.failClosed = failClosed;
        }

        void add(int start, int end) {
            if (end <= start) return;
            if (n + 2 > spans.length) spans = Arrays.copyOf(spans, spans.length * 2);
            spans[n++] = start;
            spans[n++] = end;
        }

        void hold(int at) {
            if (at >= 0 && (hold < 0 || at < hold)) hold = at;
        }

        int[] spans() {
            return Arrays.copyOf(spans, n);
        }
    }

    /**
     * The fields of one record (a JSON object, an XML element, a YAML mapping, a vertical table): its value fields are
     * masked when a name field says it is a secret, or when the record is the value of a key that says so.
     */
    static final class Record {
        final int keyStart;       // where the key this record is the value of begins, or -1
        final boolean secretKey;  // that key is itself a secret word ("api_token": {"StringValue": ...})
        final boolean valueKeyed; // that key is a value key ("Value": {"StringValue": ...}): its scalars are the parent's values
        final boolean nameKeyed;  // that key is a name key (DynamoDB's "name": {"S": "DB_PASSWORD"}): its scalars name the parent
        final boolean dataKeyed;  // that key is a manifest's data or stringData: its scalars are the parent's data
        final boolean list;       // an array or sequence under a secret key: its items are masked where they are read
        boolean kubeSecret;       // kind: Secret, whose data and stringData values are all secrets whatever their keys
        private int manifestKeys; // apiVersion (1) and kind (2) seen: a second one begins the next manifest
        boolean secret;
        boolean echoless;         // marked NoEcho: its Default is a secret too
        boolean named;            // a name field was seen, secret or not
        int relevant = -1;        // the first field that a later one may pair with
        private int[] values = new int[4];
        private int nv;
        private int[] defaults = new int[2];
        private int nd;
        private int[] scalars = new int[4];
        private int ns;
        private int[] data = new int[2];
        private int nda;

        Record(int keyStart, boolean secretKey, boolean valueKeyed) {
            this(keyStart, secretKey, valueKeyed, false);
        }

        Record(int keyStart, boolean secretKey, boolean valueKeyed, boolean nameKeyed) {
            this(keyStart, secretKey, valueKeyed, nameKeyed, false, false);
        }

        private Record(int keyStart, boolean secretKey, boolean valueKeyed, boolean nameKeyed, boolean dataKeyed, boolean list) {
            this.keyStart = keyStart;
            this.secretKey = secretKey;
            this.valueKeyed = valueKeyed;
            this.nameKeyed = nameKeyed;
            this.dataKeyed = dataKeyed;
            this.list = list;
            this.secret = secretKey;
            if (keyStart >= 0 && (secretKey || valueKeyed || nameKeyed || dataKeyed)) relevant = keyStart;
        }

        /** The record under the key at t[ks, ke), which begins at keyStart. */
        static Record under(CharSequence t, int keyStart, int ks, int ke) {
            return new Record(keyStart, secretName(t, ks, ke), valueKey(t, ks, ke), nameKey(t, ks, ke), dataKey(t, ks, ke), false);
        }

        /** The mapping under a YAML key at t[ks, ke): a secret's, a manifest's data, or neither. */
        static Record yamlUnder(CharSequence t, int ks, int ke) {
            return new Record(ks, secretName(t, ks, ke), false, false, dataKey(t, ks, ke), false);
        }

        /** An array under a secret key that begins at keyStart: what it holds is masked as it is read. */
        static Record list(int keyStart) {
            return new Record(keyStart, true, false, false, false, true);
        }

        /** A scalar of this record that is no field of its own (a block scalar's line, a flow mapping's value). */
        void scalar(int vs, int ve) {
            scalars = put(scalars, ns, vs, ve);
            ns += 2;
        }

        /** A value of this record's data or stringData: a secret when the record is a Secret, in either order. */
        void data(int ks, int vs, int ve) {
            data = put(data, nda, vs, ve);
            nda += 2;
            relevant(ks);
        }

        void field(CharSequence t, int ks, int ke, int vs, int ve) {
            scalars = put(scalars, ns, vs, ve);
            ns += 2;
            if (nameKey(t, ks, ke)) {
                named = true;
                if (secretName(t, vs, ve)) {
                    secret = true;
                    relevant(ks);
                }
            }
            if (secureType(t, ks, ke, vs, ve)) {
                secret = true;
                relevant(ks);
            }
            if (noEcho(t, ks, ke, vs, ve)) {
                secret = true;
                echoless = true;
                relevant(ks);
            }
            if (defaultKey(t, ks, ke)) {
                defaults = put(defaults, nd, vs, ve);
                nd += 2;
                relevant(ks);
            }
            if (valueKey(t, ks, ke)) {
                value(ks, vs, ve);
            }
            if (kindSecret(t, ks, ke, vs, ve)) {
                kubeSecret = true;
                relevant(ks);
            }
            manifestKeys |= manifestKey(t, ks, ke);
        }

        /**
         * Whether the key t[ks, ke) is an apiVersion or kind this record already has: manifests put one after the other
         * without a "---" (cat a.yaml b.yaml) read as one mapping, so the key begins the next one.
         */
        boolean repeats(CharSequence t, int ks, int ke) {
            return (manifestKeys & manifestKey(t, ks, ke)) != 0;
        }

        private static int manifestKey(CharSequence t, int ks, int ke) {
            if (ke - ks == 4 && endsWith(t, ks, ke, "kind")) return 2;
            return ke - ks == 10 && endsWith(t, ks, ke, "apiversion") ? 1 : 0;
        }

        void value(int ks, int vs, int ve) {
            values = put(values, nv, vs, ve);
            nv += 2;
            relevant(ks);
        }

        private void relevant(int at) {
            if (relevant < 0) relevant = at;
        }

        /** The record ended: its values go out if it is a secret's; a value-keyed one hands its scalars to its parent. */
        void close(Out out, Record parent) {
            if (out.failClosed && parent == null) {
                // Its scalars include every descendant's (handed up as each closed): all of them, once, at the top.
                for (int i = 0; i < ns; i += 2) out.add(scalars[i], scalars[i + 1]);
            }
            if (secret) {
                for (int i = 0; i < nv; i += 2) out.add(values[i], values[i + 1]);
            }
            if (echoless || secretKey) {
                for (int i = 0; i < nd; i += 2) out.add(defaults[i], defaults[i + 1]);
            }
            if (kubeSecret) {
                for (int i = 0; i < nda; i += 2) out.add(data[i], data[i + 1]);
            }
            if (parent != null && dataKeyed) {
                for (int i = 0; i < ns; i += 2) parent.data(keyStart, scalars[i], scalars[i + 1]);
            }
            if (parent != null && valueKeyed) {
                for (int i = 0; i < ns; i += 2) parent.value(keyStart, scalars[i], scalars[i + 1]);
            }
            if (parent != null && nameKeyed) {
                parent.named = true;
                for (int i = 0; i < ns; i += 2) {
                    if (secretName(out.t, scalars[i], scalars[i + 1])) {
                        parent.secret = true;
                        parent.relevant(keyStart);
                    }
                }
            }
            if (parent != null) {
                for (int i = 0; i < ns; i += 2) {
                    parent.scalars = put(parent.scalars, parent.ns, scalars[i], scalars[i + 1]);
                    parent.ns += 2;
                }
            }
        }

        /**
         * The text ends with this record open: it may still pair with what comes next (a secret name before its
         * value, or a value before any name), so a stream holds it from its first such field.
         */
        boolean pending() {
            return relevant >= 0 && (secret || valueKeyed || nameKeyed || (nv > 0 && !named) || nd > 0 || dataKeyed || kubeSecret
                    || nda > 0);
        }

        /** Held from where: its key when it is a secret's or a value's own record, else its first relevant field. */
        int holdAt() {
            return (secretKey || valueKeyed || dataKeyed) && keyStart >= 0 ? keyStart : relevant;
        }

        boolean hasValues() {
            return nv > 0;
        }

        private static int[] put(int[] a, int n, int s, int e) {
            if (n + 2 > a.length) a = Arrays.copyOf(a, a.length * 2);
            a[n] = s;
            a[n + 1] = e;
            return a;
        }
    }
}
