package hoop.protocol.awshttp;

import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A body read whole because it names its call (query protocol Action, JSON parameters, DeleteObjects' keys), as
 * the service reads it. hoop names the call by these bytes, so they must be the bytes the service reads: an
 * aws-chunked body was named by its framing ("3\r\nAct\r\n1b\r\nion=DeleteQueue..." holds no Action) and forwarded
 * decoded, where ElasticMQ took Action=DeleteQueue from it over the ListQueues hoop judged from the URL. A
 * compressed body (the SDKs gzip large query calls, CloudWatch's PutMetricData) is named and forwarded as what
 * it inflates to, so whatever the service does with Content-Encoding it reads what hoop named. hoop reads the
 * bytes as UTF-8: a body whose type names another charset is refused.
 */
final class NamingBody {
    private static final java.util.regex.Pattern CHARSET = java.util.regex.Pattern.compile("(?i)charset\\s*=\\s*\"?([^\\s\";,]*)");
    private static final java.util.Set<String> UTF8 = java.util.Set.of("utf-8", "utf8", "us-ascii");

    private NamingBody() {}

    /** The body as forwarded and named; headers without the Content-Encoding hoop undid. */
    record Plain(byte[] body, Map<String, List<String>> headers, boolean decoded) {}

    /** Throws IllegalArgumentException for a body hoop cannot read as the service would. */
    static Plain of(byte[] body, Map<String, List<String>> headers, String payloadHash, int max) {
        if (payloadHash != null && payloadHash.startsWith("STREAMING-")) {
            throw new IllegalArgumentException("a call named by its body cannot come aws-chunked (" + payloadHash + "): send the body whole");
        }
        String type = AwsCalls.first(headers, "content-type");
        java.util.regex.Matcher cs = type == null ? null : CHARSET.matcher(type);
        if (cs != null && cs.find() && !UTF8.contains(cs.group(1).toLowerCase(Locale.ROOT))) {
            // Read as UTF-8 here, a form in UTF-16 held no Action hoop could see; a server decoding by the charset does.
            throw new IllegalArgumentException("a call named by its body is read as UTF-8, not as charset " + cs.group(1));
        }
        List<String> codings = new ArrayList<>();
        for (String v : headers.getOrDefault("content-encoding", List.of())) {
            for (String c : v.split(",")) {
                String t = c.trim().toLowerCase(Locale.ROOT);
                if (!t.isEmpty() && !t.equals("identity")) codings.add(t);
            }
        }
        if (codings.isEmpty()) return new Plain(body, headers, false);
        ContentCoding coding = codings.size() == 1 ? ContentCoding.of(codings.get(0)) : null;
        if (coding == null) throw new IllegalArgumentException("a call named by its body cannot come in Content-Encoding " + String.join(", ", codings));
        byte[] plain;
        try {
            plain = coding.decode(Unpooled.wrappedBuffer(body));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the body does not inflate as its Content-Encoding says");
        } finally {
            coding.close();
        }
        if (plain.length > max) throw new IllegalArgumentException("the body inflates to more than " + max + " bytes");
        Map<String, List<String>> rest = new java.util.LinkedHashMap<>(headers);
        rest.remove("content-encoding");
        return new Plain(plain, rest, true);
    }
}
