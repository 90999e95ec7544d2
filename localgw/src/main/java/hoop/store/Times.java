package hoop.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Instants are stored as fixed-width UTC text: readable in the sqlite shell, exact to the nanosecond (the hash
 * depends on every digit), and sortable as plain strings, which Instant.toString's variable width is not.
 */
final class Times {

    private static final DateTimeFormatter FIXED =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Times() {
    }

    static String format(Instant t) {
        return t == null ? null : FIXED.format(t);
    }

    static Instant parse(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
