package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client retries a throttled or failed call, within the same second and so with the same signature (the aws
 * CLI's and the SDKs' retries do). hoop lets that retry through rather than refusing it as a replay; a request
 * the upstream did carry out stays refused when it is sent again.
 *
 * <p>In front of the real s3proxy sits a TCP relay that answers chosen connections itself with S3's 503 SlowDown
 * (or drops them), as a throttled S3 does; every other connection it relays unchanged.
 */
class AwsRetryTest {
    @TempDir
    Path dir;
    AwsFixture fixture;
    FlakyFront front;
    Map<String, String> env;

    @BeforeEach
    void start() throws Exception {
        fixture = new AwsFixture(dir.resolve("home"), "", yaml -> {
            Matcher m = Pattern.compile("(?m)^(\\s+)endpoint: http://127\\.0\\.0\\.1:(\\d+)").matcher(yaml);
            assertTrue(m.find(), yaml);
            try {
                front = new FlakyFront(Integer.parseInt(m.group(2)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return m.replaceFirst("$1endpoint: http://127.0.0.1:" + front.port());
        });
        env = AwsFixture.env(fixture.connect());
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
        front.close();
    }

    @Test
    void aRetryAfterSlowDownIsNotAReplay() throws Exception {
        byte[] data = "retried body".getBytes(StandardCharsets.UTF_8);
        Instant at = Instant.now();
        front.failNext(FlakyFront.Failure.SLOW_DOWN);
        String first = AwsEvasionTest.send(env, "s3", "PUT", "/dev-bucket/retry.txt", "", Map.of(), data, at);
        assertTrue(first.startsWith("HTTP/1.1 503") && first.contains("SlowDown"), first);
        assertEquals(null, fixture.s3.get("dev-bucket", "retry.txt"));
        String again = AwsEvasionTest.send(env, "s3", "PUT", "/dev-bucket/retry.txt", "", Map.of(), data, at);
        assertTrue(again.startsWith("HTTP/1.1 200"), again);
        assertArrayEquals(data, fixture.s3.get("dev-bucket", "retry.txt"));
        // Carried out once: the same signature a third time is a replay.
        String third = AwsEvasionTest.send(env, "s3", "PUT", "/dev-bucket/retry.txt", "", Map.of(), data, at);
        assertTrue(third.startsWith("HTTP/1.1 403") && third.contains("replayed"), third);
    }

    /** The real aws CLI, its retries on: a throttled upload is retried by the CLI and lands. */
    @Test
    void theAwsCliRetriesAThrottledUploadThroughHoop() throws Exception {
        Path file = dir.resolve("notes.txt");
        java.nio.file.Files.writeString(file, "uploaded after a SlowDown");
        Map<String, String> withRetries = new java.util.HashMap<>(env);
        withRetries.put("AWS_MAX_ATTEMPTS", "3");
        withRetries.put("AWS_RETRY_MODE", "standard");
        front.failNext(FlakyFront.Failure.SLOW_DOWN);
        var cp = AwsProxyEndToEndTest.aws(dir, withRetries, "s3", "cp", file.toString(), "s3://dev-bucket/notes.txt");
        assertEquals(0, cp.exit(), cp.out() + cp.err());
        assertEquals(1, front.failed.get(), "the first attempt met the SlowDown");
        assertArrayEquals(java.nio.file.Files.readAllBytes(file), fixture.s3.get("dev-bucket", "notes.txt"));
    }

    @Test
    void aRetryAfterTheUpstreamDroppedTheCallIsNotAReplay() throws Exception {
        Instant at = Instant.now();
        front.failNext(FlakyFront.Failure.DROP);
        String first = AwsEvasionTest.send(env, "s3", "GET", "/dev-bucket", "list-type=2", Map.of(), new byte[0], at);
        assertTrue(first.startsWith("HTTP/1.1 5"), first);
        String again = AwsEvasionTest.send(env, "s3", "GET", "/dev-bucket", "list-type=2", Map.of(), new byte[0], at);
        assertTrue(again.startsWith("HTTP/1.1 200") && again.contains("ListBucketResult"), again);
    }

    @Test
    void aClientErrorIsNotRetriedPastTheReplayGuard() throws Exception {
        Instant at = Instant.now();
        String missing = AwsEvasionTest.send(env, "s3", "GET", "/dev-bucket/no-such-key", "", Map.of(), new byte[0], at);
        assertTrue(missing.startsWith("HTTP/1.1 404"), missing);
        String again = AwsEvasionTest.send(env, "s3", "GET", "/dev-bucket/no-such-key", "", Map.of(), new byte[0], at);
        assertTrue(again.startsWith("HTTP/1.1 403") && again.contains("replayed"), again);
    }

    static final String ANSWER = "line of a report, mailed to ops@example.com\n".repeat(5000);

    /**
     * An upstream may close its connection right after a whole answer (connection: close), while hoop still records
     * and masks that answer: the client must get all of it, not a connection closed half-way.
     */
    @Test
    void anAnswerFollowedAtOnceByCloseArrivesWhole() throws Exception {
        front.failNext(FlakyFront.Failure.ANSWER_AND_CLOSE);
        String got = AwsEvasionTest.send(env, "s3", "GET", "/dev-bucket/report.txt", "", Map.of(), new byte[0], Instant.now());
        assertTrue(got.startsWith("HTTP/1.1 200"), got);
        String body = bodyOf(got);
        assertEquals(5000, body.split("line of a report", -1).length - 1, "every line arrived");
        assertTrue(!body.contains("ops@example.com"), "and masked");
    }

    /** The body of a raw HTTP/1.1 answer, its chunked framing undone. */
    static String bodyOf(String raw) {
        int start = raw.indexOf("\r\n\r\n") + 4;
        if (!raw.substring(0, start).toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) return raw.substring(start);
        StringBuilder out = new StringBuilder();
        for (int at = start; ; ) {
            int eol = raw.indexOf("\r\n", at);
            if (eol < 0) return out.toString(); // cut off: what came
            int size = Integer.parseInt(raw.substring(at, eol).split(";")[0].trim(), 16);
            if (size == 0) return out.toString();
            out.append(raw, eol + 2, Math.min(raw.length(), eol + 2 + size));
            at = eol + 2 + size + 2;
        }
    }

    /** Relays TCP to s3proxy; a connection it was told to fail is answered (or closed) by the relay itself. */
    static final class FlakyFront implements AutoCloseable {
        enum Failure { SLOW_DOWN, DROP, ANSWER_AND_CLOSE }

        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final int upstream;
        private final List<Failure> planned = new java.util.concurrent.CopyOnWriteArrayList<>();
        final AtomicInteger failed = new AtomicInteger();

        FlakyFront(int upstream) throws Exception {
            this.upstream = upstream;
            Thread.ofVirtual().start(this::accept);
        }

        int port() {
            return server.getLocalPort();
        }

        /** The next connection hoop opens is failed so. */
        void failNext(Failure f) {
            planned.add(f);
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Failure f = planned.isEmpty() ? null : planned.remove(0);
                    Thread.ofVirtual().start(() -> serve(s, f));
                } catch (Exception e) {
                    return;
                }
            }
        }

        private void serve(Socket s, Failure f) {
            try (s) {
                if (f != null) {
                    readHead(s.getInputStream());
                    failed.incrementAndGet();
                    if (f == Failure.ANSWER_AND_CLOSE) {
                        byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
                        OutputStream out = s.getOutputStream();
                        out.write(("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: " + body.length
                                + "\r\nconnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(body);
                        out.flush();
                    }
                    if (f == Failure.SLOW_DOWN) {
                        byte[] body = "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"
                                .getBytes(StandardCharsets.UTF_8);
                        OutputStream out = s.getOutputStream();
                        out.write(("HTTP/1.1 503 Slow Down\r\ncontent-type: application/xml\r\ncontent-length: " + body.length
                                + "\r\nconnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(body);
                        out.flush();
                        // As a real server does: what hoop still sends is read, so closing does not reset the answer away.
                        s.shutdownOutput();
                        s.setSoTimeout(5_000);
                        s.getInputStream().transferTo(OutputStream.nullOutputStream());
                    }
                    return;
                }
                try (Socket up = new Socket(InetAddress.getLoopbackAddress(), upstream)) {
                    Thread back = Thread.ofVirtual().start(() -> copy(up, s));
                    copy(s, up);
                    back.join();
                }
            } catch (Exception ignored) {
                // The test sees what the client got.
            }
        }

        private static void copy(Socket from, Socket to) {
            try {
                from.getInputStream().transferTo(to.getOutputStream());
                to.shutdownOutput();
            } catch (Exception ignored) {
                // One side closed.
            }
        }

        private static void readHead(InputStream in) throws Exception {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) return;
                head.write(c);
            }
        }

        @Override
        public void close() throws Exception {
            server.close();
        }
    }
}
