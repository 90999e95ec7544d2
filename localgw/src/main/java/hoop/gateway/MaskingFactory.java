package hoop.gateway;

import hoop.config.ConfigException;
import hoop.config.MaskingConfig;
import hoop.masking.ColumnRules;
import hoop.masking.CustomPattern;
import hoop.masking.MaskingRules;
import hoop.masking.Style;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Masking profiles from config into rules; unknown detectors and styles are config errors with a location. */
final class MaskingFactory {
    private MaskingFactory() {}

    static MaskingRules rules(MaskingConfig cfg) {
        String field = "masking." + cfg.name();
        for (String d : cfg.detectors()) {
            if (!MaskingRules.knownDetectors().contains(d)) {
                throw new ConfigException(cfg.detectorLocations().getOrDefault(d, cfg.location()), field + ".detectors",
                        "unknown detector '" + d + "' (known: " + new java.util.TreeSet<>(MaskingRules.knownDetectors()) + ")");
            }
        }
        Map<String, Style> overrides = new LinkedHashMap<>();
        cfg.styles().forEach((d, s) -> overrides.put(d, style(s, cfg, field + ".detectors." + d + ".style")));
        List<CustomPattern> patterns = new ArrayList<>();
        for (var p : cfg.patterns()) patterns.add(new CustomPattern(p.name(), Pattern.compile(p.regex())));
        return MaskingRules.of(cfg.detectors(), overrides, patterns, style(cfg.style(), cfg, field + ".style"));
    }

    static ColumnRules columns(MaskingConfig cfg) {
        Map<String, Style> rules = new LinkedHashMap<>();
        cfg.columns().forEach((glob, s) -> rules.put(glob, style(s, cfg, "masking." + cfg.name() + ".columns." + glob)));
        return ColumnRules.of(rules);
    }

    private static Style style(String raw, MaskingConfig cfg, String field) {
        try {
            return Style.valueOf(raw.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(cfg.location(), field, "unknown style '" + raw + "' (expected redact, partial, hash)");
        }
    }
}
