package hoop.masking;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The reversible forms a known secret can be printed in, found by any long enough run of them: a script that has
 * the value can print it base64- or base32-encoded (at any of the byte alignments it takes inside a longer
 * stream), as hex (plain, {@code \x}- or {@code 0x}-prefixed, or as od's little-endian 16-bit words in hex or
 * octal, or od -b's octal bytes), reversed, in another case, or in pieces. Percent-encoding needs no form here:
 * {@link DecodedView} decodes it and the forms are looked for in that view too.
 *
 * <p>Matching ignores ASCII case (which covers upper-cased values and upper-case hex alike) and the separators
 * dumps put between bytes or groups ({@link #SEPARATOR}: xxd's groups, od -t x1, hexdump -C, "73:65",
 * {@code sed 's/./& /g'}); a line break ends a run. A run of a form counts when it holds six to eight bytes of the
 * value ({@link #PIECE} characters of the value itself, ten of base64 or base32, six bytes' worth of hex or octal),
 * and on its line so does any piece of the value of {@link #BESIDE} characters (a dump's text column): a value split
 * in halves, a base64 or hex dump wrapped over lines, each line of a hex dump is masked; a shorter piece at the
 * start or end of a wrapped line is not. Compressed output (gzip | base64) has no form that could be matched.
 *
 * <p>Every form's six-character grams are indexed once per secret set; a text is read once, and only every
 * {@code step}th gram is looked up, which still finds any run at least {@code minRun} long.
 */
final class SecretForms {
    /** Six characters: a run of ten is then found looking up every fifth gram, and six of a form are rarely ordinary text. */
    static final int GRAM = 6;
    private static final long GRAM_BITS = (1L << 8 * GRAM) - 1;
    /** Values shorter than this are matched only whole and exactly (LiteralSecrets): their forms are too short to tell. */
    static final int MIN_VALUE = 8;
    /**
     * A piece of a value of at least 12 characters is masked from half the value's length, but never needs more than
     * this: ten characters of a random value never occur in ordinary text by chance.
     */
    static final int PIECE = 10;
    /** Characters dumps and spreading put between bytes or characters; removed from forms and text alike. */
    private static final String SEPARATOR = " \t:,";
    /** ASCII lower-cased, -1 for a separator. */
    private static final int[] FOLD = new int[256];

    static {
        for (int c = 0; c < 256; c++) {
            FOLD[c] = c >= 'A' && c <= 'Z' ? c | 0x20 : SEPARATOR.indexOf(c) >= 0 ? -1 : c;
        }
    }

    private final byte[][] forms;
    private final int[] minRun;
    /**
     * For a form that keeps some of the value's characters (a rotation keeps digits and symbols, one of one case the
     * other case too): how many it changed before each offset, else null. A run must hold CHANGED of them (or all the
     * form has): with "...0123456789abcdefABCD" the text "0123456789abcdef" + "l" is no rotation of ABCD, and the
     * unchanged part alone is the plain form's to mask. Three letters that also follow the plain text's run by chance
     * are one in 26^3; any run of a form also holds minRun characters of it.
     */
    private final int[][] changed;
    static final int CHANGED = 3;
    /** Whether a base64/base32 form has a character before / after it that mixes the value's bits with others. */
    private final boolean[] partialStart;
    private final boolean[] partialEnd;
    /**
     * Each form with its case: a run must be in it, or (unless exactCase: base64, whose case is its content) all in
     * upper or all in lower case, as ${T^^} and tr print it; "PostgreSQL" is no form of a password "postgres".
     */
    private final byte[][] originals;
    /** Forms a dump prints (hex, octal): only beside them is a shorter piece of the value masked. */
    private final boolean[] dump;
    /** The value itself or reversed: a piece of it with no digit or symbol may be words, and must be WORDY_PIECE long. */
    private final boolean[] plainForm;
    /**
     * A secret made of words ("Typed-Secret-String-1") shares pieces with ordinary text ("--secret-string"): a piece of
     * only letters and word punctuation counts from this length (a random value's half is that rarely).
     */
    static final int WORDY_PIECE = 20;
    private final boolean[] exactCase;
    /** Each value itself (UTF-8): on a line where a form of it was found, a shorter piece of it as it is is masked too. */
    private final byte[][] values;
    /** A dump's text column shows the bytes its hex column does: four of them are enough beside a masked form. */
    static final int BESIDE = 4;
    private static final int BESIDE_LINE = 512;
    private final long[] filter;   // bit per gram hash: a text gram whose bit is clear is in no form
    private final int filterShift;
    private final long[] keys;     // open addressing: gram -> a chain of its (form << 16 | offset) places
    private final int[] head;      // 1 + the first place of keys[i] in place/next, 0 for an empty slot
    private final int[] place;
    private final int[] next;
    private int places;
    private final int tableMask;
    private final int step;

    private SecretForms(Forms all, List<byte[]> values) {
        List<byte[]> forms = all.forms();
        List<Integer> minRun = all.minRun();
        List<boolean[]> partial = all.partial();
        this.values = values.toArray(byte[][]::new);
        this.forms = forms.toArray(byte[][]::new);
        this.originals = all.originals().toArray(byte[][]::new);
        this.exactCase = new boolean[this.forms.length];
        this.dump = new boolean[this.forms.length];
        this.plainForm = new boolean[this.forms.length];
        this.minRun = minRun.stream().mapToInt(Integer::intValue).toArray();
        this.changed = all.changed().toArray(int[][]::new);
        this.partialStart = new boolean[this.forms.length];
        this.partialEnd = new boolean[this.forms.length];
        int grams = 0;
        int shortest = Integer.MAX_VALUE;
        for (int f = 0; f < this.forms.length; f++) {
            partialStart[f] = partial.get(f)[0];
            partialEnd[f] = partial.get(f)[1];
            exactCase[f] = partial.get(f)[2];
            plainForm[f] = partial.get(f)[3];
            dump[f] = new String(this.forms[f], StandardCharsets.ISO_8859_1).matches("[0-9a-fx\\\\]+");
            grams += this.forms[f].length - GRAM + 1;
            shortest = Math.min(shortest, this.minRun[f]);
        }
        this.step = Math.max(1, shortest - GRAM + 1);
        int bits = Integer.highestOneBit(Math.max(1 << 12, Math.min(1 << 20, grams * 16)) - 1) << 1;
        this.filter = new long[bits / 64];
        this.filterShift = 64 - Integer.numberOfTrailingZeros(bits);
        int size = Integer.highestOneBit(Math.max(16, grams * 3 / 2) - 1) << 1;
        this.keys = new long[size];
        this.head = new int[size];
        this.place = new int[grams];
        this.next = new int[grams];
        this.tableMask = size - 1;
        for (int f = 0; f < this.forms.length; f++) {
            byte[] form = this.forms[f];
            for (int o = 0; o + GRAM <= form.length; o++) {
                long g = 0;
                for (int k = 0; k < GRAM; k++) {
                    g = g << 8 | (form[o + k] & 0xFF);
                }
                add(g, f << 16 | o);
            }
        }
    }

    /** The forms of the values at least MIN_VALUE long, or null when there are none. */
    static SecretForms of(String[] values) {
        Forms out = new Forms(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<byte[]> plain = new ArrayList<>();
        for (String v : values) {
            byte[] s = v.getBytes(StandardCharsets.UTF_8);
            if (s.length < MIN_VALUE || s.length > 0xFFFF / 4) {
                continue;  // offsets are kept in 16 bits; a longer value is matched whole only
            }
            int piece = s.length < 12 ? s.length : Math.max(MIN_VALUE, Math.min(PIECE, s.length / 2));
            out.add(new String(s, StandardCharsets.ISO_8859_1), piece, false, false, false, true);
            plain.add(s);
            if (v.chars().allMatch(c -> c < 128)) {
                out.add(new StringBuilder(v).reverse().toString(), piece, false, false, false, true);
            }
            // Six bytes of the value in hex or octal: a dump line's last few bytes are still masked (and its text column).
            StringBuilder hex = new StringBuilder(), bx = new StringBuilder(), ox = new StringBuilder(), octal = new StringBuilder();
            for (byte b : s) {
                String h = digits(b & 0xFF, 16, 2);
                hex.append(h);
                bx.append("\\x").append(h);
                ox.append("0x").append(h);
                octal.append(digits(b & 0xFF, 8, 3));
            }
            out.add(hex.toString(), 12, false, false);
            out.add(bx.toString(), 24, false, false);
            out.add(ox.toString(), 24, false, false);
            out.add(octal.toString(), 18, false, false);
            for (int a = 0; a < 2; a++) {  // od -x and od's default: 16-bit words, little-endian, from an even offset
                StringBuilder wordsHex = new StringBuilder(), wordsOctal = new StringBuilder();
                for (int i = a; i + 1 < s.length; i += 2) {
                    int w = (s[i] & 0xFF) | (s[i + 1] & 0xFF) << 8;
                    wordsHex.append(digits(w, 16, 4));
                    wordsOctal.append(digits(w, 8, 6));
                }
                out.add(wordsHex.toString(), 12, false, false);
                out.add(wordsOctal.toString(), 18, false, false);
            }
            for (int a = 0; a < 3; a++) {
                out.encoded(s, a, 6, 10);
            }
            for (int a = 0; a < 5; a++) {
                out.encoded(s, a, 5, 10);
            }
            moreForms(out, v, s, piece);
        }
        return out.forms().isEmpty() ? null : new SecretForms(out, plain);
    }

    /**
     * Forms any text tool prints as easily as those above, each undone by whoever reads it: the letters rotated (tr's
     * rot13 and every other shift, rot47 of printable ASCII; also reversed), each character doubled (sed 's/./&&/g'),
     * od's 32-bit words (-t x4, o4) and its decimal words (-t u2, d2, u4, d4; od -d), at every alignment, and the value
     * as UTF-16 (iconv) in hex or base64.
     */
    private static void moreForms(Forms out, String v, byte[] s, int piece) {
        if (v.chars().allMatch(c -> c < 128)) {
            for (int k = 1; k < 26; k++) {
                String r = rotated(v, k, k);
                out.kept(r, v, piece);
                out.kept(new StringBuilder(r).reverse().toString(), new StringBuilder(v).reverse().toString(), piece);
                out.kept(rotated(v, k, 0), v, piece);  // tr a-z b-za: the lower case alone
                out.kept(rotated(v, 0, k), v, piece);
            }
            String r47 = rot47(v);
            out.kept(r47, v, piece);
            out.kept(new StringBuilder(r47).reverse().toString(), new StringBuilder(v).reverse().toString(), piece);
            out.add(v.replaceAll("(.)", "$1$1"), 2 * piece, false, false, false, true);
            // tr -d 0-9, sed 's/[a-z]//g': the value with its digits or one case deleted shows the rest in order, and
            // the deleted ones are few enough to guess (seven digits are 10^7 tries). A run must cross CHANGED places
            // where characters were deleted: a stretch of the value with none deleted is the plain form's business.
            for (java.util.function.IntPredicate deleted : new java.util.function.IntPredicate[] {c -> Ascii.isDigit((char) c),
                    c -> c >= 'a' && c <= 'z', c -> c >= 'A' && c <= 'Z'}) {
                out.deleted(v, deleted, piece);
            }
            // tr -d '/+=-', tr -dc a-zA-Z0-9, sed 's/[^[:alnum:]]//g': a value's symbols are few and of a small set, so
            // the value with any of its symbol characters deleted (each set of them, or every symbol with one more class)
            // is the value; replaced by blanks (tr '/+' '  ') it is the same text to a form, blanks being separators.
            String symbols = v.chars().filter(c -> !Ascii.isAlnum((char) c) && SEPARATOR.indexOf(c) < 0).distinct()
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            int d = symbols.length();
            for (int set = 1; d > 0 && set < 1 << Math.min(d, 4); set++) {
                int chosen = set;
                out.deleted(v, c -> { int at = symbols.indexOf(c); return at >= 0 && at < 4 && (chosen & 1 << at) != 0; }, piece);
            }
            if (d > 4) {
                for (int k = 0; k < d; k++) {
                    char one = symbols.charAt(k);
                    out.deleted(v, c -> c == one, piece);
                }
            }
            if (d > 0) {
                java.util.function.IntPredicate symbol = c -> symbols.indexOf(c) >= 0;
                out.deleted(v, symbol, piece);
                out.deleted(v, symbol.or(c -> Ascii.isDigit((char) c)), piece);
                out.deleted(v, symbol.or(c -> c >= 'a' && c <= 'z'), piece);
                out.deleted(v, symbol.or(c -> c >= 'A' && c <= 'Z'), piece);
            }
        }
        for (int width : new int[] {2, 4}) {
            for (int a = 0; a < width; a++) {
                StringBuilder hex = new StringBuilder(), octal = new StringBuilder(), unsigned = new StringBuilder(),
                        signed = new StringBuilder();
                for (int i = a; i + width <= s.length; i += width) {
                    long w = 0;
                    for (int k = width - 1; k >= 0; k--) {
                        w = w << 8 | (s[i + k] & 0xFF);
                    }
                    long sw = w >= 1L << (8 * width - 1) ? w - (1L << 8 * width) : w;
                    hex.append(digits(w, 16, 2 * width));
                    octal.append(digits(w, 8, width == 2 ? 6 : 11));
                    unsigned.append(w);
                    signed.append(sw);
                }
                if (width == 4) {
                    out.add(hex.toString(), 12, false, false);
                    out.add(octal.toString(), 18, false, false);
                }
                out.add(unsigned.toString(), 15, false, false);
                out.add(signed.toString(), 15, false, false);
            }
        }
        for (java.nio.charset.Charset wide : new java.nio.charset.Charset[] {StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE}) {
            byte[] w = v.getBytes(wide);
            out.add(java.util.HexFormat.of().formatHex(w), 24, false, false);
            for (int a = 0; a < 3; a++) {
                out.encoded(w, a, 6, 14);
            }
        }
    }

    /** Lower-case letters shifted by lower places in the alphabet, upper-case by upper (tr with its sets rotated). */
    private static String rotated(String v, int lower, int upper) {
        StringBuilder b = new StringBuilder(v.length());
        for (char c : v.toCharArray()) {
            b.append(c >= 'a' && c <= 'z' ? (char) ('a' + (c - 'a' + lower) % 26)
                    : c >= 'A' && c <= 'Z' ? (char) ('A' + (c - 'A' + upper) % 26) : c);
        }
        return b.toString();
    }

    /** Printable ASCII rotated by 47 (tr '!-~' 'P-~!-O'). */
    private static String rot47(String v) {
        StringBuilder b = new StringBuilder(v.length());
        for (char c : v.toCharArray()) {
            b.append(c >= '!' && c <= '~' ? (char) ('!' + (c - '!' + 47) % 94) : c);
        }
        return b.toString();
    }

    /** Collects forms, folded and without separators. */
    private record Forms(List<byte[]> forms, List<Integer> minRun, List<boolean[]> partial, List<byte[]> originals,
            List<int[]> changed) {
        void add(String form, int run, boolean partialStart, boolean partialEnd) {
            add(form, run, partialStart, partialEnd, false, false);
        }

        void add(String form, int run, boolean partialStart, boolean partialEnd, boolean exactCase, boolean plain) {
            add(form, run, partialStart, partialEnd, exactCase, plain, null);
        }

        /**
         * A form that keeps some of the characters of {@code base} (the value or the value reversed, aligned with it):
         * a rotation changes letters only, so "0123456789abcdef" of a value is in its upper-case rotations too, and a
         * run of one must hold enough characters the rotation changed (see {@link #CHANGED}); the rest is the plain
         * form's business.
         */
        void kept(String form, String base, int run) {
            add(form, run, false, false, false, true, base);
        }

        /** The value with the characters of a class deleted (see moreForms), its junctions counted as changes. */
        void deleted(String v, java.util.function.IntPredicate gone, int piece) {
            StringBuilder rest = new StringBuilder();
            List<Boolean> junction = new ArrayList<>();
            boolean gap = false;
            for (char c : v.toCharArray()) {
                if (gone.test(c)) {
                    gap = !rest.isEmpty();
                    continue;
                }
                if (SEPARATOR.indexOf(c) < 0) {
                    junction.add(gap);
                }
                rest.append(c);
                gap = false;
            }
            if (rest.length() == v.length() || rest.length() < MIN_VALUE) {
                return;
            }
            int before = forms.size();
            add(rest.toString(), Math.min(piece, rest.length()), false, false, false, true, null);
            if (forms.size() > before && junction.size() == forms.get(before).length) {
                int[] counts = new int[junction.size() + 1];
                for (int i = 0; i < junction.size(); i++) {
                    counts[i + 1] = counts[i] + (junction.get(i) ? 1 : 0);
                }
                changed.set(before, counts);
            }
        }

        private void add(String form, int run, boolean partialStart, boolean partialEnd, boolean exactCase, boolean plain,
                String base) {
            byte[] folded = fold(form);
            if (folded.length < MIN_VALUE) {
                return;
            }
            for (byte[] f : forms) {
                if (java.util.Arrays.equals(f, folded)) {
                    return;
                }
            }
            forms.add(folded);
            minRun.add(Math.max(MIN_VALUE, Math.min(run, folded.length)));
            partial.add(new boolean[] {partialStart, partialEnd, exactCase, plain});
            originals.add(strip(form));
            int[] counts = null;
            byte[] b = base == null ? null : fold(base);
            if (b != null && b.length == folded.length) {
                counts = new int[folded.length + 1];
                for (int i = 0; i < folded.length; i++) {
                    counts[i + 1] = counts[i] + (folded[i] != b[i] ? 1 : 0);
                }
            }
            changed.add(counts);
        }

        /**
         * The characters of s's base64 (bits 6) or base32 (bits 5) encoding that depend on s alone, when s begins
         * {@code align} bytes into the encoded stream; both base64 alphabets.
         */
        void encoded(byte[] s, int align, int bits, int run) {
            byte[] padded = new byte[align + s.length];
            System.arraycopy(s, 0, padded, align, s.length);
            String all = bits == 6 ? Base64.getEncoder().withoutPadding().encodeToString(padded) : base32(padded);
            int from = (8 * align + bits - 1) / bits;
            int to = 8 * (align + s.length) / bits;
            if (to - from < MIN_VALUE) {
                return;
            }
            String core = all.substring(from, to);
            boolean start = 8 * align % bits != 0;
            boolean end = 8 * (align + s.length) % bits != 0;
            add(core, run, start, end, bits == 6, false);
            if (bits == 6) {
                add(core.replace('+', '-').replace('/', '_'), run, start, end, true, false);
            } else {
                // base32hex (basenc --base32hex): the same five bits from the alphabet 0-9A-V
                StringBuilder extended = new StringBuilder(core.length());
                for (char c : core.toCharArray()) {
                    int i = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".indexOf(c);
                    extended.append("0123456789ABCDEFGHIJKLMNOPQRSTUV".charAt(i));
                }
                add(extended.toString(), run, start, end, false, false);
            }
        }
    }

    private static String digits(long v, int radix, int width) {
        String d = Long.toString(v, radix);
        return "0".repeat(width - d.length()) + d;
    }

    private static String base32(byte[] b) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int held = 0;
        for (byte x : b) {
            buffer = buffer << 8 | (x & 0xFF);
            held += 8;
            while (held >= 5) {
                out.append(alphabet.charAt(buffer >>> (held - 5) & 31));
                held -= 5;
            }
        }
        if (held > 0) {
            out.append(alphabet.charAt(buffer << (5 - held) & 31));
        }
        return out.toString();
    }

    /** form without separators, its case kept. */
    private static byte[] strip(String form) {
        byte[] out = new byte[form.length()];
        int n = 0;
        for (int i = 0; i < form.length(); i++) {
            char c = form.charAt(i);
            if (FOLD[c & 0xFF] >= 0) {
                out[n++] = (byte) c;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static byte[] fold(String form) {
        byte[] out = new byte[form.length()];
        int n = 0;
        for (int i = 0; i < form.length(); i++) {
            int c = FOLD[form.charAt(i) & 0xFF];
            if (c >= 0) {
                out[n++] = (byte) c;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private void add(long gram, int at) {
        long bit = hash(gram) >>> filterShift;
        filter[(int) (bit >>> 6)] |= 1L << bit;
        int i = (int) (hash(gram) >>> 40) & tableMask;
        while (head[i] != 0 && keys[i] != gram) {
            i = (i + 1) & tableMask;
        }
        keys[i] = gram;
        place[places] = at;
        next[places] = head[i];
        head[i] = ++places;
    }

    /** 1 + the first place of gram in place/next, or 0 when it is in no form. */
    private int placesOf(long gram) {
        long h = hash(gram);
        long bit = h >>> filterShift;
        if ((filter[(int) (bit >>> 6)] & 1L << bit) == 0) {
            return 0;
        }
        for (int i = (int) (h >>> 40) & tableMask; head[i] != 0; i = (i + 1) & tableMask) {
            if (keys[i] == gram) {
                return head[i];
            }
        }
        return 0;
    }

    private static long hash(long gram) {
        long h = gram * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    private static int fold(CharSequence t, int i) {
        char c = t.charAt(i);
        return c < 256 ? FOLD[c] : 0xFF;
    }

    /**
     * Adds the [start, end) pairs of every run of a form in t[from, to) long enough to mask, a run that reaches a
     * base64/base32 form's end widened over the character that mixes the value with its neighbour and any padding;
     * out may be null until the first. With {@code first}, stops at the first run (a clean check).
     */
    List<int[]> find(byte[] b, int from, int to, List<int[]> out, boolean first) {
        List<int[]> runs = scan(b, from, to, first);
        if (runs == null) {
            return out;
        }
        if (!first) {
            beside(b, from, to, runs);
        }
        if (out == null) {
            return runs;
        }
        out.addAll(runs);
        return out;
    }

    /** The runs in b[from, to), or null; only the first with {@code first}. Kept small: every byte of output passes here. */
    private List<int[]> scan(byte[] b, int from, int to, boolean first) {
        List<int[]> out = null;
        Latin1 t = null;  // made on the first gram found in a form: most texts have none
        long g = 0;
        int due = GRAM;  // non-separator characters until the next gram is looked up
        int[] lastEnd = null;
        for (int i = from; i < to; i++) {
            int c = FOLD[b[i] & 0xFF];
            if (c < 0) {
                continue;
            }
            g = (g << 8 | c) & GRAM_BITS;
            if (--due > 0) {
                continue;
            }
            due = step;
            for (int e = placesOf(g); e != 0; e = next[e - 1]) {
                int p = place[e - 1];
                int f = p >>> 16;
                if (lastEnd != null && lastEnd[f] > i) {
                    continue;  // inside a run of this form already found
                }
                t = t == null ? new Latin1(b, 0, b.length) : t;
                int[] run = run(t, from, to, i + 1, f, (p & 0xFFFF) + GRAM);
                if (run == null) {
                    continue;
                }
                if (lastEnd == null) {
                    lastEnd = new int[forms.length];
                }
                lastEnd[f] = run[1];
                if (out == null) {
                    out = new ArrayList<>();
                }
                out.add(run);
                if (first) {
                    return out;
                }
            }
        }
        return out;
    }

    /**
     * Adds the pieces of at least BESIDE characters of a value, as it is, on the lines (up to BESIDE_LINE long) where
     * runs of a dump's forms were found: xxd's and hexdump -C's text column on the line whose hex was masked.
     */
    private void beside(byte[] b, int from, int to, List<int[]> runs) {
        int lastLine = -1;
        for (int r = 0, n = runs.size(); r < n; r++) {
            if (!dump[runs.get(r)[2]]) {
                continue;
            }
            int ls = runs.get(r)[0];
            while (ls > from && b[ls - 1] != '\n') ls--;
            int le = runs.get(r)[1];
            while (le < to && b[le] != '\n') le++;
            if (ls == lastLine || le - ls > BESIDE_LINE) {
                continue;
            }
            lastLine = ls;
            for (int i = ls; i < le; i++) {
                int longest = 0;
                for (byte[] v : values) {
                    for (int k = 0; k < v.length; k++) {
                        int len = 0;
                        while (i + len < le && k + len < v.length && b[i + len] == v[k + len]) len++;
                        longest = Math.max(longest, len);
                    }
                }
                if (longest >= BESIDE) {
                    runs.add(new int[] {i, i + longest});
                    i += longest - 1;
                }
            }
        }
    }

    /**
     * The run of form f that holds the gram ending at t[end - 1] with form offset {@code formEnd}, as source
     * [start, end), or null when it is shorter than the form's minimum run.
     */
    private int[] run(CharSequence t, int from, int to, int end, int f, int formEnd) {
        int[] r = extend(t, from, to, end, f, formEnd, exactCase[f]);
        if (!exactCase[f] && !uniformCase(t, r, f)) {
            r = extend(t, from, to, end, f, formEnd, true);  // ${T^}: the part in the value's own case may still be long
        }
        int start = r[0], stop = r[1], formStart = r[2], k = r[3];
        byte[] form = forms[f];
        int[] c = changed[f];
        if (c != null && c[k] - c[formStart] < Math.min(CHANGED, c[form.length])) {
            return null;
        }
        if (k - formStart < minRun[f] || plainForm[f] && k - formStart < Math.min(form.length, WORDY_PIECE) && wordy(t, start, stop)) {
            return null;
        }
        if (formStart == 0 && partialStart[f] && start > from && encodedChar(t.charAt(start - 1))) {
            start--;
        }
        if (k == form.length && partialEnd[f] && stop < to && encodedChar(t.charAt(stop))) {
            stop++;
        }
        while (k == form.length && stop < to && t.charAt(stop) == '=') {
            stop++;
        }
        return new int[] {start, stop, f};
    }

    /**
     * How far t matches form f around the gram ending at t[end - 1] (form offset formEnd), ignoring case unless
     * {@code exact}: {source start, source end, form start, form end}.
     */
    private int[] extend(CharSequence t, int from, int to, int end, int f, int formEnd, boolean exact) {
        byte[] form = exact ? originals[f] : forms[f];
        int start = end;
        int k = formEnd;
        for (int i = end - 1; i >= from && k > 0; i--) {  // back over the gram and as far as the form goes on matching
            int c = exact ? FOLD[t.charAt(i) & 0xFF] < 0 ? -1 : t.charAt(i) : fold(t, i);
            if (c < 0) {
                continue;
            }
            if (c != (form[k - 1] & 0xFF)) {
                break;
            }
            k--;
            start = i;
        }
        int formStart = k;
        k = formEnd;
        int stop = end;
        for (int i = end; i < to && k < form.length; i++) {
            int c = exact ? FOLD[t.charAt(i) & 0xFF] < 0 ? -1 : t.charAt(i) : fold(t, i);
            if (c < 0) {
                continue;
            }
            if (c != (form[k] & 0xFF)) {
                break;
            }
            k++;
            stop = i + 1;
        }
        return new int[] {start, stop, formStart, k};
    }

    /** Whether t[start, stop) has only letters and the punctuation that joins words. */
    private static boolean wordy(CharSequence t, int start, int stop) {
        for (int i = start; i < stop; i++) {
            char c = t.charAt(i);
            if (!Ascii.isAlnum(c) && "-_./ ".indexOf(c) < 0 || Ascii.isDigit(c)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the run r of form f is in the form's own case, or all upper or all lower case. */
    private boolean uniformCase(CharSequence t, int[] r, int f) {
        byte[] original = originals[f];
        boolean same = true, upper = false, lower = false;
        for (int i = r[0], k = r[2]; i < r[1]; i++) {
            char c = t.charAt(i);
            if (FOLD[c & 0xFF] < 0) {
                continue;
            }
            same &= c == (original[k++] & 0xFF);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
        }
        return same || !(upper && lower);
    }

    private static boolean encodedChar(char c) {
        return Ascii.isAlnum(c) || c == '+' || c == '/' || c == '-' || c == '_';
    }

    /**
     * True if cutting t at {@code cut} could part a run of a form: the last GRAM characters before the cut (separators
     * aside, on its line) are a place in a form that goes on, and the text after the cut goes on matching it or has
     * not arrived yet. Fewer than GRAM characters of a form before a cut are not held: a pause there may show them.
     */
    boolean mightStraddle(CharSequence t, int cut) {
        long g = 0;
        int held = 0;
        for (int i = cut - 1; i >= 0 && held < GRAM; i--) {
            int c = fold(t, i);
            if (c == '\n') {
                return false;
            }
            if (c >= 0) {
                g |= (long) c << (8 * held++);
            }
        }
        for (int e = held < GRAM ? 0 : placesOf(g); e != 0; e = next[e - 1]) {
            int p = place[e - 1];
            byte[] form = forms[p >>> 16];
            int k = (p & 0xFFFF) + GRAM;
            if (k == form.length) {
                continue;
            }
            int i = cut;
            while (i < t.length() && fold(t, i) < 0) {
                i++;
            }
            if (i == t.length() || fold(t, i) == (form[k] & 0xFF)) {
                return true;
            }
        }
        return false;
    }
}
