package hoop.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** "30s", "15m", "1h", "2d" on the command line. */
final class Durations {
    private static final Pattern P = Pattern.compile("(\\d+)(s|m|h|d)");

    private Durations() {}

    static Duration parse(String s) {
        Matcher m = P.matcher(s.trim());
        if (!m.matches()) throw new CliException(ExitCodes.USAGE, "expected a duration like 30m, 1h, 2d (got '" + s + "')");
        long v = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(v);
            case "m" -> Duration.ofMinutes(v);
            case "h" -> Duration.ofHours(v);
            default -> Duration.ofDays(v);
        };
    }
}
