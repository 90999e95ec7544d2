package hoop.protocol.postgres;

import hoop.protocol.postgres.PgBackendMessage.*;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.ArrayList;
import java.util.List;

/** Turns complete, already length-checked backend frame bodies into records. */
final class BackendParser {
    private BackendParser() {
    }

    static PgBackendMessage parse(byte type, ByteBuf body) {
        // Lenient UTF-8: a SQL_ASCII or LATIN1 database still has to be proxied.
        Body b = new Body(body, "backend message '" + (char) (type & 0xFF) + "'", false);
        PgBackendMessage m = switch (type) {
            case 'R' -> parseAuthentication(b);
            case 'S' -> new ParameterStatus(b.cstring(), b.cstring());
            // Protocol 3.2 allows a longer key; hoop requests 3.0 upstream, where it is 4 bytes.
            case 'K' -> new BackendKeyData(b.int32(), b.int32());
            case 'Z' -> parseReadyForQuery(b);
            case 'T' -> parseRowDescription(b);
            case 'D' -> parseDataRow(b);
            case 'C' -> new CommandComplete(b.cstring());
            case 'E' -> new ErrorResponse(fields(b));
            case 'N' -> new NoticeResponse(fields(b));
            case 'A' -> new NotificationResponse(b.int32(), b.cstring(), b.cstring());
            case 'H' -> new CopyOutResponse(b.int8(), shorts(b));
            case 'G' -> new CopyInResponse(b.int8(), shorts(b));
            case 'W' -> new CopyBothResponse(b.int8(), shorts(b));
            case 'd' -> new CopyData(b.rest());
            case 'c' -> new CopyDone();
            case 'I' -> new EmptyQueryResponse();
            case '1' -> new ParseComplete();
            case '2' -> new BindComplete();
            case '3' -> new CloseComplete();
            case 'n' -> new NoData();
            case 's' -> new PortalSuspended();
            case 't' -> parseParameterDescription(b);
            case 'v' -> parseNegotiate(b);
            default -> new Other(type, b.rest());
        };
        b.end();
        return m;
    }

    private static Authentication parseAuthentication(Body b) {
        int code = b.int32();
        byte[] data = b.rest();
        switch (code) {
            case PgBackendMessage.AUTH_OK, PgBackendMessage.AUTH_CLEARTEXT -> {
                if (data.length != 0) {
                    throw b.error("authentication code " + code + " carries no data");
                }
            }
            case PgBackendMessage.AUTH_MD5 -> {
                if (data.length != 4) {
                    throw b.error("md5 salt must be 4 bytes, got " + data.length);
                }
            }
            case PgBackendMessage.AUTH_SASL -> mechanisms(data);
            default -> {
                // SASL continue/final and GSS/SSPI payloads are opaque here.
            }
        }
        return new Authentication(code, data);
    }

    /** Parses a SASL mechanism list: cstrings ended by an empty one, nothing after it. */
    static List<String> mechanisms(byte[] data) {
        Body b = new Body(Unpooled.wrappedBuffer(data), "AuthenticationSASL", false);
        List<String> list = new ArrayList<>();
        while (true) {
            String m = b.cstring();
            if (m.isEmpty()) {
                break;
            }
            list.add(m);
        }
        b.end();
        return list;
    }

    private static ReadyForQuery parseReadyForQuery(Body b) {
        byte s = b.int8();
        if (s != 'I' && s != 'T' && s != 'E') {
            throw b.error("invalid transaction status " + (s & 0xFF));
        }
        return new ReadyForQuery(s);
    }

    private static RowDescription parseRowDescription(Body b) {
        int n = b.count16();
        // Smallest field: empty name (1) + 18 bytes of fixed attributes.
        FrontendParser.checkCount(b, n, 19);
        List<RowDescription.Field> fields = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            fields.add(new RowDescription.Field(b.cstring(), b.int32(), b.int16(), b.int32(), b.int16(), b.int32(),
                    b.int16()));
        }
        return new RowDescription(fields);
    }

    private static DataRow parseDataRow(Body b) {
        byte[] body = b.rest();
        return new DataRow(body, DataRows.index(body, b::error));
    }

    private static List<ErrorField> fields(Body b) {
        List<ErrorField> fields = new ArrayList<>();
        while (true) {
            byte code = b.int8();
            if (code == 0) {
                return fields;
            }
            fields.add(new ErrorField(code, b.cstring()));
        }
    }

    private static short[] shorts(Body b) {
        int n = b.count16();
        short[] s = new short[FrontendParser.checkCount(b, n, 2)];
        for (int i = 0; i < n; i++) {
            s[i] = b.int16();
        }
        return s;
    }

    private static ParameterDescription parseParameterDescription(Body b) {
        int n = b.count16();
        int[] oids = new int[FrontendParser.checkCount(b, n, 4)];
        for (int i = 0; i < n; i++) {
            oids[i] = b.int32();
        }
        return new ParameterDescription(oids);
    }

    private static NegotiateProtocolVersion parseNegotiate(Body b) {
        int minor = b.int32();
        int n = b.int32();
        if (n < 0) {
            throw b.error("negative option count " + n);
        }
        FrontendParser.checkCount(b, n, 1);
        List<String> options = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            options.add(b.cstring());
        }
        return new NegotiateProtocolVersion(minor, options);
    }
}
