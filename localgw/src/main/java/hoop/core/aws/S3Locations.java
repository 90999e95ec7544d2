package hoop.core.aws;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The S3 objects a call of another service reads there, found in its parameters: Textract and Rekognition read a
 * document ({S3Object: {Bucket, Name}}), Transcribe and Comprehend a file or a prefix (MediaFileUri, S3Uri:
 * s3://bucket/key), DynamoDB's ImportTable a prefix ({S3Bucket, S3KeyPrefix}), Lambda a function's code ({S3Bucket,
 * S3Key}). The service reads them with its own access and hands back what they hold (a document's text), so each is
 * also a read of that S3 location, which a rule on s3:GetObject must see. Each is given as the ARN its keys begin
 * with (a prefix: an object's key is the prefix of itself alone). Only parameters that name a location count (a
 * bucket and its key, a value under a name such as ...Uri or ...Location): data that holds an s3:// URI (a DynamoDB
 * item's string, a message body) names none.
 */
public final class S3Locations {
    /** How a location travels as a word among a call's ARNs (the API proxy's argv): no ARN begins so. */
    public static final String WORD = "s3-read:";
    /**
     * S3's own calls that have it write objects into a bucket they name (logs, inventories, analytics exports, replicas,
     * a restore's query results), as the API proxy (by sub-resource) and the CLI name them.
     */
    public static final Set<String> DELIVERING = Set.of("s3:PutBucketLogging", "s3:PutBucketInventory", "s3:PutBucketInventoryConfiguration",
            "s3:PutBucketAnalytics", "s3:PutBucketAnalyticsConfiguration", "s3:PutBucketReplication",
            // A restore of type SELECT writes the query's results under its OutputLocation.
            "s3:RestoreObject");

    /**
     * Whether a RestoreObject's request (the content of its RestoreRequest) runs a query over the object: a restore
     * of type SELECT writes the values its SQL picks out, cut where it chooses (SUBSTRING), into objects that read
     * back with pieces of secrets no detector recognizes, as SelectObjectContent's records would. Names in any case.
     */
    public static boolean restoresBySelect(Object request) {
        if (!(request instanceof java.util.Map<?, ?> m)) return false;
        for (java.util.Map.Entry<?, ?> e : m.entrySet()) {
            String k = String.valueOf(e.getKey());
            if (k.equalsIgnoreCase("SelectParameters")) return true;
            if (k.equalsIgnoreCase("Type") && String.valueOf(e.getValue()).strip().equalsIgnoreCase("SELECT")) return true;
        }
        return false;
    }

    /** How a location the service writes into travels (see {@link #written}). */
    public static final String WRITTEN = "s3-write:";

    /**
     * Words in the names leading to a location that say the service reads it (Document.S3Object, Media.MediaFileUri,
     * InputDataConfig, S3BucketSource, a function's Code): any other location may be where it writes (an export's
     * S3Bucket, Athena's ResultConfiguration.OutputLocation, a trail's S3BucketName, OutputDataConfig...).
     */
    private static final Set<String> INPUT_WORDS = Set.of("input", "inputs", "source", "sources", "import", "document", "documents",
            "image", "images", "video", "media", "code", "content", "script", "training", "validation", "manifest");
    private static final Pattern CAMEL_WORD = Pattern.compile("[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\\d+");

    private static final Set<String> BUCKET = Set.of("bucket", "s3bucket", "bucketname", "s3bucketname", "bucketarn");
    private static final Set<String> KEY = Set.of("key", "name", "s3key", "objectkey", "s3objectkey", "prefix", "s3prefix",
            "keyprefix", "s3keyprefix");
    /** Parameter names whose value may be a location as a whole (S3Uri, MediaFileUri, OutputLocation, BucketArn, LogDestination...). */
    private static final Pattern LOCATION_NAME = Pattern.compile("(?i)[a-z0-9]*(uri|uris|url|location|path|arn|prefix|destination)|s3[a-z0-9]*|[a-z0-9]*bucket[a-z0-9]*");
    private static final Pattern URI = Pattern.compile("(?i)s3://([^/\\s]+)(/\\S*)?");
    private static final Pattern ARN = Pattern.compile("arn:[a-z-]+:s3:::([^/\\s]+)(/\\S*)?");
    /** A name=value pair of the aws CLI's shorthand syntax (MediaFileUri=s3://b/k,Other=x). */
    private static final Pattern SHORTHAND = Pattern.compile("([A-Za-z0-9]+)=([^,{}\\[\\]]+)");

    private S3Locations() {}

    /** The locations in a call's parameters (maps, lists and strings, as parsed from JSON or a form), in order. */
    public static List<String> in(Object params) {
        Set<String> out = new LinkedHashSet<>();
        walk(params, false, List.of(), "", out, new LinkedHashSet<>(), 0);
        return new ArrayList<>(out);
    }

    /**
     * The locations among those {@link #in} finds that the service may write into: all but those the names leading
     * to them say it reads (INPUT_WORDS). A service writing there with its own access is a write of that location,
     * which a rule on s3:PutObject must see: `dynamodb export-table-to-point-in-time --s3-bucket prod-data` wrote past
     * a rule keeping prod-data read-only. A bucket whose key is given as a Name (a document's S3Object) is written
     * anywhere in it. A bucket and key among the call's own parameters are read by the call's name too
     * (lambda:UpdateFunctionCode's S3Bucket and S3Key are its code).
     */
    public static List<String> written(String operation, Object params) {
        Set<String> out = new LinkedHashSet<>();
        walk(params, false, List.of(), operation.substring(operation.indexOf(':') + 1), new LinkedHashSet<>(), out, 0);
        return new ArrayList<>(out);
    }

    /**
     * The locations an aws CLI option names: its value's JSON structure, or its shorthand pairs, or the value as a
     * whole where the option's name is a location's (--s3-uri, --output-location).
     */
    public static List<String> inOption(String option, String value) {
        Set<String> out = new LinkedHashSet<>();
        String v = value.strip();
        if (v.startsWith("{") || v.startsWith("[")) {
            walk(StrictJson.parse(v), false, List.of(), "", out, new LinkedHashSet<>(), 0);
            return new ArrayList<>(out);
        }
        if (LOCATION_NAME.matcher(option.replace("-", "")).matches()) text(v, out);
        Matcher m = SHORTHAND.matcher(v);
        while (m.find()) if (LOCATION_NAME.matcher(m.group(1)).matches()) text(m.group(2), out);
        return new ArrayList<>(out);
    }

    /**
     * path: the names leading to v; action: the call's name, which says what its own (top-level) parameters are;
     * reads: every location; writes: those the path does not say are read.
     */
    private static void walk(Object v, boolean named, List<String> path, String action, Set<String> reads, Set<String> writes, int depth) {
        if (depth > 64) return;
        if (v instanceof String s) {
            if (named) {
                Set<String> found = new LinkedHashSet<>();
                text(s, found);
                reads.addAll(found);
                if (writtenAt(path)) writes.addAll(found);
            }
        } else if (v instanceof List<?> l) {
            for (Object e : l) walk(e, named, path, action, reads, writes, depth + 1);
        } else if (v instanceof Map<?, ?> m) {
            // A query form's names are flat (Media.MediaFileUri, S3Object.Bucket): read by their last part, and a
            // bucket goes with the key beside it under the same parent.
            Map<String, String> buckets = new java.util.LinkedHashMap<>(), keys = new java.util.HashMap<>();
            Set<String> byName = new java.util.HashSet<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String[] at = parentAndName(String.valueOf(e.getKey()));
                String name = at[1].toLowerCase(Locale.ROOT);
                if (e.getValue() instanceof String s && isBucket(name)) buckets.put(at[0], s);
                // Any ...Prefix too: a logging configuration's TargetPrefix.
                boolean key = KEY.contains(name) || name.endsWith("prefix");
                if (e.getValue() instanceof String s && key && (!keys.containsKey(at[0]) || byName.contains(at[0]))) {
                    keys.put(at[0], s);
                    if (name.equals("name")) byName.add(at[0]);
                    else byName.remove(at[0]);
                }
            }
            attributeBuckets(m).forEach((parent, bucket) -> buckets.putIfAbsent(parent + "\u0000", bucket));
            buckets.forEach((parent, bucket) -> {
                if (bucket.isBlank()) return;
                // A bucket given as its ARN (Firehose's BucketARN) is read as one.
                Matcher a = ARN.matcher(bucket.strip());
                String b = a.matches() ? a.group(1) : bucket.strip();
                reads.add("arn:aws:s3:::" + b + "/" + keys.getOrDefault(parent, ""));
                List<String> at = new ArrayList<>(path);
                at.add(parent);
                if (depth == 0) at.add(action);
                if (writtenAt(at)) writes.add("arn:aws:s3:::" + b + "/" + (byName.contains(parent) ? "" : keys.getOrDefault(parent, "")));
            });
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                String name = parentAndName(key)[1];
                List<String> at = new ArrayList<>(path);
                at.add(key);
                if (depth == 0 && e.getValue() instanceof String) at.add(action);
                walk(e.getValue(), LOCATION_NAME.matcher(name).matches(), at, action, reads, writes, depth + 1);
            }
        }
    }

    /**
     * Buckets given as attributes, a Key naming a bucket beside its Value: a load balancer's access logs
     * ({Key: access_logs.s3.bucket, Value: b}, as JSON or as the query form's Attributes.member.1.Key), by the
     * attribute's own parent (its list index kept: another attribute's Value is not this one's).
     */
    private static Map<String, String> attributeBuckets(Map<?, ?> m) {
        Map<String, String> names = new java.util.HashMap<>(), values = new java.util.HashMap<>(), out = new java.util.LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String s)) continue;
            String key = String.valueOf(e.getKey());
            int dot = key.lastIndexOf('.');
            String parent = dot < 0 ? "" : key.substring(0, dot), last = key.substring(dot + 1);
            if (last.equalsIgnoreCase("key")) names.put(parent, s);
            if (last.equalsIgnoreCase("value")) values.put(parent, s);
        }
        names.forEach((parent, name) -> {
            if (name.toLowerCase(Locale.ROOT).endsWith("bucket") && values.containsKey(parent)) out.put(parent, values.get(parent));
        });
        return out;
    }

    /** A bucket's parameter: those of BUCKET, and names ending so (Transcribe's OutputBucketName, Polly's OutputS3BucketName). */
    private static boolean isBucket(String name) {
        return BUCKET.contains(name) || name.endsWith("bucketname") || name.endsWith("bucket") || name.endsWith("bucketarn");
    }

    /** Whether no name on the path (each camel-case word of it) says the service reads what lies there. */
    private static boolean writtenAt(List<String> path) {
        for (String name : path) {
            Matcher w = CAMEL_WORD.matcher(name);
            while (w.find()) if (INPUT_WORDS.contains(w.group().toLowerCase(Locale.ROOT))) return false;
        }
        return true;
    }

    /** A flat form name's parent and last part, list indexes left out: "A.member.1.S3Uri" is ("A", "S3Uri"). */
    private static String[] parentAndName(String key) {
        String k = key.replaceAll("\\.(member\\.)?\\d+(?=\\.|$)", "");
        int dot = k.lastIndexOf('.');
        return dot < 0 ? new String[] {"", k} : new String[] {k.substring(0, dot), k.substring(dot + 1)};
    }

    /**
     * The aws CLI's options for a bucket given by name among a call's own parameters (botocore 2.9's top-level input
     * members named so, outside S3): the CLI reads an unambiguous prefix of one as it (`--s3-b prod` is --s3-bucket),
     * which by its name alone named no location. A key's option read wrongly leaves the whole bucket judged.
     */
    public static final List<String> BUCKET_OPTIONS = List.of("bucket", "bucket-name", "s3-bucket", "s3-bucket-name", "s3-bucket-arn",
            "output-bucket", "output-bucket-name", "output-s3-bucket", "output-s3-bucket-name", "target-bucket", "log-bucket",
            "log-delivery-bucket", "delivery-s3-bucket", "flow-logs-s3-bucket", "result-location-bucket", "destination-s3-bucket-name",
            "database-installation-files-s3-bucket-name", "source-bucket-arn", "input-bucket", "input-file-bucket");

    /** Whether a parameter of this name is read for a location (see LOCATION_NAME). */
    public static boolean locationName(String name) {
        return LOCATION_NAME.matcher(name).matches();
    }

    /** Whether the value is an S3 URI or ARN as a whole. */
    public static boolean whole(String value) {
        String v = value.strip();
        return URI.matcher(v).matches() || ARN.matcher(v).matches();
    }

    /** A value that is an S3 URI or ARN as a whole. */
    private static void text(String s, Set<String> out) {
        String v = s.strip();
        for (Pattern p : List.of(URI, ARN)) {
            Matcher m = p.matcher(v);
            if (m.matches()) out.add("arn:aws:s3:::" + m.group(1) + "/" + (m.group(2) == null ? "" : m.group(2).substring(1)));
        }
    }
}
