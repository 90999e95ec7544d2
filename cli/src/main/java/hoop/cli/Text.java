package hoop.cli;

import java.util.regex.Pattern;

/** Small text helpers for tables. */
final class Text {
    private Text() {}

    /** Compiled once: the gateway's console flattens every statement it prints. */
    private static final Pattern SPACE = Pattern.compile("\\s+");

    static String oneLine(String s, int max) {
        // whitespace flattened, then whatever a terminal would obey (ESC, CR, bidi overrides) made visible
        String flat = hoop.core.ShownText.of(s == null ? "" : SPACE.matcher(s).replaceAll(" ").strip(), false);
        return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
    }
}
