package hoop.protocol.postgres;

import hoop.protocol.postgres.PgBackendMessage.*;
import hoop.protocol.postgres.PgFrontendMessage.*;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A minimal blocking PostgreSQL client built only from this package, for tests against a real server. */
final class BlockingPgClient implements Closeable {
    final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    final PgBackendDecoder decoder = new PgBackendDecoder();
    private final EmbeddedChannel channel = new EmbeddedChannel(decoder);
    final List<Integer> authCodes = new ArrayList<>();
    final Map<String, String> parameters = new LinkedHashMap<>();
    BackendKeyData keyData;
    boolean scramVerified;

    BlockingPgClient(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setSoTimeout(30_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    void send(PgFrontendMessage... msgs) throws IOException {
        out.write(Feed.bytes(msgs));
        out.flush();
    }

    PgBackendMessage receive() throws IOException {
        byte[] buf = new byte[8192];
        while (true) {
            Object m = channel.readInbound();
            if (m != null) {
                return (PgBackendMessage) m;
            }
            int n = in.read(buf);
            if (n < 0) {
                throw new EOFException("server closed the connection");
            }
            // Copied: the decoder may keep the buffer as its cumulation while we reuse buf.
            channel.writeInbound(Unpooled.copiedBuffer(buf, 0, n));
        }
    }

    /**
     * Startup and authentication up to the first ReadyForQuery.
     *
     * @return null on success, otherwise the server's ErrorResponse
     */
    ErrorResponse login(String user, String password) throws IOException {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("user", user);
        params.put("database", "postgres");
        params.put("client_encoding", "UTF8");
        send(new Startup(PgFrontendMessage.PROTOCOL_3_0, params));
        ScramClient scram = null;
        while (true) {
            PgBackendMessage m = receive();
            switch (m) {
                case Authentication a -> {
                    authCodes.add(a.code());
                    switch (a.code()) {
                        case PgBackendMessage.AUTH_OK -> {
                        }
                        case PgBackendMessage.AUTH_SASL -> {
                            if (!a.saslMechanisms().contains(ScramClient.MECHANISM)) {
                                throw new IOException("no SCRAM-SHA-256 offered: " + a.saslMechanisms());
                            }
                            scram = new ScramClient(password);
                            send(PasswordMessage.saslInitial(ScramClient.MECHANISM, scram.clientFirst()));
                        }
                        case PgBackendMessage.AUTH_SASL_CONTINUE -> send(PasswordMessage.saslResponse(scram.clientFinal(a.data())));
                        case PgBackendMessage.AUTH_SASL_FINAL -> {
                            scram.verifyServerFinal(a.data());
                            scramVerified = true;
                        }
                        case PgBackendMessage.AUTH_MD5 -> send(PasswordMessage.password(Md5Password.hash(user, password, a.data())));
                        case PgBackendMessage.AUTH_CLEARTEXT -> send(PasswordMessage.password(password));
                        default -> throw new IOException("unsupported authentication " + a.code());
                    }
                }
                case ParameterStatus p -> parameters.put(p.name(), p.value());
                case BackendKeyData k -> keyData = k;
                case ErrorResponse e -> {
                    return e;
                }
                case ReadyForQuery r -> {
                    return null;
                }
                default -> {
                }
            }
        }
    }

    /** Everything the server sends up to and including ReadyForQuery. */
    List<PgBackendMessage> untilReady() throws IOException {
        List<PgBackendMessage> msgs = new ArrayList<>();
        PgBackendMessage m;
        do {
            m = receive();
            msgs.add(m);
        } while (!(m instanceof ReadyForQuery));
        return msgs;
    }

    List<PgBackendMessage> query(String sql) throws IOException {
        send(new Query(sql));
        return untilReady();
    }

    @Override
    public void close() throws IOException {
        try {
            if (!socket.isClosed()) {
                send(new Terminate());
            }
        } catch (IOException ignored) {
            // The server may already have gone.
        } finally {
            socket.close();
            channel.finishAndReleaseAll();
        }
    }
}
