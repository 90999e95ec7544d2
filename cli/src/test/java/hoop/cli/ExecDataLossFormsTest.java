package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data destroyed in ways the destroys-data flag missed, each run by a real bash under `hoop exec`: files emptied by a
 * truncating redirection nothing is written through, and stores the aws CLI deletes with their data.
 */
class ExecDataLossFormsTest {
    @TempDir
    Path dir;
    TestGateway gw;

    @BeforeEach
    void start() throws Exception {
        gw = new TestGateway(dir.resolve("home"), TestGateway.config("""
                connections:
                  - { name: shell, type: command, command: [bash, -c], policies: [guard] }
                policies:
                  guard:
                    default: allow
                    unknown: deny
                    rules:
                      - { name: destructive, action: deny, match: { flags: [destroys-data] } }
                """), Map.of());
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    /**
     * The aws CLI deleting a store with its data (a DynamoDB table, an RDS instance, a queue's messages): flagged as DROP
     * TABLE through psql is, where before it reached the endpoint (a local HTTP server stands in for AWS and counts the
     * requests that reach it).
     */
    @Test
    void anAwsStoreDeletedWithItsDataDestroysData() throws Exception {
        var hits = new java.util.concurrent.atomic.AtomicInteger();
        var api = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", x -> {
            hits.incrementAndGet();
            x.getRequestBody().readAllBytes();
            byte[] body = "{\"__type\":\"ResourceNotFoundException\",\"message\":\"no\"}".getBytes();
            x.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            x.sendResponseHeaders(400, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        api.start();
        try {
            String aws = "AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=secret AWS_DEFAULT_REGION=us-east-1 AWS_MAX_ATTEMPTS=1"
                    + " AWS_EC2_METADATA_DISABLED=true aws --endpoint-url http://127.0.0.1:" + api.getAddress().getPort();
            for (String line : List.of(aws + " dynamodb delete-table --table-name orders",
                    aws + " rds delete-db-instance --db-instance-identifier db1 --skip-final-snapshot",
                    aws + " sqs purge-queue --queue-url http://127.0.0.1/q")) {
                var r = gw.hoop("exec", "shell", "--", line + " 2>/dev/null");
                assertEquals(3, r.exit(), line + " -> " + r.err());
                assertTrue(r.err().contains("guard.destructive"), line + " -> " + r.err());
                assertEquals(0, hits.get(), "reached the endpoint: " + line);
            }
            var describe = gw.hoop("exec", "shell", "--", aws + " dynamodb describe-table --table-name orders 2>/dev/null");
            assertTrue(describe.exit() != 3 && hits.get() > 0, "describe-table deletes nothing: " + describe.err());
        } finally {
            api.stop(0);
        }
    }

    @Test
    void aRedirectionNothingIsWrittenThroughDestroysData() throws Exception {
        Path file = dir.resolve("kept.txt");
        for (String line : List.of("{ :; } > FILE", "if false; then :; fi > FILE", "while false; do :; done > FILE",
                "[[ -e /nonexistent ]] > FILE", "exec 3> FILE", "exec 7>FILE; echo done",
                // a filter of empty files or an empty standard input (each ran and emptied the file before)
                "paste /dev/null > FILE", "cut -c1 /dev/null > FILE", "comm /dev/null /dev/null > FILE",
                "diff /dev/null /dev/null > FILE", "tr -d a-z < /dev/null > FILE", "envsubst < /dev/null > FILE")) {
            Files.writeString(file, "precious\n");
            var r = gw.hoop("exec", "shell", "--", line.replace("FILE", file.toString()));
            assertEquals(3, r.exit(), line + " -> " + r.err());
            assertTrue(r.err().contains("guard.destructive"), line + " -> " + r.err());
            assertEquals("precious\n", Files.readString(file), "emptied: " + line);
        }
        var written = gw.hoop("exec", "shell", "--", ("{ echo new; } > FILE; exec 3> FILE.log; echo more >&3; cat FILE FILE.log")
                .replace("FILE", file.toString()));
        assertEquals("new\nmore\n", written.out(), written.err());
        var filtered = gw.hoop("exec", "shell", "--", ("paste -s /dev/null > FILE; grep -c x /dev/null >> FILE; cat FILE")
                .replace("FILE", file.toString()));
        assertEquals("\n0\n", filtered.out(), filtered.err());
    }
}
