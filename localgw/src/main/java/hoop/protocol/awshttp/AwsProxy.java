package hoop.protocol.awshttp;

import hoop.core.AwsCredentials;
import hoop.core.Session;
import hoop.core.SigV4;
import hoop.guard.GuardedConnection;
import hoop.guard.LiveSessions;
import io.netty.channel.Channel;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What every connection of one aws proxy shares: where requests go, the signer, the sessions, replay memory. */
final class AwsProxy {
    static final String UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
    static final String SIGNED_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    static final String SIGNED_CHUNKS = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    private static final List<String> SIGNED_TOO = List.of("content-type", "content-md5", "content-encoding");

    private final GuardedConnection connection;
    private final LiveSessions live;
    private final SigV4 sigv4;
    private final String region;
    private final hoop.core.aws.AwsResources.Scope scope;
    private final URI endpoint;
    private final Set<String> hostNames;
    private final Clock clock;
    private final HeldBodies heldBodies;
    private final ClientTimeouts timeouts;
    private final ReplayGuard replays = new ReplayGuard();
    private final UploadParts uploadParts = new UploadParts();
    private final Upstream upstream;

    /** hostNames: the names clients reach this proxy by, under which a virtual-hosted S3 request names its bucket. */
    AwsProxy(GuardedConnection connection, LiveSessions live, SigV4 sigv4, hoop.core.aws.AwsResources.Scope scope, URI endpoint,
             Set<String> hostNames, Clock clock, HeldBodies heldBodies, ClientTimeouts timeouts) {
        this.heldBodies = heldBodies;
        this.timeouts = timeouts;
        this.upstream = new Upstream(heldBodies);
        this.connection = connection;
        this.live = live;
        this.sigv4 = sigv4;
        this.scope = scope;
        this.region = scope.region();
        this.endpoint = endpoint;
        this.hostNames = Set.copyOf(hostNames);
        this.clock = clock;
    }

    GuardedConnection connection() { return connection; }
    LiveSessions live() { return live; }
    SigV4 sigv4() { return sigv4; }
    Clock clock() { return clock; }
    ReplayGuard replays() { return replays; }

    UploadParts uploadParts() { return uploadParts; }
    /** Shared by every AWS connection of the gateway. */
    HeldBodies heldBodies() { return heldBodies; }
    /** How long a client may leave its connection without moving it on. */
    ClientTimeouts timeouts() { return timeouts; }
    Set<String> hostNames() { return hostNames; }
    /** The connection's region and its role's account: the ARNs of resources a call names by name. */
    hoop.core.aws.AwsResources.Scope scope() { return scope; }

    /** Requests go to an S3-compatible server (or a stand-in for another service), not to AWS itself. */
    boolean endpointOverride() { return endpoint != null; }

    /** The endpoint override, or AWS's regional endpoint of the service (path-style for S3). */
    URI base(String service) {
        return endpoint != null ? endpoint : URI.create("https://" + service + "." + region + ".amazonaws.com");
    }

    /** onStatus hears the upstream's status before the client is sent it. */
    void forward(SigV4.Request r, SigV4.Signature client, byte[] smallBody, InputStream body, long length, AwsCredentials creds,
                 Channel ch, Session session, AwsCall.Protocol protocol, PseudoEtags.Answer etags, java.util.function.IntConsumer onStatus) throws Exception {
        // r is path style here (S3Addressing); AWS itself gets S3 requests virtual-hosted.
        S3Addressing.Target to = endpoint == null && client.service().equals("s3") ? S3Addressing.virtualHosted(base(client.service()), r.rawPath())
                : new S3Addressing.Target(base(client.service()), r.rawPath());
        URI base = to.base();
        String query = withoutPresign(r.rawQuery());
        String basePath = base.getRawPath() == null || base.getRawPath().equals("/") ? "" : base.getRawPath();
        URI target = URI.create(base.getScheme() + "://" + base.getRawAuthority() + basePath + to.rawPath() + (query.isEmpty() ? "" : "?" + query));
        String payload = client.payloadHash() != null ? client.payloadHash()
                : java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(smallBody == null ? new byte[0] : smallBody));
        boolean chunked = payload.equals(UNSIGNED_TRAILER) || payload.equals(SIGNED_TRAILER) || payload.equals(SIGNED_CHUNKS);
        if (payload.startsWith("STREAMING-") && !chunked) {
            throw new UnsupportedOperationException("NotImplemented: " + payload + " uploads are not supported by hoop yet");
        }
        InputStream in = body;
        if (chunked) {
            // Decoded here (signatures and the checksum checked), forwarded as a plain UNSIGNED-PAYLOAD body.
            AwsChunkedDecoder decoder = chunkedDecoder(r, client, payload, body, session);
            length = decoder.decodedLength();
            r = new SigV4.Request(r.method(), r.rawPath(), r.rawQuery(), decodedHeaders(r.headers()));
            payload = "UNSIGNED-PAYLOAD";
            in = decoder;
            // An empty object has no body to stream: its final chunk and trailer are still checked before anything goes upstream.
            if (length == 0) in.readAllBytes();
        }
        ByteRanges.Asked asked = null;
        List<String> range = r.headers().get("range");
        if (client.service().equals("s3") && r.method().equals("GET") && range != null) {
            // Any S3 GET, whatever else its query says: S3 and s3proxy serve GetObject's bytes with parameters they
            // ignore (?prefix=x, ?max-keys=1) or a sub-resource they do not implement. Left unwidened, such a range
            // cut a secret in binary content at a boundary the client chose, each piece passing unrecognized.
            asked = ByteRanges.readable(range, query);
            if (asked != null) {
                Map<String, List<String>> widened = new LinkedHashMap<>(r.headers());
                widened.put("range", List.of(asked.widened()));
                r = new SigV4.Request(r.method(), r.rawPath(), r.rawQuery(), widened);
            }
        }
        if (client.service().equals("s3")) r = realConditions(r, to, basePath, creds, client.region().equals(region) ? region : client.region());
        ObjectHead.Head objectHead = null;
        if (client.service().equals("s3") && ObjectHead.needed(r.method(), r.headers(), query, asked)) {
            objectHead = ObjectHead.read(sigv4, base, basePath + to.rawPath(), query, r.headers(), creds, client.region(), clock.instant());
            if (objectHead != null && objectHead.etag() != null && !r.headers().containsKey("if-match")) {
                Map<String, List<String>> bound = new LinkedHashMap<>(r.headers());
                bound.put("if-match", List.of(objectHead.etag()));
                r = new SigV4.Request(r.method(), r.rawPath(), r.rawQuery(), bound);
            }
        }
        List<String> extra = new ArrayList<>();
        for (String h : r.headers().keySet()) {
            if ((h.startsWith("x-amz-") && !Upstream.DROP.contains(h)) || SIGNED_TOO.contains(h)) extra.add(h);
        }
        SigV4.Request forSigning = new SigV4.Request(r.method(), basePath + to.rawPath(), query, r.headers());
        SigV4.Signed signed = sigv4.sign(forSigning, base.getRawAuthority(), extra, payload, creds, client.region().equals(region) ? region : client.region(),
                client.service(), clock.instant());
        Upstream.Result res = upstream.exchange(target, r.method(), r.headers(), signed.headers(), length, in,
                r.method().equals("HEAD"), ch, connection, session, protocol, etags, onStatus, asked, objectHead == null ? null : objectHead.bytes());
        connection.guard().recordExit(session, res.status());
    }

    private static final List<String> OWN_CONDITIONS = List.of("if-match", "if-none-match");
    private static final List<String> SOURCE_CONDITIONS = List.of("x-amz-copy-source-if-match", "x-amz-copy-source-if-none-match");

    /**
     * r with the ETags its conditions name put into the server's terms (PseudoEtags.condition): the client was shown
     * stand-ins, so each is compared here with the stand-in of the object's real ETag, read by a HEAD of the object the
     * condition is about (the request's own, or its copy source).
     */
    private SigV4.Request realConditions(SigV4.Request r, S3Addressing.Target to, String basePath, AwsCredentials creds, String region) {
        Map<String, List<String>> h = r.headers();
        boolean own = OWN_CONDITIONS.stream().anyMatch(h::containsKey);
        boolean source = SOURCE_CONDITIONS.stream().anyMatch(h::containsKey) && header(r, "x-amz-copy-source") != null;
        if (!own && !source) return r;
        Map<String, List<String>> out = new LinkedHashMap<>(h);
        if (own) {
            String real = ObjectHead.etag(sigv4, to.base(), basePath + to.rawPath(), r.rawQuery(), h, creds, region, clock.instant());
            translate(out, OWN_CONDITIONS, real);
        }
        if (source) translate(out, SOURCE_CONDITIONS, sourceEtag(header(r, "x-amz-copy-source"), h, creds, region));
        return new SigV4.Request(r.method(), r.rawPath(), r.rawQuery(), out);
    }

    private static void translate(Map<String, List<String>> headers, List<String> names, String real) {
        for (String n : names) {
            List<String> v = headers.get(n);
            if (v != null) headers.put(n, v.stream().map(value -> PseudoEtags.condition(value, real)).toList());
        }
    }

    /** The request headers that unlock a copy source (its SSE-C key), named as a read of that object takes them. */
    private static Map<String, List<String>> sourceKeys(Map<String, List<String>> headers) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> {
            if (k.startsWith("x-amz-copy-source-server-side-encryption-customer-")) out.put("x-amz-" + k.substring("x-amz-copy-source-".length()), v);
            if (k.equals("x-amz-request-payer") || k.equals("x-amz-source-expected-bucket-owner")) {
                out.put(k.equals("x-amz-request-payer") ? k : "x-amz-expected-bucket-owner", v);
            }
        });
        return out;
    }

    /** The real ETag of the object an x-amz-copy-source names, read with the copy request's source headers; null if unread. */
    private String sourceEtag(String copySource, Map<String, List<String>> headers, AwsCredentials creds, String region) {
        int qm = copySource.indexOf('?');
        String path = (copySource.startsWith("/") ? "" : "/") + (qm < 0 ? copySource : copySource.substring(0, qm));
        String query = qm < 0 ? "" : copySource.substring(qm + 1);
        S3Addressing.Target to = endpoint == null ? S3Addressing.virtualHosted(base("s3"), path) : new S3Addressing.Target(base("s3"), path);
        String basePath = to.base().getRawPath() == null || to.base().getRawPath().equals("/") ? "" : to.base().getRawPath();
        try {
            return ObjectHead.etag(sigv4, to.base(), basePath + to.rawPath(), query, sourceKeys(headers), creds, region, clock.instant());
        } catch (IllegalArgumentException e) {
            return null;  // a source no URI holds as written: nothing but "*" matches it
        }
    }

    /**
     * The length of the object an x-amz-copy-source names ("bucket/key[?versionId=v]", as sent), read with the
     * session's credential; -1 when it cannot be read.
     */
    long objectLength(String copySource, AwsCredentials creds, String clientRegion) {
        int qm = copySource.indexOf('?');
        String path = "/" + (qm < 0 ? copySource : copySource.substring(0, qm));
        String query = qm < 0 ? "" : copySource.substring(qm + 1);
        S3Addressing.Target to = endpoint == null ? S3Addressing.virtualHosted(base("s3"), path) : new S3Addressing.Target(base("s3"), path);
        String basePath = to.base().getRawPath() == null || to.base().getRawPath().equals("/") ? "" : to.base().getRawPath();
        try {
            ObjectHead.Head h = ObjectHead.read(sigv4, to.base(), basePath + to.rawPath(), query, Map.of(), creds,
                    clientRegion.equals(region) ? region : clientRegion, clock.instant());
            return h == null ? -1 : h.length();
        } catch (IllegalArgumentException e) {
            return -1;  // a source no URI holds as written
        }
    }

    private AwsChunkedDecoder chunkedDecoder(SigV4.Request r, SigV4.Signature client, String payload, InputStream body, Session session) {
        long decoded;
        try {
            decoded = Long.parseLong(header(r, "x-amz-decoded-content-length"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("InvalidRequest: an aws-chunked upload needs x-amz-decoded-content-length");
        }
        if (decoded < 0) throw new IllegalArgumentException("InvalidRequest: x-amz-decoded-content-length is negative");
        List<String> names = new ArrayList<>();
        String declared = header(r, "x-amz-trailer");
        for (String t : declared == null ? new String[0] : declared.split(",")) {
            String name = t.trim().toLowerCase(java.util.Locale.ROOT);
            if (name.isEmpty()) continue;
            if (TrailerChecksum.forTrailer(name) == null) throw new UnsupportedOperationException("NotImplemented: the trailer " + name + " is not supported by hoop");
            names.add(name);
        }
        if (payload.equals(UNSIGNED_TRAILER)) return new AwsChunkedDecoder(body, null, null, false, names, decoded);
        String pseudo = live.get(session.id()).map(LiveSessions.Grant::password).orElseThrow();
        SigV4.ChunkChain chain = sigv4.chunkChain(pseudo, client.amzDate(), client.scope());
        if (payload.equals(SIGNED_CHUNKS)) {
            // Without a -TRAILER payload nothing carries the trailer's checksum: AWS refuses such an upload too.
            if (!names.isEmpty()) throw new IllegalArgumentException("InvalidRequest: x-amz-trailer needs a " + SIGNED_TRAILER + " payload");
            return new AwsChunkedDecoder(body, client.signature(), chain, false, List.of(), decoded);
        }
        return new AwsChunkedDecoder(body, client.signature(), chain, true, names, decoded);
    }

    /** The headers of a decoded trailer upload: no aws-chunked framing, no trailer announcements. */
    private static Map<String, List<String>> decodedHeaders(Map<String, List<String>> headers) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> {
            if (k.equals("x-amz-decoded-content-length") || k.equals("x-amz-trailer") || k.equals("x-amz-sdk-checksum-algorithm")) return;
            if (k.equals("content-encoding")) {
                List<String> kept = new ArrayList<>();
                for (String value : v) {
                    for (String e : value.split(",")) if (!e.isBlank() && !e.trim().equalsIgnoreCase("aws-chunked")) kept.add(e.trim());
                }
                if (!kept.isEmpty()) out.put(k, List.of(String.join(",", kept)));
                return;
            }
            out.put(k, v);
        });
        return out;
    }

    private static String header(SigV4.Request r, String name) {
        List<String> v = r.headers().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    static String withoutPresign(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) return "";
        List<String> kept = new ArrayList<>();
        for (String kv : rawQuery.split("&")) {
            String name = kv.contains("=") ? kv.substring(0, kv.indexOf('=')) : kv;
            if (!SigV4.isPresignParam(name)) kept.add(kv);
        }
        return String.join("&", kept);
    }

}
