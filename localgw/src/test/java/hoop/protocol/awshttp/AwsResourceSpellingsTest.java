package hoop.protocol.awshttp;

import static hoop.protocol.awshttp.AwsResourceRulesTest.decide;
import static hoop.protocol.awshttp.AwsResourceRulesTest.engine;
import static hoop.protocol.awshttp.AwsResourceRulesTest.exec;
import static hoop.protocol.awshttp.AwsResourceRulesTest.json;
import static hoop.protocol.awshttp.AwsResourceRulesTest.rest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hoop.policy.PolicyEngine;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Spellings of a resource the service (or the aws CLI, which hands it on) accepts and hoop read as another
 * resource or as none. Each case here was allowed by the default although a rule on its resource denies or reviews.
 */
class AwsResourceSpellingsTest {
    /** An item nested `levels` maps deep, as DynamoDB allows up to 32. */
    static String deepItem(int levels) {
        return "{\"id\":{\"S\":\"1\"},\"doc\":" + "{\"M\":{\"a\":".repeat(levels) + "{\"S\":\"x\"}" + "}}".repeat(levels) + "}";
    }

    /**
     * JSON the aws CLI reads (Python's json: a key given twice keeps the last; attribute names differing in case
     * are two attributes; nesting far beyond 64) that hoop's reader refused: the option then counted as an empty
     * RequestItems, so the call was judged on no table at all.
     */
    @Test
    void execRequestItemsHoopCannotReadStandForAnyTable() {
        String delete = "[{\"DeleteRequest\":{\"Key\":{\"k\":{\"S\":\"1\"}}}}]";
        assertEquals("review", exec("dynamodb", "batch-write-item", "--request-items",
                "{\"prod-orders\":" + delete + ",\"prod-orders\":" + delete + "}"), "a key given twice");
        assertEquals("review", exec("dynamodb", "batch-write-item", "--request-items",
                "{\"prod-orders\":[{\"PutRequest\":{\"Item\":{\"id\":{\"S\":\"1\"},\"ID\":{\"S\":\"2\"}}}}]}"), "attributes differing in case");
        assertEquals("review", exec("dynamodb", "batch-write-item", "--request-items",
                "{\"prod-orders\":[{\"PutRequest\":{\"Item\":" + deepItem(32) + "}}]}"), "an item nested 32 levels");
        assertEquals("review", exec("dynamodb", "batch-write-item", "--request-items", "{}"), "no table named: any could be");
        assertEquals("review", exec("dynamodb", "batch-write-item", "--request-items", "{\"dev-a\":[]} x"), "not JSON hoop reads");
        assertEquals("allow", exec("dynamodb", "batch-write-item", "--request-items",
                "{\"dev-orders\":[{\"PutRequest\":{\"Item\":{\"id\":{\"S\":\"1\"},\"ID\":{\"S\":\"2\"}}}}]}"));
    }

    /** Items DynamoDB stores (attribute names differing in case, 32 levels of maps) were refused by the proxy as malformed. */
    @Test
    void theProxyJudgesItemsDynamoDbAccepts() {
        String twoCases = "{\"id\":{\"S\":\"1\"},\"Id\":{\"S\":\"2\"}}";
        assertEquals("allow", json("dynamodb", "DynamoDB_20120810.PutItem", "{\"TableName\":\"dev-orders\",\"Item\":" + twoCases + "}"));
        assertEquals("review", json("dynamodb", "DynamoDB_20120810.PutItem", "{\"TableName\":\"prod-orders\",\"Item\":" + twoCases + "}"));
        assertEquals("allow", json("dynamodb", "DynamoDB_20120810.PutItem", "{\"TableName\":\"dev-orders\",\"Item\":" + deepItem(32) + "}"));
        assertEquals("review", json("dynamodb", "DynamoDB_20120810.TransactWriteItems",
                "{\"TransactItems\":[{\"Put\":{\"TableName\":\"prod-orders\",\"Item\":" + deepItem(32) + "}}]}"));
        // Parameter names are still one name in any case: a service reading them so would pick one of the two.
        assertThrows(IllegalArgumentException.class, () -> AwsCalls.identify("dynamodb", "POST", "/", Map.of(),
                Map.of("x-amz-target", List.of("DynamoDB_20120810.DeleteTable")),
                "{\"TableName\":\"dev-a\",\"tableName\":\"prod-orders\"}".getBytes(StandardCharsets.UTF_8), AwsResourceRulesTest.SCOPE));
        assertThrows(IllegalArgumentException.class, () -> AwsCalls.identify("lambda", "POST", "/2015-03-31/functions", Map.of(), Map.of(),
                "{\"FunctionName\":\"dev-new\",\"functionName\":\"prod-new\"}".getBytes(StandardCharsets.UTF_8), AwsResourceRulesTest.SCOPE));
        assertEquals("review", json("dynamodb", "DynamoDB_20120810.TransactWriteItems",
                "{\"TransactItems\":[{\"Put\":{\"TableName\":\"dev-a\",\"tablename\":\"prod-orders\"}}]}"), "a table member in two cases");
        assertEquals("review", json("dynamodb", "DynamoDB_20120810.TransactWriteItems",
                "{\"TransactItems\":[{\"Put\":{\"TableName\":\"dev-a\"},\"put\":{\"TableName\":\"prod-orders\"}}]}"), "an action in two cases");
    }

    /**
     * Lambda's FunctionName pattern also admits "function:NAME", "REGION:ACCOUNT:function:NAME" and ARNs without
     * some fields: hoop made ARNs of them that no rule on the function matched ("...:function:function:prod-api").
     */
    @Test
    void lambdaNamesHoopCannotPinDownStandForAnyFunction() {
        for (String name : List.of("function:prod-api", "eu-west-1:123456789012:function:prod-api", "arn:aws:lambda:prod-api",
                "arn:aws:lambda:eu-west-1:123456789012:prod-api", "prod-api:live:extra")) {
            assertEquals("deny", exec("lambda", "invoke", "--function-name", name, "out.json"), name);
            assertEquals("deny", rest("lambda", "POST", "/2015-03-31/functions/" + name.replace(":", "%3A") + "/invocations", "", "{}"), name);
        }
        assertEquals("allow", exec("lambda", "invoke", "--function-name", "dev-api:live", "out.json"));
        assertEquals("allow", exec("lambda", "invoke", "--function-name", "123456789012:function:dev-api", "out.json"));
        assertEquals("allow", exec("lambda", "invoke", "--function-name", "arn:aws:lambda:eu-west-1:123456789012:function:dev-api:$LATEST", "out.json"));
    }

    /** A parameter ARN with a version or label selector named no parameter a rule on the exact name matched. */
    @Test
    void parameterArnsWithASelectorAreJudgedAsTheParameter() {
        PolicyEngine exact = engine("""
                default: allow
                unknown: deny
                rules:
                  - { name: pw, action: deny, match: { operation: ["ssm:GetParameter*"], resource: ["arn:aws:ssm:*:*:parameter/prod/db-password"] } }
                """);
        for (String v : List.of("arn:aws:ssm:eu-west-1:123456789012:parameter/prod/db-password:3",
                "arn:aws:ssm:eu-west-1:123456789012:parameter/prod/db-password:current", "/prod/db-password:3", "prod/db-password")) {
            assertEquals("deny", decide(exact, List.of("aws", "ssm", "get-parameter", "--name", v)), v);
            assertEquals("deny", decide(exact, AwsResourceRulesTest.proxyArgv(AwsCalls.identify("ssm", "POST", "/", Map.of(),
                    Map.of("x-amz-target", List.of("AmazonSSM.GetParameters")), ("{\"Names\":[\"" + v + "\"]}").getBytes(StandardCharsets.UTF_8),
                    AwsResourceRulesTest.SCOPE), "ssm")), v);
        }
        assertEquals("allow", decide(exact, List.of("aws", "ssm", "get-parameter", "--name", "/prod/db-user")));
    }

    /**
     * KMS key ids were judged in lower case when bare and as written in an ARN; a key id holding '/' or ':' other
     * than an alias ("ALIAS/prod") is no key id hoop can name.
     */
    @Test
    void kmsKeyArnsInAnyCaseAndOddKeyIds() {
        assertEquals("deny", exec("kms", "decrypt", "--key-id", "arn:aws:kms:eu-west-1:123456789012:key/1234ABCD-12AB-34CD-56EF-1234567890AB",
                "--ciphertext-blob", "fileb://x"));
        assertEquals("deny", exec("kms", "decrypt", "--key-id", "ALIAS/prod", "--ciphertext-blob", "fileb://x"));
        assertEquals("allow", exec("kms", "decrypt", "--key-id", "arn:aws:kms:eu-west-1:123456789012:key/9999ABCD", "--ciphertext-blob", "fileb://x"));
    }

    /** A query list whose name is spelled in two cases was read as two parameters, one of them no list hoop knew. */
    @Test
    void queryListsSpelledInTwoCasesAreRefused() {
        for (String form : List.of("Action=TerminateInstances&InstanceId.1=i-0dev1&instanceId.2=i-0prod2",
                "Action=TerminateInstances&InstanceId.1=i-0dev1&instanceid.1=i-0prod2")) {
            assertThrows(IllegalArgumentException.class, () -> AwsCalls.identify("ec2", "POST", "/", Map.of(), Map.of(),
                    form.getBytes(StandardCharsets.UTF_8), AwsResourceRulesTest.SCOPE), form);
        }
        assertEquals("review", AwsResourceRulesTest.query("ec2", "Action=TerminateInstances&InstanceId=i-0dev1&InstanceId.1=i-0prod2"));
    }

    /**
     * IAM's calls take a role or user name, whose ARN holds the path it was created under: hoop's ARN had no path,
     * so a rule on a path (SSO's roles, service roles) matched no call by name.
     */
    @Test
    void iamNamesMayLiveUnderAnyPath() {
        PolicyEngine paths = engine("""
                default: allow
                unknown: deny
                rules:
                  - { name: sso, action: deny, match: { operation: ["iam:*"], resource: ["arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_*_0123abcd"] } }
                  - { name: ops, action: review, match: { operation: ["iam:*"], resource: ["arn:aws:iam::*:user/ops/*"] } }
                  - { name: admins, action: deny, match: { operation: ["iam:*"], resource: ["arn:aws:iam::*:role/admin*"] } }
                  - { name: dev, action: allow, match: { operation: ["iam:*"], resource: ["arn:aws:iam::*:role/dev/*"] } }
                """);
        assertEquals("deny", decide(paths, List.of("aws", "iam", "delete-role", "--role-name", "AWSReservedSSO_Admin_0123abcd")));
        assertEquals("deny", decide(paths, AwsResourceRulesTest.proxyArgv(AwsCalls.identify("iam", "POST", "/", Map.of(), Map.of(),
                "Action=DeleteRole&RoleName=awsreservedsso_admin_0123abcd".getBytes(StandardCharsets.UTF_8), AwsResourceRulesTest.SCOPE), "iam")));
        // A rule ending in '*' under a path matches any name: its '*' reads the rest of the path and the name, as IAM's would.
        assertEquals("review", decide(paths, List.of("aws", "iam", "delete-user", "--user-name", "bob")), "bob may be under /ops/");
        assertEquals("allow", decide(paths, List.of("aws", "iam", "delete-role", "--role-name", "reporting")), "under no path the rule names");
        // A rule naming no path means names, as the README asks: role/admin* is not read as a path admin/.
        assertEquals("deny", decide(paths, List.of("aws", "iam", "delete-role", "--role-name", "Admin-ops")));
        assertEquals("allow", decide(paths, List.of("aws", "iam", "delete-group", "--group-name", "AWSReservedSSO_x_0123abcd")), "a group, not a role");
        PolicyEngine onlyDev = engine("""
                default: deny
                unknown: deny
                rules:
                  - { name: dev, action: allow, match: { operation: ["iam:*"], resource: ["arn:aws:iam::*:role/dev/*"] } }
                """);
        assertEquals("deny", decide(onlyDev, List.of("aws", "iam", "delete-role", "--role-name", "x")), "an allow rule covers what it names only");
    }

    /**
     * aws CLI 1 replaces a value spelled http:// or https:// with what the URL answers (--secret-id
     * https://host/x sent the SecretId the page held), as both versions do file://: hoop judged the URL as the
     * name. A queue URL is exempt in the CLI and here.
     */
    @Test
    void valuesTheCliFetchesFromAUrlAreUnknown() {
        assertEquals("deny", exec("secretsmanager", "get-secret-value", "--secret-id", "http://127.0.0.1:8000/x"));
        assertEquals("deny", exec("ssm", "get-parameters", "--names", "/dev/a", "https://example.com/names.json"));
        assertEquals("deny", exec("dynamodb", "batch-write-item", "--request-items", "https://example.com/items.json"));
        assertEquals("allow", exec("sqs", "delete-queue", "--queue-url", "https://sqs.eu-west-1.amazonaws.com/123456789012/dev-jobs"));
    }

    /** argparse reads --secret-id as --secret-id-list where the call has only the list: every word after it is a secret. */
    @Test
    void anOptionAbbreviatingAListTakesEveryWord() {
        PolicyEngine prod = engine("""
                default: allow
                unknown: deny
                rules:
                  - { name: prod, action: deny, match: { operation: ["secretsmanager:*"], resource: ["arn:aws:secretsmanager:*:*:secret:prod/*"] } }
                """);
        assertEquals("deny", decide(prod, List.of("aws", "secretsmanager", "batch-get-secret-value", "--secret-id", "dev/a", "prod/db")));
        assertEquals("allow", decide(prod, List.of("aws", "secretsmanager", "batch-get-secret-value", "--secret-id", "dev/a", "dev/b")));
    }

    /**
     * Calls IAM authorizes as another action: a rule on the action (as IAM names it) missed them. SQS's batches are
     * sqs:SendMessage..., a streaming invoke lambda:InvokeFunction, a transaction's items DynamoDB's item actions.
     */
    @Test
    void batchesAndTransactionsAreJudgedAsTheActionsIamAuthorizesThemAs() {
        PolicyEngine actions = engine("""
                default: allow
                unknown: deny
                rules:
                  - { name: q, action: deny, match: { operation: ["sqs:SendMessage", "sqs:DeleteMessage"], resource: ["arn:aws:sqs:*:*:prod-*"] } }
                  - { name: fn, action: deny, match: { operation: ["lambda:InvokeFunction"], resource: ["arn:aws:lambda:*:*:function:prod-*"] } }
                  - { name: t, action: review, match: { operation: ["dynamodb:DeleteItem", "dynamodb:GetItem"], resource: ["arn:aws:dynamodb:*:*:table/prod-*"] } }
                """);
        String q = "https://sqs.eu-west-1.amazonaws.com/123456789012/prod-jobs";
        assertEquals("deny", decide(actions, List.of("aws", "sqs", "send-message-batch", "--queue-url", q, "--entries", "Id=1,MessageBody=x")));
        assertEquals("deny", decide(actions, List.of("aws", "sqs", "delete-message-batch", "--queue-url", q, "--entries", "Id=1,ReceiptHandle=r")));
        assertEquals("deny", decide(actions, AwsResourceRulesTest.proxyArgv(AwsCalls.identify("sqs", "POST", "/", Map.of(),
                Map.of("x-amz-target", List.of("AmazonSQS.SendMessageBatch")), ("{\"QueueUrl\":\"" + q + "\",\"Entries\":[]}")
                        .getBytes(StandardCharsets.UTF_8), AwsResourceRulesTest.SCOPE), "sqs")));
        assertEquals("deny", decide(actions, List.of("aws", "lambda", "invoke-with-response-stream", "--function-name", "prod-api", "out.json")));
        assertEquals("deny", decide(actions, AwsResourceRulesTest.proxyArgv(AwsCalls.identify("lambda", "POST",
                "/2021-11-15/functions/prod-api/response-streaming-invocations", Map.of(), Map.of(), new byte[0], AwsResourceRulesTest.SCOPE), "lambda")));
        assertEquals("review", decide(actions, List.of("aws", "dynamodb", "transact-write-items", "--transact-items",
                "[{\"Delete\":{\"TableName\":\"prod-orders\",\"Key\":{}}}]")));
        assertEquals("review", decide(actions, List.of("aws", "dynamodb", "transact-get-items", "--transact-items",
                "[{\"Get\":{\"TableName\":\"prod-orders\",\"Key\":{}}}]")));
        assertEquals("allow", decide(actions, List.of("aws", "sqs", "send-message-batch", "--queue-url", q.replace("prod", "dev"), "--entries", "Id=1,MessageBody=x")));
        PolicyEngine more = engine("""
                default: allow
                unknown: deny
                rules:
                  - { name: s, action: deny, match: { operation: ["secretsmanager:GetSecretValue"], resource: ["arn:aws:secretsmanager:*:*:secret:prod/*"] } }
                  - { name: k, action: deny, match: { operation: ["kms:ReEncryptFrom"], resource: ["arn:aws:kms:*:*:key/1234abcd-*"] } }
                  - { name: p, action: review, match: { operation: ["dynamodb:PartiQLDelete"], resource: ["arn:aws:dynamodb:*:*:table/prod-*"] } }
                  - { name: n, action: deny, match: { operation: ["sns:Publish"], resource: ["arn:aws:sns:*:*:prod-*"] } }
                """);
        assertEquals("deny", decide(more, List.of("aws", "secretsmanager", "batch-get-secret-value", "--secret-id-list", "dev/a", "prod/db")));
        assertEquals("deny", decide(more, List.of("aws", "kms", "re-encrypt", "--source-key-id", "1234abcd-0000", "--destination-key-id", "9999",
                "--ciphertext-blob", "fileb://x")));
        assertEquals("review", decide(more, List.of("aws", "dynamodb", "execute-statement", "--statement", "DELETE FROM \"prod-orders\" WHERE k = 1")));
        assertEquals("deny", decide(more, List.of("aws", "sns", "publish-batch", "--topic-arn", "arn:aws:sns:eu-west-1:123456789012:prod-alerts",
                "--publish-batch-request-entries", "Id=1,Message=x")));
        assertEquals("allow", decide(more, List.of("aws", "secretsmanager", "batch-get-secret-value", "--secret-id-list", "dev/a", "dev/b")));
    }

    /** The endpoint's host name is one in any case: the rule on eu-west-1's parameters missed --region EU-WEST-1. */
    @Test
    void aRegionInAnyCaseIsThatRegion() {
        assertEquals("deny", exec("--region", "EU-WEST-1", "ssm", "get-parameter", "--name", "/prod/a"));
        assertEquals("deny", exec("ssm", "get-parameter", "--name", "/prod/a", "--region=Eu-West-1"));
    }

    /** Another service's target under this one's signature is unknown in any case of its prefix. */
    @Test
    void anotherServicesTargetInAnyCaseIsUnknown() {
        assertEquals("deny", json("dynamodb", "AMAZONSSM.GetParameter", "{\"Name\":\"/prod/db/pw\"}"));
        assertEquals("deny", json("dynamodb", "SecretsManager.GetSecretValue", "{\"SecretId\":\"prod/db\"}"));
    }

    /** A \\u escape is four hex digits: one with a sign is no JSON, which AWS's readers refuse too. */
    @Test
    void aSignedUnicodeEscapeIsNoJson() {
        for (String body : List.of("{\"Secret\\u+049d\":\"dev/db\"}", "{\"SecretId\":\"dev\\u-02f\"}")) {
            assertThrows(IllegalArgumentException.class, () -> hoop.core.aws.StrictJson.parse(body), body);
        }
    }
}
