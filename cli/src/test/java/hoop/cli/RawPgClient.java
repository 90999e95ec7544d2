package hoop.cli;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A frontend that sends protocol messages exactly as written (drivers only send what their API allows, e.g. never a
 * Bind to a statement prepared with SQL PREPARE): SCRAM-SHA-256 login, then raw messages, then the answers.
 */
final class RawPgClient implements AutoCloseable {
    /** One backend message: its type byte and body. */
    record Msg(char type, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Messages to send, which may fail with an IOException. */
    interface Io {
        void run() throws IOException;
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawPgClient(String host, int port, String user, String password, String database) throws IOException, GeneralSecurityException {
        socket = new Socket(host, port);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        byte[] params = (cstr("user") + cstr(user) + cstr("database") + cstr(database) + "\0").getBytes(StandardCharsets.UTF_8);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + params.length).putInt(8 + params.length).putInt(196608).put(params);
        out.write(b.array());
        scram(password);
        login = until('Z');
    }

    /** What the gateway answered to the login, up to its ReadyForQuery. */
    final List<Msg> login;

    /** The value of a setting the server reported at login (ParameterStatus), or null. */
    String loginSetting(String name) {
        for (Msg m : login) {
            String[] kv = m.text().split("\0", -1);
            if (m.type() == 'S' && kv[0].equals(name)) return kv[1];
        }
        return null;
    }

    private void scram(String password) throws IOException, GeneralSecurityException {
        expectAuth(10);
        byte[] nonce = new byte[18];
        new SecureRandom().nextBytes(nonce);
        String clientNonce = Base64.getEncoder().encodeToString(nonce);
        String firstBare = "n=,r=" + clientNonce;
        byte[] first = ("n,," + firstBare).getBytes(StandardCharsets.UTF_8);
        byte[] mech = "SCRAM-SHA-256\0".getBytes(StandardCharsets.UTF_8);
        send('p', java.nio.ByteBuffer.allocate(mech.length + 4 + first.length).put(mech).putInt(first.length).put(first).array());
        String serverFirst = new String(expectAuth(11), StandardCharsets.UTF_8);
        String r = null, s = null;
        int i = 0;
        for (String part : serverFirst.split(",")) {
            if (part.startsWith("r=")) r = part.substring(2);
            if (part.startsWith("s=")) s = part.substring(2);
            if (part.startsWith("i=")) i = Integer.parseInt(part.substring(2));
        }
        byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), Base64.getDecoder().decode(s), i, 256)).getEncoded();
        byte[] clientKey = hmac(salted, "Client Key");
        byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
        String finalBare = "c=biws,r=" + r;
        byte[] signature = hmac(storedKey, firstBare + "," + serverFirst + "," + finalBare);
        byte[] proof = new byte[clientKey.length];
        for (int k = 0; k < proof.length; k++) proof[k] = (byte) (clientKey[k] ^ signature[k]);
        send('p', (finalBare + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8));
        expectAuth(12);
    }

    private byte[] expectAuth(int code) throws IOException {
        Msg m = read();
        if (m.type() != 'R') throw new IOException("expected authentication " + code + ", got " + m.type() + " " + m.text());
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(m.body());
        int got = b.getInt();
        if (got != code) throw new IOException("expected authentication " + code + ", got " + got);
        byte[] rest = new byte[b.remaining()];
        b.get(rest);
        return rest;
    }

    private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String cstr(String s) {
        return s + "\0";
    }

    void send(char type, byte[] body) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(5 + body.length).put((byte) type).putInt(4 + body.length).put(body);
        if (corked != null) {
            corked.write(b.array());
            return;
        }
        out.write(b.array());
        out.flush();
    }

    private java.io.ByteArrayOutputStream corked;

    /** The messages {@code io} sends, in one write: as a pipelining client sends them, none waiting for an answer. */
    void inOneWrite(Io io) throws IOException {
        corked = new java.io.ByteArrayOutputStream();
        try {
            io.run();
            out.write(corked.toByteArray());
            out.flush();
        } finally {
            corked = null;
        }
    }

    void query(String sql) throws IOException {
        send('Q', cstr(sql).getBytes(StandardCharsets.UTF_8));
    }

    void parse(String name, String sql) throws IOException {
        byte[] t = (cstr(name) + cstr(sql)).getBytes(StandardCharsets.UTF_8);
        send('P', java.nio.ByteBuffer.allocate(t.length + 2).put(t).putShort((short) 0).array());
    }

    /** Parse declaring its parameters' types (0: the server infers one). */
    void parse(String name, String sql, int... types) throws IOException {
        byte[] t = (cstr(name) + cstr(sql)).getBytes(StandardCharsets.UTF_8);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(t.length + 2 + 4 * types.length).put(t).putShort((short) types.length);
        for (int type : types) b.putInt(type);
        send('P', b.array());
    }

    /** Bind of text parameters to the unnamed portal. */
    void bind(String statement, String... params) throws IOException {
        byte[] head = (cstr("") + cstr(statement)).getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.write(head);
        b.write(new byte[] {0, 0});
        b.write(new byte[] {0, (byte) params.length});
        for (String p : params) {
            byte[] v = p.getBytes(StandardCharsets.UTF_8);
            b.write(java.nio.ByteBuffer.allocate(4).putInt(v.length).array());
            b.write(v);
        }
        b.write(new byte[] {0, 0});
        send('B', b.toByteArray());
    }

    void execute() throws IOException {
        send('E', java.nio.ByteBuffer.allocate(5).put((byte) 0).putInt(0).array());
    }

    /** Execute of a named portal, all rows. */
    void execute(String portal) throws IOException {
        byte[] n = cstr(portal).getBytes(StandardCharsets.UTF_8);
        send('E', java.nio.ByteBuffer.allocate(n.length + 4).put(n).putInt(0).array());
    }

    /** Close of a statement ('S') or portal ('P'). */
    void close(char kind, String name) throws IOException {
        byte[] n = cstr(name).getBytes(StandardCharsets.UTF_8);
        send('C', java.nio.ByteBuffer.allocate(n.length + 1).put((byte) kind).put(n).array());
    }

    /** Bind of parameters sent in the binary format to the unnamed portal. */
    void bindBinary(String statement, byte[]... params) throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.write((cstr("") + cstr(statement)).getBytes(StandardCharsets.UTF_8));
        b.write(new byte[] {0, 1, 0, 1});
        b.write(new byte[] {0, (byte) params.length});
        for (byte[] v : params) {
            b.write(java.nio.ByteBuffer.allocate(4).putInt(v.length).array());
            b.write(v);
        }
        b.write(new byte[] {0, 0});
        send('B', b.toByteArray());
    }

    /** A fastpath FunctionCall of the function {@code oid} with binary arguments, its result in text. */
    void functionCall(int oid, byte[]... args) throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.write(java.nio.ByteBuffer.allocate(8).putInt(oid).putShort((short) 1).putShort((short) 1).array());
        b.write(new byte[] {0, (byte) args.length});
        for (byte[] v : args) {
            b.write(java.nio.ByteBuffer.allocate(4).putInt(v.length).array());
            b.write(v);
        }
        b.write(new byte[] {0, 0});
        send('F', b.toByteArray());
    }

    void sync() throws IOException {
        send('S', new byte[0]);
    }

    Msg read() throws IOException {
        char type = (char) in.readUnsignedByte();
        int len = in.readInt();
        byte[] body = new byte[len - 4];
        in.readFully(body);
        return new Msg(type, body);
    }

    /** The messages up to and including the first of {@code type}. */
    List<Msg> until(char type) throws IOException {
        List<Msg> got = new ArrayList<>();
        Msg m;
        do {
            m = read();
            got.add(m);
        } while (m.type() != type);
        return got;
    }

    /** The SQLSTATE of the first ErrorResponse among {@code msgs}, or null. */
    static String sqlState(List<Msg> msgs) {
        for (Msg m : msgs) {
            if (m.type() != 'E') continue;
            for (String field : m.text().split("\0")) if (field.startsWith("C")) return field.substring(1);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
