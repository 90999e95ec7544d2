package hoop.protocol.awshttp;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An object read in byte ranges (the aws CLI and the SDKs' transfer managers download a large object in 8 MiB
 * ranges, and ranges read one after another spell an object piece by piece): each piece alone may hold part of a
 * secret that no detector recognizes. So a GetObject's range is asked of the upstream with MARGIN bytes more on each
 * side, masked with that context in view keeping every offset, and cut back to what the client asked for.
 */
final class ByteRanges {
    static final int MARGIN = 16 << 10;
    /** One range: bytes=first-last, bytes=first- or bytes=-suffix (S3 serves no other). */
    private static final Pattern SPEC = Pattern.compile("\\s*bytes\\s*=\\s*(?:(\\d{1,18})\\s*-\\s*(\\d{0,18})|-\\s*(\\d{1,18}))\\s*");
    private static final Pattern CONTENT_RANGE = Pattern.compile("\\s*bytes\\s+(\\d{1,18})-(\\d{1,18})/(\\d{1,18})\\s*");

    /** What the client asked for: first (-1 for a suffix) and last (-1 to the end), or the suffix's length. */
    record Asked(long first, long last, long suffix) {
        /** The header asking the upstream for this range with the margin around it. */
        String widened() {
            if (first < 0) return "bytes=-" + (suffix + MARGIN);
            return "bytes=" + Math.max(0, first - MARGIN) + "-" + (last < 0 ? "" : String.valueOf(last + MARGIN));
        }

        /**
         * Where the client's range lies in the upstream's answer, given its Content-Range; null when that header
         * cannot be read or does not hold the client's range.
         */
        Window in(String contentRange) {
            Matcher m = contentRange == null ? null : CONTENT_RANGE.matcher(contentRange);
            if (m == null || !m.matches()) return null;
            long from = Long.parseLong(m.group(1)), to = Long.parseLong(m.group(2)), total = Long.parseLong(m.group(3));
            long a = first < 0 ? Math.max(0, total - suffix) : first;
            long b = last < 0 ? total - 1 : Math.min(last, total - 1);
            if (to >= total || from > to) return null;
            if (a > b) return new Window(0, 0, a, total);  // not satisfiable for the client, though the widened range was
            if (a < from || b > to) return null;
            return new Window(a - from, b - a + 1, a, total);
        }
    }

    /** Skip bytes of the upstream's answer, then keep length bytes: the object's from first on, of total. */
    record Window(long skip, long length, long first, long total) {
        boolean satisfiable() {
            return length > 0;
        }

        String contentRange() {
            return "bytes " + first + "-" + (first + length - 1) + "/" + total;
        }
    }

    /** Where in the object an answer's Content-Range begins, or -1 when it cannot be read. */
    static long from(String contentRange) {
        Matcher m = contentRange == null ? null : Pattern.compile("\\s*bytes\\s+(\\d{1,18})-\\d{1,18}/(?:\\d{1,18}|\\*)\\s*").matcher(contentRange);
        return m != null && m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /** The client's one range, or null for none or anything else (several ranges, another unit). */
    static Asked parse(String range) {
        if (range == null) return null;
        Matcher m = SPEC.matcher(range);
        if (!m.matches()) return null;
        if (m.group(3) != null) {
            long suffix = Long.parseLong(m.group(3));
            return suffix == 0 ? null : new Asked(-1, -1, suffix);
        }
        long first = Long.parseLong(m.group(1));
        long last = m.group(2).isEmpty() ? -1 : Long.parseLong(m.group(2));
        return last >= 0 && last < first ? null : new Asked(first, last, 0);
    }

    /**
     * The range of an S3 GET carrying Range headers, which hoop widens; refused (InvalidRequest) when hoop cannot
     * widen it: several Range headers (a server may serve the first, unwidened), one hoop cannot read (a server may
     * still read a range in it), or a range of one part (?partNumber, which S3 itself refuses beside a Range and a
     * server ignoring it serves as the plain range). A range served unwidened passes a piece of a secret in binary
     * content that no detector recognizes, and the next range the rest of it.
     */
    static Asked readable(java.util.List<String> ranges, String rawQuery) {
        java.util.Map<String, String> q;
        try {
            q = AwsCalls.query(rawQuery == null ? "" : rawQuery);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("InvalidRequest: " + e.getMessage());
        }
        if (q.containsKey("partNumber")) throw new IllegalArgumentException("InvalidRequest: Cannot specify both Range header and partNumber query parameter");
        if (ranges.size() != 1) throw new IllegalArgumentException("InvalidRequest: hoop reads one Range header, not " + ranges.size());
        Asked asked = parse(ranges.get(0));
        if (asked == null) throw new IllegalArgumentException("InvalidRequest: hoop reads one range of bytes=first-last, bytes=first- or bytes=-suffix");
        return asked;
    }
}
