package hoop.policy.aws;

import hoop.core.aws.AccessChanges;
import hoop.core.aws.AwsResources;
import hoop.policy.Classification;
import hoop.policy.shell.SimpleCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The aws CLI's argv into the API calls it will make, named as CloudTrail names them (service:ApiName, the
 * same names the API proxy gives): `s3 rb` is s3:DeleteBucket, `s3api delete-bucket` too, `ec2 terminate-instances` is ec2:TerminateInstances. Global options may appear anywhere (the CLI
 * accepts them so); those that would move the session's credentials elsewhere make the command unknown.
 */
public final class AwsCliClassifier {
    private static final Set<String> GLOBAL_WITH_VALUE = Set.of("--region", "--output", "--query", "--color",
            "--cli-read-timeout", "--cli-connect-timeout", "--cli-binary-format", "--page-size", "--max-items", "--starting-token");
    private static final Set<String> GLOBAL_FLAGS = Set.of("--debug", "--no-paginate", "--no-sign-request", "--no-cli-pager",
            "--no-cli-auto-prompt");
    // Each would send the session's credential somewhere else, or trust a server it should not.
    private static final Map<String, String> ESCAPES = Map.of(
            "--endpoint-url", "--endpoint-url sends the session's credential to another endpoint",
            "--profile", "--profile picks another credential than the connection's",
            "--ca-bundle", "--ca-bundle changes which servers are trusted",
            "--no-verify-ssl", "--no-verify-ssl trusts any server",
            // The parameters come from a document hoop does not read, after (and instead of) the argv it judged.
            "--cli-input-json", "--cli-input-json gives the parameters in a document hoop does not judge",
            "--cli-input-yaml", "--cli-input-yaml gives the parameters in a document hoop does not judge",
            // The prompt reads the command to run from stdin, where it can erase the judged one and type another.
            "--cli-auto-prompt", "--cli-auto-prompt runs the command typed at its prompt, not the one judged");
    /** The s3api options hoop judges the call by: each must be given once, literally. */
    static final Set<String> JUDGED = Set.of("--bucket", "--key", "--copy-source", "--delete", "--version-id");
    // argparse reads an unambiguous prefix as the whole option (`--endpoint` is --endpoint-url, `--buck` --bucket).
    private static final List<String> ABBREVIABLE = Stream.of(GLOBAL_WITH_VALUE, GLOBAL_FLAGS, ESCAPES.keySet(), JUDGED,
            Set.of("--version", "--generate-cli-skeleton"), S3ApiOptions.IMPLYING).flatMap(Set::stream).toList();
    /** CLI command names whose IAM service prefix differs: a rule names the prefix (elasticmapreduce:*, not emr:*). */
    // The CLI renames codedeploy to deploy (as s3 to s3api, config to configservice): a rule names codedeploy:*.
    private static final Map<String, String> PREFIX = Map.ofEntries(Map.entry("s3api", "s3"), Map.entry("s3control", "s3"), Map.entry("deploy", "codedeploy"),
            Map.entry("elbv2", "elasticloadbalancing"), Map.entry("elb", "elasticloadbalancing"), Map.entry("stepfunctions", "states"),
            Map.entry("configservice", "config"), Map.entry("emr", "elasticmapreduce"), Map.entry("dynamodbstreams", "dynamodb"),
            Map.entry("sesv2", "ses"), Map.entry("pinpoint-email", "ses"), Map.entry("apigatewayv2", "apigateway"),
            Map.entry("opensearch", "es"), Map.entry("iot-data", "iot"), Map.entry("iot-jobs-data", "iotjobsdata"), Map.entry("ivs-realtime", "ivs"),
            Map.entry("kinesisanalyticsv2", "kinesisanalytics"), Map.entry("resourcegroupstaggingapi", "tag"),
            Map.entry("cloudsearchdomain", "cloudsearch"), Map.entry("mediastore-data", "mediastore"), Map.entry("sso-admin", "sso"),
            Map.entry("lex-models", "lex"), Map.entry("lex-runtime", "lex"), Map.entry("lexv2-models", "lex"), Map.entry("lexv2-runtime", "lex"),
            Map.entry("sagemaker-runtime", "sagemaker"), Map.entry("bedrock-runtime", "bedrock"), Map.entry("bedrock-agent", "bedrock"),
            Map.entry("bedrock-agent-runtime", "bedrock"), Map.entry("timestream-query", "timestream"), Map.entry("timestream-write", "timestream"),
            Map.entry("appconfigdata", "appconfig"), Map.entry("kinesis-video-media", "kinesisvideo"),
            Map.entry("kinesis-video-archived-media", "kinesisvideo"), Map.entry("meteringmarketplace", "aws-marketplace"),
            Map.entry("marketplace-entitlement", "aws-marketplace"),
            // From botocore's models (the signing name, which the API proxy names calls by): a rule on rds:* must
            // see `docdb delete-db-cluster` and `neptune delete-db-cluster`, which are RDS's DeleteDBCluster.
            Map.entry("docdb", "rds"), Map.entry("neptune", "rds"), Map.entry("efs", "elasticfilesystem"), Map.entry("keyspaces", "cassandra"),
            Map.entry("location", "geo"), Map.entry("mwaa", "airflow"), Map.entry("pinpoint", "mobiletargeting"), Map.entry("amp", "aps"),
            Map.entry("opensearchserverless", "aoss"), Map.entry("cloudhsmv2", "cloudhsm"), Map.entry("cloudcontrol", "cloudformation"),
            Map.entry("accessanalyzer", "access-analyzer"), Map.entry("alexaforbusiness", "a4b"), Map.entry("apigatewaymanagementapi", "execute-api"),
            Map.entry("application-insights", "applicationinsights"), Map.entry("applicationcostprofiler", "application-cost-profiler"),
            Map.entry("appintegrations", "app-integrations"), Map.entry("backupstorage", "backup-storage"),
            Map.entry("chime-sdk-identity", "chime"), Map.entry("chime-sdk-media-pipelines", "chime"), Map.entry("chime-sdk-meetings", "chime"),
            Map.entry("chime-sdk-messaging", "chime"), Map.entry("chime-sdk-voice", "chime"), Map.entry("codeguruprofiler", "codeguru-profiler"),
            Map.entry("connect-contact-lens", "connect"), Map.entry("connectcampaigns", "connect-campaigns"), Map.entry("connectcases", "cases"),
            Map.entry("customer-profiles", "profile"), Map.entry("finspace-data", "finspace-api"), Map.entry("forecastquery", "forecast"),
            Map.entry("greengrassv2", "greengrass"), Map.entry("iot1click-devices", "iot1click"), Map.entry("iot1click-projects", "iot1click"),
            Map.entry("iotevents-data", "iotevents"), Map.entry("iot-roborunner", "iotroborunner"), Map.entry("kinesis-video-signaling", "kinesisvideo"),
            Map.entry("kinesis-video-webrtc-storage", "kinesisvideo"), Map.entry("marketplace-catalog", "aws-marketplace"),
            Map.entry("migration-hub-refactor-spaces", "refactor-spaces"), Map.entry("migrationhub-config", "mgh"),
            Map.entry("migrationhuborchestrator", "migrationhub-orchestrator"), Map.entry("migrationhubstrategy", "migrationhub-strategy"),
            Map.entry("mturk", "mechanicalturk"), Map.entry("opsworkscm", "opsworks-cm"), Map.entry("personalize-events", "personalize"),
            Map.entry("personalize-runtime", "personalize"), Map.entry("pinpoint-sms-voice", "sms-voice"), Map.entry("pinpoint-sms-voice-v2", "sms-voice"),
            Map.entry("privatenetworks", "private-networks"), Map.entry("qldb-session", "qldb"), Map.entry("s3outposts", "s3-outposts"),
            Map.entry("sagemaker-a2i-runtime", "sagemaker"), Map.entry("sagemaker-edge", "sagemaker"), Map.entry("sagemaker-featurestore-runtime", "sagemaker"),
            Map.entry("sagemaker-metrics", "sagemaker"), Map.entry("service-quotas", "servicequotas"),
            Map.entry("servicecatalog-appregistry", "servicecatalog"), Map.entry("support-app", "supportapp"), Map.entry("voice-id", "voiceid"));

    private AwsCliClassifier() {}

    public static Classification classify(List<String> argv) {
        return classify(argv, LocalPaths.DEFAULT_HOME, AwsClassifier.ANYWHERE);
    }

    public static Classification classify(List<String> argv, java.nio.file.Path home) {
        return classify(argv, home, AwsClassifier.ANYWHERE);
    }

    /**
     * Why words of argv (after the program) name files the CLI must never read or write (LocalPaths: the kernel's
     * views of processes, which hold the session's and the gateway's credentials, devices, git's hooks, hoop's home);
     * empty when none does. The classifier makes such a command unknown, and exec refuses it whatever the policy says.
     */
    public static List<String> forbiddenFiles(List<String> argv, java.nio.file.Path home) {
        List<String> out = new ArrayList<>();
        for (String a : argv.subList(Math.min(1, argv.size()), argv.size())) {
            String special = LocalPaths.forbidden(a, home == null ? LocalPaths.DEFAULT_HOME : home);
            if (special != null) out.add(special);
        }
        return out;
    }

    /** home: the gateway's HOOP_HOME, whose files no argument may name; scope: where the connection's calls land. */
    public static Classification classify(List<String> argv, java.nio.file.Path home, AwsResources.Scope scope) {
        List<String> reasons = new ArrayList<>(forbiddenFiles(argv, home));
        List<String> args = argv.subList(1, argv.size());
        List<String> words = wordPositions(args, reasons).stream().map(args::get).toList();
        SimpleCommand cmd = new SimpleCommand("aws", args);
        String text = cmd.display();
        List<Classification.Unit> units = new ArrayList<>();
        List<String> positional = words.stream().filter(w -> !w.startsWith("-")).toList();
        // `help` is the CLI's only as a word of its own at the end (an option's value "help" is just a value:
        // `s3 rm s3://prod/x --exclude help` deletes); judged as a help read anywhere, it let any command pass.
        // After any option it may be one more value of a list option (nargs '+'), which takes every word up to the
        // next option: `ssm get-parameters --names prod/db help` read prod/db and was judged a help read.
        boolean help = !words.isEmpty() && words.get(words.size() - 1).equals("help")
                && words.subList(0, words.size() - 1).stream().noneMatch(w -> w.startsWith("-"));
        if (words.contains("--version") || help || positional.isEmpty()) {
            units.add(AwsOperations.unit(words.contains("--version") ? "cli:Version" : "cli:Help", List.of(), cmd, text));
        } else if (positional.size() < 2) {
            reasons.add("no operation after the service '" + positional.get(0) + "'");
        } else if (positional.get(0).equals("s3")) {
            S3Commands.units(words, cmd, text, units, reasons);
        } else {
            String service = positional.get(0);
            String op = positional.get(1).equals("wait") ? "Wait" + AwsOperations.camel(positional.size() > 2 ? positional.get(2) : "")
                    : AwsOperations.camel(positional.get(1));
            if (!service.matches("[a-z0-9-]+") || !op.matches("[A-Za-z0-9]+")) {
                reasons.add("not an aws service and operation: " + service + " " + positional.get(1));
            } else {
                String operation = PREFIX.getOrDefault(service, service) + ":" + op;
                String prefix = PREFIX.getOrDefault(service, service);
                List<Classification.Unit> named = new ArrayList<>();
                if (service.equals("s3api")) S3ApiOptions.units(operation, words, cmd, text, named, reasons);
                else if (AwsResources.covers(prefix)) named.addAll(CliResources.units(operation, words, region(args, scope), cmd, text, reasons));
                else {
                    List<String> buckets = s3Resources(words, reasons);
                    if (!buckets.isEmpty()) named.add(AwsOperations.unit(operation, buckets, cmd, text));
                    else named.addAll(AwsClassifier.callUnits(operation, AwsResources.derive(operation, Map.of(), scope), cmd, text));
                }
                if (AccessChanges.readsParameters(operation)) {
                    CliParameters given = CliParameters.of(words);
                    reasons.addAll(given.unread());
                    if (AccessChanges.byParameters(operation, given.params(), scope.account())) named = new ArrayList<>(AwsOperations.changingAccess(named));
                }
                if (!service.equals("s3api")) {
                    reasons.addAll(LocationOptions.unread(service, op, words));
                    named.addAll(AwsClassifier.s3Reads(s3Locations(words, reasons), cmd, text));
                    named.addAll(AwsClassifier.s3Writes(operation, hoop.core.aws.S3Locations.written(operation, CliParameters.of(words).params()), cmd, text));
                }
                List<Classification.Unit> own = CliCommands.units(service, positional, words, region(args, scope), named, cmd, text, reasons);
                units.addAll(own != null ? own : named);
            }
        }
        for (Classification.Unit u : units) {
            for (String r : u.resources()) {
                String bucket = r.startsWith("arn:aws:s3:::") ? r.substring(13).split("/", 2)[0] : "";
                // An access point (ARN or alias) is another name for some bucket, which a rule on bucket ARNs cannot
                // see (the API proxy refuses them too).
                if (bucket.startsWith("arn:") || bucket.endsWith("-s3alias") || bucket.endsWith("--ol-s3")) {
                    reasons.add(r.substring(13) + " is an access point, naming a bucket hoop cannot see");
                }
            }
        }
        boolean secrets = units.stream().anyMatch(u -> u.operation() != null && (SECRET_READS_ANY_CASE.contains(u.operation().toLowerCase(java.util.Locale.ROOT))
                || AwsOperations.issuesCredential(u.operation())));
        if (secrets && printsBareValues(args)) {
            reasons.add("--query or a non-JSON --output prints secret values without the keys masking finds them by");
        }
        // The debug log prints every request and answer raw, as Python's bytes repr: every backslash doubled, bytes beyond
        // ASCII as escapes. A JSON document inside a value ({\\"password\\": ...}) then reads as a string ending at its
        // first escaped quote, and the rest passed unmasked; any call's answer may hold one, not only the secret reads'.
        if (args.contains("--debug")) reasons.add("--debug prints requests and answers in a form masking does not read; leave it out");
        if (units.stream().anyMatch(u -> u.operation() != null && u.operation().startsWith("s3:List")) && encodesKeys(args)) {
            // The CLI decodes keys only when it chose the encoding itself: asked for, they print as ops%40example.com.
            reasons.add("--encoding-type prints keys percent-encoded, which masking does not read");
        }
        // A file the CLI writes itself holds the answer unmasked: those hoop cannot write masked for it are refused.
        reasons.addAll(LocalWrites.of(argv).refusals());
        if (!reasons.isEmpty()) units.add(AwsOperations.unknown(text));
        return new Classification(units, reasons);
    }

    /** Where in args (the argv after the program) the command's own words are: all but global options and their values. */
    static List<Integer> wordPositions(List<String> args, List<String> reasons) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String name = a.contains("=") && a.startsWith("--") ? a.substring(0, a.indexOf('=')) : a;
            String abbreviates = abbreviated(name);
            if (abbreviates != null) {
                reasons.add(name + " is read by the aws CLI as " + abbreviates + "; spell options out");
                at.add(i);
            } else if (ESCAPES.containsKey(name)) {
                reasons.add(ESCAPES.get(name));
                if (!a.contains("=") && globalTakesValue(name)) i++;
            } else if (GLOBAL_WITH_VALUE.contains(name)) {
                if (!a.contains("=")) i++;
            } else if (!GLOBAL_FLAGS.contains(name)) {
                at.add(i);
            }
        }
        return at;
    }

    private static final java.util.regex.Pattern SHORTHAND_BUCKET = java.util.regex.Pattern.compile("(?i)(^|[,{])(s3)?bucket(name)?=");

    /**
     * The S3 locations a call of another service names in its options (see S3Locations), as the CLI sends them: a
     * JSON value's structure, shorthand pairs, a value given to an option named for a location (--s3-uri). A bucket
     * in shorthand structure (S3Object={Bucket=b,Name=k}) is not read here, nor JSON hoop cannot read: the command
     * is unknown.
     */
    static List<String> s3Locations(List<String> words, List<String> reasons) {
        List<String> out = new ArrayList<>();
        String option = "";
        for (String w : words) {
            String value;
            if (w.startsWith("--")) {
                option = w.contains("=") ? w.substring(2, w.indexOf('=')) : w.substring(2);
                if (!w.contains("=")) continue;
                value = w.substring(w.indexOf('=') + 1);
            } else {
                value = w;
            }
            try {
                out.addAll(hoop.core.aws.S3Locations.inOption(option, value));
            } catch (IllegalArgumentException e) {
                if (value.toLowerCase(java.util.Locale.ROOT).matches("(?s).*(bucket|s3://|:s3:::).*")) {
                    reasons.add("--" + option + " is JSON hoop cannot read (a key given twice?), naming an S3 location");
                }
            }
            if (SHORTHAND_BUCKET.matcher(value).find()) {
                reasons.add("--" + option + " names an S3 bucket in shorthand syntax, which hoop does not read; give it as JSON");
            }
        }
        // Read as the API parameters they are: a bucket and its key given as options of their own
        // (--s3-bucket b --s3-prefix p) name a location, as the same parameters do through the proxy.
        out.addAll(hoop.core.aws.S3Locations.in(CliParameters.of(words).params()));
        return out.stream().distinct().toList();
    }

    /** Whether --encoding-type (or an abbreviation argparse takes for it) is given. */
    private static boolean encodesKeys(List<String> args) {
        for (String a : args) {
            String name = a.split("=", 2)[0];
            if (name.length() >= 5 && "--encoding-type".startsWith(name)) return true;
        }
        return false;
    }

    /** The scope with the region the CLI will call: its last --region (argparse keeps the last), else the connection's. */
    private static AwsResources.Scope region(List<String> args, AwsResources.Scope scope) {
        String region = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--region=")) region = a.substring(9);
            else if (a.equals("--region") && i + 1 < args.size()) region = args.get(++i);
        }
        // Host names are one in any case: --region EU-WEST-1 reaches eu-west-1's endpoint, whose ARNs a rule names.
        return region == null ? scope : scope.withRegion(region.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * Calls whose answer holds secret values under the keys masking finds them by: SecretString (password_assignment),
     * and the credentials and plaintext every aws connection masks by key (aws_credential: a SessionToken printed
     * bare by --output text is just a word).
     */
    private static final Set<String> SECRET_READS = Set.of("secretsmanager:GetSecretValue", "secretsmanager:BatchGetSecretValue",
            "sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity", "sts:GetSessionToken", "sts:GetFederationToken",
            "iam:CreateAccessKey", "iam:CreateServiceSpecificCredential", "iam:ResetServiceSpecificCredential",
            "ecr:GetAuthorizationToken", "ecr-public:GetAuthorizationToken", "codeartifact:GetAuthorizationToken",
            "sso:GetRoleCredentials", "cognito-identity:GetCredentialsForIdentity", "redshift:GetClusterCredentials",
            "redshift:GetClusterCredentialsWithIAM", "ec2:CreateKeyPair", "kms:Decrypt", "kms:GenerateDataKey",
            "kms:GenerateDataKeyPair", "kms:GenerateRandom",
            // VPN pre-shared keys, Direct Connect BGP keys, Lightsail private keys, MFA seeds, Amplify's basic auth.
            "ec2:DescribeVpnConnections", "ec2:CreateVpnConnection", "ec2:ModifyVpnConnection", "ec2:ModifyVpnConnectionOptions",
            "ec2:ModifyVpnTunnelOptions", "ec2:ModifyVpnTunnelCertificate", "ec2:GetVpnConnectionDeviceSampleConfiguration",
            "directconnect:DescribeVirtualInterfaces", "directconnect:CreatePrivateVirtualInterface",
            "directconnect:CreatePublicVirtualInterface", "directconnect:CreateTransitVirtualInterface",
            "directconnect:AllocatePrivateVirtualInterface", "directconnect:AllocatePublicVirtualInterface",
            "directconnect:AllocateTransitVirtualInterface", "directconnect:CreateBgpPeer", "directconnect:DeleteBgpPeer",
            "directconnect:UpdateVirtualInterfaceAttributes", "directconnect:AssociateVirtualInterface", "lightsail:CreateKeyPair",
            "iam:CreateVirtualMFADevice", "amplify:GetApp", "amplify:ListApps", "amplify:GetBranch", "amplify:ListBranches",
            "amplify:CreateApp", "amplify:UpdateApp", "amplify:CreateBranch", "amplify:UpdateBranch",
            // CHAP secrets, a Glue connection's password, app client secrets, an exported certificate's private key.
            "storagegateway:DescribeChapCredentials", "glue:GetConnection", "glue:GetConnections", "cognito-idp:DescribeUserPoolClient",
            "cognito-idp:CreateUserPoolClient", "cognito-idp:UpdateUserPoolClient", "sso-oidc:RegisterClient", "acm:ExportCertificate");

    /** The CLI's kebab-case commands lose an acronym's case (get-cluster-credentials-with-iam). */
    private static final Set<String> SECRET_READS_ANY_CASE = AwsOperations.lower(SECRET_READS);

    /** Whether --query or --output (other than json) shapes the answer: values then print bare, without their keys. */
    private static boolean printsBareValues(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--query") || a.startsWith("--query=")) return true;
            String output = a.startsWith("--output=") ? a.substring(9) : a.equals("--output") && i + 1 < args.size() ? args.get(i + 1) : null;
            if (output != null && !output.equals("json")) return true;
        }
        return false;
    }

    /** The option argparse reads {@code name} as: the known option it abbreviates, or itself. */
    public static String spelledOut(String name) {
        String full = abbreviated(name);
        return full != null ? full : name;
    }

    /** Whether a global option (spelled out) takes the next word as its value when not given as --name=value. */
    public static boolean globalTakesValue(String name) {
        return GLOBAL_WITH_VALUE.contains(name) || ESCAPES.containsKey(name) && !name.equals("--no-verify-ssl") && !name.equals("--cli-auto-prompt");
    }

    /** The known option `name` abbreviates (it is a strict prefix of), or null. */
    private static String abbreviated(String name) {
        if (!name.startsWith("--") || name.length() < 3 || ABBREVIABLE.contains(name)) return null;
        return ABBREVIABLE.stream().filter(o -> o.length() > name.length() && o.startsWith(name)).findFirst().orElse(null);
    }

    /** s3api names its bucket and key as options. */
    static List<String> s3Resources(List<String> words, List<String> reasons) {
        String bucket = judgedOption(words, "--bucket", reasons);
        return bucket == null ? List.of() : List.of(AwsOperations.s3Arn(bucket, judgedOption(words, "--key", reasons)));
    }

    /** A judged option's value; given twice (argparse keeps the last) or read from a file, the command is unknown. */
    static String judgedOption(List<String> words, String name, List<String> reasons) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i).equals(name) && i + 1 < words.size()) values.add(words.get(i + 1));
            if (words.get(i).startsWith(name + "=")) values.add(words.get(i).substring(name.length() + 1));
        }
        if (values.size() > 1) reasons.add(name + " is given more than once");
        for (String v : values) {
            if (S3Commands.loadedFromElsewhere(v)) reasons.add(name + " " + v + " is read from a file or URL hoop does not judge");
        }
        return values.isEmpty() ? null : values.get(values.size() - 1);
    }
}
