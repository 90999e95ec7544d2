package hoop.protocol.awshttp;

import hoop.core.AwsCredentials;
import hoop.core.SigV4;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The first bytes of an object read from elsewhere than its start (a byte range past the margin, a part other than
 * the first): only they tell a compressed object (xz, bzip2, zip, gzip...) from plain binary. Without them the middle
 * of a compressed object passed as binary, its text masked in place where there is none to see, and whoever joined
 * the pieces decompressed what hoop never read. The read is bound to the object it saw by its ETag (If-Match on the
 * read that follows), so another object put under the key in between is not served by it.
 */
final class ObjectHead {
    /** What was read: the object's first bytes, its ETag (null when it sent none) and its length (-1 when unknown). */
    record Head(byte[] bytes, String etag, long length) {}

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    /** The request headers that pick or unlock the same object's bytes: an SSE-C key, who pays, whose bucket, which version. */
    private static final Set<String> KEPT = Set.of("x-amz-server-side-encryption-customer-algorithm",
            "x-amz-server-side-encryption-customer-key", "x-amz-server-side-encryption-customer-key-md5", "x-amz-request-payer",
            "x-amz-expected-bucket-owner", "if-match", "if-none-match", "if-modified-since", "if-unmodified-since");
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private ObjectHead() {}

    /**
     * Whether a GET's answer may begin elsewhere than at the object's start: a Range the margin does not widen to
     * byte 0 (a suffix, a start past it, one hoop cannot read), or a part other than the first.
     */
    static boolean needed(String method, Map<String, List<String>> headers, String rawQuery, ByteRanges.Asked asked) {
        if (!method.equals("GET")) return false;
        Map<String, String> q;
        try {
            q = AwsCalls.query(rawQuery == null ? "" : rawQuery);
        } catch (IllegalArgumentException e) {
            return true;
        }
        String part = q.get("partNumber");
        if (part != null && !part.equals("1")) return true;
        if (!headers.containsKey("range")) return false;
        return asked == null || asked.first() < 0 || asked.first() > ByteRanges.MARGIN;
    }

    /** The client's query cut to the version it names: the object itself, read without the client's other parameters. */
    private static String versionOnly(String rawQuery) {
        List<String> kept = new ArrayList<>();
        for (String kv : rawQuery == null || rawQuery.isEmpty() ? new String[0] : rawQuery.split("&")) {
            if (kv.startsWith("versionId=")) kept.add(kv);
        }
        return String.join("&", kept);
    }

    /** The object's first SNIFF bytes as the upstream holds them, or null when it did not give them. */
    static Head read(SigV4 sigv4, URI base, String path, String rawQuery, Map<String, List<String>> headers, AwsCredentials creds,
                     String region, Instant now) {
        String query = versionOnly(rawQuery);
        Map<String, List<String>> sent = new LinkedHashMap<>();
        headers.forEach((k, v) -> {
            if (KEPT.contains(k)) sent.put(k, v);
        });
        sent.put("range", List.of("bytes=0-" + (hoop.core.Compressed.SNIFF - 1)));
        List<String> signedToo = new ArrayList<>(sent.keySet().stream().filter(h -> h.startsWith("x-amz-")).toList());
        SigV4.Signed signed = sigv4.sign(new SigV4.Request("GET", path, query, sent), base.getRawAuthority(), signedToo, EMPTY_SHA256,
                creds, region, "s3", now);
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base.getScheme() + "://" + base.getRawAuthority() + path
                + (query.isEmpty() ? "" : "?" + query))).timeout(Duration.ofSeconds(30)).GET();
        sent.forEach((k, v) -> v.forEach(value -> req.header(k, value)));
        signed.headers().forEach(req::header);
        try {
            HttpResponse<InputStream> res = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = res.body()) {
                if (res.statusCode() != 200 && res.statusCode() != 206) return null;
                return new Head(in.readNBytes(hoop.core.Compressed.SNIFF), res.headers().firstValue("etag").orElse(null), length(res));
            }
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The object's real ETag by a HEAD with the headers that pick or unlock it (SSE-C, payer, owner; not the client's
     * conditions), or null when the server gave none (no such object, no access).
     */
    static String etag(SigV4 sigv4, URI base, String path, String rawQuery, Map<String, List<String>> headers, AwsCredentials creds,
                       String region, Instant now) {
        String query = versionOnly(rawQuery);
        Map<String, List<String>> sent = new LinkedHashMap<>();
        headers.forEach((k, v) -> {
            if (KEPT.contains(k) && k.startsWith("x-amz-")) sent.put(k, v);
        });
        List<String> signedToo = new ArrayList<>(sent.keySet());
        SigV4.Signed signed = sigv4.sign(new SigV4.Request("HEAD", path, query, sent), base.getRawAuthority(), signedToo, EMPTY_SHA256,
                creds, region, "s3", now);
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base.getScheme() + "://" + base.getRawAuthority() + path
                + (query.isEmpty() ? "" : "?" + query))).timeout(Duration.ofSeconds(30)).method("HEAD", HttpRequest.BodyPublishers.noBody());
        sent.forEach((k, v) -> v.forEach(value -> req.header(k, value)));
        signed.headers().forEach(req::header);
        try {
            HttpResponse<Void> res = HTTP.send(req.build(), HttpResponse.BodyHandlers.discarding());
            return res.statusCode() == 200 ? res.headers().firstValue("etag").orElse(null) : null;
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The whole object's length: after the '/' of a 206's Content-Range, or a 200's Content-Length; -1 when neither says it. */
    private static long length(HttpResponse<?> res) {
        try {
            if (res.statusCode() == 206) {
                String range = res.headers().firstValue("content-range").orElse("");
                return Long.parseLong(range.substring(range.lastIndexOf('/') + 1).trim());
            }
            return res.headers().firstValueAsLong("content-length").orElse(-1);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The compressed format bytes begin with (gzip among them), or null. */
    static String compressed(byte[] bytes) {
        return bytes == null ? null : hoop.core.Compressed.formatOrGzip(bytes, 0, bytes.length);
    }
}
