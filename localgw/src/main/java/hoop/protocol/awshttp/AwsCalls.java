package hoop.protocol.awshttp;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names the call a request makes. S3 by method, path and sub-resource query (path style: a virtual-hosted
 * request was rewritten to it by S3Addressing); JSON protocols by X-Amz-Target; query protocols by Action.
 */
final class AwsCalls {
    private static final Set<String> BUCKET_SUBRESOURCES = Set.of("acl", "policy", "versioning", "tagging", "lifecycle", "cors",
            "website", "encryption", "logging", "notification", "replication", "ownershipControls", "publicAccessBlock",
            "accelerate", "requestPayment", "object-lock", "intelligent-tiering", "analytics", "metrics", "inventory", "policyStatus");

    private AwsCalls() {}

    /** null when the request names no call hoop knows (it is then judged as unknown). */
    static AwsCall identify(String service, String method, String rawPath, Map<String, String> query,
                            Map<String, List<String>> headers, byte[] body) {
        if (service.equals("s3")) return s3(method, rawPath, query, headers);
        String target = first(headers, "x-amz-target");
        if (target != null) {
            String op = target.substring(target.lastIndexOf('.') + 1);
            return op.matches("[A-Za-z0-9]+") ? new AwsCall(service + ":" + op, List.of(), AwsCall.Protocol.JSON) : null;
        }
        String action = query.get("Action");
        if (action == null && body != null) action = form(new String(body, StandardCharsets.UTF_8)).get("Action");
        return action != null && action.matches("[A-Za-z0-9]+") ? new AwsCall(service + ":" + action, List.of(), AwsCall.Protocol.QUERY) : null;
    }

    private static AwsCall s3(String method, String rawPath, Map<String, String> q, Map<String, List<String>> headers) {
        String path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        String rest = path.startsWith("/") ? path.substring(1) : path;
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) return method.equals("GET") ? call("ListBuckets", List.of()) : null;
        String arn = "arn:aws:s3:::" + bucket;
        if (key.isEmpty()) {
            String sub = q.keySet().stream().filter(BUCKET_SUBRESOURCES::contains).findFirst().orElse(null);
            String suffix = sub == null ? "" : camel(sub.equals("object-lock") ? "ObjectLockConfiguration" : sub);
            String op = switch (method) {
                case "GET" -> sub != null ? "GetBucket" + suffix : q.containsKey("location") ? "GetBucketLocation"
                        : q.containsKey("uploads") ? "ListMultipartUploads" : q.containsKey("versions") ? "ListObjectVersions"
                        : "2".equals(q.get("list-type")) ? "ListObjectsV2" : "ListObjects";
                case "PUT" -> sub != null ? "PutBucket" + suffix : "CreateBucket";
                case "DELETE" -> sub != null ? "DeleteBucket" + suffix : "DeleteBucket";
                case "HEAD" -> "HeadBucket";
                case "POST" -> q.containsKey("delete") ? "DeleteObjects" : null;
                default -> null;
            };
            return op == null ? null : call(op, List.of(arn));
        }
        String objectArn = arn + "/" + key;
        String copySource = first(headers, "x-amz-copy-source");
        String op = switch (method) {
            case "GET" -> q.containsKey("uploadId") ? "ListParts" : q.containsKey("acl") ? "GetObjectAcl"
                    : q.containsKey("tagging") ? "GetObjectTagging" : "GetObject";
            case "HEAD" -> "HeadObject";
            case "PUT" -> q.containsKey("partNumber") ? (copySource != null ? "UploadPartCopy" : "UploadPart")
                    : q.containsKey("acl") ? "PutObjectAcl" : q.containsKey("tagging") ? "PutObjectTagging"
                    : copySource != null ? "CopyObject" : "PutObject";
            case "DELETE" -> q.containsKey("uploadId") ? "AbortMultipartUpload" : q.containsKey("tagging") ? "DeleteObjectTagging" : "DeleteObject";
            case "POST" -> q.containsKey("uploads") ? "CreateMultipartUpload" : q.containsKey("uploadId") ? "CompleteMultipartUpload"
                    : q.containsKey("restore") ? "RestoreObject" : q.containsKey("select") ? "SelectObjectContent" : null;
            default -> null;
        };
        if (op == null) return null;
        if (copySource == null) return call(op, List.of(objectArn));
        String src = URLDecoder.decode(copySource.replace("+", "%2B"), StandardCharsets.UTF_8);
        if (src.startsWith("/")) src = src.substring(1);
        int v = src.indexOf("?versionId=");
        return call(op, List.of(objectArn, "arn:aws:s3:::" + (v < 0 ? src : src.substring(0, v))));
    }

    private static AwsCall call(String op, List<String> resources) {
        return new AwsCall("s3:" + op, resources, AwsCall.Protocol.REST_XML);
    }

    private static String camel(String s) {
        StringBuilder sb = new StringBuilder();
        for (String part : s.split("-")) if (!part.isEmpty()) sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        return sb.toString();
    }

    static Map<String, String> form(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String kv : s.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) out.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
