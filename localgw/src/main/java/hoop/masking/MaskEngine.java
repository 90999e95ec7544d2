package hoop.masking;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Finds and replaces secrets. Shared by {@link Masker} (regexes run only near {@link Scan} candidates)
 * and {@link NaiveMasker} (every regex over the whole text), so both resolve overlaps identically and
 * differ only in speed.
 */
final class MaskEngine {
    private static final int[] NO_PLACEHOLDERS = new int[0];

    /** rule: index of the detector, or LITERAL; value: what a view showed, when it differs from t's chars. */
    private record Span(int start, int end, int rule, String value) {
        Span(int start, int end, int rule) {
            this(start, end, rule, null);
        }
    }

    private static final int LITERAL = Integer.MAX_VALUE;
    /** rule of a dump of compressed data hoop does not read (see hoop.core.Compressed): hidden whole. */
    private static final int COMPRESSED = Integer.MAX_VALUE - 1;

    private static final Comparator<Span> EARLIEST_LONGEST = Comparator.comparingInt(Span::start)
            .thenComparing(Comparator.comparingInt((Span s) -> s.end() - s.start()).reversed())
            .thenComparingInt(Span::rule);

    private final Detector[] detectors;
    private final Style[] styles;
    private final LiteralSecrets literals;
    private final Replacer replacer;
    private final boolean useScan;
    private final int scanned;  // bit set of the Scan kinds of the built-in detectors in use
    private final boolean hasCustom;  // some regex must run over the whole text regardless
    /** The password_assignment detector's index, whose name/value pairs (SecretPairs) are read too, or -1. */
    private final int pairs;
    /** Output a client decodes before showing it: base64 blobs and escapes are read too (see EncodedText). */
    private final boolean encoded;
    /** Whether base64 and base32 are also read with each line reversed (a shell's output: base64 .env | rev). */
    private final boolean reversedBlobs;
    /** Per detector: whether random bytes practically never match it (see {@link BinaryMasker}). */
    private final boolean[] strong;
    /** The scan's kinds the strong detectors are found by. */
    private final int strongScanned;
    /** Whether aws_credential, which the scan does not find, is one of the detectors. */
    private final boolean credentialFields;
    /** Some detector (some strong one) can be ruled out only by running it: keepsAll cannot answer. */
    private final boolean opaque, strongOpaque;
    /** The detectors that also read keys folded to one case (FoldedKeys), by name, to their index. */
    private final java.util.Map<String, Integer> folds;
    /** Every value of a name/value record is a secret's: a stream past its hold cap (StreamMasker) fails closed so. */
    private final boolean pairsFailClosed;

    MaskEngine(MaskingRules rules, byte[] hmacKey, Collection<String> literalSecrets, boolean useScan) {
        if (rules.usesStyle(Style.HASH) && (hmacKey == null || hmacKey.length == 0)) {
            throw new IllegalArgumentException("HASH style needs a non-empty HMAC key");
        }
        List<Detector> all = new ArrayList<>();
        rules.detectors().forEach(n -> all.add(Detectors.get(n)));
        rules.patterns().forEach(p -> all.add(Detector.custom(p)));
        this.detectors = all.toArray(Detector[]::new);
        this.styles = all.stream().map(d -> rules.styleFor(d.name())).toArray(Style[]::new);
        this.literals = new LiteralSecrets(literalSecrets);
        this.replacer = new Replacer(hmacKey == null ? null : hmacKey.clone());
        this.useScan = useScan;
        int kinds = 0;
        for (Detector d : detectors) {
            kinds |= useScan && d.kind() >= 0 ? 1 << d.kind() : 0;
        }
        this.scanned = kinds;
        this.hasCustom = all.stream().anyMatch(d -> d.kind() < 0);
        this.pairs = all.stream().map(Detector::name).toList().indexOf("password_assignment");
        this.encoded = false;
        this.reversedBlobs = false;
        this.strong = new boolean[detectors.length];
        for (int d = 0; d < detectors.length; d++) strong[d] = STRONG.contains(detectors[d].name());
        int strongKinds = 0;
        boolean fields = false, opaque = !useScan, strongOpaque = !useScan;
        for (int d = 0; d < detectors.length; d++) {
            if (detectors[d].name().equals("aws_credential")) {
                fields = true;  // not found through the scan, but by a test of its own (keepsAll)
            } else if (detectors[d].kind() < 0) {
                opaque = true;
                strongOpaque |= strong[d];
            } else if (strong[d]) {
                strongKinds |= 1 << detectors[d].kind();
            }
        }
        this.strongScanned = strongKinds;
        this.credentialFields = fields;
        this.opaque = opaque;
        this.strongOpaque = strongOpaque;
        java.util.Map<String, Integer> folding = new java.util.LinkedHashMap<>();
        for (int d = 0; d < detectors.length; d++) {
            if (FoldedKeys.reads(detectors[d].name())) folding.putIfAbsent(detectors[d].name(), d);
        }
        this.folds = java.util.Collections.unmodifiableMap(folding);
        this.pairsFailClosed = false;
    }

    /**
     * Detectors anchored on a literal prefix or key word (AKIA, ghp_, -----BEGIN, password=): their matches do not
     * occur by chance in binary data, unlike an e-mail, a phone number or a bare 40-character run.
     */
    private static final java.util.Set<String> STRONG = java.util.Set.of("private_key", "jwt", "github_token", "slack_token",
            "stripe_key", "api_token", "password_hash", "aws_access_key", "password_assignment", "url_password", "aws_credential");

    private MaskEngine(MaskEngine base, LiteralSecrets literals, boolean encoded) {
        this(base, literals, encoded, base.detectors);
    }

    private MaskEngine(MaskEngine base, LiteralSecrets literals, boolean encoded, Detector[] detectors) {
        this(base, literals, encoded, detectors, base.reversedBlobs);
    }

    private MaskEngine(MaskEngine base, LiteralSecrets literals, boolean encoded, Detector[] detectors, boolean reversedBlobs) {
        this(base, literals, encoded, detectors, reversedBlobs, base.pairsFailClosed);
    }

    private MaskEngine(MaskEngine base, LiteralSecrets literals, boolean encoded, Detector[] detectors, boolean reversedBlobs,
                       boolean pairsFailClosed) {
        this.reversedBlobs = reversedBlobs;
        this.detectors = detectors;
        this.styles = base.styles;
        this.literals = literals;
        this.replacer = base.replacer;
        this.useScan = base.useScan;
        this.scanned = base.scanned;
        this.hasCustom = base.hasCustom;
        this.pairs = base.pairs;
        this.encoded = encoded;
        this.strong = base.strong;
        this.strongScanned = base.strongScanned;
        this.credentialFields = base.credentialFields;
        this.opaque = base.opaque;
        this.strongOpaque = base.strongOpaque;
        this.folds = base.folds;
        this.pairsFailClosed = pairsFailClosed;
    }

    /**
     * Detectors that find a value by the key or field name beside it: the value alone, once a command has cut the key
     * away (cut -d= -f2, jq -r .password, awk '{print $2}'), is found by none of them.
     */
    private static final java.util.Set<String> KEYED = java.util.Set.of("password_assignment", "url_password", "aws_secret_key",
            "aws_credential", "api_token");

    /** The values in t that a {@link #KEYED} detector masks, as t spells them, each with what the detector puts for it. */
    java.util.Map<String, String> keyedValues(String t) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        List<Span> spans = detect(t, scanned == 0 ? null : Scan.of(t, scanned), null, pairs >= 0 && SecretPairs.mayHold(t), false);
        if (spans == null) return out;
        for (Span s : spans) {
            if (s.rule() >= 0 && s.rule() < detectors.length && KEYED.contains(detectors[s.rule()].name())) {
                out.putIfAbsent(t.substring(s.start(), s.end()), replacement(t, s, true));
            }
        }
        return out;
    }

    /**
     * This engine, with every value of a name/value record (JSON, XML, YAML, cells) masked as a secret's: for a stream
     * that could not hold a record until it was decided (StreamMasker's cap), so what follows has lost its context.
     * Without pairs, the same engine.
     */
    MaskEngine failingClosed() {
        return pairs < 0 || pairsFailClosed ? this : new MaskEngine(this, literals, encoded, detectors, reversedBlobs, true);
    }

    /** The same rules, with more literal secrets (a session's own credential). */
    MaskEngine withLiterals(Collection<String> more) {
        return withLiterals(more, java.util.Map.of());
    }

    /** labelled: more literals, each replaced by the text given (see keyedValues), not by [SECRET]. */
    MaskEngine withLiterals(Collection<String> more, java.util.Map<String, String> labelled) {
        List<String> all = new ArrayList<>(List.of(literals.secrets()));
        all.addAll(more);
        all.addAll(labelled.keySet());
        java.util.Map<String, String> labels = new java.util.HashMap<>(literals.labels());
        labels.putAll(labelled);
        return new MaskEngine(this, new LiteralSecrets(all, labels), encoded);
    }

    /** The same rules, also reading what a client decodes: base64 blobs and escaped characters. */
    MaskEngine readingEncoded() {
        return new MaskEngine(this, literals, true);
    }

    /**
     * readingEncoded, and blobs with each line reversed too: a shell's output, where `rev` is one command away. (Not
     * for an API's answers: reading every answer reversed again cost a fifth more masking time on 1 MB of JSON.)
     */
    MaskEngine readingReversedBlobs() {
        return new MaskEngine(this, literals, true, detectors, true);
    }

    boolean hasDetector(String name) {
        for (Detector d : detectors) {
            if (d.name().equals(name) && d.useGroups()) {
                return true;
            }
        }
        return false;
    }

    /** Whether dumps and base64 are read: a stream must then not part a secret's dump or blob lines (DumpView.holdFrom). */
    boolean readsEncoded() {
        return encoded;
    }

    /** Whether name/value pairs are read: a stream must then not part a pair's fields (SecretPairs.holdFrom). */
    boolean readsPairs() {
        return pairs >= 0;
    }

    LiteralSecrets literals() {
        return literals;
    }

    /**
     * True when masking {@code b[off, off+len)} (as ISO-8859-1 text) would change nothing, decided without
     * making a String: most values of a result row end here.
     */
    boolean clean(byte[] b, int off, int len) {
        if (encoded || !useScan || hasCustom || !literals.absentIn(b, off, len)) {
            return false;
        }
        return numeric(b, off, len) || (scanned == 0 || Scan.of(b, off, len, scanned) == null)
                && TerminalText.plain(b, off, len) && !DecodedView.present(b, off, len)
                && (pairs < 0 || !pairsFailClosed && !SecretPairs.mayHold(b, off, len)) && !SpacedText.present(b, off, len)
                && (folds.isEmpty() || !FoldedKeys.present(b, off, len));
    }

    /**
     * A number or a run of blanks (most values of a result: ids, amounts, a padded char column), which no built-in
     * detector can match: a card needs 13 digits, a phone '+', an SSN two dashes, an address three dots, the others
     * letters or marks; checked in one pass instead of the four of {@link #clean}.
     */
    static boolean numeric(byte[] b, int off, int len) {
        int digits = 0, dots = 0, dashes = 0;
        int i = off;
        while (i + 8 <= off + len && Words.at(b, i) == Words.BLANKS) {
            i += 8;  // a padded char column: blanks eight at a time
        }
        for (; i < off + len; i++) {
            byte c = b[i];
            if (c >= '0' && c <= '9') digits++;
            else if (c == '.') dots++;
            else if (c == '-') dashes++;
            else if (c != ' ') return false;
        }
        return digits < 13 && dots < 3 && dashes < 2;
    }

    /**
     * Masks {@code text} but returns only the part from {@code from} on; the part before is context that
     * was already emitted (a stream carrying "Password: " into the next chunk). A match that started in
     * the context and runs past {@code from} is still replaced whole, failing closed.
     */
    String mask(String text, int from, boolean rawBytes) {
        return mask(text, from, rawBytes, 0);
    }

    private String mask(String text, int from, boolean rawBytes, int depth) {
        if (encoded && depth < EncodedText.MAX_DEPTH) {
            // A known secret's own base64 or base32 form is left to its forms below, which show it as [SECRET]:
            // re-encoded, the placeholder would read as noise. base32 (base32 .env) is read apart: its alphabet is
            // base64's too, but what it decodes to as base64 is noise.
            String blobs = EncodedText.blobs(text, from, decoded -> mask(decoded, 0, true, depth + 1), knownForms(text));
            String both = Base32Text.blobs(blobs, from, decoded -> mask(decoded, 0, true, depth + 1), knownForms(blobs));
            if (reversedBlobs) both = reversedBlobs(both, from, depth);
            if (both != text) {
                return mask(both, from, rawBytes, EncodedText.MAX_DEPTH);
            }
        }
        LiteralSecrets.Applied applied = literals.isEmpty() ? null : literals.apply(text, from);
        String t = applied == null ? text : applied.text();
        int[] placeholders = applied == null ? NO_PLACEHOLDERS : applied.placeholders();

        byte[] b = t.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);  // one array for the secrets' forms and both looks
        // Spans, not replaced yet: a piece of a secret found here may be part of the whole one a terminal's view shows.
        List<int[]> forms = literals.hasForms() ? literals.formRuns(b) : null;
        // And a known secret cut over lines (fold -w 9 .env), its pieces each too short to be a form's run.
        List<int[]> broken = literals.isEmpty() ? null : literals.acrossLines(t);
        if (broken != null) {
            forms = forms == null ? new ArrayList<>() : new ArrayList<>(forms);
            forms.addAll(broken);
        }
        Scan scan = scanned == 0 ? null : Scan.of(b, 0, b.length, scanned);
        boolean plain = rawBytes ? TerminalText.plain(b, 0, b.length) : TerminalText.plain(t, b);
        boolean decodable = DecodedView.present(b, 0, b.length, encoded);
        boolean pairable = pairs >= 0 && (pairsFailClosed || SecretPairs.mayHold(t));
        // What a client decodes includes a dump's bytes (xxd .env): read as the bytes they spell.
        TerminalText.View[] dumps = encoded && DumpView.present(t) ? DumpView.of(t) : null;
        // And characters spelled out one separator apart (sed 's/./& /g', fold -w1): read joined.
        TerminalText.View spaced = SpacedText.present(b, 0, b.length) ? SpacedText.of(t) : null;
        // And what one more command turns back (rev, rot13, lower case), for keys found by their prefix.
        List<Span> turned = encoded ? inTurned(t) : null;
        // And keys folded to one case (lower(key), initcap(token)).
        List<Span> folded = foldedKeys(t, b);
        if (scan == null && useScan && !hasCustom && applied == null && forms == null && plain && !decodable && !pairable
                && dumps == null && spaced == null && turned == null && folded == null) {
            return from == 0 ? text : text.substring(from);  // the usual clean value: no further work
        }
        List<Span> spans = detect(t, scan, null, pairable, false);
        for (int k = 0; forms != null && k < forms.size(); k++) {
            spans = spans == null ? new ArrayList<>() : spans;
            spans.add(new Span(forms.get(k)[0], forms.get(k)[1], LITERAL));
        }
        if (!plain) {
            spans = inViews(t, rawBytes, spans);
        }
        if (decodable) {
            spans = inView(DecodedView.of(t, rawBytes, encoded), spans);
        }
        for (int k = 0; dumps != null && k < dumps.length; k++) {
            if (dumps[k].length() > 0) spans = inView(dumps[k], spans);
        }
        if (dumps != null) {
            spans = compressedDumps(dumps[0], spans);
        }
        if (turned != null) {
            spans = spans == null ? new ArrayList<>() : spans;
            spans.addAll(turned);
        }
        if (folded != null && !folded.isEmpty()) {
            spans = spans == null ? new ArrayList<>() : spans;
            spans.addAll(folded);
        }
        if (spaced != null) {
            spans = unbounded().inView(spaced, spans);
        }
        if (spans != null) {
            spans.removeIf(s -> s.end() <= from || insidePlaceholder(s, placeholders));
        }
        if ((spans == null || spans.isEmpty()) && applied == null) {
            return from == 0 ? text : text.substring(from);
        }
        if (spans == null) {
            spans = List.of();
        } else {
            spans.sort(EARLIEST_LONGEST);
        }
        return render(t, from, spans, rawBytes, plain);
    }

    /**
     * text with the blobs its lines spell reversed (base64 .env | rev) masked, and written back reversed; only whole
     * lines from {@code from} on are read so (what is before was emitted). The same instance when nothing changed.
     */
    private String reversedBlobs(String text, int from, int depth) {
        int head = from == 0 || text.charAt(from - 1) == '\n' ? from : text.indexOf('\n', from) + 1;
        if (head <= 0 && from > 0 || head >= text.length()) return text;
        String turned = reverseLines(text.substring(head));
        String masked = EncodedText.blobs(turned, 0, decoded -> mask(decoded, 0, true, depth + 1));
        masked = Base32Text.blobs(masked, 0, decoded -> mask(decoded, 0, true, depth + 1), (s, e) -> false);
        return masked == turned ? text : text.substring(0, head) + reverseLines(masked);
    }

    /** Each line of t reversed, its line break (and carriage return) left where it is. */
    private static String reverseLines(String t) {
        StringBuilder out = new StringBuilder(t.length());
        for (int s = 0; s <= t.length(); ) {
            int e = t.indexOf('\n', s);
            if (e < 0) e = t.length();
            int end = e > s && t.charAt(e - 1) == '\r' ? e - 1 : e;
            for (int i = end - 1; i >= s; i--) out.append(t.charAt(i));
            out.append(t, end, e);
            if (e < t.length()) out.append('\n');
            s = e + 1;
        }
        return out.toString();
    }

    /**
     * The keys folded to one case in t (b: t as ISO-8859-1 bytes, or null to make them), or null when no detector
     * reads them or the cheap look finds no run that could be one.
     */
    private List<Span> foldedKeys(String t, byte[] b) {
        if (folds.isEmpty()) return null;
        byte[] bytes = b != null ? b : t.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        if (!FoldedKeys.present(bytes, 0, bytes.length)) return null;
        List<Span> found = new ArrayList<>(1);
        FoldedKeys.find(t, folds.keySet(), (start, end, d) -> found.add(new Span(start, end, folds.get(d))));
        return found;
    }

    /** Whether text's [start, end) overlaps a known secret's form; the forms are looked for on the first call. */
    private java.util.function.BiPredicate<Integer, Integer> knownForms(String text) {
        List<List<int[]>> known = new ArrayList<>(1);
        return (start, end) -> {
            if (!literals.hasForms()) return false;
            if (known.isEmpty()) known.add(literals.formRuns(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
            return known.get(0) != null && known.get(0).stream().anyMatch(r -> r[0] < end && start < r[1]);
        };
    }

    private volatile MaskEngine unbounded;

    /**
     * This engine with its strong detectors' boundary checks at either end taken off, for the spaced view: a tool that puts a
     * line break after each character (fold -w1, grep -o .) drops the file's own, so a key that ended a line reads glued
     * to the next line's first word there, which a detector's "no word character after it" turned away.
     */
    private MaskEngine unbounded() {
        MaskEngine u = unbounded;
        if (u == null) {
            Detector[] relaxed = new Detector[detectors.length];
            // Only those anchored on a prefix or key word: a card's or a bare 40-character run's bounds are what tell a
            // match from a window into a longer number or blob.
            for (int d = 0; d < detectors.length; d++) relaxed[d] = strong[d] ? detectors[d].unbounded() : detectors[d];
            u = new MaskEngine(this, literals, encoded, relaxed);
            unbounded = u;
        }
        return u;
    }

    /** Every detector's matches in t; spans is null until the first match, so clean text costs no garbage. */
    private List<Span> detect(String t, Scan scan, List<Span> spans, boolean pairable, boolean strongOnly) {
        for (int d = 0; d < detectors.length; d++) {
            Detector det = detectors[d];
            if (strongOnly && !strong[d]) {
                continue;
            }
            if (useScan && det.kind() < 0 && det.finder() != null) {
                spans = find(d, t, Regions.add(null, 0, t.length()), spans);
            } else if (!useScan || det.kind() < 0) {
                spans = collect(d, t, null, spans);
            } else {
                Regions regions = Regions.of(scan, det.kind(), det.widen(), t);
                if (regions != null) {
                    spans = det.finder() != null ? find(d, t, regions, spans) : collect(d, t, regions, spans);
                }
            }
        }
        if (pairable) {
            int[] found = SecretPairs.find(t, pairsFailClosed);
            for (int i = 0; i < found.length; i += 2) {
                if (spans == null) spans = new ArrayList<>();
                spans.add(new Span(found[i], found[i + 1], pairs));
            }
        }
        return spans;
    }

    /**
     * Adds what the detectors and literal secrets match in the views of t as a terminal shows it and a reader
     * takes it in (see {@link TerminalText}), mapped back to the chars of t those matches were made of.
     */
    private List<Span> inViews(String t, boolean rawBytes, List<Span> spans) {
        TerminalText.Views views = TerminalText.of(t, rawBytes);
        if (spans != null && views.sequences().length > 0) {
            for (int i = 0; i < spans.size(); i++) {
                Span s = spans.get(i);
                int[] c = views.clip(s.start(), s.end());
                if (c[0] != s.start() || c[1] != s.end()) {
                    spans.set(i, new Span(c[0], Math.max(c[0], c[1]), s.rule(), null));
                }
            }
            spans.removeIf(s -> s.end() <= s.start());
        }
        for (TerminalText.View v : new TerminalText.View[] {views.reading(), views.screen(), views.strings()}) {
            if (v != null && v.length() > 0) {
                spans = inView(v, spans);
            }
        }
        return spans;
    }

    /** Adds what the detectors and literal secrets match in one view, mapped back to the source chars it was made of. */
    private List<Span> inView(TerminalText.View v, List<Span> spans) {
        String vt = v.toString();
        List<Span> found = detect(vt, scanned == 0 ? null : Scan.of(vt, scanned), null, pairs >= 0 && (pairsFailClosed || SecretPairs.mayHold(vt)), false);
        found = literals.isEmpty() ? found : literals.spans(vt, found, (s, e) -> new Span(s, e, LITERAL, null));
        // A key folded to one case and then spelled out or escaped (a k i a ..., {e,y,j,...}) is read in the view too.
        List<Span> folded = foldedKeys(vt, null);
        if (folded != null && !folded.isEmpty()) {
            if (found != null) folded.addAll(found);
            found = folded;
        }
        if (found == null) {
            return spans;
        }
        spans = spans == null ? new ArrayList<>() : spans;
        for (Span s : found) {
            spans.add(new Span(v.sourceStart(s.start(), s.end()), v.sourceEnd(s.start(), s.end()), s.rule(),
                    vt.substring(s.start(), s.end())));
        }
        return spans;
    }

    /**
     * All validated matches of one detector in the given regions, or the whole text if null. After a
     * failed validation the search resumes one character later, so a bad candidate cannot hide a good one
     * that overlaps it.
     */
    private List<Span> collect(int d, String t, Regions regions, List<Span> out) {
        Detector det = detectors[d];
        // An operator's pattern may backtrack without end on some output: it reads through a deadline, and what it
        // could not finish reading is masked whole (fail closed) rather than holding the event loop.
        boolean custom = !det.useGroups(); // only operators' patterns: the built-in ones are known to be linear
        Matcher m = det.pattern().matcher(custom ? hoop.core.TimedText.of(t) : t);
        m.useTransparentBounds(true).useAnchoringBounds(false);  // lookarounds see past the region edges
        int count = regions == null ? 1 : regions.count();
        for (int k = 0; k < count; k++) {
            int pos = regions == null ? 0 : regions.start(k);
            int to = regions == null ? t.length() : regions.end(k);
            while (pos <= to) {
                m.region(pos, to);
                boolean found;
                try {
                    found = m.find();
                } catch (hoop.core.TimedText.Expired e) {
                    if (out == null) {
                        out = new ArrayList<>();
                    }
                    if (to > pos) {
                        out.add(new Span(pos, to, d));
                    }
                    m = det.pattern().matcher(hoop.core.TimedText.of(t)); // the next region gets a budget of its own
                    m.useTransparentBounds(true).useAnchoringBounds(false);
                    break;
                }
                if (!found) {
                    break;
                }
                int g = det.valueGroup(m);
                if (m.end(g) > m.start(g) && det.validator().test(m)) {
                    if (out == null) {
                        out = new ArrayList<>();
                    }
                    out.add(new Span(m.start(g), m.end(g), d));
                    pos = Math.max(m.end(), m.start() + 1);
                } else {
                    pos = m.start() + 1;
                }
            }
        }
        return out;
    }

    /** As {@link #collect} with regions, by the detector's hand-run finder (whole matches, nothing to validate). */
    private List<Span> find(int d, String t, Regions regions, List<Span> out) {
        Detector.Finder finder = detectors[d].finder();
        for (int k = 0; k < regions.count(); k++) {
            int pos = regions.start(k);
            int to = regions.end(k);
            while (pos <= to) {
                int[] m = finder.find(t, pos, to);
                if (m == null) {
                    break;
                }
                if (out == null) {
                    out = new ArrayList<>();
                }
                out.add(new Span(m[0], m[1], d));
                pos = Math.max(m[1], m[0] + 1);
            }
        }
        return out;
    }

    private static boolean insidePlaceholder(Span s, int[] ranges) {
        for (int i = 0; i < ranges.length; i += 2) {
            if (s.start() >= ranges[i] && s.end() <= ranges[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Overlapping spans are replaced as one, labelled by the earliest and longest: skipping the later one would
     * show whatever of it reaches past the first.
     */
    private String render(String t, int from, List<Span> sorted, boolean rawBytes, boolean plain) {
        StringBuilder out = new StringBuilder(t.length() - from + 16);
        int pos = from;
        for (Span s : merged(sorted)) {
            int start = Math.max(s.start(), pos);
            if (start > pos) {
                out.append(t, pos, start);
            }
            out.append(replacement(t, s, rawBytes));
            if (!plain) {
                TerminalText.keepColours(t, start, s.end(), out);
            }
            pos = s.end();
        }
        out.append(t, pos, t.length());
        return out.toString();
    }

    /** Spans sorted EARLIEST_LONGEST, overlapping ones joined under the first's rule (its view's value only if it covers the whole). */
    private static List<Span> merged(List<Span> sorted) {
        List<Span> out = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); ) {
            Span s = sorted.get(i);
            int end = s.end();
            int j = i + 1;
            for (; j < sorted.size() && sorted.get(j).start() < end; j++) {
                end = Math.max(end, sorted.get(j).end());
            }
            out.add(end == s.end() ? s : new Span(s.start(), end, s.rule(), null));
            i = j;
        }
        return out;
    }

    /**
     * Text a reader turns back with one more command: reversed (rev), rot13 (tr A-Za-z N-ZA-Mn-za-m), lower-cased (tr
     * A-Z a-z: an access key id is all capitals, so nothing is lost). The detectors anchored on a prefix or key word
     * (AKIA, ghp_, sk_live_, eyJ, -----BEGIN) look there too; the others would match by chance in text turned so.
     */
    private List<Span> inTurned(String t) {
        if (strongScanned == 0 && !credentialFields) return null;
        List<Span> spans = null;
        int n = t.length();
        // Each of the turns, and each combination of them (rev | tr A-Z a-z).
        for (int turns = 1; turns < 1 << 3; turns++) {
            String u = turned(t, turns);
            if (u.equals(t)) continue;
            Scan scan = scanned == 0 ? null : Scan.of(u, strongScanned);
            if (scan == null && !credentialFields) continue;
            List<Span> found = detect(u, scan, null, false, true);
            boolean mirrored = (turns & REVERSED) != 0;
            for (int k = 0; found != null && k < found.size(); k++) {
                Span s = found.get(k);
                spans = spans == null ? new ArrayList<>() : spans;
                spans.add(new Span(mirrored ? n - s.end() : s.start(), mirrored ? n - s.start() : s.end(), s.rule(),
                        u.substring(s.start(), s.end())));
            }
        }
        return spans;
    }

    /** {@link #turned} bits: each keeps every char where it was, but REVERSED, which mirrors them. */
    private static final int REVERSED = 1, ROT13 = 2, UPPER = 4;

    private static String turned(String t, int turns) {
        char[] c = t.toCharArray();
        for (int i = 0; i < c.length; i++) {
            char x = c[i];
            if ((turns & ROT13) != 0 && (x >= 'a' && x <= 'z' || x >= 'A' && x <= 'Z')) {
                char base = x >= 'a' ? 'a' : 'A';
                x = (char) (base + (x - base + 13) % 26);
            }
            if ((turns & UPPER) != 0 && x >= 'a' && x <= 'z') x = (char) (x - 32);
            c[i] = x;
        }
        String out = new String(c);
        return (turns & REVERSED) != 0 ? new StringBuilder(out).reverse().toString() : out;
    }

    /**
     * A dump (xxd -p, od) of compressed data in a format hoop does not read spells nothing a detector sees, but whoever
     * turns it back into bytes and decompresses it reads the text: each such dump (the view's stretch between the
     * breaks it puts between dumps that are not adjacent) is hidden whole.
     */
    private static List<Span> compressedDumps(TerminalText.View bytes, List<Span> spans) {
        String v = bytes.toString();
        for (int start = 0; start < v.length(); ) {
            int end = start;
            while (end < v.length() && !(v.charAt(end) == '\n' && bytes.sourceStart(end, end + 1) == bytes.sourceEnd(end, end + 1))) end++;
            byte[] head = v.substring(start, Math.min(end, start + hoop.core.Compressed.SNIFF)).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            if (end > start && hoop.core.Compressed.format(head, 0, head.length) != null) {
                spans = spans == null ? new ArrayList<>() : spans;
                spans.add(new Span(bytes.sourceStart(start, end), bytes.sourceEnd(start, end), COMPRESSED));
            }
            start = end + 1;
        }
        return spans;
    }

    private String replacement(String t, Span s, boolean rawBytes) {
        String value = s.value() != null ? s.value() : t.substring(s.start(), s.end());
        if (s.rule() == COMPRESSED) return EncodedText.COMPRESSED;
        return s.rule() == LITERAL ? LiteralSecrets.PLACEHOLDER : replacer.render(detectors[s.rule()].label(), styles[s.rule()], value, rawBytes);
    }

    /**
     * True when {@link #maskKeepingLength} would leave {@code b[off, off+len)} (as ISO-8859-1 text) as it is, decided
     * without a String: the short printable runs random binary data is full of end here. The same tests as that
     * method's, on the bytes: the literal secrets, the pairs' words, the scan's spots for the detectors it would run.
     */
    boolean keepsAll(byte[] b, int off, int len, boolean strongOnly) {
        if (strongOnly ? strongOpaque : opaque) return false;
        int wanted = strongOnly ? strongScanned : scanned;
        return literals.absentIn(b, off, len) && (pairs < 0 || !pairsFailClosed && !SecretPairs.mayHold(b, off, len))
                && (!credentialFields || !CredentialFields.mayHold(b, off, len))
                && (wanted == 0 || Scan.of(b, off, len, wanted) == null);
    }

    /**
     * Masks t keeping its length, for text inside binary data whose offsets must not move (an archive's members):
     * each match becomes its replacement cut or padded with '*' to the match's length. strongOnly: only the
     * detectors whose matches chance does not make, and the literal secrets. Returns t itself when nothing matched.
     */
    String maskKeepingLength(String t, boolean strongOnly) {
        int wanted = strongOnly ? strongScanned : scanned;
        Scan scan = wanted == 0 ? null : Scan.of(t, wanted);
        List<Span> spans = detect(t, scan, null, pairs >= 0 && (pairsFailClosed || SecretPairs.mayHold(t)), strongOnly);
        spans = literals.isEmpty() ? spans : literals.spans(t, spans, (s, e) -> new Span(s, e, LITERAL));
        if (spans == null || spans.isEmpty()) {
            return t;
        }
        spans.sort(EARLIEST_LONGEST);
        StringBuilder out = new StringBuilder(t);
        for (Span s : merged(spans)) {
            String r = replacement(t, s, true);
            int len = s.end() - s.start();
            out.replace(s.start(), s.end(), r.length() <= len ? r + "*".repeat(len - r.length()) : "*".repeat(len));
        }
        return out.toString();
    }

    /** Renders a whole value in a style (column rules); HASH needs the engine's key. */
    String render(String label, Style style, String value) {
        return replacer.render(label, style, value, true);
    }
}
