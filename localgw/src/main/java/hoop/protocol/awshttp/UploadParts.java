package hoop.protocol.awshttp;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the parts of each multipart upload through this proxy were: bytes the client sent (UploadPart), or copies of
 * which objects (UploadPartCopy). hoop tells text from binary by an object's first bytes, so an upload that puts a
 * copy of a text object behind bytes of the client's own (5 MB of NULs, then the secret) made an object read back
 * as binary, the copied text unmasked. One kind of bytes per upload is what the CLI and SDKs send: the parts of a
 * file, or the ranges of one object copied (`aws s3 cp` of 8 MB or more, between buckets or keys).
 */
final class UploadParts {
    private static final int MAX_UPLOADS = 10_000;

    private static final class Parts {
        boolean client;
        final Set<String> sources = new HashSet<>();
    }

    private final Map<String, Parts> uploads = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Parts> eldest) {
            return size() > MAX_UPLOADS;  // a forgotten upload fails closed at its completion
        }
    };

    /** objectArn and uploadId name the upload; copySource is null for a part of the client's own bytes. */
    synchronized void part(String objectArn, String uploadId, String copySource) {
        Parts p = uploads.computeIfAbsent(objectArn + "?uploadId=" + uploadId, k -> new Parts());
        if (copySource == null) p.client = true;
        else p.sources.add(copySource.startsWith("/") ? copySource.substring(1) : copySource);
    }

    /** Why completing the upload would make an object hoop cannot read safely, or null when its parts are one kind. */
    synchronized String spliced(String objectArn, String uploadId) {
        Parts p = uploads.get(objectArn + "?uploadId=" + uploadId);
        if (p == null) return "hoop saw none of this upload's parts go through it";
        if (p.client && !p.sources.isEmpty()) return "the upload joins copies of other objects to bytes the client sent";
        if (p.sources.size() > 1) return "the upload joins copies of " + p.sources.size() + " objects";
        return null;
    }
}
