package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls of other services that read an S3 object with their own access and hand back what it holds (Textract a
 * document's text, Transcribe a recording's words): judged on their own name only, they read around a rule on
 * s3:GetObject of the object. Each S3 location a call names (a bucket and key, an s3:// URI under a name such as
 * MediaFileUri) is also judged as a read of it, and one the service writes into (an export's bucket, a query's
 * result location) as a write there, through the proxy and through hoop exec. The services cannot run
 * here: a double answers every call with an empty JSON object.
 */
class AwsCrossServiceReadsTest {
    static final String DOC = "{\"S3Object\":{\"Bucket\":\"dev-bucket\",\"Name\":\"%s\"}}";

    @TempDir
    Path dir;
    HttpServer api;
    AwsFixture fixture;
    Map<String, String> env;

    @BeforeEach
    void start() throws Exception {
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            byte[] b = "{}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        api.start();
        String url = "http://127.0.0.1:" + api.getAddress().getPort();
        var secret = AwsFixture.rulesBeforeProd("- { name: secret, action: deny, match: { operation: [\"s3:GetObject\"], resource: "
                + "[\"arn:aws:s3:::dev-bucket/secret/*\"] }, message: \"secret/ is not read\" }",
                "- { name: locked, action: deny, match: { kind: [write, delete], resource: [\"arn:aws:s3:::dev-bucket/locked/*\"] }, "
                + "message: \"locked/ is read-only\" }");
        fixture = new AwsFixture(dir.resolve("home"), "", yaml -> secret.apply(AwsFixture.endpoint(yaml, url)));
        env = AwsFixture.env(fixture.connect());
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
        api.stop(0);
    }

    private AwsProxyEndToEndTest.Proc aws(String... args) throws Exception {
        return AwsProxyEndToEndTest.aws(dir, env, args);
    }

    /**
     * A service writing into S3 with its own access (an export's bucket, a query's result location) writes there:
     * judged only as a read of the location (or, through exec, not at all where the bucket was an option of its
     * own), `dynamodb export-table-to-point-in-time --s3-bucket` wrote past a rule keeping locked/ read-only.
     */
    @Test
    void aCallWritingIntoS3IsAWriteThere() throws Exception {
        List<List<String>> writes = List.of(
                List.of("athena", "start-query-execution", "--query-string", "SELECT 1", "--result-configuration",
                        "OutputLocation=s3://dev-bucket/locked/results/"),
                List.of("dynamodb", "export-table-to-point-in-time", "--table-arn", "arn:aws:dynamodb:us-east-1:123456789012:table/docs",
                        "--s3-bucket", "dev-bucket", "--s3-prefix", "locked/exports/"),
                // S3 itself delivering a bucket's access logs there.
                List.of("s3api", "put-bucket-logging", "--bucket", "dev-bucket", "--bucket-logging-status",
                        "{\"LoggingEnabled\":{\"TargetBucket\":\"dev-bucket\",\"TargetPrefix\":\"locked/logs/\"}}"),
                // A VPC's flow logs delivered there.
                List.of("ec2", "create-flow-logs", "--resource-ids", "vpc-1", "--resource-type", "VPC", "--traffic-type", "ALL",
                        "--log-destination-type", "s3", "--log-destination", "arn:aws:s3:::dev-bucket/locked/flow/"),
                // A restore of type SELECT writing its results there.
                List.of("s3api", "restore-object", "--bucket", "dev-bucket", "--key", "data.csv", "--restore-request",
                        "{\"Type\":\"SELECT\",\"OutputLocation\":{\"S3\":{\"BucketName\":\"dev-bucket\",\"Prefix\":\"locked/r/\"}}}"));
        for (List<String> argv : writes) {
            var proxy = aws(argv.toArray(String[]::new));
            assertEquals(254, proxy.exit(), argv + ": " + proxy.err());
            assertTrue(proxy.err().contains("locked/ is read-only"), proxy.err());
            var exec = fixture.gw.hoop(java.util.stream.Stream.concat(java.util.stream.Stream.of("exec", "aws-dev", "--"), argv.stream())
                    .toArray(String[]::new));
            assertEquals(3, exec.exit(), argv + ": " + exec.err());
            assertTrue(exec.err().contains("locked/ is read-only"), exec.err());
        }
        // The CLI reads an abbreviated option as the option it begins: --s3-b is --s3-bucket.
        var abbreviated = fixture.gw.hoop("exec", "aws-dev", "--", "dynamodb", "export-table-to-point-in-time", "--table-arn",
                "arn:aws:dynamodb:us-east-1:123456789012:table/docs", "--s3-b", "dev-bucket", "--s3-prefix", "locked/exports/");
        assertEquals(3, abbreviated.exit(), abbreviated.err());
        assertTrue(abbreviated.err().contains("locked/ is read-only"), abbreviated.err());
        // A load balancer's access logs, an attribute naming the bucket: all of it, which the rules on secret/ and locked/ both see.
        var elb = fixture.gw.hoop("exec", "aws-dev", "--", "elbv2", "modify-load-balancer-attributes", "--load-balancer-arn",
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/lb/1", "--attributes",
                "Key=access_logs.s3.enabled,Value=true", "Key=access_logs.s3.bucket,Value=dev-bucket");
        assertEquals(3, elb.exit(), elb.err());
        assertTrue(elb.err().contains("is not read") || elb.err().contains("is read-only"), elb.err());
        // Read from a file the CLI loads and hoop does not: the location is not seen, and the command is unknown.
        java.nio.file.Path rc = java.nio.file.Files.writeString(dir.resolve("rc.json"), "{\"OutputLocation\":\"s3://dev-bucket/locked/results/\"}");
        var fromFile = fixture.gw.hoop("exec", "aws-dev", "--", "athena", "start-query-execution", "--query-string", "SELECT 1",
                "--result-configuration", "file://" + rc);
        assertEquals(3, fromFile.exit(), fromFile.err());
        assertTrue(fromFile.err().contains("may name an S3 location"), fromFile.err());
        var elsewhere = aws("athena", "start-query-execution", "--query-string", "SELECT 1", "--result-configuration",
                "OutputLocation=s3://dev-bucket/results/");
        assertEquals(0, elsewhere.exit(), elsewhere.err());
        // What the service reads there is no write: a document under locked/ is read.
        var read = aws("textract", "detect-document-text", "--document", DOC.formatted("locked/scan.png"));
        assertEquals(0, read.exit(), read.err());
        var execRead = fixture.gw.hoop("exec", "aws-dev", "--", "textract", "detect-document-text", "--document", DOC.formatted("locked/scan.png"));
        assertEquals(0, execRead.exit(), execRead.err());
    }

    @Test
    void aCallReadingAnS3ObjectIsAReadOfIt() throws Exception {
        var secret = aws("textract", "detect-document-text", "--document", DOC.formatted("secret/scan.png"));
        assertEquals(254, secret.exit(), secret.err());
        assertTrue(secret.err().contains("secret/ is not read"), secret.err());
        var other = aws("textract", "detect-document-text", "--document", DOC.formatted("public/scan.png"));
        assertEquals(0, other.exit(), other.err());
        var media = aws("transcribe", "start-transcription-job", "--transcription-job-name", "j", "--language-code", "en-US",
                "--media", "MediaFileUri=s3://dev-bucket/secret/call.mp3");
        assertEquals(254, media.exit(), media.err());
        assertTrue(media.err().contains("secret/ is not read"), media.err());
        // Data that holds an S3 URI (an item's string) names no location the call reads.
        var item = aws("dynamodb", "put-item", "--table-name", "docs", "--item", "{\"path\":{\"S\":\"s3://dev-bucket/secret/x\"}}");
        assertEquals(0, item.exit(), item.err());

        var exec = fixture.gw.hoop("exec", "aws-dev", "--", "textract", "detect-document-text", "--document", DOC.formatted("secret/scan.png"));
        assertEquals(3, exec.exit(), exec.err());
        assertTrue(exec.err().contains("secret/ is not read"), exec.err());
        var execMedia = fixture.gw.hoop("exec", "aws-dev", "--", "transcribe", "start-transcription-job", "--transcription-job-name", "j",
                "--language-code", "en-US", "--media", "MediaFileUri=s3://dev-bucket/secret/call.mp3");
        assertEquals(3, execMedia.exit(), execMedia.err());
        assertTrue(execMedia.err().contains("secret/ is not read"), execMedia.err());
        // The shorthand of a structure is not read: such a command is unknown, and this policy refuses those.
        var shorthand = fixture.gw.hoop("exec", "aws-dev", "--", "textract", "detect-document-text", "--document",
                "S3Object={Bucket=dev-bucket,Name=secret/scan.png}");
        assertEquals(3, shorthand.exit(), shorthand.err());
        var execOther = fixture.gw.hoop("exec", "aws-dev", "--", "textract", "detect-document-text", "--document", DOC.formatted("public/scan.png"));
        assertEquals(0, execOther.exit(), execOther.err());
    }
}
