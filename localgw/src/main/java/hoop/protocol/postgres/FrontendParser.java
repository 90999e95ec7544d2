package hoop.protocol.postgres;

import hoop.protocol.postgres.PgFrontendMessage.*;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns complete, already length-checked frontend frame bodies into records. */
final class FrontendParser {
    static final int SSL_REQUEST_CODE = 80877103;
    static final int GSSENC_REQUEST_CODE = 80877104;
    static final int CANCEL_REQUEST_CODE = 80877102;

    private FrontendParser() {
    }

    /** @param body the startup packet after its length word, starting with the code */
    static PgFrontendMessage parseStartup(ByteBuf body) {
        Body b = new Body(body, "startup packet", true);
        int code = b.int32();
        switch (code) {
            case SSL_REQUEST_CODE -> {
                b.end();
                return new SslRequest();
            }
            case GSSENC_REQUEST_CODE -> {
                b.end();
                return new GssEncRequest();
            }
            case CANCEL_REQUEST_CODE -> {
                // Protocol 3.2 allows longer secret keys; we only speak 3.0, where it is exactly 4 bytes.
                CancelRequest c = new CancelRequest(b.int32(), b.int32());
                b.end();
                return c;
            }
            default -> {
                if (code >>> 16 != 3) {
                    throw b.error("unsupported protocol version " + (code >>> 16) + "." + (code & 0xFFFF));
                }
                Map<String, String> params = new LinkedHashMap<>();
                while (true) {
                    String name = b.cstring();
                    if (name.isEmpty()) {
                        break;
                    }
                    String value = b.cstring();
                    // Two values for one key (e.g. "user") could be judged one way and acted on
                    // another by the upstream; refuse the ambiguity.
                    if (params.putIfAbsent(name, value) != null) {
                        throw b.error("duplicate parameter " + name);
                    }
                }
                b.end();
                return new Startup(code, params);
            }
        }
    }

    static PgFrontendMessage parseTyped(byte type, ByteBuf body) {
        Body b = new Body(body, "frontend message '" + printable(type) + "'", true);
        PgFrontendMessage m = switch (type) {
            case 'Q' -> new Query(b.cstring());
            case 'P' -> parseParse(b);
            case 'B' -> parseBind(b);
            case 'D' -> new Describe(kind(b), b.cstring());
            case 'E' -> new Execute(b.cstring(), b.int32());
            case 'S' -> new Sync();
            case 'H' -> new Flush();
            case 'C' -> new Close(kind(b), b.cstring());
            case 'X' -> new Terminate();
            case 'p' -> new PasswordMessage(b.rest());
            case 'd' -> new PgFrontendMessage.CopyData(b.rest());
            case 'c' -> new PgFrontendMessage.CopyDone();
            case 'f' -> new CopyFail(b.cstring());
            case 'F' -> parseFunctionCall(b);
            default -> throw new PgProtocolException("unknown frontend message type " + describeType(type));
        };
        b.end();
        return m;
    }

    static boolean isKnownType(byte type) {
        return "QPBDESHCXpdcfF".indexOf(type) >= 0;
    }

    private static byte kind(Body b) {
        byte k = b.int8();
        if (k != 'S' && k != 'P') {
            throw b.error("object kind must be 'S' or 'P', got " + describeType(k));
        }
        return k;
    }

    private static Parse parseParse(Body b) {
        String name = b.cstring();
        String sql = b.cstring();
        int n = b.count16();
        int[] oids = new int[checkCount(b, n, 4)];
        for (int i = 0; i < n; i++) {
            oids[i] = b.int32();
        }
        return new Parse(name, sql, oids);
    }

    private static Bind parseBind(Body b) {
        String portal = b.cstring();
        String stmt = b.cstring();
        short[] paramFormats = shorts(b);
        int n = b.count16();
        checkCount(b, n, 4);
        // Enforced here (PostgreSQL would refuse it later anyway) so that Bind.paramFormat is total
        // and the masking layer never guesses a parameter's format.
        if (paramFormats.length > 1 && paramFormats.length != n) {
            throw b.error(paramFormats.length + " parameter formats for " + n + " parameters");
        }
        List<byte[]> params = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            params.add(b.nullableBytes());
        }
        return new Bind(portal, stmt, paramFormats, params, shorts(b));
    }

    private static FunctionCall parseFunctionCall(Body b) {
        int oid = b.int32();
        short[] formats = shorts(b);
        int n = b.count16();
        checkCount(b, n, 4);
        List<byte[]> args = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            args.add(b.nullableBytes());
        }
        return new FunctionCall(oid, formats, args, b.int16());
    }

    private static short[] shorts(Body b) {
        int n = b.count16();
        short[] s = new short[checkCount(b, n, 2)];
        for (int i = 0; i < n; i++) {
            s[i] = b.int16();
        }
        return s;
    }

    /** Refuses counts the body cannot possibly hold before sizing an array by them. */
    static int checkCount(Body b, int n, int minBytesEach) {
        if ((long) n * minBytesEach > b.remaining()) {
            throw b.error("count " + n + " exceeds message body");
        }
        return n;
    }

    static PasswordMessage.SaslInitial parseSaslInitial(byte[] body) {
        Body b = new Body(Unpooled.wrappedBuffer(body), "SASLInitialResponse", true);
        String mechanism = b.cstring();
        byte[] data = b.nullableBytes();
        b.end();
        return new PasswordMessage.SaslInitial(mechanism, data);
    }

    static String parsePassword(byte[] body) {
        Body b = new Body(Unpooled.wrappedBuffer(body), "PasswordMessage", true);
        String p = b.cstring();
        b.end();
        return p;
    }

    static String describeType(byte type) {
        return "'" + printable(type) + "' (0x" + Integer.toHexString(type & 0xFF) + ")";
    }

    private static String printable(byte type) {
        return type >= 0x20 && type < 0x7F ? String.valueOf((char) type) : "?";
    }
}
