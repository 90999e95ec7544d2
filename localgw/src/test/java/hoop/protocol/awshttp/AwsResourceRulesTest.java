package hoop.protocol.awshttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hoop.config.ConfigLoader;
import hoop.config.HoopConfig;
import hoop.core.Command;
import hoop.core.Decision;
import hoop.core.Identity;
import hoop.core.Session;
import hoop.core.aws.AwsResources;
import hoop.policy.PolicyEngine;
import hoop.policy.aws.AwsClassifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rules with `resource` on non-S3 calls, judged the same through both ways in: the aws CLI's argv (hoop exec)
 * and the API proxy's JSON and query bodies. Before, only S3 calls had resources: every rule below matched
 * nothing and its call was allowed by the default.
 */
class AwsResourceRulesTest {
    static final AwsResources.Scope SCOPE = AwsResources.Scope.of("arn:aws:iam::123456789012:role/agent", "eu-west-1");
    static final PolicyEngine ENGINE = engine("""
            default: allow
            unknown: deny
            rules:
              - { name: prod-secrets, action: deny, match: { operation: ["secretsmanager:GetSecretValue"], resource: ["arn:aws:secretsmanager:*:*:secret:prod/*"] } }
              - { name: prod-tables, action: review, match: { operation: ["dynamodb:DeleteTable", "dynamodb:*Item", "dynamodb:*Items"], resource: ["arn:aws:dynamodb:*:*:table/prod-*"] } }
              - { name: prod-params, action: deny, match: { operation: ["ssm:GetParameter*"], resource: ["arn:aws:ssm:eu-west-1:123456789012:parameter/prod/*"] } }
              - { name: prod-key, action: deny, match: { operation: ["kms:Decrypt"], resource: ["arn:aws:kms:*:*:key/1234abcd-*"] } }
              - { name: prod-fn, action: deny, match: { operation: ["lambda:*"], resource: ["arn:aws:lambda:*:*:function:prod-*"] } }
              - { name: prod-queue, action: deny, match: { operation: ["sqs:DeleteQueue", "sqs:PurgeQueue"], resource: ["arn:aws:sqs:*:*:prod-*"] } }
              - { name: prod-topic, action: deny, match: { operation: ["sns:DeleteTopic"], resource: ["arn:aws:sns:*:*:prod-*"] } }
              - { name: admin-user, action: deny, match: { operation: ["iam:*"], resource: ["arn:aws:iam::*:user/admin*"] } }
              - { name: prod-vm, action: review, match: { operation: ["ec2:TerminateInstances"], resource: ["arn:aws:ec2:*:*:instance/i-0prod*"] } }
              - { name: prod-stack, action: deny, match: { operation: ["cloudformation:DeleteStack"], resource: ["arn:aws:cloudformation:*:*:stack/prod-*"] } }
            """);

    static PolicyEngine engine(String policy) {
        String yaml = """
                connections:
                  - name: aws-dev
                    type: aws
                    region: eu-west-1
                    credentials: { profile: default }
                    jit: { role_arn: "arn:aws:iam::123456789012:role/agent", duration: 15m, resources: [arn:aws:s3:::dev-bucket] }
                    policies: [guard]
                policies:
                  guard:
                """ + policy.indent(4);
        HoopConfig cfg = ConfigLoader.parse(Path.of("hoop.yaml"), yaml, Map.of());
        return PolicyEngine.build(List.of(cfg.policies().get("guard")));
    }

    static String decide(PolicyEngine engine, List<String> argv) {
        Session s = new Session("t", "aws-dev", "aws", new Identity("tester", null, List.of(), "local"), Instant.now());
        Decision d = engine.decide(new Command(s, String.join(" ", argv), argv),
                AwsClassifier.classify(argv, String.join(" ", argv), Path.of("/nonexistent-hoop-home"), SCOPE));
        return switch (d) {
            case Decision.Allow a -> "allow";
            case Decision.Review r -> "review";
            case Decision.Deny x -> "deny";
        };
    }

    /** `hoop exec aws-dev -- WORDS`. */
    static String exec(String... words) {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/aws"));
        argv.addAll(List.of(words));
        return decide(ENGINE, argv);
    }

    /** The argv the proxy hands the guard for a call (as AwsProxyHandler builds it). */
    static List<String> proxyArgv(AwsCall call, String service) {
        List<String> argv = new ArrayList<>();
        if (call == null) return List.of(service + "-unidentified");
        argv.add(call.operation());
        argv.addAll(call.resources());
        return argv;
    }

    static String json(String service, String target, String body) {
        AwsCall c = AwsCalls.identify(service, "POST", "/", Map.of(), Map.of("x-amz-target", List.of(target),
                "content-type", List.of("application/x-amz-json-1.1")), body.getBytes(StandardCharsets.UTF_8), SCOPE);
        return decide(ENGINE, proxyArgv(c, service));
    }

    static String query(String service, String form) {
        AwsCall c = AwsCalls.identify(service, "POST", "/", Map.of(), Map.of("content-type", List.of("application/x-www-form-urlencoded")),
                form.getBytes(StandardCharsets.UTF_8), SCOPE);
        return decide(ENGINE, proxyArgv(c, service));
    }

    static String rest(String service, String method, String rawPath, String rawQuery, String body) {
        AwsCall c = AwsCalls.identify(service, method, rawPath, AwsCalls.query(rawQuery), Map.of(),
                body.getBytes(StandardCharsets.UTF_8), SCOPE);
        return decide(ENGINE, proxyArgv(c, service));
    }

    @Test
    void secretsManagerByNameArnOrPartialArn() {
        assertEquals("deny", exec("secretsmanager", "get-secret-value", "--secret-id", "prod/db"));
        assertEquals("deny", exec("secretsmanager", "get-secret-value", "--secret-id=prod/db"));
        assertEquals("deny", exec("secretsmanager", "get-secret-value", "--secret-id", "arn:aws:secretsmanager:us-east-1:999999999999:secret:prod/db-AbCdEf"));
        assertEquals("allow", exec("secretsmanager", "get-secret-value", "--secret-id", "dev/db"));
        assertEquals("deny", json("secretsmanager", "secretsmanager.GetSecretValue", "{\"SecretId\":\"prod/db\"}"));
        assertEquals("deny", json("secretsmanager", "secretsmanager.GetSecretValue", "{\"SecretId\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db\"}"));
        assertEquals("deny", json("secretsmanager", "secretsmanager.GetSecretValue", "{\"Secret\\u0049d\":\"prod/db\"}"), "an escaped key is the same key");
        assertEquals("allow", json("secretsmanager", "secretsmanager.GetSecretValue", "{\"SecretId\":\"dev/db\"}"));
        // BatchGetSecretValue: judged on every secret; by Filters it may read any.
        assertEquals("deny", json("secretsmanager", "secretsmanager.GetSecretValue", "{\"SecretId\":\"\"}"), "no secret named: any could be");
        assertEquals("deny", json("secretsmanager", "secretsmanager.GetSecretValue", "{}"), "no secret named: any could be");
        assertEquals("deny", json("secretsmanager", "secretsmanager.GetSecretValue", "{\"SecretId\":\"ARN:aws:secretsmanager:eu-west-1:1:secret:prod/db\"}"));
        assertEquals("allow", json("secretsmanager", "secretsmanager.ListSecrets", "{}"), "a call on no resource: the rule is not about it");
        assertEquals("deny", json("dynamodb", "secretsmanager.GetSecretValue", "{\"SecretId\":\"prod/db\"}"), "another service's target: unknown");
    }

    @Test
    void aBatchIsJudgedOnEachResourceAndAnAllowCoversOnlyWhatItNames() {
        PolicyEngine onlyDev = engine("""
                default: deny
                unknown: deny
                rules:
                  - { name: dev, action: allow, match: { operation: ["secretsmanager:*"], resource: ["arn:aws:secretsmanager:*:*:secret:dev/*"] } }
                """);
        List<String> argv = new ArrayList<>(List.of("/usr/bin/aws", "secretsmanager", "batch-get-secret-value", "--secret-id-list", "dev/a", "prod/db"));
        assertEquals("deny", decide(onlyDev, argv), "prod/db is not covered by the allow rule on dev/*");
        assertEquals("allow", decide(onlyDev, List.of("/usr/bin/aws", "secretsmanager", "batch-get-secret-value", "--secret-id-list", "dev/a", "dev/b")));
        AwsCall c = AwsCalls.identify("secretsmanager", "POST", "/", Map.of(), Map.of("x-amz-target", List.of("secretsmanager.BatchGetSecretValue")),
                "{\"SecretIdList\":[\"dev/a\",\"prod/db\"]}".getBytes(StandardCharsets.UTF_8), SCOPE);
        assertEquals("deny", decide(onlyDev, proxyArgv(c, "secretsmanager")));
        AwsCall filters = AwsCalls.identify("secretsmanager", "POST", "/", Map.of(), Map.of("x-amz-target", List.of("secretsmanager.BatchGetSecretValue")),
                "{\"Filters\":[{\"Key\":\"name\",\"Values\":[\"dev/\"]}]}".getBytes(StandardCharsets.UTF_8), SCOPE);
        assertEquals("deny", decide(onlyDev, proxyArgv(filters, "secretsmanager")), "by filter: any secret");
        assertEquals("deny", decide(ENGINE, proxyArgv(filters, "secretsmanager").stream()
                .map(w -> w.equals("secretsmanager:BatchGetSecretValue") ? "secretsmanager:GetSecretValue" : w).toList()));
    }

    @Test
    void duplicateKeysAndRepeatedParametersAreRefused() {
        for (String body : List.of("{\"SecretId\":\"dev/db\",\"SecretId\":\"prod/db\"}", "{\"SecretId\":\"dev/db\",\"secretid\":\"prod/db\"}",
                "{\"SecretId\":\"dev/db\"} {\"SecretId\":\"prod/db\"}", "{\"SecretId\":\"dev/db\"", "{\"SecretId\":\"\\ud800\"}")) {
            assertThrows(IllegalArgumentException.class, () -> AwsCalls.identify("secretsmanager", "POST", "/", Map.of(),
                    Map.of("x-amz-target", List.of("secretsmanager.GetSecretValue")), body.getBytes(StandardCharsets.UTF_8), SCOPE), body);
        }
        assertThrows(IllegalArgumentException.class, () -> AwsCalls.identify("secretsmanager", "POST", "/", Map.of(),
                Map.of("x-amz-target", List.of("secretsmanager.GetSecretValue")), new byte[] {'{', '"', 'S', '"', ':', '"', (byte) 0xff, '"', '}'}, SCOPE));
        for (String form : List.of("Action=DeleteQueue&QueueUrl=http://h/123456789012/dev-q&QueueUrl=http://h/123456789012/prod-q",
                "Action=DeleteQueue&QueueUrl=http://h/123456789012/dev-q&queueurl=http://h/123456789012/prod-q")) {
            assertThrows(IllegalArgumentException.class, () -> AwsCalls.identify("sqs", "POST", "/", Map.of(), Map.of(),
                    form.getBytes(StandardCharsets.UTF_8), SCOPE), form);
        }
        assertThrows(IllegalArgumentException.class, () -> AwsCalls.identify("sqs", "POST", "/", Map.of("QueueUrl", "http://h/123456789012/dev-q"),
                Map.of(), "Action=DeleteQueue&QueueUrl=http%3A%2F%2Fh%2F123456789012%2Fprod-q".getBytes(StandardCharsets.UTF_8), SCOPE), "in the URL and the body");
        assertThrows(IllegalArgumentException.class, () -> AwsCalls.identify("sqs", "POST", "/123456789012/prod-q", Map.of(), Map.of(),
                "Action=DeleteQueue".getBytes(StandardCharsets.UTF_8), SCOPE), "the queue named by the path");
        // The CLI's own readings: twice (argparse keeps the last), abbreviated, from a file.
        assertEquals("deny", exec("secretsmanager", "get-secret-value", "--secret-id", "prod/db", "--secret-id", "dev/db"));
        assertEquals("deny", exec("secretsmanager", "get-secret-value", "--secret", "prod/db"));
        assertEquals("deny", exec("secretsmanager", "get-secret-value", "--secret-id", "file://id.txt"));
    }

    @Test
    void parameterStoreNamesPathsAndLists() {
        assertEquals("deny", exec("ssm", "get-parameter", "--name", "/prod/db/pw"));
        assertEquals("deny", exec("ssm", "get-parameter", "--name", "prod/db/pw"), "with or without the leading slash: one ARN");
        assertEquals("deny", exec("ssm", "get-parameter", "--name", "/prod/db/pw:3"), "a version of it");
        assertEquals("deny", exec("ssm", "get-parameters", "--names", "/dev/a", "/prod/b"));
        assertEquals("deny", exec("ssm", "get-parameters", "--name", "/prod/b"), "--name abbreviates --names");
        assertEquals("deny", exec("ssm", "get-parameters-by-path", "--path", "/prod"));
        assertEquals("deny", exec("ssm", "get-parameters-by-path", "--path", "/"), "everything, prod included");
        assertEquals("deny", json("ssm", "AmazonSSM.GetParameter", "{\"Name\":\"//prod/db\"}"), "a doubled slash: any parameter");
        assertEquals("allow", exec("ssm", "get-parameters-by-path", "--path", "/staging"));
        assertEquals("allow", exec("ssm", "get-parameter", "--name", "/staging/a"));
        assertEquals("deny", exec("--region", "eu-west-1", "ssm", "get-parameter", "--name", "/prod/a"));
        assertEquals("allow", exec("--region", "us-east-1", "ssm", "get-parameter", "--name", "/prod/a"), "the rule names eu-west-1 only");
        assertEquals("deny", json("ssm", "AmazonSSM.GetParameters", "{\"Names\":[\"/dev/a\",\"prod/b\"]}"));
        assertEquals("deny", json("ssm", "AmazonSSM.GetParametersByPath", "{\"Path\":\"/prod\",\"Recursive\":true}"));
        assertEquals("allow", json("ssm", "AmazonSSM.GetParametersByPath", "{\"Path\":\"/dev\"}"));
    }

    @Test
    void dynamoDbTablesOfSingleBatchAndTransactionCalls() {
        assertEquals("review", exec("dynamodb", "delete-table", "--table-name", "prod-orders"));
        assertEquals("allow", exec("dynamodb", "delete-table", "--table-name", "dev-orders"));
        assertEquals("review", exec("dynamodb", "delete-item", "--table-name", "arn:aws:dynamodb:eu-west-1:123456789012:table/prod-orders", "--key", "{}"));
        assertEquals("review", json("dynamodb", "DynamoDB_20120810.BatchWriteItem",
                "{\"RequestItems\":{\"dev-a\":[],\"prod-orders\":[{\"DeleteRequest\":{\"Key\":{}}}]}}"));
        assertEquals("review", json("dynamodb", "DynamoDB_20120810.TransactWriteItems",
                "{\"TransactItems\":[{\"Put\":{\"TableName\":\"dev-a\"}},{\"Delete\":{\"TableName\":\"prod-orders\"}}]}"));
        assertEquals("review", exec("dynamodb", "batch-write-item", "--request-items", "{\"prod-orders\":[]}"));
        assertEquals("review", json("dynamodb", "DynamoDB_20120810.DeleteTable", "{\"TableName\":\"prod-orders\"}"));
        assertEquals("allow", json("dynamodb", "DynamoDB_20120810.DeleteTable", "{\"TableName\":\"dev-orders\"}"));
        assertEquals("review", json("dynamodb", "DynamoDB_20120810.DeleteItem", "{\"Key\":{}}"), "no table named: any could be");
    }

    @Test
    void kmsKeysByIdArnOrAlias() {
        assertEquals("deny", exec("kms", "decrypt", "--key-id", "1234abcd-12ab-34cd-56ef-1234567890ab", "--ciphertext-blob", "fileb://x"));
        assertEquals("deny", exec("kms", "decrypt", "--key-id", "1234ABCD-12AB-34CD-56EF-1234567890AB", "--ciphertext-blob", "fileb://x"));
        assertEquals("deny", exec("kms", "decrypt", "--key-id", "alias/anything", "--ciphertext-blob", "fileb://x"), "an alias may name that key");
        assertEquals("deny", json("kms", "TrentService.Decrypt", "{\"CiphertextBlob\":\"AAAA\"}"), "the key comes from the ciphertext");
        assertEquals("allow", json("kms", "TrentService.Decrypt", "{\"KeyId\":\"arn:aws:kms:eu-west-1:123456789012:key/9999\",\"CiphertextBlob\":\"AAAA\"}"));
        PolicyEngine reEncrypt = engine("""
                default: allow
                unknown: deny
                rules:
                  - { name: prod-key, action: deny, match: { operation: ["kms:ReEncrypt*"], resource: ["arn:aws:kms:*:*:key/1234abcd-*"] } }
                """);
        AwsCall c = AwsCalls.identify("kms", "POST", "/", Map.of(), Map.of("x-amz-target", List.of("TrentService.ReEncrypt")),
                "{\"DestinationKeyId\":\"9999\",\"CiphertextBlob\":\"AAAA\"}".getBytes(StandardCharsets.UTF_8), SCOPE);
        assertEquals("deny", decide(reEncrypt, proxyArgv(c, "kms")), "the source key comes from the ciphertext");
    }

    @Test
    void lambdaFunctionsByNameArnPartialArnAndRestPath() {
        assertEquals("deny", exec("lambda", "invoke", "--function-name", "prod-api", "out.json"));
        assertEquals("deny", exec("lambda", "invoke", "--function-name", "123456789012:function:prod-api:live", "out.json"));
        assertEquals("deny", exec("lambda", "delete-function", "--function-name", "arn:aws:lambda:eu-west-1:123456789012:function:prod-api"));
        assertEquals("allow", exec("lambda", "invoke", "--function-name", "dev-api", "out.json"));
        PolicyEngine byIamAction = engine("""
                default: allow
                unknown: deny
                rules:
                  - { name: prod-fn, action: deny, match: { operation: ["lambda:InvokeFunction"], resource: ["arn:aws:lambda:*:*:function:prod-*"] } }
                """);
        assertEquals("deny", decide(byIamAction, List.of("aws", "lambda", "invoke", "--function-name", "prod-api", "out.json")), "IAM's name for Invoke");
        PolicyEngine live = engine("""
                default: allow
                unknown: deny
                rules:
                  - { name: live, action: deny, match: { operation: ["lambda:*"], resource: ["arn:aws:lambda:*:*:function:api:live"] } }
                """);
        assertEquals("deny", decide(live, List.of("aws", "lambda", "invoke", "--function-name", "api", "--qualifier", "live", "out.json")));
        assertEquals("deny", decide(live, List.of("aws", "lambda", "invoke", "--function-name", "api:live", "out.json")));
        assertEquals("deny", decide(live, proxyArgv(AwsCalls.identify("lambda", "POST", "/2015-03-31/functions/api/invocations",
                Map.of("Qualifier", "live"), Map.of(), new byte[0], SCOPE), "lambda")));
        assertEquals("allow", decide(live, List.of("aws", "lambda", "invoke", "--function-name", "api", "--qualifier", "test", "out.json")));
        assertEquals("deny", decide(byIamAction, proxyArgv(AwsCalls.identify("lambda", "POST", "/2015-03-31/functions/prod-api/invocations",
                Map.of(), Map.of(), new byte[0], SCOPE), "lambda")));
        assertEquals("deny", rest("lambda", "POST", "/2015-03-31/functions/prod-api/invocations", "", "{}"));
        assertEquals("deny", rest("lambda", "POST", "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3Aprod-api/invocations", "", "{}"));
        assertEquals("deny", rest("lambda", "DELETE", "/2015-03-31/functions/prod-api", "Qualifier=3", ""));
        assertEquals("deny", rest("lambda", "POST", "/2015-03-31/functions", "", "{\"FunctionName\":\"prod-new\"}"));
        assertEquals("allow", rest("lambda", "POST", "/2015-03-31/functions/dev-api/invocations", "", "{}"));
        assertEquals("allow", rest("lambda", "GET", "/2015-03-31/functions/", "", ""));
        assertEquals("deny", rest("lambda", "POST", "/2015-03-31/functions/dev-api/unknown-thing", "", ""), "an unnamed Lambda call is unknown");
        for (String p : List.of("/2015-03-31/functions/dev%2F..%2Fprod-api/invocations", "/2015-03-31/functions//invocations",
                "/2015-03-31/functions/../functions/prod-api/invocations")) {
            assertThrows(IllegalArgumentException.class, () -> AwsCalls.identify("lambda", "POST", p, Map.of(), Map.of(), new byte[0], SCOPE), p);
        }
    }

    @Test
    void anOptionsValueIsOneWordUnlessItIsAList() {
        PolicyEngine onlyDev = engine("""
                default: deny
                unknown: deny
                rules:
                  - { name: dev, action: allow, match: { operation: ["lambda:*", "ssm:*"], resource: ["arn:aws:*:*:*:*dev-*"] } }
                """);
        // out.json is the file the answer goes to, no function.
        assertEquals("allow", decide(onlyDev, List.of("aws", "lambda", "invoke", "--function-name", "dev-api", "out.json")));
        assertEquals("deny", decide(onlyDev, List.of("aws", "ssm", "get-parameters", "--names", "dev-a", "prod-b")));
        assertEquals("deny", decide(onlyDev, List.of("aws", "ssm", "get-parameters", "--name", "dev-a", "prod-b")), "argparse reads --names");
    }

    @Test
    void sqsSnsIamEc2AndCloudFormation() {
        assertEquals("deny", exec("sqs", "delete-queue", "--queue-url", "https://sqs.eu-west-1.amazonaws.com/123456789012/prod-jobs"));
        assertEquals("allow", exec("sqs", "delete-queue", "--queue-url", "https://sqs.eu-west-1.amazonaws.com/123456789012/dev-jobs"));
        assertEquals("deny", query("sqs", "Action=PurgeQueue&QueueUrl=http%3A%2F%2Flocalhost%3A9324%2F000000000000%2Fprod-jobs"));
        assertEquals("deny", json("sqs", "AmazonSQS.DeleteQueue", "{\"QueueUrl\":\"http://localhost/000000000000/prod-jobs/../x\"}"), "not a queue URL: any queue");
        assertEquals("deny", exec("sns", "delete-topic", "--topic-arn", "arn:aws:sns:eu-west-1:123456789012:prod-alerts"));
        assertEquals("deny", query("sns", "Action=DeleteTopic&TopicArn=arn%3Aaws%3Asns%3Aeu-west-1%3A123456789012%3Aprod-alerts"));
        assertEquals("allow", query("sns", "Action=DeleteTopic&TopicArn=arn%3Aaws%3Asns%3Aeu-west-1%3A123456789012%3Adev-alerts"));
        assertEquals("deny", exec("iam", "delete-user", "--user-name", "Admin-Bob"), "IAM names are one in any case");
        assertEquals("deny", query("iam", "Action=DeleteUser&UserName=admin-bob"));
        assertEquals("review", exec("ec2", "terminate-instances", "--instance-ids", "i-0dev1", "i-0prod2"));
        assertEquals("review", exec("ec2", "terminate-instances", "--instance-ids", "[\"i-0dev1\",\"I-0PROD2\"]"));
        assertEquals("review", query("ec2", "Action=TerminateInstances&InstanceId.1=i-0dev1&InstanceId.2=i-0prod2"));
        assertEquals("allow", query("ec2", "Action=TerminateInstances&InstanceId.1=i-0dev1"));
        assertEquals("deny", exec("cloudformation", "delete-stack", "--stack-name", "prod-net"));
        assertEquals("deny", query("cloudformation", "Action=DeleteStack&StackName=arn%3Aaws%3Acloudformation%3Aeu-west-1%3A123456789012%3Astack%2Fprod-net%2Fabc"));
        assertEquals("allow", query("cloudformation", "Action=DeleteStack&StackName=dev-net"));
    }

    /** A service whose resources hoop does not derive: a rule with a resource of it cannot tell, so it applies. */
    @Test
    void aResourceRuleOnAServiceOutsideTheTableFailsClosed() {
        PolicyEngine rds = engine("""
                default: allow
                unknown: deny
                rules:
                  - { name: prod-db, action: review, match: { operation: ["rds:Delete*"], resource: ["arn:aws:rds:*:*:db:prod-*"] } }
                  - { name: cdn, action: deny, match: { resource: ["arn:aws:cloudfront::*:distribution/*"] } }
                """);
        assertEquals("review", decide(rds, List.of("aws", "rds", "delete-db-instance", "--db-instance-identifier", "any-db")));
        assertEquals("review", decide(rds, proxyArgv(AwsCalls.identify("rds", "POST", "/", Map.of(), Map.of(),
                "Action=DeleteDBInstance&DBInstanceIdentifier=any-db".getBytes(StandardCharsets.UTF_8), SCOPE), "rds")));
        assertEquals("allow", decide(rds, List.of("aws", "rds", "describe-db-instances")), "a call on no resource");
        assertEquals("deny", decide(rds, List.of("aws", "cloudfront", "delete-distribution", "--id", "E1", "--if-match", "x")));
        assertEquals("allow", decide(rds, List.of("aws", "logs", "delete-log-group", "--log-group-name", "g")), "no rule on that service");
    }

    @Test
    void oneTableForBothWaysIn() {
        AwsCall c = AwsCalls.identify("ssm", "POST", "/", Map.of(), Map.of("x-amz-target", List.of("AmazonSSM.GetParameters")),
                "{\"Names\":[\"/prod/a\",\"b\"]}".getBytes(StandardCharsets.UTF_8), SCOPE);
        var cli = AwsClassifier.classify(List.of("aws", "ssm", "get-parameters", "--names", "/prod/a", "b"), "", Path.of("/x"), SCOPE);
        assertEquals(List.of("arn:aws:ssm:eu-west-1:123456789012:parameter/prod/a", "arn:aws:ssm:eu-west-1:123456789012:parameter/b"), c.resources());
        assertEquals(c.resources(), cli.units().get(0).resources());
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("InstanceIds", List.of("i-1"));
        assertEquals(AwsResources.derive("ec2:StopInstances", params, SCOPE),
                AwsResources.derive("ec2:StopInstances", AwsResources.fromForm(Map.of("InstanceId.1", "i-1")), SCOPE));
        // The query protocol's member lists read as the JSON list.
        Map<String, String> members = new LinkedHashMap<>();
        members.put("Names.member.1", "/prod/a");
        members.put("Names.member.2", "b");
        assertEquals(c.resources(), AwsResources.derive("ssm:GetParameters", AwsResources.fromForm(members), SCOPE).arns());
    }
}
