package hoop.policy.aws;

import hoop.core.aws.AwsResources;
import hoop.policy.Classification;
import hoop.policy.shell.SimpleCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The aws CLI's own commands (its customizations, aws CLI 2.9's awscli/customizations) that are no API call of
 * their name: each makes other calls, of other services too, or runs programs on the gateway's host. Named as
 * `service:Command` alone, `emr create-default-roles` and `deploy register` created IAM roles, users and access
 * keys past a rule on iam, and `cloudformation package` or `deploy push` wrote into a bucket past a rule on it.
 * Each is judged here as the calls it makes; one that runs a program is unknown.
 */
final class CliCommands {
    /** What a command does besides its name: calls, an upload into a bucket its options name, a program it runs. */
    private record Spec(List<String> calls, String bucketOption, String prefixOption, String local) {
        static Spec calls(String... calls) {
            return new Spec(List.of(calls), null, null, null);
        }

        static Spec upload(String bucketOption, String prefixOption, String... calls) {
            return new Spec(List.of(calls), bucketOption, prefixOption, null);
        }

        static Spec local(String why, String... calls) {
            return new Spec(List.of(calls), null, null, why);
        }
    }

    private static final List<String> CREATE_ROLES = List.of("iam:GetRole", "iam:CreateRole", "iam:AttachRolePolicy",
            "iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile");
    private static final String[] ROLES = CREATE_ROLES.toArray(String[]::new);

    /** Keyed by the CLI's command name and subcommand ("deploy push"), or three words where it nests one more. */
    private static final Map<String, Spec> SPECS = Map.ofEntries(
            Map.entry("emr create-default-roles", Spec.calls(ROLES)),
            Map.entry("datapipeline create-default-roles", Spec.calls(ROLES)),
            Map.entry("dlm create-default-role", Spec.calls("iam:GetRole", "iam:CreateRole", "iam:AttachRolePolicy")),
            Map.entry("emr-containers update-role-trust-policy", Spec.calls("iam:GetRole", "iam:UpdateAssumeRolePolicy")),
            Map.entry("deploy register", Spec.calls("iam:CreateUser", "iam:CreateAccessKey", "iam:PutUserPolicy",
                    "codedeploy:RegisterOnPremisesInstance", "codedeploy:AddTagsToOnPremisesInstances")),
            Map.entry("deploy deregister", Spec.calls("codedeploy:RemoveTagsFromOnPremisesInstances",
                    "codedeploy:DeregisterOnPremisesInstance", "iam:DeleteUserPolicy", "iam:DeleteAccessKey", "iam:DeleteUser")),
            Map.entry("deploy push", Spec.upload("--s3-location", null, "codedeploy:RegisterApplicationRevision")),
            Map.entry("cloudformation package", Spec.upload("--s3-bucket", "--s3-prefix")),
            Map.entry("cloudformation deploy", Spec.upload("--s3-bucket", "--s3-prefix", "cloudformation:CreateChangeSet",
                    "cloudformation:ExecuteChangeSet")),
            Map.entry("servicecatalog generate product", Spec.upload("--bucket-name", null, "servicecatalog:CreateProduct")),
            Map.entry("servicecatalog generate provisioning-artifact", Spec.upload("--bucket-name", null,
                    "servicecatalog:CreateProvisioningArtifact")),
            Map.entry("configservice subscribe", Spec.calls("s3:CreateBucket", "sns:CreateTopic", "config:PutConfigurationRecorder",
                    "config:PutDeliveryChannel", "config:StartConfigurationRecorder")),
            Map.entry("ecs deploy", Spec.calls("ecs:RegisterTaskDefinition", "codedeploy:CreateDeployment")),
            Map.entry("gamelift upload-build", Spec.calls("gamelift:CreateBuild", "gamelift:RequestUploadCredentials")),
            Map.entry("ddb put", Spec.calls("dynamodb:PutItem")),
            Map.entry("ddb select", Spec.calls("dynamodb:Scan", "dynamodb:Query")),
            Map.entry("deploy install", Spec.local("installs the CodeDeploy agent on the gateway's host")),
            Map.entry("deploy uninstall", Spec.local("removes the CodeDeploy agent from the gateway's host")),
            Map.entry("opsworks register", Spec.local("logs in to a host over ssh to install the OpsWorks agent there",
                    "iam:CreateUser", "iam:CreateAccessKey", "iam:PutUserPolicy", "opsworks:RegisterInstance")),
            Map.entry("emr ssh", Spec.local("runs ssh to the cluster")),
            Map.entry("emr socks", Spec.local("runs ssh to the cluster")),
            Map.entry("emr put", Spec.local("runs scp to the cluster")),
            Map.entry("emr get", Spec.local("runs scp from the cluster")),
            Map.entry("lightsail push-container-image", Spec.local("runs the lightsailctl plugin and docker")));

    private CliCommands() {}

    /**
     * The units of one of these commands, or null when the words name none. positional: the command's words that are
     * no option (service first); named: the units of the call its name gives (service:Command), kept among them.
     */
    static List<Classification.Unit> units(String service, List<String> positional, List<String> words, AwsResources.Scope scope,
                                           List<Classification.Unit> named, SimpleCommand cmd, String text, List<String> reasons) {
        String key = service + " " + positional.get(1);
        Spec spec = positional.size() > 2 ? SPECS.get(key + " " + positional.get(2)) : null;
        if (spec == null) spec = SPECS.get(key);
        if (spec == null) return null;
        List<Classification.Unit> units = new ArrayList<>();
        if (!service.equals("ddb")) units.addAll(named);
        if (spec.local() != null) reasons.add("aws " + key + " " + spec.local());
        for (String option : new String[] {spec.bucketOption(), spec.prefixOption(), "--stack-name"}) {
            if (option == null) continue;
            for (String w : words) {
                String name = w.split("=", 2)[0];
                if (name.length() > 2 && name.length() < option.length() && option.startsWith(name)) {
                    reasons.add(name + " is read by the aws CLI as " + option + "; spell options out");
                }
            }
        }
        Map<String, Object> params = new java.util.HashMap<>();
        String stack = AwsCliClassifier.judgedOption(words, "--stack-name", reasons);
        if (stack != null) params.put("StackName", stack);
        if (service.equals("ddb")) ddbTable(words, params, reasons);
        for (String call : spec.calls()) {
            if (call.startsWith("s3:")) {
                String bucket = AwsCliClassifier.judgedOption(words, "--s3-bucket", reasons);
                units.add(AwsOperations.unit(call, bucket == null ? List.of() : List.of(AwsOperations.s3Arn(bucket, null)), cmd, text));
            } else {
                units.addAll(AwsClassifier.callUnits(call, AwsResources.derive(call, params, scope), cmd, text));
            }
        }
        if (spec.bucketOption() != null) upload(spec, words, units, cmd, text, reasons);
        return units;
    }

    /**
     * ddb's table is its first word after the subcommand. An option before it may take a value (--condition X), which
     * hoop would take for the table: the table is then read only where no option precedes it.
     */
    private static void ddbTable(List<String> words, Map<String, Object> params, List<String> reasons) {
        if (words.size() < 3 || words.get(2).startsWith("-")) {
            reasons.add("aws ddb: hoop reads the table only as the first word after the subcommand");
        } else {
            params.put("TableName", words.get(2));
        }
    }

    /** The upload: every key under the bucket and prefix the options name (the CLI names the objects itself). */
    private static void upload(Spec spec, List<String> words, List<Classification.Unit> units, SimpleCommand cmd, String text,
                               List<String> reasons) {
        String where = AwsCliClassifier.judgedOption(words, spec.bucketOption(), reasons);
        if (where == null) return;  // cloudformation deploy without --s3-bucket sends its template in the call
        String prefix = spec.prefixOption() == null ? null : AwsCliClassifier.judgedOption(words, spec.prefixOption(), reasons);
        String path = where.startsWith("s3://") ? where.substring(5) : where + "/" + (prefix == null ? "" : prefix);
        if (path.indexOf('/') < 0) path += "/";
        String bucket = path.substring(0, path.indexOf('/'));
        units.add(AwsOperations.unit("s3:PutObject", List.of(AwsOperations.s3Arn(bucket, null)), cmd, text));
        units.add(AwsOperations.onPrefix("s3:PutObject", "arn:aws:s3:::" + path, cmd, text));
    }
}
