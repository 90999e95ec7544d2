package hoop.protocol.exec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The exec stream after the HTTP upgrade: [type:1][length:4][payload]. Client to gateway: STDIN, STDIN_EOF.
 * Gateway to client: STDOUT, STDERR, NOTICE (hoop's own messages, shown on stderr), EXIT (int32 code + text).
 */
public record ExecFrame(Type type, byte[] payload) {
    public static final int MAX_PAYLOAD = 1 << 20;
    public static final int HEADER = 5;

    public enum Type {
        STDIN(1), STDIN_EOF(2), STDOUT(3), STDERR(4), NOTICE(5), EXIT(6);

        public final int code;

        Type(int code) {
            this.code = code;
        }

        public static Type of(int code) {
            for (Type t : values()) if (t.code == code) return t;
            return null;
        }
    }

    public static ExecFrame text(Type type, String text) {
        return new ExecFrame(type, text.getBytes(StandardCharsets.UTF_8));
    }

    public static ExecFrame exit(int code, String message) {
        byte[] msg = message == null ? new byte[0] : message.getBytes(StandardCharsets.UTF_8);
        return new ExecFrame(Type.EXIT, ByteBuffer.allocate(4 + msg.length).putInt(code).put(msg).array());
    }

    public int exitCode() {
        return ByteBuffer.wrap(payload, 0, 4).getInt();
    }

    public String exitMessage() {
        return new String(payload, 4, payload.length - 4, StandardCharsets.UTF_8);
    }

    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
