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

    /** Whether t could hold a pair at all: a secret word somewhere (the clean text's cheap way out). */
    static boolean mayHold(CharSequence t) {
        return AssignmentKeys.hasKeyWord(t, 0, t.length()) || contains(t, SECURE_STRING);
    }

    static boolean mayHold(byte[] b, int off, int len) {
        return mayHold(new Latin1(b, off, len));
    }

    /**
     * A Parameter Store type whose Value is a secret once decrypted (password_assignment's SECURE_VALUE, in JSON only,
     * where the Type comes right before the Value): as a sibling field it says so in every shape and order.
     */
    static final String SECURE_STRING = "securestring";

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
        Out out = new Out(t);
        scan(t, out);
        return out.spans();
    }

    /**
     * The earliest position in t where a record that is still open at t's end has a field a later one may pair with,
     * or -1: a stream cut must not fall after it.
     */
    static int holdFrom(CharSequence t) {
        // What may be held without a secret word yet: a value before its name, a table's title before its header.
        if (!mayHold(t) && !hasValueWord(t) && t.toString().indexOf('|') < 0) return -1;
        Out out = new Out(t);
        scan(t, out);
        return out.hold;
    }

    private static void scan(CharSequence t, Out out) {
        JsonPairs.scan(t, out);
        XmlPairs.scan(t, out);
        YamlPairs.scan(t, out);
        CellPairs.scan(t, out);
    }

    /** Whether t[from, to) is a field name that names its record (name, Name, Key, ParameterKey, OptionName...). */
    static boolean nameKey(CharSequence t, int from, int to) {
        return endsWith(t, from, to, "name") || endsWith(t, from, to, "key");
    }

    /** Whether t[from, to) is a field name holding the record's value (value, Value, ParameterValue, ResolvedValue...). */
    static boolean valueKey(CharSequence t, int from, int to) {
        return endsWith(t, from, to, "value");
    }

    /** Whether t[from, to) is a name that says its value is a secret. */
    static boolean secretName(CharSequence t, int from, int to) {
        return to > from && AssignmentKeys.hasKeyWord(t, from, to);
    }

    private static boolean hasValueWord(CharSequence t) {
        for (int i = 1; i + 4 <= t.length(); i++) {
            if ((t.charAt(i) | 0x20) == 'a' && (t.charAt(i - 1) | 0x20) == 'v' && (t.charAt(i + 1) | 0x20) == 'l'
                    && (t.charAt(i + 2) | 0x20) == 'u' && (t.charAt(i + 3) | 0x20) == 'e') return true;
        }
        return false;
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
        private int[] spans = new int[8];
        private int n;
        int hold = -1;

        Out(CharSequence t) {
            this.t = t;
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
        boolean secret;
        boolean named;            // a name field was seen, secret or not
        int relevant = -1;        // the first field that a later one may pair with
        private int[] values = new int[4];
        private int nv;
        private int[] scalars = new int[4];
        private int ns;

        Record(int keyStart, boolean secretKey, boolean valueKeyed) {
            this(keyStart, secretKey, valueKeyed, false);
        }

        Record(int keyStart, boolean secretKey, boolean valueKeyed, boolean nameKeyed) {
            this.keyStart = keyStart;
            this.secretKey = secretKey;
            this.valueKeyed = valueKeyed;
            this.nameKeyed = nameKeyed;
            this.secret = secretKey;
            if (keyStart >= 0 && (secretKey || valueKeyed || nameKeyed)) relevant = keyStart;
        }

        /** The record under the key at t[ks, ke), which begins at keyStart. */
        static Record under(CharSequence t, int keyStart, int ks, int ke) {
            return new Record(keyStart, secretName(t, ks, ke), valueKey(t, ks, ke), nameKey(t, ks, ke));
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
            if (valueKey(t, ks, ke)) {
                value(ks, vs, ve);
            }
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
            if (secret) {
                for (int i = 0; i < nv; i += 2) out.add(values[i], values[i + 1]);
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
            return relevant >= 0 && (secret || valueKeyed || nameKeyed || (nv > 0 && !named));
        }

        /** Held from where: its key when it is a secret's or a value's own record, else its first relevant field. */
        int holdAt() {
            return (secretKey || valueKeyed) && keyStart >= 0 ? keyStart : relevant;
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
