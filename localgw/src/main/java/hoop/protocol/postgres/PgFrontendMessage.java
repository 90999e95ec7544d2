package hoop.protocol.postgres;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a PostgreSQL client sends (protocol 3.0). Arrays are not copied: the decoder hands
 * over freshly allocated arrays, and copying every DataRow-sized payload again would be waste.
 * Strings are UTF-8 cstrings on the wire and must not contain NUL.
 */
public sealed interface PgFrontendMessage {

    /** Protocol 3.0 as sent in StartupMessage: major in the high 16 bits. */
    int PROTOCOL_3_0 = 3 << 16;

    record Startup(int protocolVersion, Map<String, String> params) implements PgFrontendMessage {
        public Startup {
            // Keep the client's order: re-encoding to the upstream should look like the client.
            params = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(params)));
            params.forEach((k, v) -> {
                Objects.requireNonNull(k);
                Objects.requireNonNull(v);
            });
        }

        public int majorVersion() {
            return protocolVersion >>> 16;
        }

        public int minorVersion() {
            return protocolVersion & 0xFFFF;
        }

        public String user() {
            return params.get("user");
        }
    }

    record SslRequest() implements PgFrontendMessage {
    }

    record GssEncRequest() implements PgFrontendMessage {
    }

    record CancelRequest(int processId, int secretKey) implements PgFrontendMessage {
        @Override
        public String toString() {
            // The secret key authorises cancelling someone's query; keep it out of logs.
            return "CancelRequest[processId=" + processId + "]";
        }
    }

    record Query(String sql) implements PgFrontendMessage {
        public Query {
            Objects.requireNonNull(sql);
        }
    }

    record Parse(String name, String sql, int[] paramTypeOids) implements PgFrontendMessage {
        public Parse {
            Objects.requireNonNull(name);
            Objects.requireNonNull(sql);
            Objects.requireNonNull(paramTypeOids);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Parse p && name.equals(p.name) && sql.equals(p.sql)
                    && Arrays.equals(paramTypeOids, p.paramTypeOids);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, sql, Arrays.hashCode(paramTypeOids));
        }

        @Override
        public String toString() {
            return "Parse[name=" + name + ", sql=" + sql + ", paramTypeOids=" + Arrays.toString(paramTypeOids) + "]";
        }
    }

    /**
     * @param params one entry per parameter; a null element is SQL NULL
     */
    record Bind(String portal, String statement, short[] paramFormats, List<byte[]> params, short[] resultFormats)
            implements PgFrontendMessage {
        public Bind {
            Objects.requireNonNull(portal);
            Objects.requireNonNull(statement);
            Objects.requireNonNull(paramFormats);
            Objects.requireNonNull(params);
            Objects.requireNonNull(resultFormats);
        }

        /**
         * Resolves the protocol's shorthand: no codes means all text, one code applies to all,
         * otherwise one code per parameter (the decoder has already refused other shapes).
         */
        public short paramFormat(int index) {
            Objects.checkIndex(index, params.size());
            return switch (paramFormats.length) {
                case 0 -> 0;
                case 1 -> paramFormats[0];
                default -> paramFormats[index];
            };
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bind b && portal.equals(b.portal) && statement.equals(b.statement)
                    && Arrays.equals(paramFormats, b.paramFormats) && Bytes.listEquals(params, b.params)
                    && Arrays.equals(resultFormats, b.resultFormats);
        }

        @Override
        public int hashCode() {
            return Objects.hash(portal, statement, Arrays.hashCode(paramFormats), Bytes.listHash(params),
                    Arrays.hashCode(resultFormats));
        }

        @Override
        public String toString() {
            return "Bind[portal=" + portal + ", statement=" + statement + ", paramFormats="
                    + Arrays.toString(paramFormats) + ", params=" + Bytes.listSummary(params)
                    + ", resultFormats=" + Arrays.toString(resultFormats) + "]";
        }
    }

    /** @param kind 'S' (prepared statement) or 'P' (portal) */
    record Describe(byte kind, String name) implements PgFrontendMessage {
        public Describe {
            Objects.requireNonNull(name);
            checkKind(kind);
        }
    }

    /** @param maxRows 0 means no limit */
    record Execute(String portal, int maxRows) implements PgFrontendMessage {
        public Execute {
            Objects.requireNonNull(portal);
        }
    }

    private static void checkKind(byte kind) {
        if (kind != 'S' && kind != 'P') {
            throw new IllegalArgumentException("kind must be 'S' or 'P'");
        }
    }

    record Sync() implements PgFrontendMessage {
    }

    record Flush() implements PgFrontendMessage {
    }

    /** @param kind 'S' (prepared statement) or 'P' (portal) */
    record Close(byte kind, String name) implements PgFrontendMessage {
        public Close {
            Objects.requireNonNull(name);
            checkKind(kind);
        }
    }

    record Terminate() implements PgFrontendMessage {
    }

    /**
     * The raw body of a 'p' message. PasswordMessage, SASLInitialResponse, SASLResponse and
     * GSSResponse share the type byte and only the authentication state tells them apart, so the
     * decoder leaves interpretation to the caller via the static parsers below.
     */
    record PasswordMessage(byte[] body) implements PgFrontendMessage {
        public PasswordMessage {
            Objects.requireNonNull(body);
        }

        /** SASLInitialResponse; {@code data} is null when the client sent length -1. */
        public record SaslInitial(String mechanism, byte[] data) {
            @Override
            public boolean equals(Object o) {
                return o instanceof SaslInitial s && mechanism.equals(s.mechanism) && Arrays.equals(data, s.data);
            }

            @Override
            public int hashCode() {
                return Objects.hash(mechanism, Arrays.hashCode(data));
            }

            @Override
            public String toString() {
                return "SaslInitial[mechanism=" + mechanism + ", data=" + (data == null ? "null" : data.length + "B") + "]";
            }
        }

        public static SaslInitial parseSaslInitial(byte[] body) {
            return FrontendParser.parseSaslInitial(body);
        }

        /** SASLResponse carries nothing but the mechanism's bytes. */
        public static byte[] parseSaslResponse(byte[] body) {
            return body.clone();
        }

        /** A cleartext or md5 PasswordMessage: one cstring filling the body. */
        public static String parsePassword(byte[] body) {
            return FrontendParser.parsePassword(body);
        }

        public static PasswordMessage password(String password) {
            return new PasswordMessage(PgWire.cstringBytes(password));
        }

        public static PasswordMessage saslInitial(String mechanism, byte[] data) {
            return new PasswordMessage(PgWire.saslInitialBody(mechanism, data));
        }

        public static PasswordMessage saslResponse(byte[] data) {
            return new PasswordMessage(data.clone());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PasswordMessage p && Arrays.equals(body, p.body);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(body);
        }

        @Override
        public String toString() {
            return "PasswordMessage[" + body.length + "B]";
        }
    }

    record CopyData(byte[] data) implements PgFrontendMessage {
        public CopyData {
            Objects.requireNonNull(data);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CopyData c && Arrays.equals(data, c.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "CopyData[" + data.length + "B]";
        }
    }

    record CopyDone() implements PgFrontendMessage {
    }

    record CopyFail(String message) implements PgFrontendMessage {
        public CopyFail {
            Objects.requireNonNull(message);
        }
    }

    /**
     * The legacy fast-path call. Parsed fully so the gateway can see what it is rejecting and so
     * framing errors inside it are caught like any other.
     */
    record FunctionCall(int functionOid, short[] argFormats, List<byte[]> args, short resultFormat)
            implements PgFrontendMessage {
        public FunctionCall {
            Objects.requireNonNull(argFormats);
            Objects.requireNonNull(args);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FunctionCall f && functionOid == f.functionOid
                    && Arrays.equals(argFormats, f.argFormats) && Bytes.listEquals(args, f.args)
                    && resultFormat == f.resultFormat;
        }

        @Override
        public int hashCode() {
            return Objects.hash(functionOid, Arrays.hashCode(argFormats), Bytes.listHash(args), resultFormat);
        }

        @Override
        public String toString() {
            return "FunctionCall[oid=" + functionOid + ", argFormats=" + Arrays.toString(argFormats)
                    + ", args=" + Bytes.listSummary(args) + ", resultFormat=" + resultFormat + "]";
        }
    }
}
