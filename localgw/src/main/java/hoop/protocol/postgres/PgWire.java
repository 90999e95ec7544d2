package hoop.protocol.postgres;

import hoop.protocol.postgres.PgBackendMessage.*;
import hoop.protocol.postgres.PgFrontendMessage.*;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Encodes messages of both directions. This is the only place frame lengths are computed: each
 * frame reserves its length word, writes the body, then back-patches the length, so a masked
 * value of a different size can never desynchronise the stream.
 *
 * <p>Values that cannot be represented on the wire (a NUL inside a cstring, more than 65535
 * entries in an int16-counted list, a frame over 2 GiB) raise {@link IllegalArgumentException}:
 * silently truncating them would let the peer parse something other than what hoop judged.
 */
public final class PgWire {
    private PgWire() {
    }

    public static ByteBuf encode(ByteBufAllocator alloc, PgBackendMessage m) {
        return allocated(alloc, buf -> encode(buf, m));
    }

    public static ByteBuf encode(ByteBufAllocator alloc, PgFrontendMessage m) {
        return allocated(alloc, buf -> encode(buf, m));
    }

    /** A fresh buffer the writer fills; released again if the message cannot be encoded. */
    private static ByteBuf allocated(ByteBufAllocator alloc, java.util.function.Consumer<ByteBuf> writer) {
        ByteBuf buf = alloc.buffer();
        try {
            writer.accept(buf);
            return buf;
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    /** An ErrorResponse with the fields PostgreSQL always sends: S, V, C, M. */
    public static ErrorResponse errorResponse(String severity, String sqlstate, String message) {
        return new ErrorResponse(standardFields(severity, sqlstate, message));
    }

    /** A NoticeResponse with the fields S, V, C, M. */
    public static NoticeResponse notice(String severity, String sqlstate, String message) {
        return new NoticeResponse(standardFields(severity, sqlstate, message));
    }

    private static List<ErrorField> standardFields(String severity, String sqlstate, String message) {
        if (sqlstate.length() != 5) {
            throw new IllegalArgumentException("SQLSTATE must be 5 characters: " + sqlstate);
        }
        // 'S' may be localised, 'V' never is; clients such as pgjdbc prefer V when present.
        return List.of(new ErrorField((byte) 'S', severity), new ErrorField((byte) 'V', severity),
                new ErrorField((byte) 'C', sqlstate), new ErrorField((byte) 'M', message));
    }

    public static void encode(ByteBuf out, PgBackendMessage m) {
        switch (m) {
            case SslResponse r -> out.writeByte(r.answer());
            case GssEncResponse r -> out.writeByte(r.answer());
            case Authentication a -> {
                int at = begin(out, 'R');
                out.writeInt(a.code());
                out.writeBytes(a.data());
                end(out, at);
            }
            case ParameterStatus p -> {
                int at = begin(out, 'S');
                cstring(out, p.name());
                cstring(out, p.value());
                end(out, at);
            }
            case BackendKeyData k -> {
                int at = begin(out, 'K');
                out.writeInt(k.pid());
                out.writeInt(k.key());
                end(out, at);
            }
            case ReadyForQuery r -> {
                int at = begin(out, 'Z');
                out.writeByte(r.status());
                end(out, at);
            }
            case RowDescription r -> {
                int at = begin(out, 'T');
                count16(out, r.fields().size());
                for (RowDescription.Field f : r.fields()) {
                    cstring(out, f.name());
                    out.writeInt(f.tableOid());
                    out.writeShort(f.columnAttr());
                    out.writeInt(f.typeOid());
                    out.writeShort(f.typeSize());
                    out.writeInt(f.typeMod());
                    out.writeShort(f.format());
                }
                end(out, at);
            }
            case DataRow d -> raw(out, 'D', d.body());
            case CommandComplete c -> simpleString(out, 'C', c.tag());
            case ErrorResponse e -> fields(out, 'E', e.fields());
            case NoticeResponse n -> fields(out, 'N', n.fields());
            case NotificationResponse n -> {
                int at = begin(out, 'A');
                out.writeInt(n.pid());
                cstring(out, n.channel());
                cstring(out, n.payload());
                end(out, at);
            }
            case CopyOutResponse c -> copyResponse(out, 'H', c);
            case CopyInResponse c -> copyResponse(out, 'G', c);
            case CopyBothResponse c -> copyResponse(out, 'W', c);
            case PgBackendMessage.CopyData c -> raw(out, 'd', c.data());
            case PgBackendMessage.CopyDone c -> empty(out, 'c');
            case EmptyQueryResponse e -> empty(out, 'I');
            case ParseComplete p -> empty(out, '1');
            case BindComplete b -> empty(out, '2');
            case CloseComplete c -> empty(out, '3');
            case NoData n -> empty(out, 'n');
            case PortalSuspended p -> empty(out, 's');
            case ParameterDescription p -> {
                int at = begin(out, 't');
                count16(out, p.oids().length);
                for (int oid : p.oids()) {
                    out.writeInt(oid);
                }
                end(out, at);
            }
            case NegotiateProtocolVersion v -> {
                int at = begin(out, 'v');
                out.writeInt(v.minor());
                out.writeInt(v.unrecognized().size());
                for (String s : v.unrecognized()) {
                    cstring(out, s);
                }
                end(out, at);
            }
            case Other o -> raw(out, o.type(), o.body());
        }
    }

    public static void encode(ByteBuf out, PgFrontendMessage m) {
        switch (m) {
            case Startup s -> {
                int at = out.writerIndex();
                out.writeInt(0);
                out.writeInt(s.protocolVersion());
                for (Map.Entry<String, String> e : s.params().entrySet()) {
                    if (e.getKey().isEmpty()) {
                        // An empty name is the list terminator on the wire.
                        throw new IllegalArgumentException("empty startup parameter name");
                    }
                    cstring(out, e.getKey());
                    cstring(out, e.getValue());
                }
                out.writeByte(0);
                patchLength(out, at);
            }
            case SslRequest r -> startupCode(out, FrontendParser.SSL_REQUEST_CODE);
            case GssEncRequest r -> startupCode(out, FrontendParser.GSSENC_REQUEST_CODE);
            case CancelRequest c -> {
                out.writeInt(16);
                out.writeInt(FrontendParser.CANCEL_REQUEST_CODE);
                out.writeInt(c.processId());
                out.writeInt(c.secretKey());
            }
            case Query q -> simpleString(out, 'Q', q.sql());
            case Parse p -> {
                int at = begin(out, 'P');
                cstring(out, p.name());
                cstring(out, p.sql());
                count16(out, p.paramTypeOids().length);
                for (int oid : p.paramTypeOids()) {
                    out.writeInt(oid);
                }
                end(out, at);
            }
            case Bind b -> {
                int at = begin(out, 'B');
                cstring(out, b.portal());
                cstring(out, b.statement());
                shorts(out, b.paramFormats());
                count16(out, b.params().size());
                values(out, b.params());
                shorts(out, b.resultFormats());
                end(out, at);
            }
            case Describe d -> {
                int at = begin(out, 'D');
                out.writeByte(d.kind());
                cstring(out, d.name());
                end(out, at);
            }
            case Execute e -> {
                int at = begin(out, 'E');
                cstring(out, e.portal());
                out.writeInt(e.maxRows());
                end(out, at);
            }
            case Sync s -> empty(out, 'S');
            case Flush f -> empty(out, 'H');
            case Close c -> {
                int at = begin(out, 'C');
                out.writeByte(c.kind());
                cstring(out, c.name());
                end(out, at);
            }
            case Terminate t -> empty(out, 'X');
            case PasswordMessage p -> raw(out, 'p', p.body());
            case PgFrontendMessage.CopyData c -> raw(out, 'd', c.data());
            case PgFrontendMessage.CopyDone c -> empty(out, 'c');
            case CopyFail f -> simpleString(out, 'f', f.message());
            case FunctionCall f -> {
                int at = begin(out, 'F');
                out.writeInt(f.functionOid());
                shorts(out, f.argFormats());
                count16(out, f.args().size());
                values(out, f.args());
                out.writeShort(f.resultFormat());
                end(out, at);
            }
        }
    }

    /** Body of a SASLInitialResponse; null data is sent as length -1 (no initial response). */
    static byte[] saslInitialBody(String mechanism, byte[] data) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        bos.writeBytes(cstringBytes(mechanism));
        int len = data == null ? -1 : data.length;
        bos.write(len >>> 24);
        bos.write(len >>> 16);
        bos.write(len >>> 8);
        bos.write(len);
        if (data != null) {
            bos.writeBytes(data);
        }
        return bos.toByteArray();
    }

    static byte[] mechanismList(List<String> mechanisms) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        for (String m : mechanisms) {
            if (m.isEmpty()) {
                throw new IllegalArgumentException("empty mechanism name");
            }
            bos.writeBytes(cstringBytes(m));
        }
        bos.write(0);
        return bos.toByteArray();
    }

    static byte[] cstringBytes(String s) {
        checkNoNul(s);
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, b.length);
        return out;
    }

    private static int begin(ByteBuf out, char type) {
        out.writeByte(type);
        int at = out.writerIndex();
        out.writeInt(0);
        return at;
    }

    private static void end(ByteBuf out, int at) {
        patchLength(out, at);
    }

    private static void patchLength(ByteBuf out, int at) {
        // ByteBuf indices are ints, so the frame can never exceed what int32 can declare.
        out.setInt(at, out.writerIndex() - at);
    }

    private static void startupCode(ByteBuf out, int code) {
        out.writeInt(8);
        out.writeInt(code);
    }

    private static void empty(ByteBuf out, char type) {
        out.writeByte(type);
        out.writeInt(4);
    }

    private static void raw(ByteBuf out, int type, byte[] body) {
        out.writeByte(type);
        out.writeInt(4 + body.length);
        out.writeBytes(body);
    }

    private static void simpleString(ByteBuf out, char type, String s) {
        int at = begin(out, type);
        cstring(out, s);
        end(out, at);
    }

    private static void fields(ByteBuf out, char type, List<ErrorField> fields) {
        int at = begin(out, type);
        for (ErrorField f : fields) {
            out.writeByte(f.code());
            cstring(out, f.value());
        }
        out.writeByte(0);
        end(out, at);
    }

    private static void copyResponse(ByteBuf out, char type, CopyResponse c) {
        int at = begin(out, type);
        out.writeByte(c.format());
        shorts(out, c.columnFormats());
        end(out, at);
    }

    private static void shorts(ByteBuf out, short[] s) {
        count16(out, s.length);
        for (short v : s) {
            out.writeShort(v);
        }
    }

    private static void values(ByteBuf out, List<byte[]> values) {
        for (byte[] v : values) {
            if (v == null) {
                out.writeInt(-1);
            } else {
                out.writeInt(v.length);
                out.writeBytes(v);
            }
        }
    }

    private static void count16(ByteBuf out, int n) {
        if (n > 0xFFFF) {
            throw new IllegalArgumentException("count " + n + " does not fit in int16");
        }
        out.writeShort(n);
    }

    private static void cstring(ByteBuf out, String s) {
        checkNoNul(s);
        out.writeCharSequence(s, StandardCharsets.UTF_8);
        out.writeByte(0);
    }

    private static void checkNoNul(String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("NUL inside a cstring would truncate it on the wire");
        }
    }
}
