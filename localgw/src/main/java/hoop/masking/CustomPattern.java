package hoop.masking;

import java.util.Objects;
import java.util.regex.Pattern;

/** An operator-supplied regex; its whole match is replaced and labelled with the upper-cased name. */
public record CustomPattern(String name, Pattern regex) {
    public CustomPattern {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(regex, "regex");
        if (name.isBlank()) {
            throw new IllegalArgumentException("custom pattern name must not be blank");
        }
    }
}
