package hoop.protocol.awshttp;

import hoop.core.SigV4;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * S3's two addressings. A client may name the bucket in the Host (virtual-hosted style: dev-bucket.localhost:PORT)
 * or in the path (/dev-bucket/key). Hoop judges and forwards one form only, path style, so policy sees the same
 * bucket and key whichever the client used; toward AWS itself it goes back to virtual-hosted style (AWS's
 * preferred form), toward an endpoint override it stays path style (what S3-compatible servers all accept).
 */
final class S3Addressing {
    /** Bucket names that can be a DNS name (no upper case, no underscore); dots allowed. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    /** Names a TLS wildcard certificate covers: one label, so no dots. */
    private static final Pattern ONE_LABEL = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");

    private S3Addressing() {}

    /**
     * The bucket a virtual-hosted request names: its Host name (port dropped) is BUCKET.BASE for one of the names
     * hoop is reached by. Null for a path-style request (any other Host; hoop never forwards the client's Host).
     */
    static String bucket(String hostHeader, Set<String> bases) {
        if (hostHeader == null) return null;
        String host = hostHeader.toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) return null;
        int colon = host.lastIndexOf(':');
        if (colon >= 0) host = host.substring(0, colon);
        for (String base : bases) {
            if (host.endsWith("." + base)) {
                String bucket = host.substring(0, host.length() - base.length() - 1);
                return BUCKET.matcher(bucket).matches() ? bucket : null;
            }
        }
        return null;
    }

    /** The same request in path style: "/" + bucket + the path ("/" alone becomes "/bucket"). */
    static SigV4.Request pathStyle(SigV4.Request r, String bucket) {
        String path = r.rawPath().equals("/") || r.rawPath().isEmpty() ? "" : r.rawPath();
        return new SigV4.Request(r.method(), "/" + bucket + path, r.rawQuery(), r.headers());
    }

    /** Where a request goes: the upstream's base URL and the path on it. */
    record Target(URI base, String rawPath) {}

    /**
     * AWS's own endpoint for a path-style path: https://BUCKET.s3.REGION.amazonaws.com/KEY when the bucket is one
     * DNS label; a dotted name breaks the wildcard certificate, so it stays path style (as SDKs do).
     */
    static Target virtualHosted(URI regional, String rawPath) {
        String rest = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        if (!ONE_LABEL.matcher(bucket).matches()) return new Target(regional, rawPath);
        return new Target(URI.create(regional.getScheme() + "://" + bucket + "." + regional.getRawAuthority()), slash < 0 ? "/" : rest.substring(slash));
    }
}
