package hoop.masking;

import java.util.Arrays;
import java.util.Locale;

/** How a detected value is rewritten. */
public enum Style {
    REDACT, PARTIAL, HASH;

    /** Parses the config spelling ("redact", "partial", "hash"), ignoring case and surrounding blanks. */
    public static Style parse(String configValue) {
        if (configValue != null) {
            String wanted = configValue.strip().toUpperCase(Locale.ROOT);
            for (Style s : values()) {
                if (s.name().equals(wanted)) {
                    return s;
                }
            }
        }
        throw new IllegalArgumentException("unknown masking style '" + configValue + "'; expected one of "
                + Arrays.stream(values()).map(s -> s.name().toLowerCase(Locale.ROOT)).toList());
    }

    /**
     * When two profiles disagree on a style, the one revealing less wins:
     * REDACT reveals nothing, HASH reveals equality, PARTIAL reveals the last characters.
     */
    public static Style stricter(Style a, Style b) {
        return a.secrecy() >= b.secrecy() ? a : b;
    }

    /**
     * Whether the style shows something of the value (its tail, its equality with another): of a column's own values
     * that is the point; of a value computed from one or chosen by the client ({@code substr(email, 1, 1)}, {@code 'b'
     * AS email}), the client picks what to compare or see, so such values are redacted.
     */
    public boolean reveals() {
        return this != REDACT;
    }

    private int secrecy() {
        return switch (this) {
            case REDACT -> 2;
            case HASH -> 1;
            case PARTIAL -> 0;
        };
    }
}
