package hoop.protocol.awshttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import hoop.core.SigV4;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Naming calls of the JSON and query protocols and of both S3 addressings; errors in each protocol's shape. */
class AwsCallsTest {
    private static AwsCall call(String service, Map<String, String> query, Map<String, List<String>> headers, String body) {
        return AwsCalls.identify(service, "POST", "/", query, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void jsonByTargetQueryByActionInBodyOrUrl() {
        // "q" is no queue URL, and a Scan without TableName no table: resources known only by their service (AwsResources).
        assertEquals(new AwsCall("sqs:DeleteQueue", List.of("under:arn:aws:sqs:*:*:"), AwsCall.Protocol.JSON),
                call("sqs", Map.of(), Map.of("x-amz-target", List.of("AmazonSQS.DeleteQueue")), "{\"QueueUrl\":\"q\"}"));
        assertEquals(new AwsCall("dynamodb:Scan", List.of("under:arn:aws:dynamodb:*:*:"), AwsCall.Protocol.JSON),
                call("dynamodb", Map.of(), Map.of("x-amz-target", List.of("DynamoDB_20120810.Scan")), "{}"));
        assertEquals(new AwsCall("dynamodb:Scan", List.of("arn:aws:dynamodb:*:*:table/t"), AwsCall.Protocol.JSON),
                call("dynamodb", Map.of(), Map.of("x-amz-target", List.of("DynamoDB_20120810.Scan")), "{\"TableName\":\"t\"}"));
        assertEquals(new AwsCall("sqs:CreateQueue", List.of("arn:aws:sqs:*:*:jobs"), AwsCall.Protocol.QUERY),
                call("sqs", Map.of(), Map.of(), "Action=CreateQueue&QueueName=jobs&Version=2012-11-05"));
        assertEquals("ec2:TerminateInstances", call("ec2", Map.of("Action", "TerminateInstances"), Map.of(), "").operation());
        assertNull(call("sqs", Map.of(), Map.of("x-amz-target", List.of("AmazonSQS.Delete Queue")), "{}"), "not a name: judged unknown");
        assertNull(call("sqs", Map.of(), Map.of(), "QueueName=jobs"), "no Action: judged unknown");
    }

    /**
     * A parameter that changes who may reach the call's resource marks the call (AccessChanges), in each protocol's
     * spelling: SQS's JSON Attributes and query Attribute.N.Name, SNS's AttributeName and Attributes.entry.N.key,
     * EC2's and RDS's attributes, a Lambda function URL's AuthType.
     */
    @Test
    void parametersThatChangeAccessMarkTheCall() {
        String marker = hoop.core.aws.AccessChanges.MARKER;
        Map<String, List<String>> sqsJson = Map.of("x-amz-target", List.of("AmazonSQS.SetQueueAttributes"));
        assertEquals(List.of(marker), call("sqs", Map.of(), sqsJson, "{\"QueueUrl\":\"q\",\"Attributes\":{\"Policy\":\"{}\"}}").implied());
        assertEquals(List.of(), call("sqs", Map.of(), sqsJson, "{\"QueueUrl\":\"q\",\"Attributes\":{\"DelaySeconds\":\"5\"}}").implied());
        assertEquals(List.of(marker), call("sqs", Map.of(), Map.of(), "Action=SetQueueAttributes&QueueUrl=q&Attribute.1.Name=policy&Attribute.1.Value=%7B%7D").implied());
        assertEquals(List.of(marker), call("sqs", Map.of(), Map.of(), "Action=CreateQueue&QueueName=q&Attribute.1.Name=Policy&Attribute.1.Value=%7B%7D").implied());
        assertEquals(List.of(), call("sqs", Map.of(), Map.of(), "Action=CreateQueue&QueueName=q&Attribute.1.Name=DelaySeconds&Attribute.1.Value=5").implied());
        assertEquals(List.of(marker), call("sns", Map.of(), Map.of(), "Action=SetTopicAttributes&TopicArn=t&AttributeName=Policy&AttributeValue=%7B%7D").implied());
        assertEquals(List.of(marker), call("sns", Map.of(), Map.of(), "Action=CreateTopic&Name=t&Attributes.entry.1.key=Policy&Attributes.entry.1.value=x").implied());
        assertEquals(List.of(marker), call("ec2", Map.of(), Map.of(), "Action=ModifyImageAttribute&ImageId=ami-1&LaunchPermission.Add.1.Group=all").implied());
        assertEquals(List.of(marker), call("ec2", Map.of(), Map.of(), "Action=ModifyImageAttribute&ImageId=ami-1&Attribute=launchPermission&OperationType=add&UserGroup.1=all").implied());
        assertEquals(List.of(), call("ec2", Map.of(), Map.of(), "Action=ModifyImageAttribute&ImageId=ami-1&Description.Value=x").implied());
        assertEquals(List.of(marker), call("kms", Map.of(), Map.of("x-amz-target", List.of("TrentService.CreateKey")), "{\"Policy\":\"{}\"}").implied());
        assertEquals(List.of(marker), call("sns", Map.of(), Map.of(), "Action=Subscribe&TopicArn=t&Protocol=https&Endpoint=https%3A%2F%2Fx.example").implied());
        assertEquals(List.of(), call("sns", Map.of(), Map.of(), "Action=Subscribe&TopicArn=t&Protocol=sqs&Endpoint=arn%3Aaws%3Asqs%3Aus-east-1%3A1%3Aq").implied());
        assertEquals(List.of(marker), call("rds", Map.of(), Map.of(), "Action=ModifyDBInstance&DBInstanceIdentifier=db&PubliclyAccessible=true").implied());
        var own = new hoop.core.aws.AwsResources.Scope("aws", "us-east-1", "123456789012");
        java.util.function.Function<String, List<String>> subscribe = endpoint -> AwsCalls.identify("sns", "POST", "/", Map.of(), Map.of(),
                ("Action=Subscribe&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3At&Protocol=sqs&Endpoint=" + endpoint)
                        .getBytes(StandardCharsets.UTF_8), own).implied();
        assertEquals(List.of(marker), subscribe.apply("arn%3Aaws%3Asqs%3Aus-east-1%3A210987654321%3Atheirs"));
        assertEquals(List.of(), subscribe.apply("arn%3Aaws%3Asqs%3Aus-east-1%3A123456789012%3Aours"));
        assertEquals(List.of(), call("rds", Map.of(), Map.of(), "Action=ModifyDBInstance&DBInstanceIdentifier=db&PubliclyAccessible=false").implied());
        AwsCall url = AwsCalls.identify("lambda", "POST", "/2021-10-31/functions/f/url", Map.of(), Map.of(),
                "{\"AuthType\":\"NONE\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(marker), url.implied());
        AwsCall iam = AwsCalls.identify("lambda", "POST", "/2021-10-31/functions/f/url", Map.of(), Map.of(),
                "{\"AuthType\":\"AWS_IAM\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(), iam.implied());
    }

    /** Locations the service may write into also travel as s3-write: words; those it reads (by their names) do not. */
    @Test
    void s3LocationsACallWritesAreNamed() {
        Map<String, List<String>> athena = Map.of("x-amz-target", List.of("AmazonAthena.StartQueryExecution"));
        assertTrue(call("athena", Map.of(), athena, "{\"QueryString\":\"SELECT 1\",\"ResultConfiguration\":{\"OutputLocation\":\"s3://b/r/\"}}")
                .resources().contains("s3-write:arn:aws:s3:::b/r/"));
        Map<String, List<String>> export = Map.of("x-amz-target", List.of("DynamoDB_20120810.ExportTableToPointInTime"));
        assertTrue(call("dynamodb", Map.of(), export, "{\"TableArn\":\"arn:aws:dynamodb:us-east-1:1:table/t\",\"S3Bucket\":\"b\",\"S3Prefix\":\"x/\"}")
                .resources().contains("s3-write:arn:aws:s3:::b/x/"));
        assertTrue(call("rds", Map.of(), Map.of(), "Action=StartExportTask&ExportTaskIdentifier=e&S3BucketName=b&S3Prefix=p%2F")
                .resources().contains("s3-write:arn:aws:s3:::b/p/"));
        // A flow log's destination; a load balancer's access logs, an attribute whose Key names the bucket its Value is.
        assertTrue(call("ec2", Map.of(), Map.of(), "Action=CreateFlowLogs&ResourceId.1=vpc-1&LogDestinationType=s3&LogDestination=arn%3Aaws%3As3%3A%3A%3Ab%2Fflow%2F")
                .resources().contains("s3-write:arn:aws:s3:::b/flow/"));
        assertTrue(call("elasticloadbalancing", Map.of(), Map.of(), "Action=ModifyLoadBalancerAttributes&LoadBalancerArn=lb"
                + "&Attributes.member.1.Key=access_logs.s3.enabled&Attributes.member.1.Value=true"
                + "&Attributes.member.2.Key=access_logs.s3.bucket&Attributes.member.2.Value=logs").resources().contains("s3-write:arn:aws:s3:::logs/"));
        assertTrue(call("elasticloadbalancing", Map.of(), Map.of(), "Action=ModifyLoadBalancerAttributes&LoadBalancerArn=lb"
                + "&Attributes.member.1.Key=access_logs.s3.bucket&Attributes.member.2.Value=logs").resources().stream()
                .noneMatch(r -> r.startsWith("s3-")), "another attribute's Value is not this Key's");
        Map<String, List<String>> textract = Map.of("x-amz-target", List.of("Textract.DetectDocumentText"));
        assertTrue(call("textract", Map.of(), textract, "{\"Document\":{\"S3Object\":{\"Bucket\":\"b\",\"Name\":\"k/x.png\"}}}")
                .resources().stream().noneMatch(r -> r.startsWith("s3-write:")));
        AwsCall logging = AwsCalls.identify("s3", "PUT", "/src", Map.of("logging", ""), Map.of(), ("<BucketLoggingStatus xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<LoggingEnabled><TargetBucket>logs</TargetBucket><TargetPrefix>p/</TargetPrefix></LoggingEnabled></BucketLoggingStatus>").getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("arn:aws:s3:::src", "s3-write:arn:aws:s3:::logs/p/"), logging.resources());
        AwsCall replication = AwsCalls.identify("s3", "PUT", "/src", Map.of("replication", ""), Map.of(), ("<ReplicationConfiguration><Role>r</Role>"
                + "<Rule><Status>Enabled</Status><Destination><Bucket>arn:aws:s3:::copy</Bucket></Destination></Rule>"
                + "<Rule><Status>Enabled</Status><Destination><Bucket>arn:aws:s3:::other</Bucket></Destination></Rule></ReplicationConfiguration>")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("arn:aws:s3:::src", "s3-write:arn:aws:s3:::copy/", "s3-write:arn:aws:s3:::other/"), replication.resources());
        AwsCall restore = AwsCalls.identify("s3", "POST", "/src/k.csv", Map.of("restore", ""), Map.of(), ("<RestoreRequest><Type>SELECT</Type>"
                + "<OutputLocation><S3><BucketName>out</BucketName><Prefix>r/</Prefix></S3></OutputLocation></RestoreRequest>").getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("arn:aws:s3:::src/k.csv", "s3-write:arn:aws:s3:::out/r/"), restore.resources());
        assertTrue(AwsCalls.namesKeysInBody("POST", "restore"));
        assertTrue(AwsCalls.namesKeysInBody("PUT", "logging") && AwsCalls.namesKeysInBody("PUT", "inventory&id=i") && !AwsCalls.namesKeysInBody("PUT", "tagging"));
        Map<String, List<String>> imports = Map.of("x-amz-target", List.of("DynamoDB_20120810.ImportTable"));
        assertTrue(call("dynamodb", Map.of(), imports, "{\"S3BucketSource\":{\"S3Bucket\":\"b\",\"S3KeyPrefix\":\"exports/\"},"
                + "\"InputFormat\":\"CSV\",\"TableCreationParameters\":{\"TableName\":\"t\"}}").resources().stream().noneMatch(r -> r.startsWith("s3-write:")));
    }

    /**
     * S3 locations another service reads (a bucket and key, an s3:// URI or S3 ARN under a location's name) travel as
     * s3-read: words, also for services whose own resources are not derived; data holding a URI names none.
     */
    @Test
    void s3LocationsACallReadsAreNamed() {
        Map<String, List<String>> textract = Map.of("x-amz-target", List.of("Textract.DetectDocumentText"));
        assertTrue(call("textract", Map.of(), textract, "{\"Document\":{\"S3Object\":{\"Bucket\":\"b\",\"Name\":\"k/x.png\"}}}")
                .resources().contains("s3-read:arn:aws:s3:::b/k/x.png"));
        Map<String, List<String>> transcribe = Map.of("x-amz-target", List.of("Transcribe.StartTranscriptionJob"));
        assertTrue(call("transcribe", Map.of(), transcribe, "{\"Media\":{\"MediaFileUri\":\"s3://b/calls/\"}}").resources()
                .contains("s3-read:arn:aws:s3:::b/calls/"));
        Map<String, List<String>> put = Map.of("x-amz-target", List.of("DynamoDB_20120810.PutItem"));
        assertEquals(List.of("arn:aws:dynamodb:*:*:table/t"), call("dynamodb", Map.of(), put,
                "{\"TableName\":\"t\",\"Item\":{\"uri\":{\"S\":\"s3://b/k\"}}}").resources());
        Map<String, List<String>> imports = Map.of("x-amz-target", List.of("DynamoDB_20120810.ImportTable"));
        assertTrue(call("dynamodb", Map.of(), imports, "{\"S3BucketSource\":{\"S3Bucket\":\"b\",\"S3KeyPrefix\":\"exports/\"},"
                + "\"InputFormat\":\"CSV\",\"TableCreationParameters\":{\"TableName\":\"t\"}}").resources().contains("s3-read:arn:aws:s3:::b/exports/"));
        assertTrue(call("sns", Map.of(), Map.of(), "Action=Publish&Message=s3%3A%2F%2Fb%2Fk&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A1%3At")
                .resources().stream().noneMatch(r -> r.startsWith("s3-read:")), "a message holding a URI names no location");
        assertTrue(call("glue", Map.of(), Map.of(), "Action=CreateJob&Command.ScriptLocation=s3%3A%2F%2Fb%2Fjob.py")
                .resources().contains("s3-read:arn:aws:s3:::b/job.py"));
    }

    @Test
    void virtualHostedBucketComesFromTheHostUnderAKnownName() {
        Set<String> names = Set.of("localhost", "hoop.corp");
        assertEquals("dev-bucket", S3Addressing.bucket("dev-bucket.localhost:8080", names));
        assertEquals("my.bucket", S3Addressing.bucket("My.Bucket.hoop.corp", names));
        assertNull(S3Addressing.bucket("localhost:8080", names), "path style");
        assertNull(S3Addressing.bucket("127.0.0.1:8080", names));
        assertNull(S3Addressing.bucket("[::1]:8080", names));
        assertNull(S3Addressing.bucket("dev-bucket.elsewhere.example", names), "an unknown name: path style");
        assertNull(S3Addressing.bucket("bad_bucket.localhost", names), "not a bucket name");
        SigV4.Request root = new SigV4.Request("GET", "/", "list-type=2", Map.of());
        assertEquals("/dev-bucket", S3Addressing.pathStyle(root, "dev-bucket").rawPath());
        SigV4.Request key = new SigV4.Request("PUT", "/a/b%20c", "", Map.of());
        assertEquals("/dev-bucket/a/b%20c", S3Addressing.pathStyle(key, "dev-bucket").rawPath());
        AwsCall c = AwsCalls.identify("s3", "DELETE", "/prod-data", Map.of(), Map.of(), null);
        assertEquals(new AwsCall("s3:DeleteBucket", List.of("arn:aws:s3:::prod-data"), AwsCall.Protocol.REST_XML), c);
    }

    @Test
    void towardAwsABucketThatIsOneLabelGoesVirtualHosted() {
        URI regional = URI.create("https://s3.eu-west-1.amazonaws.com");
        assertEquals(new S3Addressing.Target(URI.create("https://dev-bucket.s3.eu-west-1.amazonaws.com"), "/a/b"),
                S3Addressing.virtualHosted(regional, "/dev-bucket/a/b"));
        assertEquals(new S3Addressing.Target(URI.create("https://dev-bucket.s3.eu-west-1.amazonaws.com"), "/"),
                S3Addressing.virtualHosted(regional, "/dev-bucket"));
        assertEquals(new S3Addressing.Target(regional, "/my.bucket/k"), S3Addressing.virtualHosted(regional, "/my.bucket/k"), "dotted: path style");
        assertEquals(new S3Addressing.Target(regional, "/"), S3Addressing.virtualHosted(regional, "/"), "ListBuckets");
    }

    @Test
    void errorsSpeakEachProtocol() throws Exception {
        ObjectMapper json = new ObjectMapper();
        var denied = AwsErrors.error(AwsCall.Protocol.JSON, HttpResponseStatus.FORBIDDEN, "AccessDenied", "hoop: \"no\"\nreally");
        assertEquals(400, denied.status().code());
        var body = json.readTree(denied.content().toString(StandardCharsets.UTF_8));
        assertEquals("AccessDeniedException", body.path("__type").asText());
        assertEquals("hoop: \"no\"\nreally", body.path("message").asText());
        assertEquals("AccessDenied;Sender", denied.headers().get("x-amzn-query-error"));
        var unknownKey = AwsErrors.error(AwsCall.Protocol.JSON, HttpResponseStatus.FORBIDDEN, "InvalidAccessKeyId", "who");
        assertEquals("UnrecognizedClientException", unknownKey.headers().get("x-amzn-ErrorType"));
        assertEquals("InvalidClientTokenId;Sender", unknownKey.headers().get("x-amzn-query-error"));
        var down = AwsErrors.error(AwsCall.Protocol.JSON, HttpResponseStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable", "later");
        assertEquals(503, down.status().code(), "stays retryable");
        assertEquals("ServiceUnavailable;Receiver", down.headers().get("x-amzn-query-error"));
        var query = AwsErrors.error(AwsCall.Protocol.QUERY, HttpResponseStatus.FORBIDDEN, "InvalidAccessKeyId", "who <me>");
        assertEquals(403, query.status().code());
        String xml = query.content().toString(StandardCharsets.UTF_8);
        assertEquals(true, xml.startsWith("<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>who &lt;me&gt;</Message>"), xml);
        String rest = AwsErrors.error(AwsCall.Protocol.REST_XML, HttpResponseStatus.FORBIDDEN, "AccessDenied", "no").content().toString(StandardCharsets.UTF_8);
        assertEquals(true, rest.contains("<Error><Code>AccessDenied</Code><Message>no</Message>"), rest);
    }

    @Test
    void twoNamesForOneCallAreNoName() {
        Map<String, List<String>> form = Map.of("content-type", List.of("application/x-www-form-urlencoded"));
        assertNull(call("sqs", Map.of(), Map.of("x-amz-target", List.of("AmazonSQS.ListQueues"), "content-type",
                List.of("application/x-www-form-urlencoded")), "Action=DeleteQueue"), "target and Action");
        assertNull(call("sqs", Map.of("Action", "ListQueues"), form, "Action=DeleteQueue"), "Action in the URL and in the body");
        assertNull(call("sqs", Map.of(), form, "Action=ListQueues&Action=DeleteQueue"), "Action twice in the body");
        assertNull(call("sqs", Map.of(), Map.of("x-amz-target", List.of("AmazonSQS.ListQueues", "AmazonSQS.DeleteQueue")), "{}"),
                "two targets");
        assertEquals("sqs:ListQueues", call("sqs", Map.of("Action", "ListQueues"), form, "Action=ListQueues").operation());
        assertEquals("sqs:ListQueues", call("sqs", Map.of(), Map.of("x-amz-target", List.of("AmazonSQS.ListQueues"),
                "content-type", List.of("application/x-amz-json-1.0")), "{\"Action=DeleteQueue\":1}").operation(), "a JSON body is no form");
    }

    /** An Action or target another service has and this one has not: a server routing by it runs that service's call. */
    @Test
    void anotherServicesOperationIsNoName() {
        Map<String, List<String>> form = Map.of("content-type", List.of("application/x-www-form-urlencoded"));
        assertNull(call("foo", Map.of(), form, "Action=DeleteQueue"));
        assertNull(call("monitoring", Map.of("Action", "TerminateInstances"), Map.of(), null));
        assertNull(call("kinesis", Map.of(), Map.of("x-amz-target", List.of("Logs_20140328.DeleteLogGroup")), "{}"), "another service's target");
        assertNull(call("kinesis", Map.of(), Map.of("x-amz-target", List.of("Foo_2020.DeleteLogGroup")), "{}"), "another service's operation");
        // Under its own service's prefix, a router and the scope agree: a call newer than the models stays this one's.
        assertEquals("kinesis:TagResource", call("kinesis", Map.of(), Map.of("x-amz-target", List.of("Kinesis_20131202.TagResource")), "{}").operation());
        assertEquals("logs:DeleteLogGroup", call("logs", Map.of(), Map.of("x-amz-target", List.of("logs_20140328.DeleteLogGroup")), "{}").operation());
        assertEquals("cloudwatch:DeleteAlarms", call("monitoring", Map.of("Action", "DeleteAlarms"), Map.of(), null).operation());
        // A name no model knows (a newer call) stays the scope's.
        assertEquals("kinesis:SomeNewCall", call("kinesis", Map.of(), Map.of("x-amz-target", List.of("Kinesis_20131202.SomeNewCall")), "{}").operation());
    }

    @Test
    void queryParametersAreDecodedAndGivenOnce() {
        assertEquals(Map.of("delete", ""), AwsCalls.query("%64elete"));
        AwsCall del = AwsCalls.identify("s3", "POST", "/prod", AwsCalls.query("%64elete"), Map.of(),
                "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Object><Key>a/&#98;</Key></Object><Quiet>true</Quiet></Delete>"
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals(new AwsCall("s3:DeleteObjects", List.of("arn:aws:s3:::prod", "arn:aws:s3:::prod/a/b"), AwsCall.Protocol.REST_XML), del);
        assertTrue(AwsCalls.namesKeysInBody("POST", "%64elete"));
        assertEquals("s3:PutObjectAcl", AwsCalls.identify("s3", "PUT", "/b/k", AwsCalls.query("%61cl="), Map.of(), null).operation());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> AwsCalls.query("uploadId=a&uploadId=b"));
        assertNull(AwsCalls.identify("s3", "PUT", "/b", AwsCalls.query("tagging&policy"), Map.of(), null), "two sub-resources");
        assertNull(AwsCalls.identify("s3", "GET", "/b/k", AwsCalls.query("acl&uploadId=1"), Map.of(), null), "two sub-resources");
        assertEquals("s3:UploadPart", AwsCalls.identify("s3", "PUT", "/b/k", AwsCalls.query("partNumber=1&uploadId=1"), Map.of(), null).operation());
    }

    @Test
    void anOperationNotSpelledAsAwsSpellsThemIsNotNamed() {
        Map<String, List<String>> json = Map.of("x-amz-target", List.of("DynamoDB_20120810.deletetable"), "content-type", List.of("application/x-amz-json-1.0"));
        assertNull(AwsCalls.identify("dynamodb", "POST", "/", Map.of(), json, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertNull(AwsCalls.identify("sqs", "POST", "/", AwsCalls.query("Action=deleteQueue"), Map.of(), null));
        org.junit.jupiter.api.Assertions.assertNotNull(AwsCalls.identify("dynamodb", "POST", "/", Map.of(),
                Map.of("x-amz-target", List.of("DynamoDB_20120810.DeleteTable"), "content-type", List.of("application/x-amz-json-1.0")),
                "{\"TableName\":\"t\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void s3PathsThatCouldNameAnotherBucketAreAmbiguous() {
        for (String p : List.of("/dev/secret;x/k", "/dev;x/k", "/prodap-abc123-s3alias/k", "/x--ol-s3/k", "//prod/k", "/dev/../prod/k", "/dev/%2e%2E/prod/k", "/dev/./k", "/dev/k/..", "/dev/%zz", "/dev/a+b", "/dev/%FF", "/dev/%C3")) {
            org.junit.jupiter.api.Assertions.assertNotNull(AwsCalls.ambiguousS3(p, Map.of()), p);
        }
        for (String p : List.of("/", "/dev", "/dev/", "/dev/a//b", "/dev/a..b/.c", "/dev/a%3Bb", "/dev/a%2Bb%20c", "/dev/%C3%A9")) assertNull(AwsCalls.ambiguousS3(p, Map.of()), p);
        org.junit.jupiter.api.Assertions.assertNotNull(AwsCalls.ambiguousS3("/dev/k", Map.of("x-amz-copy-source", List.of("dev/../prod/k"))));
        org.junit.jupiter.api.Assertions.assertNotNull(AwsCalls.ambiguousS3("/dev/k", Map.of("x-amz-copy-source", List.of("dev/a", "prod/k"))));
        org.junit.jupiter.api.Assertions.assertNotNull(AwsCalls.ambiguousS3("/dev/k", Map.of("x-amz-copy-source", List.of("dev/a"),
                "x-amz-copy-source-range", List.of("bytes=0-9", "bytes=10-19"))));
        org.junit.jupiter.api.Assertions.assertNotNull(AwsCalls.ambiguousS3("/dev/k", Map.of("range", List.of("bytes=0-9", "bytes=5-30"))));
        assertNull(AwsCalls.ambiguousS3("/dev/k", Map.of("x-amz-copy-source", List.of("dev/a"), "x-amz-copy-source-range", List.of("bytes=0-9"))));
        org.junit.jupiter.api.Assertions.assertNotNull(AwsCalls.ambiguousS3("/dev/k", Map.of("x-amz-copy-source",
                List.of("arn%3Aaws%3As3%3Aus-east-1%3A123456789012%3Aaccesspoint%2Fap%2Fobject%2Fk"))));
    }

    @Test
    void headersThatDoMoreAreImpliedOperations() {
        AwsCall put = AwsCalls.identify("s3", "PUT", "/b/k", Map.of(), Map.of("x-amz-acl", List.of("public-read"),
                "x-amz-tagging", List.of("a=b")), null);
        assertEquals(List.of("s3:PutObjectAcl", "s3:PutObjectTagging"), put.implied());
        assertEquals(List.of("s3:BypassGovernanceRetention"), AwsCalls.identify("s3", "DELETE", "/b/k", Map.of(),
                Map.of("x-amz-bypass-governance-retention", List.of("true")), null).implied());
        assertEquals(List.of("s3:BypassGovernanceRetention"), AwsCalls.identify("s3", "POST", "/b", Map.of("delete", ""),
                Map.of("x-amz-bypass-governance-retention", List.of("true")),
                "<Delete><Object><Key>k</Key></Object></Delete>".getBytes(java.nio.charset.StandardCharsets.UTF_8)).implied());
        assertEquals(List.of(), AwsCalls.identify("s3", "GET", "/b/k", Map.of(), Map.of("x-amz-acl", List.of("x")), null).implied());
        assertEquals(List.of("s3:DeleteObjectVersion"), AwsCalls.identify("s3", "DELETE", "/b/k", Map.of("versionId", "v1"), Map.of(), null).implied());
        assertEquals(List.of("s3:GetObjectVersion"), AwsCalls.identify("s3", "GET", "/b/k", Map.of("versionId", "v1"), Map.of(), null).implied());
        assertEquals(List.of("s3:GetObjectVersionAttributes"), AwsCalls.identify("s3", "GET", "/b/k", Map.of("attributes", "", "versionId", "v1"),
                Map.of(), null).implied());
        assertEquals(List.of("s3:GetObjectVersionTorrent"), AwsCalls.identify("s3", "GET", "/b/k", Map.of("torrent", "", "versionId", "v1"),
                Map.of(), null).implied());
        assertEquals(List.of("s3:DeleteObjectVersion"), AwsCalls.identify("s3", "POST", "/b", Map.of("delete", ""), Map.of(),
                "<Delete><Object><Key>k</Key><VersionId>v1</VersionId></Object></Delete>".getBytes(StandardCharsets.UTF_8)).implied());
    }

    @Test
    void copySourceEndsAtItsRawQuestionMark() {
        for (String src : List.of("/dev/secret/s?versionId=1", "dev/secret/s?x=1&versionId=2", "/dev/secret/s?partNumber=1")) {
            assertEquals(List.of("arn:aws:s3:::b/k", "arn:aws:s3:::dev/secret/s"),
                    AwsCalls.identify("s3", "PUT", "/b/k", Map.of(), Map.of("x-amz-copy-source", List.of(src)), null).resources(), src);
        }
        assertEquals("arn:aws:s3:::dev/a?versionId=1", AwsCalls.identify("s3", "PUT", "/b/k", Map.of(),
                Map.of("x-amz-copy-source", List.of("dev/a%3FversionId=1")), null).resources().get(1), "an encoded ? is the key's");
    }

    /** The query as S3 reads it: x-amz-* parameters are headers, parameters S3 does not have name no call. */
    @Test
    void s3QueryParametersAsS3ReadsThem() {
        assertEquals(Set.of("x-amz-acl"), AwsCalls.s3Headers(Map.of(), Map.of("x-amz-acl", "public-read", "X-Amz-Signature", "s")).keySet());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> AwsCalls.s3Headers(Map.of("x-amz-acl", List.of("private")), Map.of("X-Amz-Acl", "public-read")));
        assertNull(AwsCalls.identify("s3", "PUT", "/b/k", Map.of("renameObject", ""), Map.of(), null));
        assertNull(AwsCalls.identify("s3", "GET", "/b/k", Map.of("", "x"), Map.of(), null));
        assertEquals("s3:ListObjectsV2", AwsCalls.identify("s3", "GET", "/b", Map.of("list-type", "2", "start-after", "a", "x-id", "L"),
                Map.of(), null).operation());
        // What a server without the sub-resource runs instead; none for the multipart ones.
        assertEquals("s3:GetObject", AwsCalls.s3Fallback("GET", "/b/k", Map.of("retention", ""), Map.of(), null).operation());
        assertEquals("s3:CreateBucket", AwsCalls.s3Fallback("PUT", "/b", Map.of("tagging", ""), Map.of(), null).operation());
        assertNull(AwsCalls.s3Fallback("POST", "/b/k", Map.of("uploads", ""), Map.of(), null));
        assertNull(AwsCalls.s3Fallback("GET", "/b/k", Map.of("versionId", "1"), Map.of(), null));
    }

    @Test
    void copySourceCarriesAtMostAVersion() {
        for (String src : List.of("/dev/secret/s?x=1&versionId=2", "/dev/secret/s?partNumber=1", "/dev/s?versionId=1&versionId=2")) {
            assertTrue(AwsCalls.ambiguousS3("/b/k", Map.of("x-amz-copy-source", List.of(src))) != null, src);
        }
        assertNull(AwsCalls.ambiguousS3("/b/k", Map.of("x-amz-copy-source", List.of("/dev/s?versionId=3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY"))));
        assertEquals(List.of("s3:GetObjectVersion"), AwsCalls.identify("s3", "PUT", "/b/k", Map.of(),
                Map.of("x-amz-copy-source", List.of("/dev/s?versionId=1")), null).implied());
        assertTrue(AwsCalls.ambiguousS3("/", Map.of("x-amz-target", List.of("DynamoDB_20120810.DeleteTable"))) != null);
    }
}
