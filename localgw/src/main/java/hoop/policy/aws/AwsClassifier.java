package hoop.policy.aws;

import hoop.core.aws.AccessChanges;
import hoop.core.aws.AwsResources;
import hoop.core.aws.S3Locations;
import hoop.policy.Classification;
import java.util.List;
import java.util.Set;

/**
 * Classifies a command on an aws connection: either the aws CLI's argv (hoop exec), or a call the API proxy
 * already identified, given as [operation, resource ARNs...].
 */
public final class AwsClassifier {
    private AwsClassifier() {}

    /** What the API proxy gives for a request it could not name ("s3-unidentified"). */
    public static final String UNIDENTIFIED = "-unidentified";
    private static final java.util.regex.Pattern OPERATION = java.util.regex.Pattern.compile("[a-z0-9-]+:[A-Za-z0-9]+");

    /**
     * Where no connection says it (tests, examples): ARNs carry '*' as region and account, which only a rule
     * with '*' there matches. A gateway always knows both (the connection's region, its jit role's account).
     */
    public static final AwsResources.Scope ANYWHERE = new AwsResources.Scope("aws", "*", "*");

    public static Classification classify(List<String> argv, String text) {
        return classify(argv, text, LocalPaths.DEFAULT_HOME, ANYWHERE);
    }

    public static Classification classify(List<String> argv, String text, java.nio.file.Path home) {
        return classify(argv, text, home, ANYWHERE);
    }

    /**
     * home: the gateway's HOOP_HOME, which an aws CLI argument must not name; scope: the region and account the
     * connection's calls land in, for the ARNs of resources named by name.
     */
    public static Classification classify(List<String> argv, String text, java.nio.file.Path home, AwsResources.Scope scope) {
        if (argv.size() == 1 && argv.get(0).endsWith(UNIDENTIFIED)) {
            // Not an aws CLI argv: read as one (a program with no arguments), it was `cli:Help`, kind read, and
            // any request hoop could not name passed as a read.
            return new Classification(List.of(AwsOperations.unknown(text)), List.of("the API proxy could not name the call: " + text));
        }
        if (!argv.isEmpty() && OPERATION.matcher(argv.get(0)).matches()) {
            String op = argv.get(0);
            // [operation, resource ARNs..., implied operations...]: an ARN has more than one ':' ("arn:aws:s3:::b").
            List<String> res = argv.subList(1, argv.size()).stream().filter(a -> !OPERATION.matcher(a).matches()).toList();
            List<String> implied = argv.subList(1, argv.size()).stream().filter(a -> OPERATION.matcher(a).matches()).toList();
            boolean changesAccess = implied.contains(AccessChanges.MARKER);
            implied = implied.stream().filter(i -> !i.equals(AccessChanges.MARKER)).toList();
            if (!op.startsWith("s3:")) {
                // Resources the proxy knows only by how their ARNs begin (AwsResources): judged as prefixes.
                List<String> under = res.stream().filter(r -> r.startsWith(AwsResources.UNDER)).map(r -> r.substring(AwsResources.UNDER.length())).toList();
                List<String> reads = res.stream().filter(r -> r.startsWith(S3Locations.WORD)).map(r -> r.substring(S3Locations.WORD.length())).toList();
                List<String> writes = res.stream().filter(r -> r.startsWith(S3Locations.WRITTEN)).map(r -> r.substring(S3Locations.WRITTEN.length())).toList();
                List<String> arns = res.stream().filter(r -> !r.startsWith(AwsResources.UNDER) && !r.startsWith(S3Locations.WORD)
                        && !r.startsWith(S3Locations.WRITTEN)).toList();
                List<Classification.Unit> call = callUnits(op, new AwsResources.Derived(arns, under), null, text);
                List<Classification.Unit> units = new java.util.ArrayList<>(changesAccess ? AwsOperations.changingAccess(call) : call);
                units.addAll(s3Reads(reads, null, text));
                units.addAll(s3Writes(op, writes, null, text));
                return new Classification(units, List.of());
            }
            // The buckets a bucket configuration has S3 deliver objects into (XmlParameters): writes there.
            List<String> delivered = res.stream().filter(r -> r.startsWith(S3Locations.WRITTEN)).map(r -> r.substring(S3Locations.WRITTEN.length())).toList();
            res = res.stream().filter(r -> !r.startsWith(S3Locations.WRITTEN)).toList();
            String unknown = null;
            if (op.equals("s3:SelectObjectContent")) {
                // Its answer is an event stream of binary frames carrying the object's records: hoop cannot mask it,
                // so a text object would come back whole (through exec, the CLI decodes them and its outfile is written masked).
                unknown = "S3 Select answers in event stream frames hoop cannot mask";
            } else if (op.equals("s3:RestoreObject") && implied.contains("s3:SelectObjectContent")) {
                unknown = "a restore of type SELECT writes what its query picks out of the object (cut as it chooses), which"
                        + " masking cannot read back as the secrets it was cut from";
            } else if (implied.contains(AwsResources.SPLICED_UPLOAD)) {
                implied = implied.stream().filter(i -> !i.equals(AwsResources.SPLICED_UPLOAD)).toList();
                unknown = "the upload's parts are not one kind of bytes (the client's own, or copies of one object): read back,"
                        + " text copied in behind other bytes, or cut at the edge of a copied range, would not be masked";
            }
            if (unknown != null) {
                List<Classification.Unit> units = new java.util.ArrayList<>(units(op, res, implied, null, text));
                units.addAll(s3Writes(op, delivered, null, text));
                units.add(AwsOperations.unknown(text));
                return new Classification(units, List.of(unknown));
            }
            List<Classification.Unit> call = new java.util.ArrayList<>(units(op, res, implied, null, text));
            call.addAll(s3Writes(op, delivered, null, text));
            return new Classification(changesAccess ? AwsOperations.changingAccess(call) : call, List.of());
        }
        return AwsCliClassifier.classify(argv, home, scope);
    }

    /**
     * A non-S3 call's units: one on the resources it names, one per prefix standing for resources hoop could not
     * pin down (matched as a recursive S3 path is: by any rule that could match some resource under it).
     */
    static List<Classification.Unit> callUnits(String op, AwsResources.Derived d, hoop.policy.shell.SimpleCommand cmd, String text) {
        List<Classification.Unit> units = new java.util.ArrayList<>();
        if (!d.arns().isEmpty() || d.prefixes().isEmpty()) units.add(AwsOperations.unit(op, d.arns(), cmd, text));
        for (String p : d.prefixes()) units.add(AwsOperations.onPrefix(op, p, cmd, text));
        // The IAM actions where they are not the call's name: a rule on lambda:InvokeFunction must see lambda:Invoke.
        for (String iam : IAM_ACTIONS.getOrDefault(op, List.of())) units.addAll(callUnits(iam, d, cmd, text));
        return units;
    }

    /**
     * The S3 locations (S3Locations) a call of another service reads there with its own access, handing back what
     * they hold (Textract a document's text): each a read of every key under it, which a rule on s3:GetObject must see.
     */
    static List<Classification.Unit> s3Reads(List<String> locations, hoop.policy.shell.SimpleCommand cmd, String text) {
        return locations.stream().map(l -> AwsOperations.onPrefix("s3:GetObject", l, cmd, text)).toList();
    }

    /**
     * The S3 locations (S3Locations.written) a call of another service may write into with its own access (an
     * export's bucket, a query's result location): each a write of every key under it, which a rule on s3:PutObject
     * must see. A call that is a read by its name writes nothing.
     */
    static List<Classification.Unit> s3Writes(String op, List<String> locations, hoop.policy.shell.SimpleCommand cmd, String text) {
        if (AwsOperations.kind(op).equals("read")) return List.of();
        return locations.stream().map(l -> AwsOperations.onPrefix("s3:PutObject", l, cmd, text)).toList();
    }

    /**
     * Calls IAM authorizes as other actions: a batch as its single call, a transaction as each action its items
     * may take (TransactWriteItems is judged as all four on every table it names, whichever each item does).
     */
    private static final List<String> PARTIQL = List.of("dynamodb:PartiQLSelect", "dynamodb:PartiQLInsert", "dynamodb:PartiQLUpdate",
            "dynamodb:PartiQLDelete");
    private static final java.util.Map<String, List<String>> IAM_ACTIONS = java.util.Map.ofEntries(
            java.util.Map.entry("lambda:Invoke", List.of("lambda:InvokeFunction")),
            java.util.Map.entry("lambda:InvokeAsync", List.of("lambda:InvokeFunction")),
            java.util.Map.entry("lambda:InvokeWithResponseStream", List.of("lambda:InvokeFunction")),
            java.util.Map.entry("sqs:SendMessageBatch", List.of("sqs:SendMessage")),
            java.util.Map.entry("sqs:DeleteMessageBatch", List.of("sqs:DeleteMessage")),
            java.util.Map.entry("sqs:ChangeMessageVisibilityBatch", List.of("sqs:ChangeMessageVisibility")),
            java.util.Map.entry("sns:PublishBatch", List.of("sns:Publish")),
            java.util.Map.entry("secretsmanager:BatchGetSecretValue", List.of("secretsmanager:GetSecretValue")),
            // Which key each side uses is not told apart here: both actions on every key the call may use.
            java.util.Map.entry("kms:ReEncrypt", List.of("kms:ReEncryptFrom", "kms:ReEncryptTo")),
            java.util.Map.entry("dynamodb:TransactWriteItems", List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                    "dynamodb:ConditionCheckItem")),
            java.util.Map.entry("dynamodb:TransactGetItems", List.of("dynamodb:GetItem")),
            // A statement's verb is in its text, which is not read: every PartiQL action.
            java.util.Map.entry("dynamodb:ExecuteStatement", PARTIQL), java.util.Map.entry("dynamodb:BatchExecuteStatement", PARTIQL),
            java.util.Map.entry("dynamodb:ExecuteTransaction", PARTIQL));

    /** A call's units: itself, and the actions IAM also authorizes it as (the same for the CLI and the proxy). */
    static List<Classification.Unit> units(String op, List<String> res, List<String> implied, hoop.policy.shell.SimpleCommand cmd, String text) {
        List<Classification.Unit> units = new java.util.ArrayList<>(iamUnits(op, res, cmd, text));
        // Headers that make the call do more, as the actions IAM authorizes it as (x-amz-acl: s3:PutObjectAcl),
        // and the plain call a server without the sub-resource runs (a CopyObject reads its source there too).
        for (String i : implied) units.addAll(iamUnits(i, res, cmd, text));
        return units;
    }

    private static final Set<String> REPLICATION = Set.of("s3:PutBucketReplication", "s3:PutBucketReplicationConfiguration");

    private static List<Classification.Unit> iamUnits(String op, List<String> res, hoop.policy.shell.SimpleCommand cmd, String text) {
        List<Classification.Unit> units = new java.util.ArrayList<>(List.of(AwsOperations.unit(op, res, cmd, text)));
        // IAM authorizes these calls as other actions too: a rule on those must see them. DeleteObjects is
        // s3:DeleteObject on each key it names (after the bucket); a copy reads its source (the second resource)
        // and writes its target; a multipart upload writes its object; HEAD and Select read it.
        if (op.equals("s3:DeleteObjects") && res.size() > 1) units.add(AwsOperations.unit("s3:DeleteObject", res.subList(1, res.size()), cmd, text));
        if ((op.equals("s3:CopyObject") || op.equals("s3:UploadPartCopy")) && res.size() == 2) {
            units.add(AwsOperations.unit("s3:GetObject", res.subList(1, 2), cmd, text));
            units.add(AwsOperations.unit("s3:PutObject", res.subList(0, 1), cmd, text));
        }
        if (Set.of("s3:CreateMultipartUpload", "s3:UploadPart", "s3:CompleteMultipartUpload").contains(op)) {
            units.add(AwsOperations.unit("s3:PutObject", res, cmd, text));
        }
        if (op.equals("s3:HeadObject") || op.equals("s3:SelectObjectContent")) units.add(AwsOperations.unit("s3:GetObject", res, cmd, text));
        // Replication copies the bucket's objects into another bucket, where the copies are read: a read of every key
        // in it, which a rule on s3:GetObject of some of them must see (it passed as a bucket setting).
        if (REPLICATION.contains(op) && res.size() == 1 && !res.get(0).contains("/")) {
            units.add(AwsOperations.onPrefix("s3:GetObject", res.get(0) + "/", cmd, text));
        }
        return units;
    }
}
