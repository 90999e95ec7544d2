package hoop.config;

import java.util.List;
import java.util.Map;

/** A masking profile as written; the masking package turns it into rules. columns: name glob to style. */
public record MaskingConfig(String name, List<String> detectors, Map<String, String> styles,
                            List<PatternConfig> patterns, String style, Location location,
                            Map<String, Location> detectorLocations, Map<String, String> columns) {
    public record PatternConfig(String name, String regex, Location location) {}
}
