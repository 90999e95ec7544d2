package hoop.masking;

import java.util.regex.Matcher;

/**
 * PEM BEGIN and END markers in stream text (bytes as ISO-8859-1) as a terminal shows it, so that a header
 * coloured by grep ({@code -----BEGIN RSA \e[01;31mPRIVATE KEY\e[m-----}) still holds the key block back.
 * Text without control or invisible characters is searched as it is; other text through its reading view,
 * positions mapped back.
 */
final class PemMarkers {
    private PemMarkers() {
    }

    private static final String MARKER = "-----BEGIN";

    /** Whether s may hold a marker, coloured or not (a colour cannot split all of these at once). */
    private static boolean maybe(StringBuilder s, int from) {
        return s.indexOf("-----", from) >= 0 || s.indexOf("BEGIN", from) >= 0 || s.indexOf("END", from) >= 0;
    }

    /** Index of the first BEGIN marker before {@code limit} without an END marker before {@code limit}, or -1. */
    static int openHeader(StringBuilder s, int limit) {
        int dashes = s.indexOf("-----");  // vectorised; the regexes are not
        if (dashes < 0 && s.indexOf("BEGIN") < 0) {
            return -1;  // the usual text: nothing like a header, coloured or not
        }
        int marker = dashes < 0 ? -1 : s.indexOf(MARKER, dashes);
        boolean rawMarker = marker >= 0 && marker < limit;
        String head = s.substring(0, limit);
        if (TerminalText.plain(head, true)) {
            return rawMarker ? openHeaderIn(head, limit) : -1;
        }
        TerminalText.View v = TerminalText.of(head, true).reading();
        int b = openHeaderIn(v.toString(), v.length());
        return b < 0 ? -1 : v.sourceStart(b, b + 1);
    }

    private static int openHeaderIn(CharSequence s, int limit) {
        Matcher begin = Detectors.PEM_BEGIN.matcher(s).region(0, limit);
        Matcher end = Detectors.PEM_END.matcher(s).region(0, limit);
        int from = 0;
        while (true) {
            begin.region(from, limit);
            if (!begin.find()) {
                return -1;
            }
            end.region(begin.end(), limit);
            if (!end.find()) {
                return begin.start();
            }
            from = end.end();
        }
    }

    /** Whether s[from, end) holds an END marker with a line break after it. */
    static boolean endLine(StringBuilder s, int from) {
        String window = s.substring(from);
        CharSequence text = TerminalText.plain(window, true) ? window : TerminalText.of(window, true).reading().toString();
        Matcher m = Detectors.PEM_END.matcher(text);
        return m.find() && text.toString().indexOf('\n', m.end()) >= 0;
    }

    /** Index just past the first END marker in s, or -1. */
    static int endOf(StringBuilder s) {
        String all = s.toString();
        if (TerminalText.plain(all, true)) {
            Matcher m = Detectors.PEM_END.matcher(all);
            return m.find() ? m.end() : -1;
        }
        TerminalText.View v = TerminalText.of(all, true).reading();
        Matcher m = Detectors.PEM_END.matcher(v.toString());
        return m.find() ? v.sourceEnd(m.end() - 1, m.end()) : -1;
    }

    /** Where the first BEGIN marker starts in s, or -1: no stream cut may fall after it on its line. */
    static int beginMarker(CharSequence s) {
        StringBuilder sb = s instanceof StringBuilder b ? b : new StringBuilder(s);
        int raw = sb.indexOf(MARKER);
        if (!maybe(sb, 0)) {
            return raw;
        }
        String t = sb.toString();
        if (TerminalText.plain(t, true)) {
            return raw;
        }
        TerminalText.View v = TerminalText.of(t, true).reading();
        int b = v.toString().indexOf(MARKER);
        int shown = b < 0 ? -1 : v.sourceStart(b, b + 1);
        return raw < 0 ? shown : shown < 0 ? raw : Math.min(raw, shown);
    }
}
