package hoop.cli;

import java.net.ServerSocket;
import java.net.URI;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * A real SQS server in the test JVM: ElasticMQ (Apache-2.0), which answers SQS's query protocol (Action=...,
 * what the aws CLI 2.9 sends) and its JSON protocol (X-Amz-Target: AmazonSQS.*, what SDK v2 sends).
 * It does not check signatures: the S3 tests show hoop's re-signing against a server that does.
 */
final class SqsServer implements AutoCloseable {
    private final SQSRestServer server;
    private final int port;

    SqsServer() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        // Queue URLs name this address (not ElasticMQ's default localhost:9324).
        server = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", port, "")).withAWSRegion("us-east-1").start();
        server.waitUntilStarted();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
