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
 * The resources (ARNs) a non-S3 call acts on, derived from its parameters: the one table both ways in use (the
 * API proxy with the parameters of a JSON or query body, `hoop exec` with the aws CLI's options read as the
 * same names). A parameter naming a resource is read in every spelling the service accepts (a name, an ARN,
 * a partial ARN, an alias); what cannot be pinned to one ARN is given as a prefix standing for every ARN that
 * begins so (at worst the service's ARNs in the account), which policy matches as it matches a recursive S3
 * path: a deny or review rule that could match some such resource matches.
 */
public final class AwsResources {
    /** How a prefix travels as a word among a call's ARNs (the API proxy's argv): no ARN begins so. */
    public static final String UNDER = "under:";

    /**
     * How the API proxy marks, among a CompleteMultipartUpload's words, an upload whose parts it did not see all of as
     * one kind of bytes: the object it makes may begin with bytes that make it binary (never masked) and go on with a
     * copy of a text object hoop masks when it is read.
     */
    public static final String SPLICED_UPLOAD = "hoop:SplicedUpload";

    /** Where a call lands: the connection's region and the account of its role. */
    public record Scope(String partition, String region, String account) {
        /** roleArn: the jit role (arn:PARTITION:iam::ACCOUNT:role/NAME). */
        public static Scope of(String roleArn, String region) {
            String[] f = roleArn.split(":", 6);
            return new Scope(f.length > 4 ? f[1] : "aws", region, f.length > 4 ? f[4] : "");
        }

        public Scope withRegion(String r) {
            return new Scope(partition, r, account);
        }
    }

    /** arns: each resource the call names; prefixes: resources known only by how their ARNs begin. */
    public record Derived(List<String> arns, List<String> prefixes) {
        public Derived {
            arns = List.copyOf(new LinkedHashSet<>(arns));
            prefixes = List.copyOf(new LinkedHashSet<>(prefixes));
        }
    }

    /**
     * Per service, the parameters naming its resources (as the JSON/CLI name them and as the query protocol
     * lists them: InstanceId.N). Structured ones (DynamoDB's RequestItems, TransactItems) are read below.
     */
    private static final Map<String, List<String>> PARAMS = Map.of(
            "secretsmanager", List.of("SecretId", "SecretIdList", "Name"),
            "ssm", List.of("Name", "Names", "Path"),
            "dynamodb", List.of("TableName", "RequestItems", "TransactItems"),
            "kms", List.of("KeyId", "SourceKeyId", "DestinationKeyId", "TargetKeyId", "AliasName"),
            "lambda", List.of("FunctionName", "Qualifier"),
            "sqs", List.of("QueueUrl", "QueueName", "QueueOwnerAWSAccountId"),
            "sns", List.of("Name"),
            "iam", List.of("UserName", "RoleName", "GroupName", "InstanceProfileName"),
            "ec2", List.of("InstanceIds", "InstanceId"),
            "cloudformation", List.of("StackName"));

    /** Parameters that only qualify another one's resource (a function's version, a queue's owner). */
    private static final Set<String> QUALIFIERS = Set.of("Qualifier", "QueueOwnerAWSAccountId");

    /** Calls that act on no existing resource of theirs: a rule with resource does not match them (IAM: Resource "*"). */
    private static final Set<String> RESOURCELESS = Set.of("secretsmanager:GetRandomPassword", "kms:CreateKey", "kms:GenerateRandom",
            "iam:GetAccountSummary", "iam:GetAccountPasswordPolicy", "ec2:RunInstances", "lambda:GetAccountSettings",
            "cloudformation:ValidateTemplate", "cloudformation:EstimateTemplateCost");

    /** SSM's Name is a parameter's only in the parameter calls (get-document --name names a document). */
    private static final Pattern SSM_PARAMETER_CALL = Pattern.compile("(Get|Put|Delete|Label|Unlabel)Parameter.*");
    private static final Pattern ARN = Pattern.compile("arn:([^:]*):([^:]*):([^:]*):([^:]*):(.+)", Pattern.DOTALL);
    /** An SQS queue URL: its account and name (and the region of an AWS endpoint). */
    private static final Pattern SQS_URL = Pattern.compile(
            "https?://(?:(?:sqs\\.([a-z]{2}(?:-[a-z]+)+-\\d+)\\.amazonaws\\.com)|[^/?#@]+)/(\\d{12})/([A-Za-z0-9_-]{1,80}(?:\\.fifo)?)");

    private AwsResources() {}

    /** Whether the service's resources are derived here (else a call stands for any of its service's, or is S3's own). */
    public static boolean covers(String service) {
        return PARAMS.containsKey(service);
    }

    /** The parameters that name a service's resources. */
    public static List<String> parameters(String service) {
        return PARAMS.getOrDefault(service, List.of());
    }

    /** The parameters that are lists (the CLI takes every word up to the next option for them). */
    private static final Set<String> LISTS = Set.of("SecretIdList", "Names", "InstanceIds");

    /**
     * Whether the CLI may read several words for the parameter: a list, or a name whose option begins a list's,
     * which argparse reads as the list's where the call has no option of that name (`ssm get-parameters --name a b`
     * is --names a b, `secretsmanager batch-get-secret-value --secret-id a b` is --secret-id-list a b).
     */
    public static boolean listValued(String service, String param) {
        return LISTS.contains(param) || parameters(service).stream().anyMatch(l -> LISTS.contains(l) && kebab(l).startsWith(kebab(param)));
    }

    /** The CLI options (kebab case, as botocore spells the parameters) that name a service's resources. */
    public static List<String> options(String service) {
        return PARAMS.getOrDefault(service, List.of()).stream().map(AwsResources::kebab).toList();
    }

    /**
     * Whether the names a prefix stands for may go on with a ':'. A prefix ending in '/' hoop derived (a parameter
     * path, a stack's name, any KMS key) ends an ARN's last field: parameter names, stack ids and key ids hold no
     * ':'. A prefix ending in ':' (a service's ARNs) and an S3 key prefix may go on with anything.
     */
    public static boolean restMayHoldColon(String prefix) {
        Matcher m = ARN.matcher(prefix);
        return !m.matches() || m.group(2).equals("s3") || !prefix.endsWith("/");
    }

    private static final Pattern IAM_BY_NAME = Pattern.compile("arn:[^:]*:iam::[^:]*:(user|role|group|instance-profile)/[^/]+");

    /**
     * Where the name begins in an IAM ARN without a path (user/NAME), or -1. IAM's calls name users, roles, groups
     * and instance profiles without the path they were created under (role/aws-reserved/sso.amazonaws.com/NAME),
     * which hoop cannot see: such an ARN may stand for the name under any path.
     */
    public static int pathUnknownAt(String arn) {
        Matcher m = IAM_BY_NAME.matcher(arn);
        return m.matches() ? m.end(1) + 1 : -1;
    }

    /** IAM names are unique regardless of case (Admin is admin): a rule on them is matched so. */
    public static boolean caseInsensitive(String arn) {
        Matcher m = ARN.matcher(arn);
        return m.matches() && m.group(2).equals("iam");
    }

    /**
     * operation: service:Action; params: the request's parameters (Maps, Lists, Strings: see {@link #fromForm}).
     * Every resource is given (a batch names several); an operation of a covered service whose resource is not
     * in its parameters is known only by its service's prefix, unless it acts on no resource (List*, Describe*).
     */
    public static Derived derive(String operation, Map<String, Object> params, Scope scope) {
        int colon = operation.indexOf(':');
        String service = operation.substring(0, colon);
        String action = operation.substring(colon + 1);
        List<String> arns = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        Out out = new Out(arns, prefixes, scope, service);
        if (!covers(service)) {
            // A service whose resources hoop does not derive: its call stands for any ARN of the service (any region
            // and account), unless it acts on none. S3 derives its own; cli and configure are the CLI's.
            if (NOT_HERE.contains(service) || resourceless(operation, action)) return new Derived(List.of(), List.of());
            return new Derived(List.of(), List.of("arn:" + scope.partition() + ":" + service + ":"));
        }
        boolean named = false;
        for (Map.Entry<String, Object> e : params.entrySet()) {
            String p = e.getKey();
            // ARNs given as such (TopicArn, TargetArn, PolicyArn, ResourceArn, TableArn, SubscriptionArn...).
            if (p.endsWith("Arn") || p.endsWith("ARN")) {
                for (String v : strings(e.getValue(), out)) {
                    Matcher m = ARN.matcher(v);
                    if (m.matches() && m.group(2).equals(service)) {
                        out.arn(v);
                        named = true;
                    }
                }
            }
        }
        if (service.equals("ssm") && !SSM_PARAMETER_CALL.matcher(action).matches()) {
            return finish(out, named, operation, action);
        }
        for (String p : PARAMS.get(service)) {
            Object v = params.get(p);
            if (v == null || QUALIFIERS.contains(p)) continue;
            named = true;
            switch (p) {
                case "RequestItems" -> {
                    if (v instanceof Map<?, ?> m && !m.isEmpty()) m.keySet().forEach(t -> out.arn(table(String.valueOf(t), scope)));
                    else out.unknown();
                }
                case "TransactItems" -> transact(v, out);
                default -> strings(v, out).forEach(s -> resource(service, p, s, params, out));
            }
        }
        // ReEncrypt without SourceKeyId decrypts with whatever key the ciphertext names (as Decrypt without KeyId).
        if (operation.equals("kms:ReEncrypt") && params.get("SourceKeyId") == null) out.unknown();
        return finish(out, named, operation, action);
    }

    private static Derived finish(Out out, boolean named, String operation, String action) {
        if (!named && !resourceless(operation, action)) out.unknown();
        return new Derived(out.arns, out.prefixes);
    }

    private static final Set<String> NOT_HERE = Set.of("s3", "cli", "configure");

    /** A CLI waiter (ec2 wait instance-running) polls a Describe call. */
    private static boolean resourceless(String operation, String action) {
        return RESOURCELESS.contains(operation) || action.startsWith("List") || action.startsWith("Describe") || action.startsWith("Wait");
    }

    private static void resource(String service, String param, String v, Map<String, Object> params, Out out) {
        Scope sc = out.scope;
        // "ARN:aws:..." or "Arn:...": a service may read it as the ARN (no name may hold a ':' there); hoop cannot tell.
        if (v.isEmpty() || (!v.startsWith("arn:") && v.regionMatches(true, 0, "arn:", 0, 4))) {
            out.unknown();
            return;
        }
        switch (service) {
            case "secretsmanager" -> out.arn(v.startsWith("arn:") ? v : arn(sc, service, "secret:" + v));
            case "ssm" -> {
                Matcher a = ARN.matcher(v);
                if (v.contains("//")) {
                    out.unknown(); // "//prod/db": hoop's ARN would be another than any the service might normalize it to
                } else if (v.startsWith("arn:")) {
                    out.arn(v);
                    // A name holds no ':': one after "parameter/NAME" selects a version or label of NAME.
                    if (a.matches() && a.group(5).contains(":")) out.arn(v.substring(0, a.start(5) + a.group(5).indexOf(':')));
                } else if (param.equals("Path")) {
                    // Everything under the path is read (Recursive: below it too).
                    String path = v.startsWith("/") ? v.substring(1) : v;
                    out.prefix(arn(sc, service, "parameter/" + (path.isEmpty() || path.endsWith("/") ? path : path + "/")));
                } else {
                    // "/prod/db" and "prod/db" have one ARN; a ":3" or ":label" selects a version of it.
                    String name = v.startsWith("/") ? v.substring(1) : v;
                    int sel = name.indexOf(':');
                    out.arn(arn(sc, service, "parameter/" + (sel < 0 ? name : name.substring(0, sel))));
                }
            }
            case "dynamodb" -> out.arn(table(v, sc));
            case "kms" -> kmsKey(v, out);
            case "lambda" -> lambda(v, params.get("Qualifier") instanceof String q ? q : null, out);
            case "sqs" -> {
                if (param.equals("QueueName")) {
                    String owner = params.get("QueueOwnerAWSAccountId") instanceof String o ? o : sc.account();
                    out.arn("arn:" + sc.partition() + ":sqs:" + sc.region() + ":" + owner + ":" + v);
                } else {
                    Matcher m = SQS_URL.matcher(v);
                    if (!m.matches()) {
                        out.unknown();
                        return;
                    }
                    out.arn("arn:" + sc.partition() + ":sqs:" + sc.region() + ":" + m.group(2) + ":" + m.group(3));
                    // A URL of another region's endpoint: which one serves the call is not hoop's to know; judged on both.
                    if (m.group(1) != null && !m.group(1).equals(sc.region())) {
                        out.arn("arn:" + sc.partition() + ":sqs:" + m.group(1) + ":" + m.group(2) + ":" + m.group(3));
                    }
                }
            }
            case "sns" -> out.arn(arn(sc, service, v));
            case "iam" -> {
                String type = switch (param) {
                    case "UserName" -> "user/";
                    case "RoleName" -> "role/";
                    case "GroupName" -> "group/";
                    default -> "instance-profile/";
                };
                out.arn("arn:" + sc.partition() + ":iam::" + sc.account() + ":" + type + v);
            }
            // EC2 ids are lower case; an upper-case spelling names the same instance where it is accepted.
            case "ec2" -> out.arn(v.startsWith("arn:") ? v : arn(sc, service, "instance/" + v.toLowerCase(Locale.ROOT)));
            case "cloudformation" -> {
                // A stack's ARN ends in an id hoop does not know: the name stands for every ARN of that stack.
                if (v.startsWith("arn:")) out.arn(v);
                else out.prefix(arn(sc, service, "stack/" + v + "/"));
            }
            default -> out.unknown();
        }
    }

    /** A key id, key ARN, alias name or alias ARN: an alias names some key hoop cannot see, so any key is possible. */
    private static void kmsKey(String v, Out out) {
        Scope sc = out.scope;
        if (v.startsWith("arn:")) {
            out.arn(v);
            Matcher m = ARN.matcher(v);
            if (m.matches() && m.group(5).startsWith("alias/")) {
                out.prefix("arn:" + m.group(1) + ":kms:" + m.group(3) + ":" + m.group(4) + ":key/");
            } else if (m.matches() && m.group(5).startsWith("key/")) {
                // Its key id in lower case too, as a bare id is judged.
                out.arn(v.substring(0, v.length() - m.group(5).length()) + m.group(5).toLowerCase(Locale.ROOT));
            }
        } else if (v.startsWith("alias/")) {
            out.arn(arn(sc, "kms", v));
            out.prefix(arn(sc, "kms", "key/"));
        } else if (v.contains("/") || v.contains(":")) {
            out.unknown(); // no key id holds either ("ALIAS/prod" is no alias hoop can name)
        } else {
            out.arn(arn(sc, "kms", "key/" + v.toLowerCase(Locale.ROOT)));
        }
    }

    /**
     * FunctionName as Lambda resolves it: NAME, ACCOUNT:function:NAME or arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME,
     * each with an optional :QUALIFIER. Lambda's pattern admits more ("function:NAME", an ARN without some fields),
     * of which hoop would make ARNs no rule on the function matches: those stand for any function.
     */
    private static final Pattern FUNCTION = Pattern.compile(
            "(?:arn:([a-z-]+):lambda:([a-z0-9-]+):(\\d{12}):function:|(\\d{12}):function:)?([A-Za-z0-9_.-]+)(?::(\\$LATEST|[A-Za-z0-9_-]+))?");

    /** A qualified call (in the name or by Qualifier) is judged on the function and on each qualified ARN. */
    private static void lambda(String v, String qualifier, Out out) {
        Scope sc = out.scope;
        Matcher m = FUNCTION.matcher(v);
        if (!m.matches()) {
            out.unknown();
            return;
        }
        String base = m.group(1) != null
                ? "arn:" + m.group(1) + ":lambda:" + m.group(2) + ":" + m.group(3) + ":function:" + m.group(5)
                : "arn:" + sc.partition() + ":lambda:" + sc.region() + ":" + (m.group(4) != null ? m.group(4) : sc.account()) + ":function:" + m.group(5);
        out.arn(base);
        if (m.group(6) != null) out.arn(base + ":" + m.group(6));
        if (qualifier != null) out.arn(base + ":" + qualifier);
    }

    private static String table(String v, Scope sc) {
        return v.startsWith("arn:") ? v : arn(sc, "dynamodb", "table/" + v);
    }

    /** TransactItems: [{Put|Update|Delete|ConditionCheck|Get: {TableName}}]: each item's table. */
    private static void transact(Object v, Out out) {
        if (!(v instanceof List<?> items)) {
            out.unknown();
            return;
        }
        for (Object item : items) {
            boolean found = false;
            // {"Put": {"TableName": "dev"}, "put": {...}}: a reader of member names in any case would pick one.
            if (item instanceof Map<?, ?> m && !namesTwiceIgnoringCase(m) && m.values().stream()
                    .allMatch(op -> !(op instanceof Map<?, ?> o) || !namesTwiceIgnoringCase(o))) {
                for (Object op : m.values()) {
                    if (op instanceof Map<?, ?> o && o.get("TableName") instanceof String t) {
                        out.arn(table(t, out.scope));
                        found = true;
                    }
                }
            }
            if (!found) out.unknown();
        }
    }

    /** Whether a structure's member names hold one twice but for case (a reader matching them in any case would keep one). */
    public static boolean namesTwiceIgnoringCase(Map<?, ?> structure) {
        Set<String> folded = new java.util.HashSet<>();
        return !structure.keySet().stream().allMatch(k -> folded.add(String.valueOf(k).toLowerCase(Locale.ROOT)));
    }

    private static String arn(Scope sc, String service, String resource) {
        return "arn:" + sc.partition() + ":" + service + ":" + sc.region() + ":" + sc.account() + ":" + resource;
    }

    /** A scalar or a list of scalars as strings; anything else leaves the resource unknown. */
    private static List<String> strings(Object v, Out out) {
        if (v instanceof String s) return List.of(s);
        if (v instanceof List<?> l) {
            List<String> r = new ArrayList<>();
            for (Object o : l) {
                if (o instanceof String s) r.add(s);
                else out.unknown();
            }
            if (l.isEmpty()) out.unknown();
            return r;
        }
        out.unknown();
        return List.of();
    }

    /** "SecretIdList" to "secret-id-list", "QueueOwnerAWSAccountId" to "queue-owner-aws-account-id" (botocore's xform_name). */
    public static String kebab(String camel) {
        return camel.replaceAll("([A-Z]+)([A-Z][a-z])", "$1-$2").replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /**
     * A query protocol's parameters as the JSON protocols give them: Name.N and Name.member.N (the query
     * protocol's lists) become a list under Name. The caller has refused a name given twice.
     */
    public static Map<String, Object> fromForm(Map<String, String> form) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        Pattern item = Pattern.compile("([A-Za-z0-9]+)(\\.member)?\\.(\\d+)");
        for (Map.Entry<String, String> e : form.entrySet()) {
            Matcher m = item.matcher(e.getKey());
            if (!m.matches()) {
                if (out.get(e.getKey()) instanceof List<?> l) addTo(out, e.getKey(), e.getValue());
                else out.put(e.getKey(), e.getValue());
                continue;
            }
            addTo(out, m.group(1), e.getValue());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void addTo(Map<String, Object> out, String name, String value) {
        Object had = out.get(name);
        List<Object> l;
        if (had instanceof List<?> list) {
            l = (List<Object>) list;
        } else {
            l = new ArrayList<>();
            if (had != null) l.add(had);
            out.put(name, l);
        }
        l.add(value);
    }

    private record Out(List<String> arns, List<String> prefixes, Scope scope, String service) {
        void arn(String a) {
            arns.add(a);
        }

        void prefix(String p) {
            prefixes.add(p);
        }

        /** Known only by its service: every ARN of the service in the account. */
        void unknown() {
            prefixes.add(service.equals("iam") ? "arn:" + scope.partition() + ":iam::" + scope.account() + ":"
                    : "arn:" + scope.partition() + ":" + service + ":" + scope.region() + ":" + scope.account() + ":");
        }
    }
}
