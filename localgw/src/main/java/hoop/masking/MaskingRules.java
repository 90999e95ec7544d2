package hoop.masking;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Immutable description of what to mask and how; built by config code, compiled by {@link Masker#create}. */
public final class MaskingRules {
    private final Set<String> detectors;            // in registry order, so output never depends on config order
    private final Map<String, Style> styleOverrides;
    private final List<CustomPattern> patterns;
    private final Style defaultStyle;

    private MaskingRules(Set<String> detectors, Map<String, Style> overrides, List<CustomPattern> patterns,
                         Style defaultStyle) {
        this.detectors = detectors;
        this.styleOverrides = overrides;
        this.patterns = patterns;
        this.defaultStyle = defaultStyle;
    }

    public static MaskingRules of(List<String> detectorNames, Map<String, Style> styleOverrides,
                                  List<CustomPattern> patterns, Style defaultStyle) {
        Objects.requireNonNull(defaultStyle, "defaultStyle");
        Set<String> wanted = new LinkedHashSet<>(detectorNames == null ? List.of() : detectorNames);
        for (String name : wanted) {
            if (!Detectors.all().containsKey(name)) {
                throw new IllegalArgumentException("unknown masking detector '" + name + "'; known detectors: "
                        + String.join(", ", knownDetectors()));
            }
        }
        return new MaskingRules(inRegistryOrder(wanted),
                Map.copyOf(styleOverrides == null ? Map.of() : styleOverrides),
                List.copyOf(patterns == null ? List.of() : patterns), defaultStyle);
    }

    public static Set<String> knownDetectors() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(Detectors.all().keySet()));
    }

    /**
     * Union for several profiles on one connection. Where both profiles cover a name but disagree on the
     * style, the stricter style wins, so adding a profile can never reveal more than either alone.
     */
    public MaskingRules plus(MaskingRules other) {
        Set<String> names = new LinkedHashSet<>(detectors);
        names.addAll(other.detectors);
        List<CustomPattern> allPatterns = new ArrayList<>(patterns);
        allPatterns.addAll(other.patterns);

        Style mergedDefault = Style.stricter(defaultStyle, other.defaultStyle);
        Map<String, Style> merged = new HashMap<>();
        Set<String> styled = new LinkedHashSet<>(names);
        allPatterns.forEach(p -> styled.add(p.name()));
        for (String name : styled) {
            Style s = null;
            if (covers(name)) {
                s = styleFor(name);
            }
            if (other.covers(name)) {
                s = s == null ? other.styleFor(name) : Style.stricter(s, other.styleFor(name));
            }
            if (s != null && s != mergedDefault) {
                merged.put(name, s);
            }
        }
        return new MaskingRules(inRegistryOrder(names), Map.copyOf(merged), List.copyOf(allPatterns), mergedDefault);
    }

    Set<String> detectors() {
        return detectors;
    }

    List<CustomPattern> patterns() {
        return patterns;
    }

    Style styleFor(String name) {
        return styleOverrides.getOrDefault(name, defaultStyle);
    }

    boolean usesStyle(Style style) {
        return defaultStyle == style || styleOverrides.containsValue(style);
    }

    private boolean covers(String name) {
        return detectors.contains(name) || patterns.stream().anyMatch(p -> p.name().equals(name));
    }

    private static Set<String> inRegistryOrder(Collection<String> names) {
        Set<String> ordered = new LinkedHashSet<>();
        for (String known : Detectors.all().keySet()) {
            if (names.contains(known)) {
                ordered.add(known);
            }
        }
        return Collections.unmodifiableSet(ordered);
    }

    @Override
    public String toString() {
        return "MaskingRules" + detectors + " patterns=" + patterns.stream().map(CustomPattern::name).toList()
                + " default=" + defaultStyle + " overrides=" + styleOverrides;
    }
}
