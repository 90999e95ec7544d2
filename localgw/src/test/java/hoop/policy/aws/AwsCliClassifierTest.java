package hoop.policy.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hoop.policy.Classification;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AwsCliClassifierTest {
    private static List<String> ops(String... args) {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/aws"));
        argv.addAll(List.of(args));
        Classification c = AwsClassifier.classify(argv, String.join(" ", argv));
        return c.units().stream().map(u -> u.kind() + " " + u.operation() + " " + u.resources()).toList();
    }

    /** An S3 location another service's call reads (JSON, shorthand pairs, a location option) is judged as read too. */
    @Test
    void s3LocationsOtherServicesReadAreReads() {
        assertTrue(ops("textract", "detect-document-text", "--document", "{\"S3Object\":{\"Bucket\":\"b\",\"Name\":\"k/x.png\"}}")
                .contains("read s3:GetObject [arn:aws:s3:::b/k/x.png]"));
        assertTrue(ops("transcribe", "start-transcription-job", "--transcription-job-name", "j", "--media", "MediaFileUri=s3://b/calls/a.mp3")
                .contains("read s3:GetObject [arn:aws:s3:::b/calls/a.mp3]"));
        assertTrue(ops("comprehend", "start-entities-detection-job", "--input-data-config=S3Uri=s3://b/in/,InputFormat=ONE_DOC_PER_FILE")
                .contains("read s3:GetObject [arn:aws:s3:::b/in/]"));
        assertTrue(ops("dynamodb", "put-item", "--table-name", "t", "--item", "{\"uri\":{\"S\":\"s3://b/k\"}}").stream()
                .noneMatch(u -> u.contains("s3:GetObject")));
        assertTrue(AwsClassifier.classify(List.of("aws", "textract", "detect-document-text", "--document", "S3Object={Bucket=b,Name=k}"), "")
                .unknown(), "shorthand structure is not read");
    }

    /**
     * An S3 location another service's call writes into (an export's bucket, a query's result location, a trail's
     * bucket) is judged as a write of every key under it; a location the names say it reads (a document, a
     * recording, input data) is not, and a read call writes nothing.
     */
    @Test
    void s3LocationsOtherServicesWriteAreWrites() {
        assertTrue(ops("athena", "start-query-execution", "--query-string", "SELECT 1", "--result-configuration",
                "OutputLocation=s3://b/results/").contains("write s3:PutObject [arn:aws:s3:::b/results/]"));
        assertTrue(ops("dynamodb", "export-table-to-point-in-time", "--table-arn", "arn:aws:dynamodb:us-east-1:1:table/t", "--s3-bucket", "b",
                "--s3-prefix", "exports/").contains("write s3:PutObject [arn:aws:s3:::b/exports/]"));
        assertTrue(ops("rds", "start-export-task", "--export-task-identifier", "e", "--source-arn", "arn:aws:rds:us-east-1:1:snapshot:s",
                "--s3-bucket-name", "b", "--iam-role-arn", "r", "--kms-key-id", "k").contains("write s3:PutObject [arn:aws:s3:::b/]"));
        assertTrue(ops("transcribe", "start-transcription-job", "--transcription-job-name", "j", "--media", "MediaFileUri=s3://b/calls/a.mp3",
                "--output-bucket-name", "o").contains("write s3:PutObject [arn:aws:s3:::o/]"));
        // Abbreviated, as argparse reads them: a bucket's option, a location given whole.
        assertTrue(ops("dynamodb", "export-table-to-point-in-time", "--table-arn", "arn:aws:dynamodb:us-east-1:1:table/t", "--s3-b", "b")
                .contains("write s3:PutObject [arn:aws:s3:::b/]"));
        assertTrue(ops("rds", "start-export-task", "--export-task-identifier", "e", "--source-arn", "arn:aws:rds:us-east-1:1:snapshot:s",
                "--s3-bucket-n", "b", "--iam-role-arn", "r", "--kms-key-id", "k").contains("write s3:PutObject [arn:aws:s3:::b/]"));
        assertTrue(ops("transcribe", "start-transcription-job", "--transcription-job-name", "j", "--media", "MediaFileUri=s3://b/calls/a.mp3",
                "--output-b", "o").contains("write s3:PutObject [arn:aws:s3:::o/]"));
        assertTrue(ops("emr", "run-job-flow", "--name", "c", "--log-u", "s3://b/logs/").contains("write s3:PutObject [arn:aws:s3:::b/logs/]"));
        assertTrue(ops("ssm", "start-session", "--target", "i-1").stream().noneMatch(u -> u.contains("s3:")), "--target is no bucket");
        assertTrue(ops("elbv2", "modify-load-balancer-attributes", "--load-balancer-arn", "lb", "--attributes", "Key=access_logs.s3.enabled,Value=true",
                "Key=access_logs.s3.bucket,Value=logs").contains("write s3:PutObject [arn:aws:s3:::logs/]"));
        assertTrue(ops("ec2", "create-flow-logs", "--resource-ids", "vpc-1", "--resource-type", "VPC", "--log-destination-type", "s3",
                "--log-destination", "arn:aws:s3:::b/flow/").contains("write s3:PutObject [arn:aws:s3:::b/flow/]"));
        // The trail's Name is no key: the whole bucket.
        assertTrue(ops("cloudtrail", "create-trail", "--name", "t", "--s3-bucket-name", "b").contains("write s3:PutObject [arn:aws:s3:::b/]"));
        assertTrue(ops("comprehend", "start-entities-detection-job", "--input-data-config", "{\"S3Uri\":\"s3://b/in/\"}", "--output-data-config",
                "{\"S3Uri\":\"s3://b/out/\"}", "--language-code", "en", "--data-access-role-arn", "r").containsAll(List.of(
                "read s3:GetObject [arn:aws:s3:::b/in/]", "write s3:PutObject [arn:aws:s3:::b/out/]")));
        for (List<String> reads : List.of(
                List.of("textract", "detect-document-text", "--document", "{\"S3Object\":{\"Bucket\":\"b\",\"Name\":\"k/x.png\"}}"),
                List.of("transcribe", "start-transcription-job", "--transcription-job-name", "j", "--media", "MediaFileUri=s3://b/calls/a.mp3"),
                List.of("comprehend", "start-entities-detection-job", "--input-data-config=S3Uri=s3://b/in/,InputFormat=ONE_DOC_PER_FILE"),
                List.of("lambda", "update-function-code", "--function-name", "f", "--s3-bucket", "b", "--s3-key", "code.zip"),
                List.of("athena", "get-query-results", "--query-execution-id", "s3://b/x"))) {
            assertTrue(ops(reads.toArray(String[]::new)).stream().noneMatch(u -> u.contains("s3:PutObject")), reads + ": " + ops(reads.toArray(String[]::new)));
        }
        // S3's own configurations that deliver objects into a bucket: logs, inventories, replicas (admin, each of the
        // latter: its destination's owner is not named as the connection's account, AccessChanges).
        assertTrue(ops("s3api", "put-bucket-logging", "--bucket", "src", "--bucket-logging-status",
                "{\"LoggingEnabled\":{\"TargetBucket\":\"logs\",\"TargetPrefix\":\"p/\"}}").contains("write s3:PutObject [arn:aws:s3:::logs/p/]"));
        assertTrue(ops("s3api", "put-bucket-inventory-configuration", "--bucket", "src", "--id", "i", "--inventory-configuration",
                "{\"Destination\":{\"S3BucketDestination\":{\"Bucket\":\"arn:aws:s3:::inv\",\"Format\":\"CSV\"}},\"IsEnabled\":true,"
                        + "\"Id\":\"i\",\"IncludedObjectVersions\":\"All\",\"Schedule\":{\"Frequency\":\"Daily\"}}")
                .contains("admin s3:PutObject [arn:aws:s3:::inv/]"));
        assertTrue(ops("s3api", "put-bucket-replication", "--bucket", "src", "--replication-configuration",
                "{\"Role\":\"r\",\"Rules\":[{\"Status\":\"Enabled\",\"Destination\":{\"Bucket\":\"arn:aws:s3:::copy\"}}]}")
                .contains("admin s3:PutObject [arn:aws:s3:::copy/]"));
        assertTrue(ops("s3api", "restore-object", "--bucket", "src", "--key", "k.csv", "--restore-request",
                "{\"Type\":\"SELECT\",\"OutputLocation\":{\"S3\":{\"BucketName\":\"out\",\"Prefix\":\"r/\"}}}")
                .contains("write s3:PutObject [arn:aws:s3:::out/r/]"));
        assertTrue(ops("s3api", "put-bucket-logging", "--bucket", "src", "--bucket-logging-status", "{}").stream()
                .noneMatch(u -> u.contains("s3:PutObject")), "logging turned off writes nothing");
        assertTrue(AwsClassifier.classify(List.of("aws", "s3api", "put-bucket-logging", "--bucket", "src", "--bucket-logging-status",
                "file://logging.json"), "").unknown(), "a target hoop cannot read");
        // A location option read from a file hoop does not read: unknown; another option's file is no location.
        for (List<String> argv : List.of(
                List.of("aws", "athena", "start-query-execution", "--query-string", "SELECT 1", "--result-configuration", "file://rc.json"),
                List.of("aws", "athena", "start-query-execution", "--query-string", "SELECT 1", "--result-conf=file://rc.json"),
                List.of("aws", "textract", "detect-document-text", "--document", "fileb://doc.json"),
                List.of("aws", "dynamodb", "export-table-to-point-in-time", "--table-arn", "arn:aws:dynamodb:us-east-1:1:table/t", "--s3-bucket", "file://b"))) {
            assertTrue(AwsClassifier.classify(argv, "").unknown(), argv.toString());
        }
        assertFalse(AwsClassifier.classify(List.of("aws", "athena", "start-query-execution", "--query-string", "file://q.sql"), "").unknown());
        // The proxy's words: the same location, written.
        assertEquals(List.of("write athena:StartQueryExecution []", "read s3:GetObject [arn:aws:s3:::b/r/]", "write s3:PutObject [arn:aws:s3:::b/r/]"),
                AwsClassifier.classify(List.of("athena:StartQueryExecution", "s3-read:arn:aws:s3:::b/r/", "s3-write:arn:aws:s3:::b/r/"), "t")
                        .units().stream().map(u -> u.kind() + " " + u.operation() + " " + u.resources()).toList());
    }

    @Test
    void highLevelS3CommandsAreTheCallsTheyMake() {
        assertEquals(List.of("delete s3:DeleteBucket [arn:aws:s3:::b1]"), ops("s3", "rb", "s3://b1"));
        // --force empties the bucket: also judged on every key in it (the prefix "b1/").
        assertEquals(List.of("delete s3:DeleteBucket [arn:aws:s3:::b1]", "delete s3:DeleteObject [arn:aws:s3:::b1]",
                "delete s3:DeleteObject [arn:aws:s3:::b1/]"), ops("s3", "rb", "s3://b1", "--force"));
        assertEquals(List.of("read s3:ListBuckets []"), ops("s3", "ls"));
        assertEquals(List.of("read s3:ListObjectsV2 [arn:aws:s3:::b1]"), ops("--region", "eu-west-1", "s3", "ls", "s3://b1/dir/"));
        assertEquals(List.of("read s3:GetObject [arn:aws:s3:::b1/k]", "write s3:PutObject [arn:aws:s3:::b2/k]",
                "delete s3:DeleteObject [arn:aws:s3:::b1/k]"), ops("s3", "mv", "s3://b1/k", "s3://b2/k"));
        assertEquals(List.of("write s3:PutObject [arn:aws:s3:::b1/x]"), ops("s3", "cp", "./x", "s3://b1/x"));
        // Into a folder, or a bucket alone, a file keeps its name (the CLI's use_src_name).
        assertEquals(List.of("write s3:PutObject [arn:aws:s3:::b1/d/x.pem]"), ops("s3", "cp", "a/x.pem", "s3://b1/d/"));
        assertEquals(List.of("write s3:PutObject [arn:aws:s3:::b1/x.pem]"), ops("s3", "cp", "x.pem", "s3://b1"));
        assertEquals(List.of("read s3:GetObject [arn:aws:s3:::b1/k/x]", "write s3:PutObject [arn:aws:s3:::b2/x]",
                "delete s3:DeleteObject [arn:aws:s3:::b1/k/x]"), ops("s3", "mv", "s3://b1/k/x", "s3://b2/"));
        for (String odd : List.of("a/x/.", "a/..", "a/", "-")) {
            assertTrue(AwsClassifier.classify(List.of("aws", "s3", "cp", odd, "s3://b1/"), "").unknown(), odd);
        }
    }

    /** A list option takes every word up to the next option, "help" too: the CLI makes the call. */
    /** Calls handing out a bearer key or URL under names no detector masks by are admin, as the credential calls are. */
    @Test
    void bearerKeysAndUrlsAreCredentialCalls() {
        for (List<String> argv : List.of(List.of("appsync", "update-api-key", "--api-id", "a", "--id", "k"),
                List.of("ivs", "create-channel", "--name", "c"), List.of("ivs-realtime", "create-participant-token", "--stage-arn", "s"),
                List.of("iot", "create-provisioning-claim", "--template-name", "t"), List.of("iotsecuretunneling", "open-tunnel"),
                List.of("emr-serverless", "get-dashboard-for-job-run", "--application-id", "a", "--job-run-id", "j"),
                List.of("athena", "create-presigned-notebook-url", "--session-id", "s"),
                List.of("apigateway", "create-usage-plan-key", "--usage-plan-id", "u", "--key-id", "k", "--key-type", "API_KEY"))) {
            List<String> units = ops(argv.toArray(String[]::new));
            assertTrue(units.size() == 1 && units.get(0).startsWith("admin "), argv + ": " + units);
        }
        assertTrue(ops("ivs-realtime", "create-participant-token", "--stage-arn", "s").get(0).startsWith("admin ivs:CreateParticipantToken"));
        assertTrue(ops("apigateway", "get-api-key", "--api-key", "k").get(0).startsWith("read "), "without its value");
    }

    /**
     * run-instances is read for a public address now: its user data from a file is still judged (a blob for the
     * instance, no parameter), its network interfaces from a file are not (they may ask for a public address).
     */
    @Test
    void aLaunchsUserDataMayComeFromAFile() {
        assertEquals(List.of("write ec2:RunInstances []"), ops("ec2", "run-instances", "--image-id", "ami-1", "--user-data", "file://init.sh"));
        assertTrue(AwsClassifier.classify(List.of("aws", "ec2", "run-instances", "--image-id", "ami-1", "--network-interfaces",
                "file://ni.json"), "").unknown());
    }

    @Test
    void helpAfterAnOptionIsNoHelp() {
        assertEquals(List.of("read ssm:GetParameters [arn:aws:ssm:*:*:parameter/prod/db, arn:aws:ssm:*:*:parameter/help]"),
                ops("ssm", "get-parameters", "--names", "prod/db", "help"));
        assertEquals(List.of("read cli:Help []"), ops("ssm", "get-parameters", "help"));
        assertEquals(List.of("read cli:Help []"), ops("--region", "eu-west-1", "ec2", "wait", "instance-running", "help"));
    }

    @Test
    void apiCommandsAreServiceAndCamelCaseOperation() {
        assertEquals(List.of("delete s3:DeleteBucket [arn:aws:s3:::b1]"), ops("s3api", "delete-bucket", "--bucket", "b1"));
        assertEquals(List.of("read s3:GetObject [arn:aws:s3:::b1/a/b]"), ops("s3api", "get-object", "--bucket=b1", "--key", "a/b", "out"));
        assertEquals(List.of("delete ec2:TerminateInstances [arn:aws:ec2:*:*:instance/i-1]"), ops("ec2", "terminate-instances", "--instance-ids", "i-1"));
        assertEquals(List.of("admin iam:ListUsers []"), ops("iam", "list-users", "--output", "json"));
        assertEquals(List.of("admin configure:ExportCredentials []"), ops("configure", "export-credentials"));
        assertEquals(List.of("read secretsmanager:GetSecretValue [arn:aws:secretsmanager:*:*:secret:x]"), ops("secretsmanager", "get-secret-value", "--secret-id", "x"));
        assertEquals(List.of("read ec2:WaitInstanceRunning []"), ops("ec2", "wait", "instance-running"));
    }

    @Test
    void optionsThatMoveTheCredentialAreUnknown() {
        for (String opt : List.of("--endpoint-url=http://x", "--profile", "--no-verify-ssl", "--ca-bundle")) {
            List<String> argv = new ArrayList<>(List.of("aws", "s3", "ls", opt));
            if (!opt.contains("=") && !opt.equals("--no-verify-ssl")) argv.add("value");
            Classification c = AwsClassifier.classify(argv, "");
            assertTrue(c.unknown(), opt);
        }
        assertTrue(AwsClassifier.classify(List.of("aws", "s3"), "").unknown());
        assertTrue(AwsClassifier.classify(List.of("aws", "s3", "frobnicate", "s3://x"), "").unknown());
    }

    @Test
    void secretValuesMayOnlyPrintWithTheirKeys() {
        assertFalse(AwsClassifier.classify(List.of("aws", "secretsmanager", "get-secret-value", "--secret-id", "x"), "").unknown());
        assertFalse(AwsClassifier.classify(List.of("aws", "secretsmanager", "get-secret-value", "--secret-id", "x", "--output", "json"), "").unknown());
        for (List<String> extra : List.of(List.of("--query", "SecretString"), List.of("--query=SecretString"), List.of("--output", "text"),
                List.of("--output=yaml"), List.of("--output", "table"))) {
            List<String> argv = new ArrayList<>(List.of("aws", "secretsmanager", "get-secret-value", "--secret-id", "x"));
            argv.addAll(extra);
            assertTrue(AwsClassifier.classify(argv, "").unknown(), extra.toString());
        }
        // Other calls keep their --query and --output.
        assertFalse(AwsClassifier.classify(List.of("aws", "secretsmanager", "list-secrets", "--output", "text"), "").unknown());
    }

    @Test
    void hoopsHomeIsNamedByNoArgument(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path home = java.nio.file.Files.createDirectories(tmp.resolve("hoop-home"));
        java.nio.file.Files.writeString(home.resolve("gateway.token"), "t");
        java.nio.file.Path link = java.nio.file.Files.createSymbolicLink(tmp.resolve("link"), home);
        for (String word : List.of(home + "/gateway.token", "file://" + home + "/gateway.token", "fileb://" + home + "/hoop.db",
                tmp + "/other/../hoop-home/audit.key", link + "/gateway.token", home.toString())) {
            assertTrue(AwsCliClassifier.classify(List.of("aws", "s3", "cp", word, "s3://b1/k"), home).unknown(), word);
        }
        assertFalse(AwsCliClassifier.classify(List.of("aws", "s3", "cp", tmp + "/elsewhere.txt", "s3://b1/k"), home).unknown());
        // A key that merely looks like the path is no local file.
        assertFalse(AwsCliClassifier.classify(List.of("aws", "s3", "cp", "-", "s3://b1" + home + "/gateway.token"), home).unknown());
    }

    @Test
    void proxyCallsArriveIdentified() {
        Classification c = AwsClassifier.classify(List.of("s3:DeleteObjects", "arn:aws:s3:::b1"), "POST /b1?delete");
        assertEquals("delete", c.units().get(0).kind());
        assertEquals(List.of("arn:aws:s3:::b1"), c.units().get(0).resources());
    }

    /** What destroys or gives up something is delete, whatever its verb; undoing a deletion is not. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"kms:ScheduleKeyDeletion,delete", "ec2:ReleaseAddress,delete",
            "ec2:RevokeSecurityGroupIngress,delete", "s3:AbortMultipartUpload,delete", "ec2:TerminateInstances,delete",
            "kms:CancelKeyDeletion,write", "ec2:DescribeAddresses,read", "ec2:AllocateAddress,write"})
    void destructiveCallsAreDeleteWhateverTheirVerb(String operation, String kind) {
        assertEquals(kind, AwsOperations.kind(operation));
    }

    /**
     * What changes who may reach a resource outside hoop (a resource policy, an ACL, a grant, a permission, a public
     * access block) is admin, as IAM is; reading those settings stays a read, and policies that are not about access
     * (retention, scaling, lifecycle) keep their kind.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"s3:PutBucketPolicy,admin", "s3:DeleteBucketPolicy,admin", "s3:PutBucketAcl,admin",
            "s3:PutObjectAcl,admin", "s3:PutPublicAccessBlock,admin", "s3:DeletePublicAccessBlock,admin", "s3:PutAccessPointPolicy,admin",
            "kms:PutKeyPolicy,admin", "kms:CreateGrant,admin", "kms:RetireGrant,admin", "sqs:AddPermission,admin", "sns:AddPermission,admin",
            "lambda:AddPermission,admin", "lambda:AddLayerVersionPermission,admin", "secretsmanager:PutResourcePolicy,admin",
            "ecr:SetRepositoryPolicy,admin", "glacier:SetVaultAccessPolicy,admin", "efs:PutFileSystemPolicy,admin",
            "lakeformation:GrantPermissions,admin", "backup:PutBackupVaultAccessPolicy,admin", "dynamodb:PutResourcePolicy,admin",
            "s3:GetBucketPolicy,read", "s3:GetObjectAcl,read", "kms:ListGrants,read", "lambda:GetPolicy,read",
            "logs:PutRetentionPolicy,write", "application-autoscaling:PutScalingPolicy,write", "s3:PutBucketLifecycleConfiguration,write",
            "s3:PutObject,write", "dynamodb:PutItem,write", "ecr:PutLifecyclePolicy,write"})
    void callsThatChangeWhoMayReachAResourceAreAdmin(String operation, String kind) {
        assertEquals(kind, AwsOperations.kind(operation));
    }

    /**
     * Calls that change who may reach a resource through a parameter (a queue's Policy attribute, a snapshot shared,
     * a function URL without auth, an object's ACL set by `s3 cp --acl`) are admin, as the calls named for such a
     * change are; the same calls with other parameters keep their kind. The same table judges the proxy's calls.
     */
    @Test
    void parametersThatChangeWhoMayReachAResourceMakeTheCallAdmin() {
        String policy = "{\"Policy\":\"{\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\",\\\"Principal\\\":\\\"*\\\"}]}\"}";
        for (List<String> argv : List.of(
                List.of("sqs", "set-queue-attributes", "--queue-url", "https://sqs.us-east-1.amazonaws.com/123456789012/q", "--attributes", policy),
                List.of("sqs", "set-queue-attributes", "--queue-url", "https://sqs.us-east-1.amazonaws.com/123456789012/q", "--attributes", "Policy=x"),
                List.of("sqs", "create-queue", "--queue-name", "q", "--attributes", policy),
                List.of("sns", "set-topic-attributes", "--topic-arn", "arn:aws:sns:us-east-1:1:t", "--attribute-name", "Policy", "--attribute-value", "{}"),
                List.of("sns", "create-topic", "--name", "t", "--attributes", policy),
                List.of("ec2", "modify-snapshot-attribute", "--snapshot-id", "snap-1", "--attribute", "createVolumePermission",
                        "--operation-type", "add", "--user-ids", "210987654321"),
                List.of("ec2", "modify-image-attribute", "--image-id", "ami-1", "--launch-permission", "Add=[{Group=all}]"),
                List.of("ec2", "modify-image-attribute", "--image-id", "ami-1", "--attribute", "launchPermission", "--operation-type", "add",
                        "--user-groups", "all"),
                List.of("rds", "modify-db-snapshot-attribute", "--db-snapshot-identifier", "s", "--attribute-name", "restore",
                        "--values-to-add", "all"),
                List.of("lambda", "create-function-url-config", "--function-name", "f", "--auth-type", "NONE"),
                List.of("lambda", "update-function-url-config", "--function-name", "f", "--auth-type=NONE"),
                // Abbreviated, as argparse reads them.
                List.of("lambda", "create-function-url-config", "--function-name", "f", "--auth", "NONE"),
                List.of("sns", "set-topic-attributes", "--topic-arn", "arn:aws:sns:us-east-1:1:t", "--attribute-n", "Policy", "--attribute-v", "{}"),
                List.of("kms", "create-key", "--pol", "{}"),
                List.of("ec2", "modify-image-attribute", "--image-id", "ami-1", "--operation-type", "add", "--user-g", "all"),
                List.of("kms", "create-key", "--policy", "{}"),
                List.of("iot", "attach-policy", "--policy-name", "p", "--target", "arn:aws:iot:us-east-1:1:cert/c"),
                List.of("dynamodb", "create-table", "--table-name", "t", "--resource-policy", "{}"),
                List.of("ssm", "modify-document-permission", "--name", "d", "--permission-type", "Share", "--account-ids-to-add", "All"),
                List.of("ec2", "disable-snapshot-block-public-access"),
                List.of("sns", "subscribe", "--topic-arn", "arn:aws:sns:us-east-1:1:t", "--protocol", "https", "--notification-endpoint", "https://x.example"),
                List.of("rds", "modify-db-instance", "--db-instance-identifier", "db", "--publicly-accessible"),
                List.of("lightsail", "update-bucket", "--bucket-name", "b", "--access-rules", "getObject=public"),
                List.of("apigateway", "update-rest-api", "--rest-api-id", "a", "--patch-operations", "op=replace,path=/policy,value=x"),
                List.of("s3", "cp", "x.txt", "s3://b/k", "--acl", "public-read"),
                List.of("s3", "sync", ".", "s3://b/site/", "--grants", "read=uri=http://acs.amazonaws.com/groups/global/AllUsers"),
                List.of("s3api", "put-object", "--bucket", "b", "--key", "k", "--grant-read", "uri=http://acs.amazonaws.com/groups/global/AllUsers"))) {
            assertTrue(ops(argv.toArray(String[]::new)).stream().anyMatch(u -> u.startsWith("admin ")), argv + ": " + ops(argv.toArray(String[]::new)));
        }
        for (List<String> argv : List.of(
                List.of("sqs", "set-queue-attributes", "--queue-url", "https://sqs.us-east-1.amazonaws.com/123456789012/q", "--attributes",
                        "VisibilityTimeout=60"),
                List.of("sqs", "create-queue", "--queue-name", "q"),
                List.of("sns", "set-topic-attributes", "--topic-arn", "arn:aws:sns:us-east-1:1:t", "--attribute-name", "DisplayName", "--attribute-value", "x"),
                List.of("ec2", "modify-image-attribute", "--image-id", "ami-1", "--description", "Value=new"),
                List.of("lambda", "create-function-url-config", "--function-name", "f", "--auth-type", "AWS_IAM"),
                List.of("kms", "create-key", "--description", "k"),
                List.of("sns", "subscribe", "--topic-arn", "arn:aws:sns:us-east-1:1:t", "--protocol", "sqs", "--notification-endpoint", "arn:aws:sqs:us-east-1:1:q"),
                List.of("rds", "modify-db-instance", "--db-instance-identifier", "db", "--no-publicly-accessible"),
                List.of("rds", "modify-db-instance", "--db-instance-identifier", "db", "--allocated-storage", "50"),
                List.of("s3", "cp", "x.txt", "s3://b/k"))) {
            assertTrue(ops(argv.toArray(String[]::new)).stream().noneMatch(u -> u.startsWith("admin ")), argv + ": " + ops(argv.toArray(String[]::new)));
        }
        // Delivering data to another account than the connection's: admin; to its own, not.
        var own = new hoop.core.aws.AwsResources.Scope("aws", "us-east-1", "123456789012");
        java.util.function.Function<List<String>, List<String>> kinds = argv -> AwsCliClassifier.classify(argv, LocalPaths.DEFAULT_HOME, own)
                .units().stream().map(Classification.Unit::kind).toList();
        assertTrue(kinds.apply(List.of("aws", "sns", "subscribe", "--topic-arn", "arn:aws:sns:us-east-1:123456789012:t", "--protocol", "sqs",
                "--notification-endpoint", "arn:aws:sqs:us-east-1:210987654321:theirs")).contains("admin"));
        assertTrue(kinds.apply(List.of("aws", "logs", "put-subscription-filter", "--log-group-name", "g", "--filter-name", "f", "--filter-pattern", "",
                "--destination-arn", "arn:aws:logs:us-east-1:210987654321:destination:d")).contains("admin"));
        assertTrue(kinds.apply(List.of("aws", "ecr", "put-replication-configuration", "--replication-configuration",
                "{\"rules\":[{\"destinations\":[{\"region\":\"us-east-1\",\"registryId\":\"210987654321\"}]}]}")).contains("admin"));
        assertFalse(kinds.apply(List.of("aws", "sns", "subscribe", "--topic-arn", "arn:aws:sns:us-east-1:123456789012:t", "--protocol", "sqs",
                "--notification-endpoint", "arn:aws:sqs:us-east-1:123456789012:ours")).contains("admin"));
        assertFalse(kinds.apply(List.of("aws", "events", "put-targets", "--rule", "r", "--targets",
                "Id=1,Arn=arn:aws:lambda:us-east-1:123456789012:function:f")).contains("admin"));
        // Read from a file hoop does not read, the attributes may hold a Policy: unknown.
        assertTrue(AwsClassifier.classify(List.of("aws", "sqs", "set-queue-attributes", "--queue-url", "https://sqs.us-east-1.amazonaws.com/1/q",
                "--attributes", "file://attrs.json"), "").unknown());
        // The proxy's call, marked by the same table, is admin too.
        assertEquals(List.of("admin sqs:SetQueueAttributes [arn:aws:sqs:*:*:q]"), AwsClassifier.classify(List.of("sqs:SetQueueAttributes",
                "arn:aws:sqs:*:*:q", hoop.core.aws.AccessChanges.MARKER), "t").units().stream().map(u -> u.kind() + " " + u.operation() + " " + u.resources()).toList());
    }

    /**
     * A path through a link into hoop's home is hoop's home, also for a file not there yet: `s3 cp s3://b/k
     * link/new.yaml`, link pointing at the home, would write a file there (the check followed links of existing files only).
     */
    @Test
    void aNewFileThroughALinkIntoHoopsHomeIsHoopsHome(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path home = java.nio.file.Files.createDirectory(dir.resolve("home"));
        java.nio.file.Path link = java.nio.file.Files.createSymbolicLink(dir.resolve("link"), home);
        for (String target : List.of(link.resolve("new.yaml").toString(), link.resolve("sub/deeper/new.db").toString(), link.toString() + "/")) {
            Classification c = AwsCliClassifier.classify(List.of("aws", "s3", "cp", "s3://b/k", target), home, AwsClassifier.ANYWHERE);
            assertTrue(c.units().stream().map(Classification.Unit::kind).toList().contains("unknown"), target);
            assertEquals(1, AwsCliClassifier.forbiddenFiles(List.of("aws", "s3", "cp", "s3://b/k", target), home).size(), target);
        }
        java.nio.file.Path elsewhere = java.nio.file.Files.createDirectory(dir.resolve("elsewhere"));
        assertEquals(List.of(), AwsCliClassifier.forbiddenFiles(List.of("aws", "s3", "cp", "s3://b/k", elsewhere.resolve("new.txt").toString()), home));
    }

    @Test
    void aCallTheProxyCouldNotNameIsUnknownNotAHelpRead() {
        Classification c = AwsClassifier.classify(List.of("s3-unidentified"), "POST /prod-data?odd");
        assertEquals(List.of("unknown"), c.units().stream().map(Classification.Unit::kind).toList());
    }

    @Test
    void proxyCallsAreAlsoTheActionsIamAuthorizesThemAs() {
        var del = AwsClassifier.classify(List.of("s3:DeleteObjects", "arn:aws:s3:::b", "arn:aws:s3:::b/keep/a", "arn:aws:s3:::b/x"), "t");
        assertEquals(List.of("delete s3:DeleteObjects [arn:aws:s3:::b, arn:aws:s3:::b/keep/a, arn:aws:s3:::b/x]",
                "delete s3:DeleteObject [arn:aws:s3:::b/keep/a, arn:aws:s3:::b/x]"),
                del.units().stream().map(u -> u.kind() + " " + u.operation() + " " + u.resources()).toList());
        var copy = AwsClassifier.classify(List.of("s3:CopyObject", "arn:aws:s3:::dev/k", "arn:aws:s3:::prod/secret"), "t");
        assertEquals(List.of("write s3:CopyObject [arn:aws:s3:::dev/k, arn:aws:s3:::prod/secret]", "read s3:GetObject [arn:aws:s3:::prod/secret]",
                "write s3:PutObject [arn:aws:s3:::dev/k]"),
                copy.units().stream().map(u -> u.kind() + " " + u.operation() + " " + u.resources()).toList());
    }

    @Test
    void multipartWritesAndHeadOrSelectReads() {
        for (String op : List.of("s3:CreateMultipartUpload", "s3:UploadPart", "s3:CompleteMultipartUpload")) {
            assertTrue(AwsClassifier.classify(List.of(op, "arn:aws:s3:::b/k"), "t").units().stream()
                    .anyMatch(u -> "s3:PutObject".equals(u.operation()) && u.resources().equals(List.of("arn:aws:s3:::b/k"))), op);
        }
        for (String op : List.of("s3:HeadObject", "s3:SelectObjectContent")) {
            assertTrue(AwsClassifier.classify(List.of(op, "arn:aws:s3:::b/k"), "t").units().stream()
                    .anyMatch(u -> "s3:GetObject".equals(u.operation())), op);
        }
    }

    @Test
    void impliedOperationsFollowTheResources() {
        var put = AwsClassifier.classify(List.of("s3:PutObject", "arn:aws:s3:::b/k", "s3:PutObjectAcl"), "t");
        assertEquals(List.of("write s3:PutObject [arn:aws:s3:::b/k]", "admin s3:PutObjectAcl [arn:aws:s3:::b/k]"),
                put.units().stream().map(u -> u.kind() + " " + u.operation() + " " + u.resources()).toList());
    }

    @Test
    void processAndDeviceFilesAreNotRead() {
        for (String w : List.of("/proc/self/environ", "file:///proc/self/environ", "fileb:///proc/1/environ", "--metadata=file:///proc/self/environ",
                "/proc/../proc/self/environ", "/dev/fd/../../self/environ", "/tmp/../sys/x", "../../proc/self/environ",
                "/dev/fd/3", "//proc/self/environ", "/./proc/self/environ")) {
            assertTrue(AwsClassifier.classify(List.of("aws", "s3api", "put-object", "--bucket", "b", "--key", "k", "--body", w), "").unknown(), w);
        }
        // Relative paths are the gateway's working directory's (not "/" here): a key "dev/notes.txt" is no device.
        for (String w : List.of("/tmp/x", "./out/dev.txt", "/home/me/proc/x", "-", "/dev/stdin", "/dev/null", "s3://b/proc/x", "dev/notes.txt")) {
            assertTrue(!AwsClassifier.classify(List.of("aws", "s3", "cp", w, "s3://b/k"), "").unknown(), w);
        }
    }

    @Test
    void accessPointsAreUnknownAsAtTheProxy() {
        for (List<String> argv : List.of(
                List.of("aws", "s3api", "delete-object", "--bucket", "arn:aws:s3:us-east-1:123456789012:accesspoint/prod", "--key", "k"),
                List.of("aws", "s3api", "delete-object", "--bucket", "prod-ap-abcdefghijklmnopqrstuvwxyz-s3alias", "--key", "k"),
                List.of("aws", "s3", "rm", "s3://arn:aws:s3:us-east-1:123456789012:accesspoint/prod/k"),
                List.of("aws", "s3api", "copy-object", "--bucket", "b", "--key", "k", "--copy-source",
                        "arn:aws:s3:us-east-1:123456789012:accesspoint/prod/object/k"))) {
            assertTrue(AwsClassifier.classify(argv, "").unknown(), argv.toString());
        }
    }

    @Test
    void createBucketOptionsAreTheBucketActionsTheySet() {
        assertEquals(List.of("write s3:CreateBucket [arn:aws:s3:::b]", "admin s3:PutBucketAcl [arn:aws:s3:::b]",
                "write s3:PutBucketObjectLockConfiguration [arn:aws:s3:::b]"),
                ops("s3api", "create-bucket", "--bucket", "b", "--acl", "public-read", "--object-lock-enabled-for-bucket"));
    }
    /** Keys listed with an encoding the user asked for print percent-encoded (ops%40example.com): no detector reads them. */
    @Test
    void listingKeysPercentEncodedIsUnknown() {
        for (String opt : new String[] {"--encoding-type", "--encoding"}) {
            for (String op : new String[] {"list-objects-v2", "list-objects", "list-object-versions"}) {
                Classification c = AwsClassifier.classify(List.of("aws", "s3api", op, "--bucket", "b", opt, "url"), "");
                assertTrue(c.unknown(), op + " " + opt);
            }
        }
        assertFalse(AwsClassifier.classify(List.of("aws", "s3api", "list-objects-v2", "--bucket", "b"), "").unknown());
    }

    /**
     * The CLI's own commands that are no API call of their name: judged as the calls they make. Named only by their
     * command, `emr create-default-roles` created IAM roles past a rule on kind admin, and `deploy push` or
     * `cloudformation package` uploaded into a bucket past a rule on it.
     */
    @Test
    void theClisOwnCommandsAreTheCallsTheyMake() {
        for (String[] argv : new String[][] {{"emr", "create-default-roles"}, {"datapipeline", "create-default-roles"},
                {"dlm", "create-default-role"}, {"deploy", "register", "--instance-name", "x"}, {"deploy", "deregister", "--instance-name", "x"},
                {"emr-containers", "update-role-trust-policy", "--cluster-name", "c", "--namespace", "n", "--role-name", "r"}}) {
            assertTrue(ops(argv).stream().anyMatch(u -> u.startsWith("admin iam:")), String.join(" ", argv) + ": " + ops(argv));
        }
        assertTrue(ops("deploy", "push", "--application-name", "a", "--s3-location", "s3://b1/app.zip")
                .contains("write s3:PutObject [arn:aws:s3:::b1/app.zip]"));
        assertTrue(ops("cloudformation", "package", "--template-file", "t.yaml", "--s3-bucket", "b1", "--s3-prefix", "p")
                .contains("write s3:PutObject [arn:aws:s3:::b1/p]"));
        assertTrue(ops("cloudformation", "deploy", "--template-file", "t.yaml", "--stack-name", "s", "--s3-bucket", "b1")
                .contains("write s3:PutObject [arn:aws:s3:::b1/]"));
        assertTrue(ops("servicecatalog", "generate", "product", "--product-name", "p", "--bucket-name", "b1", "--file-path", "f")
                .contains("write s3:PutObject [arn:aws:s3:::b1/]"));
        assertTrue(ops("configservice", "subscribe", "--s3-bucket", "b1", "--sns-topic", "t", "--iam-role", "r")
                .contains("write s3:CreateBucket [arn:aws:s3:::b1]"));
        assertEquals(List.of("write dynamodb:PutItem [arn:aws:dynamodb:*:*:table/t1]"), ops("ddb", "put", "t1", "{a: 1}"));
        assertTrue(ops("codecommit", "credential-helper", "get").get(0).startsWith("admin "));
        // The CLI names codedeploy `deploy`; IAM and the proxy name it codedeploy.
        assertEquals(List.of("delete codedeploy:DeleteApplication [arn:aws:codedeploy:]"), ops("deploy", "delete-application", "--application-name", "a"));
        // What hoop cannot read as calls: a program run on the gateway's host, an option abbreviated, a table after an option.
        for (String[] argv : new String[][] {{"deploy", "install", "--config-file", "c"}, {"emr", "ssh", "--cluster-id", "j", "--key-pair-file", "k"},
                {"opsworks", "register", "--infrastructure-class", "ec2", "--stack-id", "s", "i-1"},
                {"lightsail", "push-container-image", "--service-name", "s", "--label", "l", "--image", "i"},
                {"cloudformation", "package", "--template-file", "t", "--s3-buck", "b1"}, {"ddb", "put", "--condition", "a=1", "t1", "{}"}}) {
            assertTrue(AwsClassifier.classify(new ArrayList<>(List.of("aws")) {{ addAll(List.of(argv)); }}, "").unknown(), String.join(" ", argv));
        }
        // An API call of the same service is itself.
        assertEquals(List.of("write elasticmapreduce:RunJobFlow [arn:aws:elasticmapreduce:]"), ops("emr", "run-job-flow", "--name", "x"));
    }

    /** Calls whose answer is a password or key to use without hoop: an instance's, a database's, another service's. */
    @Test
    void callsHandingOutAPasswordOrKeyAreAdmin() {
        for (String[] argv : new String[][] {{"ec2", "get-password-data", "--instance-id", "i-1", "--priv-launch-key", "k.pem"},
                {"lightsail", "get-instance-access-details", "--instance-name", "x"},
                {"lightsail", "get-relational-database-master-user-password", "--relational-database-name", "db"},
                {"lightsail", "download-default-key-pair"}, {"lightsail", "create-bucket-access-key", "--bucket-name", "b"},
                {"connect", "get-federation-token", "--instance-id", "x"}, {"emr", "get-cluster-session-credentials", "--cluster-id", "j"},
                {"iot", "create-keys-and-certificate", "--set-as-active"}}) {
            assertTrue(ops(argv).get(0).startsWith("admin "), String.join(" ", argv) + ": " + ops(argv));
        }
    }

    /** A file the CLI writes that git runs later: its configuration (core.fsmonitor, an alias) or a hook. */
    @Test
    void gitConfigurationAndHooksAreNotWritten() {
        for (String w : List.of(".git/config", "./repo/.git/hooks/pre-commit", "/srv/x.git/config", "/etc/gitconfig",
                System.getProperty("user.home") + "/.gitconfig", "file://.git/config")) {
            assertTrue(AwsClassifier.classify(List.of("aws", "s3", "cp", "s3://b/k", w), "").unknown(), w);
        }
        assertFalse(AwsClassifier.classify(List.of("aws", "s3", "cp", "s3://b/k", "./config"), "").unknown());
    }
}
