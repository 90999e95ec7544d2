package hoop.masking;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Masking by result column name (SQL results): a column that matches a rule is masked whole, whatever its
 * content, before the detectors run as a backstop on everything else. Names match case-insensitively;
 * '*' matches any run of characters ("card*", "*_token").
 */
public final class ColumnRules {
    public static final ColumnRules NONE = new ColumnRules(Map.of());

    private final Map<Pattern, Style> rules;
    private final Map<String, Style> source;

    private ColumnRules(Map<String, Style> source) {
        this.source = Map.copyOf(source);
        Map<Pattern, Style> compiled = new LinkedHashMap<>();
        source.forEach((glob, style) -> compiled.put(glob(glob), style));
        this.rules = compiled;
    }

    public static ColumnRules of(Map<String, Style> globs) {
        return globs.isEmpty() ? NONE : new ColumnRules(globs);
    }

    /** Null when no rule covers the column; the strictest style when several do. */
    public Style styleFor(String column) {
        Style found = null;
        String name = column.toLowerCase(Locale.ROOT);
        for (var e : rules.entrySet()) {
            if (e.getKey().matcher(name).matches()) found = found == null ? e.getValue() : Style.stricter(found, e.getValue());
        }
        return found;
    }

    /**
     * Whether a value of column {@code source} kept in column {@code target} stays masked at least as much: a rule
     * covers the target with the same style or a stricter one. A null source may be any ruled column, so only redact
     * covers it; a null target (a name the caller cannot tell) is covered by nothing.
     */
    public boolean coversCopy(String target, String source) {
        return coversCopy(target, source, true);
    }

    /**
     * As {@link #coversCopy(String, String)}; asStored: the copy is the source column's own value as it is. A partial
     * style shows a value's last characters: of such a copy, the source's own; of a value computed from it
     * ({@code substr(card, 1, 12)}, {@code reverse(card)}), whichever the statement picked. A hash tells equal values
     * apart: a stored {@code substr(email, 1, 1)} hashed as the client's own {@code 'b'} is. Only redact covers those.
     */
    public boolean coversCopy(String target, String source, boolean asStored) {
        Style kept = target == null ? null : styleFor(target);
        if (kept == null || kept.reveals() && !asStored) return false;
        Style read = source == null ? null : styleFor(source);
        return Style.stricter(kept, read == null ? Style.REDACT : read) == kept;
    }

    /** The globs as configured ('*' for any run of characters), for a catalog search of the columns they name. */
    public java.util.Set<String> globs() {
        return source.keySet();
    }

    /** Union of two profiles' rules; where both name the same glob, the stricter style wins. */
    public ColumnRules plus(ColumnRules other) {
        Map<String, Style> merged = new LinkedHashMap<>(source);
        other.source.forEach((k, v) -> merged.merge(k, v, Style::stricter));
        return of(merged);
    }

    private static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toLowerCase(Locale.ROOT).toCharArray()) {
            re.append(c == '*' ? ".*" : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString());
    }
}
