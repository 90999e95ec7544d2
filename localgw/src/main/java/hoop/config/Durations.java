package hoop.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** "500ms", "30s", "15m", "1h", "2d": the one duration syntax of config files and the command line. */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {}

    /**
     * Empty when the text is not a duration; callers word the error for where it was written. A duration must fit in
     * milliseconds: timers and deadlines are computed in them, and a value past that overflowed where it was used.
     */
    public static Optional<Duration> parse(String raw) {
        Matcher m = DURATION.matcher(raw == null ? "" : raw.trim());
        if (!m.matches()) return Optional.empty();
        try {
            long v = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(v);
                case "s" -> Duration.ofSeconds(v);
                case "m" -> Duration.ofMinutes(v);
                case "h" -> Duration.ofHours(v);
                default -> Duration.ofDays(v);
            };
            d.toMillis();
            return Optional.of(d);
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
    }
}
