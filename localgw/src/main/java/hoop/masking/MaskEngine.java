package hoop.masking;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Finds and replaces secrets. Shared by {@link Masker} (with prefilters) and {@link NaiveMasker}
 * (without), so both resolve overlaps identically and differ only in speed.
 */
final class MaskEngine {
    /**
     * Single-line detectors are prefiltered per block of roughly this size, cut after a line break, so a
     * rare secret in a large output only costs one block of regex work instead of the whole text.
     */
    static final int BLOCK = 2048;

    private record Span(int start, int end, int rule) {
    }

    private static final Comparator<Span> EARLIEST_LONGEST = Comparator.comparingInt(Span::start)
            .thenComparing(Comparator.comparingInt((Span s) -> s.end() - s.start()).reversed())
            .thenComparingInt(Span::rule);

    private final Detector[] detectors;
    private final Style[] styles;
    private final LiteralSecrets literals;
    private final Replacer replacer;
    private final boolean usePrefilter;

    MaskEngine(MaskingRules rules, byte[] hmacKey, Collection<String> literalSecrets, boolean usePrefilter) {
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
        this.usePrefilter = usePrefilter;
    }

    boolean hasDetector(String name) {
        for (Detector d : detectors) {
            if (d.name().equals(name) && d.useGroups()) {
                return true;
            }
        }
        return false;
    }

    LiteralSecrets literals() {
        return literals;
    }

    /**
     * Masks {@code text} but returns only the part from {@code from} on; the part before is context that
     * was already emitted (a stream carrying "Password: " into the next chunk). A match that started in
     * the context and runs past {@code from} is still replaced whole, failing closed.
     */
    String mask(String text, int from, boolean rawBytes) {
        LiteralSecrets.Applied applied = literals.isEmpty() ? null : literals.apply(text, from);
        String t = applied == null ? text : applied.text();
        int[] placeholders = applied == null ? new int[0] : applied.placeholders();

        List<Span> spans = new ArrayList<>();
        int[] blocks = null;
        for (int d = 0; d < detectors.length; d++) {
            Detector det = detectors[d];
            if (!usePrefilter || det.prefilter() == null) {
                collect(d, t, 0, t.length(), spans);
            } else if (!det.singleLine()) {
                if (det.prefilter().test(t, 0, t.length())) {
                    collect(d, t, 0, t.length(), spans);
                }
            } else {
                if (blocks == null) {
                    blocks = blocks(t);
                }
                collectPrefiltered(d, t, blocks, spans);
            }
        }
        spans.removeIf(s -> s.end() <= from || insidePlaceholder(s, placeholders));
        if (spans.isEmpty() && applied == null) {
            return from == 0 ? text : text.substring(from);
        }
        spans.sort(EARLIEST_LONGEST);
        return render(t, from, spans, rawBytes);
    }

    private void collectPrefiltered(int d, String t, int[] blocks, List<Span> out) {
        Prefilter p = detectors[d].prefilter();
        int runStart = -1;
        for (int b = 0; b + 1 < blocks.length; b++) {
            boolean hit = p.test(t, blocks[b], blocks[b + 1]);
            if (hit && runStart < 0) {
                runStart = blocks[b];
            } else if (!hit && runStart >= 0) {
                collect(d, t, runStart, blocks[b], out);
                runStart = -1;
            }
        }
        if (runStart >= 0) {
            collect(d, t, runStart, t.length(), out);
        }
    }

    /** Block boundaries: 0, then the position after the first line break at or past each BLOCK, then the end. */
    private static int[] blocks(String t) {
        List<Integer> b = new ArrayList<>();
        b.add(0);
        int next = BLOCK;
        while (next < t.length()) {
            int nl = t.indexOf('\n', next);
            if (nl < 0 || nl + 1 >= t.length()) {
                break;
            }
            b.add(nl + 1);
            next = nl + 1 + BLOCK;
        }
        b.add(t.length());
        return b.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * All validated matches of one detector in {@code [from, to)}. After a failed validation the search
     * resumes one character later, so a bad candidate cannot hide a good one that overlaps it.
     */
    private void collect(int d, String t, int from, int to, List<Span> out) {
        Detector det = detectors[d];
        Matcher m = det.pattern().matcher(t);
        m.useTransparentBounds(true).useAnchoringBounds(false);  // lookarounds see past the block edges
        int pos = from;
        while (pos <= to) {
            m.region(pos, to);
            if (!m.find()) {
                break;
            }
            int g = det.valueGroup(m);
            if (m.end(g) > m.start(g) && det.validator().test(m)) {
                out.add(new Span(m.start(g), m.end(g), d));
                pos = Math.max(m.end(), m.start() + 1);
            } else {
                pos = m.start() + 1;
            }
        }
    }

    private static boolean insidePlaceholder(Span s, int[] ranges) {
        for (int i = 0; i < ranges.length; i += 2) {
            if (s.start() >= ranges[i] && s.end() <= ranges[i + 1]) {
                return true;
            }
        }
        return false;
    }

    private String render(String t, int from, List<Span> sorted, boolean rawBytes) {
        StringBuilder out = new StringBuilder(t.length() - from + 16);
        int pos = from;
        for (Span s : sorted) {
            if (s.start() < pos && !(s.start() < from && s.end() > from && pos == from)) {
                continue;  // overlaps a span already replaced
            }
            if (s.start() > pos) {
                out.append(t, pos, s.start());
            }
            Detector det = detectors[s.rule()];
            out.append(replacer.render(det.label(), styles[s.rule()], t.substring(s.start(), s.end()), rawBytes));
            pos = s.end();
        }
        out.append(t, pos, t.length());
        return out.toString();
    }
}
