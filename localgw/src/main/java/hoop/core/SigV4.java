package hoop.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * AWS Signature Version 4 as the AWS adapter needs it: read and check a client's signature, sign the
 * request again with another credential, and sign the chunks of a streaming upload. Implemented in
 * hoop.credentials; adapters receive it as this interface.
 */
public interface SigV4 {
    /** X-Amz-Date's form. */
    java.time.format.DateTimeFormatter AMZ_DATE = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(java.time.ZoneOffset.UTC);
    /** How far from its X-Amz-Date a header signature is accepted: AWS's own allowance for clock skew. */
    java.time.Duration SKEW = java.time.Duration.ofMinutes(15);

    /** A request as received; header names lower-case, values in arrival order. */
    record Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers) {}

    /**
     * What the client signed. payloadHash: the x-amz-content-sha256 value (UNSIGNED-PAYLOAD for presigned
     * URLs), or null when the client did not send one (then the body's hash was signed).
     */
    record Signature(String accessKeyId, String date, String region, String service, String amzDate, List<String> signedHeaders,
                     String signature, String payloadHash, boolean presigned, long expiresSeconds) {
        public String scope() {
            return date + "/" + region + "/" + service + "/aws4_request";
        }
    }

    /** The new headers of a re-signed request and the seed signature streaming chunks chain from. */
    record Signed(Map<String, String> headers, String amzDate, String scope, String signature) {}

    /** Reads the signature from the Authorization header or the presigned query; throws IllegalArgumentException. */
    Signature parse(Request r);

    /** null when the signature is right and current; otherwise what is wrong, in AWS's own words. */
    String check(Request r, Signature s, String bodySha256Hex, String secret, Instant now);

    /**
     * Signs r for its destination: host is the upstream authority, extraSigned the other headers (lower-case,
     * already in r) that are signed too. Presigned query parameters of r are not part of what is signed.
     */
    Signed sign(Request r, String host, List<String> extraSigned, String payloadHash, AwsCredentials creds, String region,
                String service, Instant now);

    /** The signature of one aws-chunked chunk, chained from the previous one. */
    String chunkSignature(String secret, String amzDate, String scope, String previous, byte[] chunkSha256);

    /**
     * The signature of an aws-chunked body's trailing headers (x-amz-trailer-signature), chained from the final
     * chunk's signature; trailersSha256 is the hash of the canonical trailers ("name:value\n" each, sorted).
     */
    String trailerSignature(String secret, String amzDate, String scope, String previous, byte[] trailersSha256);

    /** The chunk and trailer signatures of one streaming upload, with the signing key derived once; one thread at a time. */
    interface ChunkChain {
        String chunk(String previous, byte[] chunkSha256);

        String trailer(String previous, byte[] trailersSha256);
    }

    default ChunkChain chunkChain(String secret, String amzDate, String scope) {
        return new ChunkChain() {
            @Override
            public String chunk(String previous, byte[] chunkSha256) {
                return chunkSignature(secret, amzDate, scope, previous, chunkSha256);
            }

            @Override
            public String trailer(String previous, byte[] trailersSha256) {
                return trailerSignature(secret, amzDate, scope, previous, trailersSha256);
            }
        };
    }

    /** Presigned-query parameters, which never go upstream. */
    static boolean isPresignParam(String name) {
        return name.startsWith("X-Amz-") && List.of("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
                "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token").contains(name);
    }
}
