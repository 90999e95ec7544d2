package hoop.core.aws;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names a call goes by: its API name, which hoop gives it ("s3:ListObjectsV2"), and the IAM action AWS
 * authorizes it as where that differs ("s3:ListBucket"). A rule naming either matches the call, as an IAM
 * policy would: a deny on s3:ListBucket stops ListObjectsV2, and an allow on ListObjectsV2 still allows it.
 */
public final class IamNames {
    private static final Map<String, List<String>> ALSO = build();

    private IamNames() {}

    /** operation first, then its IAM names. */
    public static List<String> of(String operation) {
        List<String> also = ALSO.get(operation);
        if (also == null) return List.of(operation);
        List<String> out = new java.util.ArrayList<>(List.of(operation));
        out.addAll(also);
        return out;
    }

    private static Map<String, List<String>> build() {
        Map<String, List<String>> m = new HashMap<>();
        for (String op : List.of("ListObjects", "ListObjectsV2", "HeadBucket")) m.put("s3:" + op, List.of("s3:ListBucket"));
        m.put("s3:ListObjectVersions", List.of("s3:ListBucketVersions"));
        m.put("s3:ListMultipartUploads", List.of("s3:ListBucketMultipartUploads"));
        m.put("s3:ListParts", List.of("s3:ListMultipartUploadParts"));
        m.put("s3:ListBuckets", List.of("s3:ListAllMyBuckets"));
        // A bucket's configurations: IAM names them otherwise, and deleting one is putting none (no Delete action).
        // Both the API's names (PutBucketLifecycleConfiguration) and the proxy's shorter ones (PutBucketLifecycle).
        Map<String, String> configs = Map.of("Lifecycle", "LifecycleConfiguration", "Cors", "BucketCORS",
                "Encryption", "EncryptionConfiguration", "Replication", "ReplicationConfiguration", "Accelerate", "AccelerateConfiguration",
                "Analytics", "AnalyticsConfiguration", "Metrics", "MetricsConfiguration", "Inventory", "InventoryConfiguration",
                "IntelligentTiering", "IntelligentTieringConfiguration");
        // Each spelling is also known by the other: a rule on the API's s3:PutBucketLifecycleConfiguration missed the
        // proxy's s3:PutBucketLifecycle for the same PUT ?lifecycle.
        configs.forEach((api, iam) -> {
            for (String verb : List.of("Get", "Put", "Delete")) {
                String shorter = "s3:" + verb + "Bucket" + api, longer = shorter + "Configuration";
                String action = "s3:" + (verb.equals("Get") ? "Get" : "Put") + iam;
                m.put(shorter, List.of(action, longer));
                m.put(longer, List.of(action, shorter));
            }
        });
        for (String same : List.of("Tagging", "OwnershipControls")) m.put("s3:DeleteBucket" + same, List.of("s3:PutBucket" + same));
        // Bucket settings whose API name (what `aws s3api` commands are named: put-public-access-block) is not the
        // IAM action (s3:PutBucketPublicAccessBlock, which the proxy names the request by): each known by both.
        m.put("s3:PutPublicAccessBlock", List.of("s3:PutBucketPublicAccessBlock"));
        m.put("s3:PutBucketPublicAccessBlock", List.of("s3:PutPublicAccessBlock"));
        m.put("s3:DeletePublicAccessBlock", List.of("s3:PutBucketPublicAccessBlock", "s3:DeleteBucketPublicAccessBlock"));
        m.put("s3:DeleteBucketPublicAccessBlock", List.of("s3:DeletePublicAccessBlock", "s3:PutBucketPublicAccessBlock"));
        m.put("s3:GetPublicAccessBlock", List.of("s3:GetBucketPublicAccessBlock"));
        m.put("s3:GetBucketPublicAccessBlock", List.of("s3:GetPublicAccessBlock"));
        for (String verb : List.of("Put", "Get")) {
            m.put("s3:" + verb + "ObjectLockConfiguration", List.of("s3:" + verb + "BucketObjectLockConfiguration"));
            m.put("s3:" + verb + "BucketObjectLockConfiguration", List.of("s3:" + verb + "ObjectLockConfiguration"));
            m.put("s3:" + verb + "BucketNotificationConfiguration", List.of("s3:" + verb + "BucketNotification"));
            m.put("s3:" + verb + "BucketNotification", List.of("s3:" + verb + "BucketNotificationConfiguration"));
        }
        return Map.copyOf(m);
    }
}
