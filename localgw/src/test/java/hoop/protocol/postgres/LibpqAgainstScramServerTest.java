package hoop.protocol.postgres;

import hoop.protocol.postgres.PgBackendMessage.*;
import hoop.protocol.postgres.PgFrontendMessage.*;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real libpq (psql) logs in to a tiny server built from this package: checks ScramServer and the
 * server-side codec against the reference client implementation.
 */
class LibpqAgainstScramServerTest {
    private static final Path PSQL = Path.of("/usr/lib/postgresql/15/bin/psql");
    private static final String PASSWORD = "hoop-Session-pw";

    record Result(int exit, String stdout, String serverError) {
    }

    @Test
    void psqlAuthenticatesWithScramAndRunsAQuery() throws Exception {
        Result r = runPsql(PASSWORD, "SELECT 'masked' AS x");
        assertNull(r.serverError(), r.serverError());
        assertEquals(0, r.exit(), r.stdout());
        // The fake server echoes the SQL it decoded as the single column value.
        assertEquals("SELECT 'masked' AS x", r.stdout().strip());
    }

    @Test
    void psqlWithWrongPasswordIsRefused() throws Exception {
        Result r = runPsql("wrong", "SELECT 1");
        assertNotEquals(0, r.exit());
        assertTrue(r.stdout().contains("password authentication failed"), r.stdout());
    }

    private Result runPsql(String clientPassword, String sql) throws Exception {
        assumeTrue(Files.isExecutable(PSQL), "psql not installed");
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> server = CompletableFuture.supplyAsync(() -> {
                try (Socket s = ss.accept()) {
                    s.setSoTimeout(20_000);
                    serve(s);
                    return null;
                } catch (Exception e) {
                    return e.toString();
                }
            });
            ProcessBuilder pb = new ProcessBuilder(PSQL.toString(),
                    "host=127.0.0.1 port=" + ss.getLocalPort() + " user=alice dbname=shop sslmode=disable "
                            + "gssencmode=disable connect_timeout=10",
                    "-AtX", "-c", sql).redirectErrorStream(true);
            pb.environment().put("PGPASSWORD", clientPassword);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            String serverError = server.get(30, TimeUnit.SECONDS);
            return new Result(p.exitValue(), out, serverError);
        }
    }

    private static void serve(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        EmbeddedChannel ch = new EmbeddedChannel(new PgFrameDecoder());
        ScramServer scram = new ScramServer(PASSWORD);
        byte[] buf = new byte[4096];
        while (true) {
            Object o = ch.readInbound();
            if (o == null) {
                int n = in.read(buf);
                if (n < 0) {
                    return;
                }
                ch.writeInbound(Unpooled.copiedBuffer(buf, 0, n));
                continue;
            }
            switch ((PgFrontendMessage) o) {
                case Startup st -> {
                    assertEquals("alice", st.user());
                    assertEquals("shop", st.params().get("database"));
                    out.write(Feed.bytes(Authentication.sasl(List.of("SCRAM-SHA-256"))));
                }
                case PasswordMessage pm when scram.username() == null -> {
                    PasswordMessage.SaslInitial init = PasswordMessage.parseSaslInitial(pm.body());
                    assertEquals("SCRAM-SHA-256", init.mechanism());
                    out.write(Feed.bytes(Authentication.saslContinue(scram.serverFirst(init.data()))));
                }
                case PasswordMessage pm -> {
                    Optional<byte[]> fin = scram.serverFinal(PasswordMessage.parseSaslResponse(pm.body()));
                    if (fin.isEmpty()) {
                        out.write(Feed.bytes(PgWire.errorResponse("FATAL", "28P01",
                                "password authentication failed for user \"alice\"")));
                        return;
                    }
                    out.write(Feed.bytes(Authentication.saslFinal(fin.get()), Authentication.ok(),
                            new ParameterStatus("server_version", "15.0"),
                            new ParameterStatus("client_encoding", "UTF8"),
                            new ParameterStatus("server_encoding", "UTF8"),
                            new ParameterStatus("standard_conforming_strings", "on"),
                            new BackendKeyData(1, 2), new ReadyForQuery((byte) 'I')));
                }
                case Query q -> out.write(Feed.bytes(
                        new RowDescription(List.of(new RowDescription.Field("x", 0, (short) 0, 25, (short) -1, -1,
                                (short) 0))),
                        new DataRow(List.of(q.sql().getBytes(StandardCharsets.UTF_8))),
                        new CommandComplete("SELECT 1"), new ReadyForQuery((byte) 'I')));
                case Terminate t -> {
                    return;
                }
                default -> throw new IOException("unexpected " + o);
            }
            out.flush();
        }
    }
}
