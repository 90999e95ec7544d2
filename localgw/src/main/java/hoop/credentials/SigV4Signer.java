package hoop.credentials;

import hoop.core.AwsCredentials;
import hoop.core.SigV4;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** SigV4 after AWS's specification (Signature Version 4 signing process, and its S3 chunked-upload variant). */
public final class SigV4Signer implements SigV4 {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Override
    public Signature parse(Request r) {
        String auth = first(r, "authorization");
        List<String[]> query = AwsUri.query(r.rawQuery());
        if (auth != null && query.stream().anyMatch(kv -> kv[0].equals("X-Amz-Signature") || kv[0].equals("X-Amz-Algorithm"))) {
            // AWS refuses two ways of signing one request; hoop checked the header and forwarded without the query's.
            throw new IllegalArgumentException("only one auth mechanism allowed: an Authorization header or a presigned query");
        }
        if (auth != null) {
            if (!auth.startsWith(ALGORITHM + " ")) throw new IllegalArgumentException("only " + ALGORITHM + " signatures are accepted");
            Map<String, String> parts = new LinkedHashMap<>();
            for (String p : auth.substring(ALGORITHM.length() + 1).split(",")) {
                int eq = p.indexOf('=');
                if (eq > 0) parts.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
            }
            return signature(parts.get("Credential"), first(r, "x-amz-date"), parts.get("SignedHeaders"), parts.get("Signature"),
                    first(r, "x-amz-content-sha256"), false, 0);
        }
        Map<String, String> q = new LinkedHashMap<>();
        for (String[] kv : query) {
            if (SigV4.isPresignParam(kv[0]) && q.containsKey(kv[0])) throw new IllegalArgumentException(kv[0] + " is given twice");
            q.put(kv[0], kv[1]);
        }
        if (!ALGORITHM.equals(q.get("X-Amz-Algorithm"))) throw new IllegalArgumentException("the request is not signed");
        long expires;
        try {
            expires = Long.parseLong(q.getOrDefault("X-Amz-Expires", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("X-Amz-Expires is not a number");
        }
        if (expires < 1 || expires > 604800) throw new IllegalArgumentException("X-Amz-Expires must be 1 to 604800 seconds");
        // Only S3 signs a presigned URL's payload as UNSIGNED-PAYLOAD; every other service signs the body's hash (the
        // SDKs sign an empty one): taken as unsigned, the body of a URL presigned for sqs (its Action and parameters)
        // was anyone's to choose who held the URL.
        String credential = q.get("X-Amz-Credential");
        boolean s3 = credential != null && credential.split("/").length == 5 && credential.split("/")[3].equals("s3");
        return signature(credential, q.get("X-Amz-Date"), q.get("X-Amz-SignedHeaders"), q.get("X-Amz-Signature"),
                s3 ? "UNSIGNED-PAYLOAD" : null, true, expires);
    }

    private static Signature signature(String credential, String amzDate, String signedHeaders, String sig, String payload,
                                       boolean presigned, long expires) {
        if (credential == null || amzDate == null || signedHeaders == null || sig == null) {
            throw new IllegalArgumentException("the signature is missing Credential, SignedHeaders, Signature or the date");
        }
        String[] c = credential.split("/");
        if (c.length != 5 || !"aws4_request".equals(c[4])) throw new IllegalArgumentException("malformed Credential " + credential);
        return new Signature(c[0], c[1], c[2], c[3], amzDate, List.of(signedHeaders.split(";")), sig, payload, presigned, expires);
    }

    @Override
    public String check(Request r, Signature s, String bodySha256Hex, String secret, Instant now) {
        Instant at;
        try {
            at = Instant.from(AMZ_DATE.parse(s.amzDate()));
        } catch (RuntimeException e) {
            return "X-Amz-Date is not a date: " + s.amzDate();
        }
        if (!s.amzDate().startsWith(s.date())) return "the credential's date is not the request's date";
        if (at.isAfter(now.plus(SKEW))) return "RequestTimeTooSkewed";
        if (s.presigned() ? now.isAfter(at.plusSeconds(s.expiresSeconds())) : at.isBefore(now.minus(SKEW))) {
            return s.presigned() ? "Request has expired" : "RequestTimeTooSkewed";
        }
        if (!s.signedHeaders().contains("host")) return "the host header must be signed";
        // As S3 answers (HeadersNotSigned): an x-amz-* header names or changes the call (x-amz-target, x-amz-copy-source,
        // x-amz-acl), and one added to a presigned URL, which anyone holding it may send, made its PUT a copy.
        for (String h : r.headers().keySet()) {
            String name = h.toLowerCase(java.util.Locale.ROOT);
            if (name.startsWith("x-amz-") && s.signedHeaders().stream().noneMatch(name::equalsIgnoreCase)) {
                return "there were headers present in the request which were not signed: " + name;
            }
        }
        String payload = s.payloadHash() != null ? s.payloadHash() : bodySha256Hex;
        String canonical = canonicalRequest(r, r.headers(), s.signedHeaders(), payload, s.service(), s.presigned());
        String expected = sign(secret, s.date(), s.region(), s.service(), stringToSign(s.amzDate(), s.scope(), canonical));
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), s.signature().getBytes(StandardCharsets.US_ASCII))
                ? null : "SignatureDoesNotMatch";
    }

    @Override
    public Signed sign(Request r, String host, List<String> extraSigned, String payloadHash, AwsCredentials creds, String region,
                       String service, Instant now) {
        String amzDate = AMZ_DATE.format(now);
        String date = amzDate.substring(0, 8);
        Map<String, String> add = new LinkedHashMap<>();
        add.put("host", host);
        add.put("x-amz-content-sha256", payloadHash);
        add.put("x-amz-date", amzDate);
        if (creds.sessionToken() != null) add.put("x-amz-security-token", creds.sessionToken());
        Map<String, List<String>> headers = new LinkedHashMap<>(r.headers());
        add.forEach((k, v) -> headers.put(k, List.of(v)));
        TreeSet<String> signed = new TreeSet<>(add.keySet());
        signed.addAll(extraSigned);
        List<String> names = List.copyOf(signed);
        Request bare = new Request(r.method(), r.rawPath(), withoutPresign(r.rawQuery()), headers);
        String canonical = canonicalRequest(bare, headers, names, payloadHash, service, false);
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String sig = sign(creds.secretAccessKey(), date, region, service, stringToSign(amzDate, scope, canonical));
        add.remove("host");
        add.put("authorization", ALGORITHM + " Credential=" + creds.accessKeyId() + "/" + scope + ", SignedHeaders="
                + String.join(";", names) + ", Signature=" + sig);
        return new Signed(add, amzDate, scope, sig);
    }

    @Override
    public String chunkSignature(String secret, String amzDate, String scope, String previous, byte[] chunkSha256) {
        String[] s = scope.split("/");
        String toSign = "AWS4-HMAC-SHA256-PAYLOAD\n" + amzDate + "\n" + scope + "\n" + previous + "\n" + EMPTY_SHA256 + "\n"
                + HexFormat.of().formatHex(chunkSha256);
        return sign(secret, s[0], s[1], s[2], toSign);
    }

    @Override
    public String trailerSignature(String secret, String amzDate, String scope, String previous, byte[] trailersSha256) {
        String[] s = scope.split("/");
        String toSign = "AWS4-HMAC-SHA256-TRAILER\n" + amzDate + "\n" + scope + "\n" + previous + "\n" + HexFormat.of().formatHex(trailersSha256);
        return sign(secret, s[0], s[1], s[2], toSign);
    }

    @Override
    public ChunkChain chunkChain(String secret, String amzDate, String scope) {
        String[] s = scope.split("/");
        byte[] key = signingKey(secret, s[0], s[1], s[2]);
        Mac mac;
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        String head = "\n" + amzDate + "\n" + scope + "\n";
        return new ChunkChain() {
            @Override
            public String chunk(String previous, byte[] chunkSha256) {
                return sign("AWS4-HMAC-SHA256-PAYLOAD" + head + previous + "\n" + EMPTY_SHA256 + "\n" + HexFormat.of().formatHex(chunkSha256));
            }

            @Override
            public String trailer(String previous, byte[] trailersSha256) {
                return sign("AWS4-HMAC-SHA256-TRAILER" + head + previous + "\n" + HexFormat.of().formatHex(trailersSha256));
            }

            private String sign(String toSign) {
                return HexFormat.of().formatHex(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
            }
        };
    }

    /** The query without presigning parameters, as it goes upstream. */
    public static String withoutPresign(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) return rawQuery;
        List<String> kept = new ArrayList<>();
        for (String kv : rawQuery.split("&")) {
            String name = AwsUri.decode(kv.contains("=") ? kv.substring(0, kv.indexOf('=')) : kv);
            if (!SigV4.isPresignParam(name)) kept.add(kv);
        }
        return String.join("&", kept);
    }

    static String canonicalRequest(Request r, Map<String, List<String>> headers, List<String> signedHeaders, String payloadHash,
                                   String service, boolean presigned) {
        StringBuilder sb = new StringBuilder(r.method()).append('\n');
        String path = r.rawPath().isEmpty() ? "/" : r.rawPath();
        // S3 signs the path encoded once; every other service signs it encoded twice.
        String once = AwsUri.encode(AwsUri.decode(path), true);
        sb.append(service.equals("s3") ? once : AwsUri.encode(once, true)).append('\n');
        List<String[]> q = new ArrayList<>();
        for (String[] kv : AwsUri.query(r.rawQuery())) {
            if (presigned && kv[0].equals("X-Amz-Signature")) continue;
            q.add(new String[] {AwsUri.encode(kv[0], false), AwsUri.encode(kv[1], false)});
        }
        q.sort(Comparator.<String[], String>comparing(a -> a[0]).thenComparing(a -> a[1]));
        for (int i = 0; i < q.size(); i++) sb.append(i == 0 ? "" : "&").append(q.get(i)[0]).append('=').append(q.get(i)[1]);
        sb.append('\n');
        for (String h : signedHeaders) {
            List<String> values = headers.getOrDefault(h, List.of());
            List<String> trimmed = values.stream().map(v -> SPACES.matcher(v.trim()).replaceAll(" ")).toList();
            sb.append(h).append(':').append(String.join(",", trimmed)).append('\n');
        }
        return sb.append('\n').append(String.join(";", signedHeaders)).append('\n').append(payloadHash).toString();
    }

    private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("\\s+");

    static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + HexFormat.of().formatHex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    }

    static String sign(String secret, String date, String region, String service, String stringToSign) {
        return HexFormat.of().formatHex(hmac(signingKey(secret, date, region, service), stringToSign));
    }

    /**
     * Derived keys change once a day per credential, region and service, and every request hoop checks and re-signs
     * needed two (four HMACs each): kept for the few credentials a gateway holds at once, dropped wholesale when
     * many come and go (pseudo credentials of short sessions), so the map cannot grow.
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, byte[]> KEYS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_KEYS = 1024;

    private static byte[] signingKey(String secret, String date, String region, String service) {
        String id = date + '/' + region + '/' + service + '/' + secret;
        byte[] k = KEYS.get(id);
        if (k == null) {
            k = hmac(hmac(hmac(hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date), region), service), "aws4_request");
            if (KEYS.size() >= MAX_KEYS) KEYS.clear();
            KEYS.put(id, k);
        }
        return k;
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String first(Request r, String name) {
        List<String> v = r.headers().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

}
