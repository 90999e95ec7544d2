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

    /** Written out by hand for the years anyone records in: the writer stamps every event, and the formatter was 7% of it. */
    static String format(Instant t) {
        if (t == null) return null;
        long secs = t.getEpochSecond();
        java.time.LocalDate day = java.time.LocalDate.ofEpochDay(Math.floorDiv(secs, 86_400));
        if (day.getYear() < 1000 || day.getYear() > 9999) return FIXED.format(t);
        int second = (int) Math.floorMod(secs, 86_400);
        char[] c = "0000-00-00T00:00:00.000000000Z".toCharArray();
        digits(c, 0, 4, day.getYear());
        digits(c, 5, 2, day.getMonthValue());
        digits(c, 8, 2, day.getDayOfMonth());
        digits(c, 11, 2, second / 3600);
        digits(c, 14, 2, second / 60 % 60);
        digits(c, 17, 2, second % 60);
        digits(c, 20, 9, t.getNano());
        return new String(c);
    }

    private static void digits(char[] c, int at, int width, int value) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    static Instant parse(String s) {
        return s == null ? null : Instant.parse(s);
    }

    /**
     * A time column of the current row. A damaged one (the file edited by hand or by another program) is named
     * with its row, since every reader (replay, sessions, audit) shows it to a person as the reason it stopped.
     */
    static Instant read(java.sql.ResultSet rs, int col) throws java.sql.SQLException {
        String s = rs.getString(col);
        try {
            return parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            var md = rs.getMetaData();
            throw new StoreException("damaged recording: " + md.getTableName(col) + "." + md.getColumnName(col) + " of the row whose "
                    + md.getColumnName(1) + " is " + rs.getString(1) + " holds '" + (s.length() > 40 ? s.substring(0, 40) + "..." : s)
                    + "', which is not a time", e);
        }
    }
}
