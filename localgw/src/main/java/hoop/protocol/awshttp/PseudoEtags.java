package hoop.protocol.awshttp;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An S3 ETag of a single-part object is the MD5 of its body: beside a masked body (HeadObject, a listing, a copy's
 * result) it confirmed guesses of what was masked offline (an SSN is 10^9 MD5s). Every such ETag hoop answers is a
 * keyed stand-in instead (hoop.core.StandIns: HMAC-SHA256 under a key drawn at start and never kept, shared with
 * `hoop exec`), cut to 32 hex digits and quoted as the real one was, so clients still see a stable ETag of the same shape. A multipart ETag ("...-N") is an MD5 of
 * MD5s and stays. One a client sends back (If-Match, a copy's source condition, a completion's part) is translated
 * to the real one, which hoop must have read (a HEAD, the part's own answer): it cannot invert its stand-in.
 */
final class PseudoEtags {
    /** Which ETags of an answer are replaced: none (PutObject and UploadPart: the client checks them against what it sent), its headers only (an object's body is the writer's bytes), or headers and S3's XML documents too. */
    enum Mode { NONE, HEADERS, ALL }

    /**
     * How one answer's digests are shown: its ETags by mode; real, when not null, hears the real ETag a 200 answer gave
     * (a part's, kept for its completion); messages: an SQS ReceiveMessage's, whose MD5OfBody is made the masked body's
     * (MessageDigests).
     */
    record Answer(Mode mode, java.util.function.Consumer<String> real, boolean messages) {
        static final Answer NONE = new Answer(Mode.NONE, null, false);

        Answer(Mode mode, java.util.function.Consumer<String> real) {
            this(mode, real, false);
        }
    }

    private static final Pattern SINGLE = Pattern.compile("(\"?)([0-9a-fA-F]{32})(\"?)");
    /** An ETag element as S3 writes it: quotes as entities (AWS), as they are (s3proxy), or none (GetObjectAttributes). */
    private static final Pattern ELEMENT = Pattern.compile("<ETag>(&quot;|&#34;|&#x22;|\")?([0-9a-fA-F]{32})(&quot;|&#34;|&#x22;|\")?</ETag>");
    /**
     * A checksum element (GetObjectAttributes, ListParts, a copy's or a completion's result) holding one digest of the
     * bytes: a CRC of a short masked object is solved outright. A composite one ("...-N") is a checksum of checksums.
     */
    private static final Pattern CHECKSUM = Pattern.compile("<(Checksum(?:CRC32C?|CRC64NVME|SHA1|SHA256))>([A-Za-z0-9+/]+={0,2})</\\1>");

    private PseudoEtags() {}

    /**
     * The stand-in for a checksum value (base64 of its bytes), of the same shape; the same `hoop exec` shows. A value that
     * is not base64 is no digest and stays.
     */
    static String checksum(String base64) {
        try {
            return hoop.core.StandIns.checksum(base64, java.util.Base64.getDecoder().decode(base64.trim()).length);
        } catch (IllegalArgumentException notBase64) {
            return base64;
        }
    }

    /** The stand-in for 32 hex digits (lowercase, as S3 writes them); the same `hoop exec` shows (StandIns). */
    static String of(String hex) {
        return hoop.core.StandIns.md5(hex);
    }

    /** An ETag header value as the client is shown it: a single-part one's stand-in, anything else as it came. */
    static String shown(String etag) {
        if (etag == null) return null;
        Matcher m = SINGLE.matcher(etag.trim());
        if (!m.matches() || m.group(1).length() != m.group(3).length()) return etag;
        return m.group(1) + of(m.group(2)) + m.group(3);
    }

    /** An S3 XML answer with each single-part ETag replaced; real, when not null, is told each real one replaced. */
    static String xml(String doc, java.util.function.Consumer<String> real) {
        Matcher m = ELEMENT.matcher(doc);
        StringBuilder out = new StringBuilder(doc.length());
        while (m.find()) {
            String open = m.group(1) == null ? "" : m.group(1), close = m.group(3) == null ? "" : m.group(3);
            if (real != null) real.accept("\"" + m.group(2) + "\"");
            m.appendReplacement(out, Matcher.quoteReplacement("<ETag>" + open + of(m.group(2)) + close + "</ETag>"));
        }
        m.appendTail(out);
        Matcher c = CHECKSUM.matcher(out);
        StringBuilder shown = new StringBuilder(out.length());
        while (c.find()) {
            c.appendReplacement(shown, Matcher.quoteReplacement("<" + c.group(1) + ">" + checksum(c.group(2)) + "</" + c.group(1) + ">"));
        }
        c.appendTail(shown);
        return shown.toString();
    }

    /** Whether etag (as a client sends it: quoted or not) is the stand-in shown for real. */
    static boolean standsFor(String etag, String real) {
        return real != null && unquoted(etag.trim()).equalsIgnoreCase(unquoted(shown(real)));
    }

    /**
     * A condition's ETag list (If-Match, If-None-Match, x-amz-copy-source-if-...) as the server must get it: each value
     * the client could only have from hoop (the shown form of real) becomes real, "*" stays, and any other value one
     * that matches nothing. Passed as sent, the real MD5 of a guess in If-Match answered 200 or 412: the oracle again.
     * real: the object's real ETag, or null when it could not be read (then nothing but "*" can match).
     */
    static String condition(String value, String real) {
        String shown = real == null ? null : shown(real);
        List<String> out = new ArrayList<>();
        for (String v : value.split(",")) {
            String t = v.trim();
            if (t.isEmpty()) continue;
            if (t.equals("*")) out.add(t);
            else if (shown != null && unquoted(t).equalsIgnoreCase(unquoted(shown))) out.add(real);
            else out.add("\"hoop-unmatched\"");
        }
        return String.join(", ", out);
    }

    private static String unquoted(String etag) {
        String t = etag.startsWith("W/") ? etag.substring(2) : etag;
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }
}
