package hoop.masking;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keys written in another case than their own: lower(), upper() or initcap() of an access key id
 * (akiaiosfodnn7example, Akiaiosfodnn7example), of a token (eyjhbgcioijiuzi1nij9.eyj...), of a secret access key.
 * The detectors anchored on a prefix match it in its own case only, and a secret key's bare run must mix both cases;
 * folded, the value is still read (an access key id is all capitals, so nothing is lost; a token's or secret's case
 * is guessed back a few characters at a time, checking each guess against what it decodes to).
 *
 * <p>A token's run is looked at when it is folded: its letters, but the first of each word (initcap's), are of one
 * case. Such a run is read lower-cased by each detector's pattern over lower-case text.
 */
final class FoldedKeys {
    private FoldedKeys() {
    }

    /** The shortest run a folded pattern matches (an access key id). */
    private static final int MIN_RUN = 20;

    /** Detector name to its pattern over ASCII-lower-cased text; group 0 is the value. */
    private static final Map<String, Pattern> FOLDED = Map.of(
            "aws_access_key", Pattern.compile("(?<![a-z0-9_])(?:akia|asia|agpa|aida|aroa|aipa|anpa|anva|abia|acca)[a-z2-7]{16}(?![a-z0-9_])"),
            "jwt", Pattern.compile("(?<![a-z0-9_-])eyj[a-z0-9_-]+\\.eyj[a-z0-9_-]+\\.[a-z0-9_-]*"),
            "github_token", Pattern.compile("(?<![a-z0-9_])(?:gh[pousr]_[a-z0-9]{36}|github_pat_[a-z0-9_]{82})(?![a-z0-9_])"),
            "slack_token", Pattern.compile("(?<![a-z0-9_-])(?:xox[abprs]|xapp)-[a-z0-9-]{10,250}(?![a-z0-9_-])"),
            "stripe_key", Pattern.compile("(?<![a-z0-9_])[sr]k_(?:live|test)_[a-z0-9]{16,247}(?![a-z0-9_])"),
            "aws_secret_key", Pattern.compile("(?<![a-z0-9/+])[a-z0-9/+]{40}(?![a-z0-9/+=])"),
            // The service tokens lower-cased; sk-'s loose body then needs three digits, as a random one has (a slug not).
            "api_token", Pattern.compile(VendorTokens.REGEX.toLowerCase(Locale.ROOT)
                    .replace("|sk-(?:", "|sk-(?=(?:[a-z_-]*[0-9]){3})(?:")));

    static boolean reads(String detector) {
        return FOLDED.containsKey(detector);
    }

    /** Characters a folded key's run is made of. */
    private static final boolean[] RUN = new boolean[256];

    static {
        for (char c : "0123456789_-./+".toCharArray()) RUN[c] = true;
        for (char c = 'a'; c <= 'z'; c++) {
            RUN[c] = true;
            RUN[c - 32] = true;
        }
    }

    /**
     * Whether b[off, off+len) holds a run of key characters at least {@link #MIN_RUN} long whose letters, but the first
     * of each word, are all of one case: a key folded, or any text of one case (most such runs are words and paths,
     * which the patterns then turn away). One table look per byte.
     */
    static boolean present(byte[] b, int off, int len) {
        int run = 0;
        // beyondHex: a letter past f, or / or +. Every prefix has one (akia, eyj, gh, xox, sk_), and a bare secret of
        // hex digits alone is a digest: a run without (an md5, a uuid) cannot match, and costs no regex.
        boolean upper = false, lower = false, wordStart = true, beyondHex = false;
        for (int i = off; i < off + len; i++) {
            int c = b[i] & 0xFF;
            if (!RUN[c]) {
                if (run >= MIN_RUN && !(upper && lower) && beyondHex) return true;
                run = 0;
                upper = lower = beyondHex = false;
                wordStart = true;
                continue;
            }
            run++;
            boolean letter = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
            beyondHex |= letter && (c | 0x20) > 'f' || c == '/' || c == '+';
            if (letter && !wordStart) {
                upper |= c < 'a';
                lower |= c >= 'a';
            }
            wordStart = !letter && !(c >= '0' && c <= '9');
        }
        return run >= MIN_RUN && !(upper && lower) && beyondHex;
    }

    /** Receives each match: its bounds in the text and the detector's name. */
    interface Found {
        void found(int start, int end, String detector);
    }

    /** The folded keys in t of the detectors named (those this class reads), reported to found. */
    static void find(String t, java.util.Collection<String> detectors, Found found) {
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.length() != t.length()) return;   // a character whose lower case is longer: positions would not line up
        for (String d : detectors) {
            Pattern p = FOLDED.get(d);
            if (p == null) continue;
            Matcher m = p.matcher(lower);
            if (d.equals("api_token")) {
                // Tried only where a prefix is: a search at every place through some thirty alternatives cost a
                // quarter more masking time on every text.
                m.useTransparentBounds(true);
                VendorTokens.foldedStarts(lower, s -> {
                    m.region(s, lower.length());
                    if (m.lookingAt() && folded(t, m.start(), m.end())) found.found(m.start(), m.end(), d);
                });
                continue;
            }
            while (m.find()) {
                if (folded(t, m.start(), m.end()) && (!d.equals("aws_secret_key") || plausibleSecret(t, m.start(), m.end()))) {
                    found.found(m.start(), m.end(), d);
                }
            }
        }
    }

    /** Whether t[start, end) is of one case, but the first letter of each word: what a fold leaves. */
    private static boolean folded(String t, int start, int end) {
        boolean upper = false, lower = false, wordStart = true;
        for (int i = start; i < end; i++) {
            char c = t.charAt(i);
            boolean letter = Ascii.isUpper(c) || Ascii.isLower(c);
            if (letter && !wordStart) {
                upper |= Ascii.isUpper(c);
                lower |= Ascii.isLower(c);
            }
            wordStart = !letter && !Ascii.isDigit(c);
        }
        return !(upper && lower);
    }

    /**
     * A secret key folded keeps its digits and symbols: a bare run of 40 needs twenty letters and two digits, / or +
     * between them, not only hex digits (a SHA-1), and at most four of / and + (a path has more).
     */
    private static boolean plausibleSecret(String t, int start, int end) {
        int digits = 0, letters = 0, symbols = 0;
        boolean allHex = true;
        for (int i = start; i < end; i++) {
            char c = t.charAt(i);
            if (Ascii.isDigit(c)) digits++;
            else if (c == '/' || c == '+') symbols++;
            else letters++;
            allHex &= Ascii.isHex(c);
        }
        return digits + symbols >= 2 && letters >= 20 && symbols <= 4 && !allHex;
    }
}
