package hoop.protocol.awshttp;

import hoop.core.aws.AccessChanges;
import hoop.core.aws.AwsResources;
import hoop.core.aws.StrictJson;
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

    /** The query names that select another call than the method's plain one (partNumber goes with uploadId). */
    private static final Set<String> SUBRESOURCES = java.util.stream.Stream.concat(BUCKET_SUBRESOURCES.stream(), Set.of("location",
            "uploads", "versions", "delete", "uploadId", "restore", "select", "retention", "legal-hold", "torrent", "attributes").stream())
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /**
     * The other parameters S3's calls take (listing, reading, multipart, configuration ids, the SDKs' x-id hint):
     * with the sub-resources, the names S3's API has. Another may be a sub-resource hoop does not know, which S3
     * runs as another call than the method's plain one (PUT ?renameObject moves the object named by
     * x-amz-rename-source away, and was judged as a PutObject of its target): such a request is not named.
     */
    private static final Set<String> PARAMETERS = Set.of("list-type", "prefix", "delimiter", "marker", "max-keys", "encoding-type",
            "continuation-token", "fetch-owner", "start-after", "key-marker", "version-id-marker", "upload-id-marker", "max-uploads",
            "max-parts", "part-number-marker", "max-buckets", "bucket-region", "max-directory-buckets", "versionId", "partNumber",
            "response-cache-control", "response-content-disposition", "response-content-encoding", "response-content-language",
            "response-content-type", "response-expires", "id", "select-type", "x-id", "session");

    private AwsCalls() {}

    /** The X-Amz-Target prefixes of the services whose resources are derived, and their signing names. */
    private static final Map<String, String> TARGET_SERVICE = Map.of("secretsmanager", "secretsmanager", "AmazonSSM", "ssm",
            "DynamoDB_20120810", "dynamodb", "TrentService", "kms", "AmazonSQS", "sqs");

    /** Signing names (the credential scope's service) whose IAM prefix differs: rules name calls by the prefix. */
    private static final Map<String, String> IAM_PREFIX = Map.of("monitoring", "cloudwatch", "email", "ses", "iotdata", "iot");

    private static final Set<String> CODE_FROM_S3 = Set.of("lambda:CreateFunction", "lambda:UpdateFunctionCode", "lambda:PublishLayerVersion");

    /** Where no connection says it (unit tests): '*' for region and account. */
    private static final AwsResources.Scope ANYWHERE = new AwsResources.Scope("aws", "*", "*");

    static AwsCall identify(String scopeService, String method, String rawPath, Map<String, String> query,
                            Map<String, List<String>> headers, byte[] body) {
        return identify(scopeService, method, rawPath, query, headers, body, ANYWHERE);
    }

    /**
     * null when the request names no call hoop knows (it is then judged as unknown); scope: where the
     * connection's calls land, for the ARNs of resources a call names by name.
     */
    static AwsCall identify(String scopeService, String method, String rawPath, Map<String, String> query,
                            Map<String, List<String>> headers, byte[] body, AwsResources.Scope scope) {
        if (scopeService.equals("s3")) return s3(method, rawPath, query, headers, body, scope);
        String service = IAM_PREFIX.getOrDefault(scopeService, scopeService);
        String target = first(headers, "x-amz-target");
        String queryAction = query.get("Action");
        String bodyAction = null;
        String type = first(headers, "content-type");
        // Parameters travel in the body only as a form (as the query protocol sends them); a JSON body is not read so.
        if (body != null && (type == null || type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded"))) {
            try {
                bodyAction = form(new String(body, StandardCharsets.UTF_8)).get("Action");
            } catch (IllegalArgumentException e) {
                bodyAction = null;
            }
        }
        // Two names for the call (a target and an Action, or an Action in the URL and another in the body): the
        // service picks one by rules hoop does not know, so the call is not named (judged unknown).
        if (target != null && (queryAction != null || bodyAction != null || headers.get("x-amz-target").size() > 1)) return null;
        if (queryAction != null && bodyAction != null && !queryAction.equals(bodyAction)) return null;
        if (target != null) {
            String op = target.substring(target.lastIndexOf('.') + 1);
            if (!OPERATION.matcher(op).matches()) return null;
            // Another service's target under this one's signature: an endpoint routing by target (one endpoint
            // for all services) would run a call hoop named and judged as this service's.
            // The prefix in any case: a router need not tell AMAZONSSM from AmazonSSM.
            String prefix = target.substring(0, Math.max(0, target.lastIndexOf('.')));
            String owner = TARGET_SERVICE.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(prefix)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
            if (owner != null && !owner.equals(service)) return null;
            rootPath(rawPath);
            if (AwsServiceOperations.foreign(scopeService, prefix, op) != null) return null;
            // Read for the S3 locations it names also where the service's own resources are not derived.
            Map<String, Object> params = AwsResources.covers(service) || body != null && body.length > 0 ? jsonParameters(body) : Map.of();
            String named = service + ":" + op;
            return new AwsCall(named, resources(named, AwsResources.covers(service) ? params : Map.of(), scope, params), AwsCall.Protocol.JSON,
                    changesAccess(named, params, scope));
        }
        String action = queryAction != null ? queryAction : bodyAction;
        if (action == null && RestRoutes.serves(scopeService)) {
            RestRoutes.Named n = RestRoutes.identify(scopeService, method, rawPath, query, body);
            if (n == null) return null;
            // A function's or layer's code may come from S3 (Code.S3Bucket, S3Key); an Invoke's body is the function's own.
            Object code = CODE_FROM_S3.contains(n.operation()) && body != null && body.length > 0 ? jsonParameters(body) : Map.of();
            Map<String, Object> settings = AccessChanges.readsParameters(n.operation()) && body != null && body.length > 0 ? jsonParameters(body) : Map.of();
            return new AwsCall(n.operation(), resources(n.operation(), n.params(), scope, code), AwsCall.Protocol.JSON,
                    changesAccess(n.operation(), settings, scope));
        }
        if (action == null || !OPERATION.matcher(action).matches()) return null;
        rootPath(rawPath);
        if (AwsServiceOperations.foreign(scopeService, null, action) != null) return null;
        Map<String, String> params = new LinkedHashMap<>(query);
        if (body != null && body.length > 0) {
            if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                throw new IllegalArgumentException("a query protocol body that is not a form");
            }
            query(new String(body, StandardCharsets.UTF_8)).forEach((k, v) -> {
                // In the URL and in the body: the service reads one of them, by rules hoop does not know.
                String had = params.put(k, v);
                if (had != null && !had.equals(v)) throw new IllegalArgumentException("the parameter " + k + " is given twice");
            });
        }
        // Checked on the lists too: InstanceId.1 and instanceId.2 are one list to a reader of names in any case.
        Map<String, Object> read = AwsResources.fromForm(params);
        if (AwsResources.namesTwiceIgnoringCase(params) || AwsResources.namesTwiceIgnoringCase(read)) {
            throw new IllegalArgumentException("a parameter is given twice (in another case)");
        }
        String op = service + ":" + action;
        return new AwsCall(op, resources(op, AwsResources.covers(service) ? read : Map.of(), scope, read), AwsCall.Protocol.QUERY,
                changesAccess(op, read, scope));
    }

    /** The marker of a call whose parameters change who may reach its resource (AccessChanges), or nothing. */
    private static List<String> changesAccess(String op, Map<String, ?> params, AwsResources.Scope scope) {
        return AccessChanges.byParameters(op, params, scope.account()) ? List.of(AccessChanges.MARKER) : List.of();
    }

    /** A JSON body's parameters: an object whose names are distinct in any case (a reader may match them so). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> jsonParameters(byte[] body) {
        if (!(StrictJson.parse(body == null ? new byte[0] : body) instanceof Map<?, ?> doc)) {
            throw new IllegalArgumentException("the JSON body is not an object");
        }
        if (AwsResources.namesTwiceIgnoringCase(doc)) throw new IllegalArgumentException("a parameter is given twice (in another case)");
        return (Map<String, Object>) doc;
    }

    /**
     * The ARNs a call names, (as UNDER words) the prefixes of those hoop could not pin down, and (as S3Locations
     * words) the S3 objects all of its parameters name, which the service reads there, and those it may write into.
     */
    private static List<String> resources(String op, Map<String, Object> params, AwsResources.Scope scope, Object all) {
        AwsResources.Derived d = AwsResources.derive(op, params, scope);
        List<String> out = new java.util.ArrayList<>(d.arns());
        d.prefixes().forEach(p -> out.add(AwsResources.UNDER + p));
        hoop.core.aws.S3Locations.in(all).forEach(l -> out.add(hoop.core.aws.S3Locations.WORD + l));
        hoop.core.aws.S3Locations.written(op, all).forEach(l -> out.add(hoop.core.aws.S3Locations.WRITTEN + l));
        return out;
    }

    /**
     * JSON and query calls are sent to '/': another path (an SQS queue URL's) may name a resource the parameters do
     * not, whatever the service. An endpoint override serves every service at one address, where DELETE
     * /prod-data/key signed as "foo" with X-Amz-Target: Foo.ListThings was judged foo:ListThings and forwarded,
     * for a server routing by path to take as an S3 DeleteObject.
     */
    private static void rootPath(String rawPath) {
        if (!rawPath.equals("/")) throw new IllegalArgumentException("the path " + rawPath + " is not /: it may name another resource than the parameters");
    }

    private static AwsCall s3(String method, String rawPath, Map<String, String> q, Map<String, List<String>> headers, byte[] body,
                              AwsResources.Scope scope) {
        String path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        String rest = path.startsWith("/") ? path.substring(1) : path;
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        // Two sub-resources (PUT ?tagging&policy): S3 picks one by its own order, hoop by another; name neither.
        if (q.keySet().stream().filter(SUBRESOURCES::contains).count() > 1) return null;
        // x-amz-* parameters are headers (s3Headers), the presign ones among them.
        if (q.keySet().stream().anyMatch(k -> !SUBRESOURCES.contains(k) && !PARAMETERS.contains(k)
                && !k.toLowerCase(java.util.Locale.ROOT).startsWith("x-amz-"))) {
            return null;
        }
        if (bucket.isEmpty()) return method.equals("GET") ? call("ListBuckets", List.of()) : null;
        String arn = "arn:aws:s3:::" + bucket;
        if (key.isEmpty()) {
            // ?session is s3express:CreateSession: it hands out a session credential (directory buckets); not named.
            if (q.containsKey("session")) return null;
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
            if (op == null) return null;
            if (op.equals("CreateBucket")) return new AwsCall("s3:CreateBucket", List.of(arn), AwsCall.Protocol.REST_XML, createBucketImplied(headers));
            boolean delivering = hoop.core.aws.S3Locations.DELIVERING.contains("s3:" + op);
            if (delivering || method.equals("PUT") && AccessChanges.readsParameters("s3:" + op)) {
                // S3 writes the bucket's logs, inventories, exports or replicas into the bucket the body names, with
                // its own access: a write there, which a rule on s3:PutObject must see. Its notifications and replicas
                // may go to another account (AccessChanges).
                Map<String, Object> settings = XmlParameters.of(body);
                List<String> resources = new java.util.ArrayList<>(List.of(arn));
                if (delivering) hoop.core.aws.S3Locations.written("s3:" + op, settings).forEach(l -> resources.add(hoop.core.aws.S3Locations.WRITTEN + l));
                return new AwsCall("s3:" + op, resources, AwsCall.Protocol.REST_XML, changesAccess("s3:" + op, settings, scope));
            }
            if (!op.equals("DeleteObjects")) return call(op, List.of(arn));
            // The keys it deletes are in its body: each is a resource (IAM authorizes it as s3:DeleteObject on each).
            List<String> resources = new java.util.ArrayList<>(List.of(arn));
            for (String k : deleteKeys(body)) resources.add(arn + "/" + k);
            // A <VersionId> deletes that version for good (IAM: s3:DeleteObjectVersion). Element names carry no
            // character references, so the name is in the bytes as written.
            List<String> implied = new java.util.ArrayList<>();
            if (new String(body, StandardCharsets.UTF_8).contains("VersionId")) implied.add("s3:DeleteObjectVersion");
            // As on one object's DELETE: the header lets the batch delete versions governance retention protects.
            if (headers.containsKey("x-amz-bypass-governance-retention")) implied.add("s3:BypassGovernanceRetention");
            return new AwsCall("s3:" + op, resources, AwsCall.Protocol.REST_XML, implied);
        }
        String objectArn = arn + "/" + key;
        String copySource = first(headers, "x-amz-copy-source");
        String op = switch (method) {
            case "GET" -> q.containsKey("uploadId") ? "ListParts" : q.containsKey("acl") ? "GetObjectAcl"
                    : q.containsKey("tagging") ? "GetObjectTagging" : q.containsKey("retention") ? "GetObjectRetention"
                    : q.containsKey("legal-hold") ? "GetObjectLegalHold" : q.containsKey("torrent") ? "GetObjectTorrent"
                    : q.containsKey("attributes") ? "GetObjectAttributes" : "GetObject";
            case "HEAD" -> "HeadObject";
            // A part needs its upload: s3proxy stored PUT ?partNumber=1 alone as the object (PutObject), so it names no call.
            case "PUT" -> q.containsKey("partNumber") != q.containsKey("uploadId") ? null
                    : q.containsKey("partNumber") ? (copySource != null ? "UploadPartCopy" : "UploadPart")
                    : q.containsKey("acl") ? "PutObjectAcl" : q.containsKey("tagging") ? "PutObjectTagging"
                    // Object lock settings are their own actions (a rule on s3:PutObjectRetention missed them as PutObject).
                    : q.containsKey("retention") ? "PutObjectRetention" : q.containsKey("legal-hold") ? "PutObjectLegalHold"
                    : copySource != null ? "CopyObject" : "PutObject";
            case "DELETE" -> q.containsKey("uploadId") ? "AbortMultipartUpload" : q.containsKey("tagging") ? "DeleteObjectTagging" : "DeleteObject";
            case "POST" -> q.containsKey("uploads") ? "CreateMultipartUpload" : q.containsKey("uploadId") ? "CompleteMultipartUpload"
                    : q.containsKey("restore") ? "RestoreObject" : q.containsKey("select") ? "SelectObjectContent" : null;
            default -> null;
        };
        if (op == null) return null;
        List<String> implied = implied(op, q, headers);
        if (op.equals("RestoreObject") && body != null && body.length > 0) {
            List<String> resources = new java.util.ArrayList<>(List.of(objectArn));
            Map<String, Object> request = XmlParameters.of(body);
            hoop.core.aws.S3Locations.written("s3:" + op, request).forEach(l -> resources.add(hoop.core.aws.S3Locations.WRITTEN + l));
            // Its output objects may be given an ACL (AccessChanges).
            implied = new java.util.ArrayList<>(implied);
            implied.addAll(changesAccess("s3:" + op, request, scope));
            // A restore of type SELECT runs an S3 Select whose results land in the bucket (AwsClassifier: unknown).
            if (hoop.core.aws.S3Locations.restoresBySelect(request)) implied.add("s3:SelectObjectContent");
            return new AwsCall("s3:" + op, resources, AwsCall.Protocol.REST_XML, implied);
        }
        if (copySource == null) return new AwsCall("s3:" + op, List.of(objectArn), AwsCall.Protocol.REST_XML, implied);
        // S3 ends the source at its first raw '?' (?versionId=), then decodes: a key's '?' comes as %3F.
        int qm = copySource.indexOf('?');
        String src = URLDecoder.decode((qm < 0 ? copySource : copySource.substring(0, qm)).replace("+", "%2B"), StandardCharsets.UTF_8);
        if (src.startsWith("/")) src = src.substring(1);
        // A copy of one version reads it as s3:GetObjectVersion (a rule on it was passed as a plain copy).
        if (qm >= 0 && copySource.startsWith("versionId=", qm + 1)) {
            implied = new java.util.ArrayList<>(implied);
            implied.add("s3:GetObjectVersion");
        }
        return new AwsCall("s3:" + op, List.of(objectArn, "arn:aws:s3:::" + src), AwsCall.Protocol.REST_XML, implied);
    }

    /** Sub-resources every S3-compatible server implements: without them no SDK uploads in parts or deletes in bulk. */
    private static final Set<String> CORE_SUBRESOURCES = Set.of("uploads", "uploadId", "delete");

    /**
     * The call a server that does not implement the request's sub-resource performs instead: the method's plain
     * call on the same path. s3proxy serves GET ?retention as GetObject (the object's bytes) and stores the body of
     * PUT ?retention as the object; other S3-compatible servers each implement their own subset. Null when the
     * request names no such sub-resource, or when its plain call is no S3 call (POST on an object).
     */
    static AwsCall s3Fallback(String method, String rawPath, Map<String, String> q, Map<String, List<String>> headers, byte[] body) {
        Map<String, String> plain = new LinkedHashMap<>(q);
        if (!plain.keySet().removeIf(k -> SUBRESOURCES.contains(k) && !CORE_SUBRESOURCES.contains(k))) return null;
        return s3(method, rawPath, plain, headers, body, ANYWHERE);
    }

    /**
     * What an object call's headers also do, as the IAM actions S3 authorizes them as: a PutObject with
     * x-amz-acl also sets the ACL (s3:PutObjectAcl), with x-amz-tagging the tags, with x-amz-object-lock-* the
     * retention or legal hold; x-amz-bypass-governance-retention is s3:BypassGovernanceRetention; a versionId the
     * version actions.
     */
    private static List<String> implied(String op, Map<String, String> q, Map<String, List<String>> headers) {
        List<String> out = new java.util.ArrayList<>();
        // ?versionId= acts on one version: deleting it is permanent (s3:DeleteObjectVersion), reading it s3:GetObjectVersion.
        if (q.containsKey("versionId") && op.equals("DeleteObject")) out.add("s3:DeleteObjectVersion");
        if (q.containsKey("versionId") && (op.equals("GetObject") || op.equals("HeadObject"))) out.add("s3:GetObjectVersion");
        // The ACL and tags of one version have their own actions too (s3:PutObjectVersionAcl, s3:GetObjectVersionTagging...).
        if (q.containsKey("versionId") && op.matches("(Get|Put)ObjectAcl|(Get|Put|Delete)ObjectTagging|GetObject(Attributes|Torrent)")) {
            out.add("s3:" + op.replace("Object", "ObjectVersion"));
        }
        boolean writes = op.equals("PutObject") || op.equals("CopyObject") || op.equals("CreateMultipartUpload");
        if (writes && (headers.containsKey("x-amz-acl") || headers.keySet().stream().anyMatch(h -> h.startsWith("x-amz-grant-")))) {
            out.add("s3:PutObjectAcl");
        }
        if (writes && headers.containsKey("x-amz-tagging")) out.add("s3:PutObjectTagging");
        if (writes && (headers.containsKey("x-amz-object-lock-mode") || headers.containsKey("x-amz-object-lock-retain-until-date"))) {
            out.add("s3:PutObjectRetention");
        }
        if (writes && headers.containsKey("x-amz-object-lock-legal-hold")) out.add("s3:PutObjectLegalHold");
        if (headers.containsKey("x-amz-bypass-governance-retention")) out.add("s3:BypassGovernanceRetention");
        return out;
    }

    /**
     * What a CreateBucket's headers also set, as IAM authorizes them: x-amz-acl/x-amz-grant-* the bucket's ACL
     * (s3:PutBucketAcl: a public-read-write bucket passed a rule on it), object lock and object ownership.
     */
    static List<String> createBucketImplied(Map<String, List<String>> headers) {
        List<String> out = new java.util.ArrayList<>();
        if (headers.containsKey("x-amz-acl") || headers.keySet().stream().anyMatch(h -> h.startsWith("x-amz-grant-"))) out.add("s3:PutBucketAcl");
        if (headers.containsKey("x-amz-bucket-object-lock-enabled")) out.add("s3:PutBucketObjectLockConfiguration");
        if (headers.containsKey("x-amz-object-ownership")) out.add("s3:PutBucketOwnershipControls");
        return out;
    }

    private static AwsCall call(String op, List<String> resources) {
        return new AwsCall("s3:" + op, resources, AwsCall.Protocol.REST_XML);
    }

    private static String camel(String s) {
        StringBuilder sb = new StringBuilder();
        for (String part : s.split("-")) if (!part.isEmpty()) sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        return sb.toString();
    }

    /**
     * DeleteObjects (POST ?delete): its body names the keys, and a bucket configuration delivering objects (PUT
     * ?logging...) or a restore (POST ?restore) the bucket they go to, and a CompleteMultipartUpload (POST ?uploadId) the
     * parts that make its object, so it is read before the call is judged.
     */
    static boolean namesKeysInBody(String method, String rawQuery) {
        if (!method.equals("POST") && !method.equals("PUT")) return false;
        try {
            Map<String, String> q = query(rawQuery);
            // CompleteMultipartUpload's lists the parts that make the object (UploadParts judges what they copied).
            return method.equals("POST") ? q.containsKey("delete") || q.containsKey("restore") || q.containsKey("uploadId")
                    : q.keySet().stream().anyMatch(XmlParameters.SUBRESOURCES::contains);
        } catch (IllegalArgumentException e) {
            return false; // refused when judged
        }
    }

    /** The keys of a DeleteObjects body (<Delete><Object><Key>k</Key>...), character references resolved, no DTD. */
    static List<String> deleteKeys(byte[] body) {
        if (body == null) throw new IllegalArgumentException("DeleteObjects without its body");
        try {
            var r = XmlParameters.reader(body);
            List<String> keys = new java.util.ArrayList<>();
            List<String> path = new java.util.ArrayList<>();
            StringBuilder text = null;
            int keysInObject = 0;
            while (r.hasNext()) {
                int e = r.next();
                if (e == javax.xml.stream.XMLStreamConstants.DTD) throw new IllegalArgumentException("a DTD in the DeleteObjects body");
                if (text != null && (e == javax.xml.stream.XMLStreamConstants.START_ELEMENT || e == javax.xml.stream.XMLStreamConstants.COMMENT
                        || e == javax.xml.stream.XMLStreamConstants.PROCESSING_INSTRUCTION)) {
                    // Parsers differ on what a <Key> with markup in it holds: hoop joined the text around <x/> in
                    // "tmp/<x/>keep/a" (judged tmp/keep/a), s3proxy's Jackson kept the text after it and deleted keep/a.
                    throw new IllegalArgumentException("a DeleteObjects <Key> holds markup, not only text");
                }
                if (e == javax.xml.stream.XMLStreamConstants.START_ELEMENT) {
                    path.add(r.getLocalName());
                    if (path.size() == 1 && !path.get(0).equals("Delete")) throw new IllegalArgumentException("the DeleteObjects body is not a <Delete>");
                    if (path.equals(List.of("Delete", "Object"))) keysInObject = 0;
                    if (path.equals(List.of("Delete", "Object", "Key"))) text = new StringBuilder();
                    // A conditional delete compares it with the object's real ETag, which hoop does not show (PseudoEtags):
                    // passed on, the MD5 of a guess deleted or failed, an oracle of the object's bytes.
                    if (path.equals(List.of("Delete", "Object", "ETag"))) throw new IllegalArgumentException("a DeleteObjects <ETag> condition is not taken by hoop");
                } else if (e == javax.xml.stream.XMLStreamConstants.CHARACTERS || e == javax.xml.stream.XMLStreamConstants.CDATA
                        || e == javax.xml.stream.XMLStreamConstants.SPACE || e == javax.xml.stream.XMLStreamConstants.ENTITY_REFERENCE) {
                    if (e == javax.xml.stream.XMLStreamConstants.ENTITY_REFERENCE) throw new IllegalArgumentException("an entity in the DeleteObjects body");
                    if (text != null) text.append(r.getText());
                } else if (e == javax.xml.stream.XMLStreamConstants.END_ELEMENT) {
                    if (path.equals(List.of("Delete", "Object", "Key"))) {
                        keys.add(text.toString());
                        text = null;
                        keysInObject++;
                    }
                    // S3 needs exactly one Key per Object; anything else hoop cannot judge as S3 will read it.
                    if (path.equals(List.of("Delete", "Object")) && keysInObject != 1) {
                        throw new IllegalArgumentException("a DeleteObjects <Object> without exactly one <Key>");
                    }
                    path.remove(path.size() - 1);
                }
            }
            return keys;
        } catch (javax.xml.stream.XMLStreamException e) {
            throw new IllegalArgumentException("the DeleteObjects body is not XML hoop can read: " + e.getMessage());
        }
    }

    /**
     * The query's parameters decoded, as S3 and the query protocols read them: ?%64elete is ?delete (named raw,
     * it was no sub-resource and a DeleteObjects passed as unidentified). A name given twice is refused: hoop and
     * the service might each take another of its values.
     */
    static Map<String, String> query(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String kv : rawQuery.split("&")) {
            if (kv.isEmpty()) continue;
            int eq = kv.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            if (out.put(name, value) != null) throw new IllegalArgumentException("the query parameter " + name + " is given twice");
        }
        return out;
    }

    /**
     * Why an S3 path could name another bucket or key at the server (or at anything between) than the one hoop
     * judges, or null: an empty bucket before more path ("//prod/key" was judged as ListBuckets), and dot
     * segments ("/dev/../prod/key", also percent-encoded), which a normalizing server or proxy resolves.
     */
    /**
     * The headers an S3 request acts with: those sent, and the x-amz-* ones its URL carries as query parameters,
     * which S3 reads as those headers (a presigned URL's ?x-amz-acl=public-read sets the ACL). Named by the query
     * only, a PutObject that made its object public passed a rule on s3:PutObjectAcl. One given both ways is refused.
     */
    static Map<String, List<String>> s3Headers(Map<String, List<String>> headers, Map<String, String> query) {
        Map<String, List<String>> out = headers;
        for (Map.Entry<String, String> e : query.entrySet()) {
            String name = e.getKey().toLowerCase(java.util.Locale.ROOT);
            if (!name.startsWith("x-amz-") || hoop.core.SigV4.isPresignParam(e.getKey())) continue;
            if (out == headers) out = new LinkedHashMap<>(headers);
            if (out.put(name, List.of(e.getValue())) != null) throw new IllegalArgumentException(name + " is given both as a header and in the query");
        }
        return out;
    }

    /** Headers some servers and frameworks take as the request's real method: hoop judges the method sent. */
    private static final Set<String> METHOD_OVERRIDES = Set.of("x-http-method-override", "x-http-method", "x-method-override");

    /** Headers some servers and frameworks (IIS URL Rewrite, Symfony, Zend) take as the request's real path. */
    private static final Set<String> PATH_OVERRIDES = Set.of("x-original-url", "x-rewrite-url", "x-original-uri");

    /** Why the request could be another call at the server than the one hoop names, whatever the service, or null. */
    static String ambiguous(Map<String, List<String>> headers) {
        for (String h : headers.keySet()) {
            if (METHOD_OVERRIDES.contains(h)) return h + " would make the request another method than the one hoop judges";
            if (PATH_OVERRIDES.contains(h)) return h + " would make the request another path than the one hoop judges";
        }
        return null;
    }

    static String ambiguousS3(String rawPath, Map<String, List<String>> headers) {
        // S3 names no call by a target; a server routing by it (one endpoint for all services) would run that one.
        if (headers.containsKey("x-amz-target")) return "x-amz-target names another service's call than this S3 request";
        List<String> copySource = headers.getOrDefault("x-amz-copy-source", List.of());
        // Hoop reads the first of these (what is copied, which bytes of it, which bytes are sent back); the server
        // might read another, or all of them joined.
        for (String h : READ_ONCE) {
            if (headers.getOrDefault(h, List.of()).size() > 1) return h + " is given twice";
        }
        String problem = ambiguousS3Path(rawPath);
        if (problem == null && !copySource.isEmpty()) {
            String src = copySource.get(0);
            problem = ambiguousS3Path(src.startsWith("/") ? src : "/" + src);
            // S3 reads a raw '?' as the start of ?versionId=; s3proxy reads the whole value as the key, so
            // /b/key?x.pem was judged as key "key" and copied "key?x.pem". Only a version may follow the key.
            int qm = src.indexOf('?');
            if (problem == null && qm >= 0 && !COPY_SOURCE_VERSION.matcher(src.substring(qm + 1)).matches()) {
                problem = "only ?versionId= may follow the key (encode a key's '?' as %3F)";
            }
            if (problem != null) problem = "x-amz-copy-source: " + problem;
        }
        return problem;
    }

    /**
     * An operation's name as AWS spells every one: upper camel case. Kinds and rules read the name as written
     * (Delete..., Put...Policy); a service reading "deletetable" as DeleteTable would run a call judged as another kind.
     */
    private static final java.util.regex.Pattern OPERATION = java.util.regex.Pattern.compile("[A-Z][A-Za-z0-9]*");

    private static final List<String> READ_ONCE = List.of("x-amz-copy-source", "x-amz-copy-source-range", "range");

    private static final java.util.regex.Pattern COPY_SOURCE_VERSION = java.util.regex.Pattern.compile("versionId=[^&=?#]+");

    private static String ambiguousS3Path(String rawPath) {
        // A raw ';' starts path parameters that servlet-based S3 servers (s3proxy's Jetty) strip: /dev/secret;x/s
        // is secret/s there. Clients encode a key's ';' as %3B, which stays unambiguous.
        if (rawPath.indexOf(';') >= 0) return "the path has a raw ';' (encode it as %3B)";
        // A raw '+' is a '+' to hoop and to s3proxy, but S3 has read it as a space in paths (form encoding); the
        // SDKs and the CLI send a key's '+' as %2B.
        if (rawPath.indexOf('+') >= 0) return "the path has a raw '+' (encode it as %2B, a space as %20)";
        String path;
        try {
            path = URLDecoder.decode(rawPath, StandardCharsets.UTF_8);
            // Bytes that are no UTF-8 become U+FFFD here, one name for many keys at the server.
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(percentDecoded(rawPath)));
        } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
            return "the path is not valid percent-encoded UTF-8";
        }
        if (path.startsWith("//")) return "the path names no bucket before its key";
        String rest = path.startsWith("/") ? path.substring(1) : path;
        String bucket = rest.indexOf('/') < 0 ? rest : rest.substring(0, rest.indexOf('/'));
        // Access point aliases and ARNs are names S3 reserves for another bucket than the one written: a rule on
        // bucket ARNs cannot see which.
        if (bucket.endsWith("-s3alias") || bucket.endsWith("--ol-s3") || bucket.startsWith("arn:")) {
            return "an access point (alias or ARN) names a bucket hoop cannot see";
        }
        for (String seg : path.split("/", -1)) {
            if (seg.equals(".") || seg.equals("..")) return "the path has a dot segment (. or ..)";
        }
        return null;
    }

    private static byte[] percentDecoded(String raw) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] in = raw.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '%' && i + 2 < in.length) {
                out.write(Integer.parseInt(new String(in, i + 1, 2, StandardCharsets.US_ASCII), 16));
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toByteArray();
    }

    static Map<String, String> form(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String kv : s.split("&")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) continue;
            String name = URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8);
            // An Action given twice: which one the service takes is its own choice; neither is hoop's name for it.
            if (out.containsKey(name) && name.equals("Action")) out.put(name, "");
            else out.put(name, URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
