package hoop.protocol.awshttp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * S3 listings asked for with {@code encoding-type=url} (the aws CLI always asks) carry keys and prefixes
 * percent-encoded, and the client decodes them to show: {@code users/ops%40example.com} is no email to a detector
 * but is one on screen. A listing is held whole (a page is at most 1,000 keys), and each encoded value is masked
 * as the text it decodes to, then encoded again; values with nothing to mask stay as the server sent them.
 */
final class EncodedListing {
    /** A page of 1,000 keys of 1 KiB each is about 1.4 MB: anything far larger is refused, not passed unread. */
    static final int MAX_BYTES = 16 << 20;
    private static final Pattern ROOT = Pattern.compile("<List[A-Za-z]*Result[\\s>]");
    private static final Pattern ENCODED = Pattern.compile("<EncodingType>\\s*url\\s*</EncodingType>", Pattern.CASE_INSENSITIVE);
    /** The elements S3 encodes (ListObjects, ListObjectsV2, ListObjectVersions, ListMultipartUploads). */
    private static final Pattern VALUE = Pattern.compile(
            "<(Key|Prefix|Delimiter|StartAfter|Marker|NextMarker|KeyMarker|NextKeyMarker)>([^<]*)</\\1>");

    /** S3's answers that carry ETags: the listings, a copy's result, an object's attributes, a completion's result. */
    private static final Pattern ETAG_ROOT = Pattern.compile(
            "<(List[A-Za-z]*Result|CopyObjectResult|CopyPartResult|GetObjectAttributes[A-Za-z]*|CompleteMultipartUploadResult)[\\s>]");

    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    /** Its ETags are shown as PseudoEtags stand-ins. */
    private final boolean etags;
    /** Told the real ETags replaced, when not null. */
    private final java.util.function.Consumer<String> real;

    private EncodedListing(boolean etags, java.util.function.Consumer<String> real) {
        this.etags = etags;
        this.real = real;
    }

    /**
     * A holder for this body when its first bytes open a listing (or, with etags, any S3 answer carrying ETags, which
     * are replaced by their stand-ins), else null.
     */
    static EncodedListing of(byte[] head, boolean etags, java.util.function.Consumer<String> real) {
        String start = new String(head, 0, Math.min(head.length, 512), StandardCharsets.ISO_8859_1);
        return (etags ? ETAG_ROOT : ROOT).matcher(start).find() ? new EncodedListing(etags, real) : null;
    }

    /** A holder for any answer that is masked whole (its parts depend on each other). */
    static EncodedListing whole() {
        return new EncodedListing(false, null);
    }

    /** False once the listing is larger than any page S3 sends. */
    boolean add(byte[] data) {
        if (held.size() + data.length > MAX_BYTES) return false;
        held.writeBytes(data);
        return true;
    }

    byte[] masked(UnaryOperator<String> mask) {
        String xml = held.toString(StandardCharsets.UTF_8);
        if (etags) xml = PseudoEtags.xml(xml, real);
        if (!ENCODED.matcher(xml).find()) return xml.getBytes(StandardCharsets.UTF_8);
        Matcher m = VALUE.matcher(xml);
        StringBuilder out = new StringBuilder(xml.length());
        while (m.find()) {
            String decoded = decode(m.group(2));
            String value = m.group(2);
            if (decoded != null) {
                String masked = mask.apply(decoded);
                if (!masked.equals(decoded)) value = encode(masked);
            }
            m.appendReplacement(out, Matcher.quoteReplacement("<" + m.group(1) + ">" + value + "</" + m.group(1) + ">"));
        }
        m.appendTail(out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** As the aws CLI decodes (unquote_plus): '+' is a space, %XX a byte of UTF-8; null when it does not decode. */
    static String decode(String s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                b.write(' ');
            } else if (c == '%') {
                if (i + 2 >= s.length()) return null;
                int hi = Character.digit(s.charAt(i + 1), 16), lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) return null;
                b.write(hi * 16 + lo);
                i += 2;
            } else {
                b.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    /** Unreserved characters and '/' as they are, a space as '+', every other byte as %XX. */
    static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
                    || c == '~' || c == '/') {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
