package hoop.protocol.postgres;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Everything a PostgreSQL server sends (protocol 3.0). Arrays are not copied, see
 * {@link PgFrontendMessage}. Unknown or uninteresting types travel as {@link Other} so the
 * gateway can pass them through byte for byte.
 */
public sealed interface PgBackendMessage {

    /** Authentication request codes ('R'). */
    int AUTH_OK = 0;
    int AUTH_CLEARTEXT = 3;
    int AUTH_MD5 = 5;
    int AUTH_SASL = 10;
    int AUTH_SASL_CONTINUE = 11;
    int AUTH_SASL_FINAL = 12;

    /** The unframed single byte answering SSLRequest: 'S' to proceed with TLS, 'N' to refuse. */
    record SslResponse(byte answer) implements PgBackendMessage {
    }

    /** The unframed single byte answering GSSENCRequest: 'G' to proceed, 'N' to refuse. */
    record GssEncResponse(byte answer) implements PgBackendMessage {
    }

    /**
     * @param data what follows the code: the md5 salt, the SASL mechanism list, or SASL bytes
     */
    record Authentication(int code, byte[] data) implements PgBackendMessage {
        public Authentication {
            Objects.requireNonNull(data);
        }

        public static Authentication ok() {
            return new Authentication(AUTH_OK, new byte[0]);
        }

        public static Authentication cleartext() {
            return new Authentication(AUTH_CLEARTEXT, new byte[0]);
        }

        public static Authentication md5(byte[] salt) {
            if (salt.length != 4) {
                throw new IllegalArgumentException("md5 salt must be 4 bytes");
            }
            return new Authentication(AUTH_MD5, salt.clone());
        }

        public static Authentication sasl(List<String> mechanisms) {
            return new Authentication(AUTH_SASL, PgWire.mechanismList(mechanisms));
        }

        public static Authentication saslContinue(byte[] data) {
            return new Authentication(AUTH_SASL_CONTINUE, data.clone());
        }

        public static Authentication saslFinal(byte[] data) {
            return new Authentication(AUTH_SASL_FINAL, data.clone());
        }

        /** Only meaningful for {@link #AUTH_SASL}; the decoder has already validated the list. */
        public List<String> saslMechanisms() {
            if (code != AUTH_SASL) {
                throw new IllegalStateException("not an AuthenticationSASL message");
            }
            return BackendParser.mechanisms(data);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Authentication a && code == a.code && Arrays.equals(data, a.data);
        }

        @Override
        public int hashCode() {
            return 31 * code + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Authentication[code=" + code + ", data=" + data.length + "B]";
        }
    }

    record ParameterStatus(String name, String value) implements PgBackendMessage {
        public ParameterStatus {
            Objects.requireNonNull(name);
            Objects.requireNonNull(value);
        }
    }

    record BackendKeyData(int pid, int key) implements PgBackendMessage {
        @Override
        public String toString() {
            // The key authorises cancelling this session's queries; keep it out of logs.
            return "BackendKeyData[pid=" + pid + "]";
        }
    }

    /** @param status 'I' idle, 'T' in transaction, 'E' failed transaction */
    record ReadyForQuery(byte status) implements PgBackendMessage {
    }

    record RowDescription(List<Field> fields) implements PgBackendMessage {
        public RowDescription {
            fields = List.copyOf(fields);
        }

        /** @param format 0 text, 1 binary */
        public record Field(String name, int tableOid, short columnAttr, int typeOid, short typeSize, int typeMod,
                            short format) {
            public Field {
                Objects.requireNonNull(name);
            }
        }
    }

    /**
     * One result row, held as its wire body (int16 count, then per column an int32 length, -1 for NULL, and
     * the bytes): relaying a row nothing in which needs masking then costs one copy, not an array per column.
     *
     * @param body    the message body exactly as on the wire
     * @param offsets where each column's bytes start in body; its length is the int32 before it
     */
    record DataRow(byte[] body, int[] offsets) implements PgBackendMessage {
        public DataRow {
            Objects.requireNonNull(body);
            Objects.requireNonNull(offsets);
        }

        /** @param values one entry per column; a null element is SQL NULL */
        public DataRow(List<byte[]> values) {
            this(DataRows.encode(values), DataRows.offsetsOf(values));
        }

        public int size() {
            return offsets.length;
        }

        /** The column's length in bytes, or -1 for SQL NULL. */
        public int length(int column) {
            return DataRows.int32(body, offsets[column] - 4);
        }

        public int offset(int column) {
            return offsets[column];
        }

        /** Per-column copies; a null element is SQL NULL. */
        public List<byte[]> values() {
            List<byte[]> out = new java.util.ArrayList<>(offsets.length);
            for (int i = 0; i < offsets.length; i++) {
                int n = length(i);
                out.add(n < 0 ? null : java.util.Arrays.copyOfRange(body, offsets[i], offsets[i] + n));
            }
            return out;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DataRow d && java.util.Arrays.equals(body, d.body);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(body);
        }

        @Override
        public String toString() {
            return "DataRow" + Bytes.listSummary(values());
        }
    }

    record CommandComplete(String tag) implements PgBackendMessage {
        public CommandComplete {
            Objects.requireNonNull(tag);
        }
    }

    /** One field of an ErrorResponse or NoticeResponse, e.g. 'C' = SQLSTATE, 'M' = message. */
    record ErrorField(byte code, String value) {
        public ErrorField {
            if (code == 0) {
                throw new IllegalArgumentException("field code 0 is the terminator");
            }
            Objects.requireNonNull(value);
        }
    }

    /** Shared view of ErrorResponse and NoticeResponse, which have the same layout. */
    sealed interface FieldsMessage extends PgBackendMessage {
        List<ErrorField> fields();

        /** @return the first value for the code, or null */
        default String field(char code) {
            for (ErrorField f : fields()) {
                if (f.code() == code) {
                    return f.value();
                }
            }
            return null;
        }

        default String severity() {
            return field('S');
        }

        default String sqlState() {
            return field('C');
        }

        default String message() {
            return field('M');
        }

        /** Convenience for masking: the same fields in order with one value replaced everywhere it occurs. */
        static List<ErrorField> replace(List<ErrorField> fields, char code, String value) {
            List<ErrorField> out = new ArrayList<>(fields.size());
            for (ErrorField f : fields) {
                out.add(f.code() == code ? new ErrorField(f.code(), value) : f);
            }
            return out;
        }
    }

    record ErrorResponse(List<ErrorField> fields) implements FieldsMessage {
        public ErrorResponse {
            fields = List.copyOf(fields);
        }
    }

    record NoticeResponse(List<ErrorField> fields) implements FieldsMessage {
        public NoticeResponse {
            fields = List.copyOf(fields);
        }
    }

    record NotificationResponse(int pid, String channel, String payload) implements PgBackendMessage {
        public NotificationResponse {
            Objects.requireNonNull(channel);
            Objects.requireNonNull(payload);
        }
    }

    /** Shared view of the three Copy*Response messages, which have the same layout. */
    sealed interface CopyResponse extends PgBackendMessage {
        /** 0 textual, 1 binary (overall COPY format). */
        byte format();

        short[] columnFormats();

        /** Records compare arrays by identity; these three compare their column formats by content. */
        static boolean same(CopyResponse a, Object o) {
            return o != null && o.getClass() == a.getClass() && a.format() == ((CopyResponse) o).format()
                    && Arrays.equals(a.columnFormats(), ((CopyResponse) o).columnFormats());
        }

        static int hash(CopyResponse c) {
            return 31 * c.format() + Arrays.hashCode(c.columnFormats());
        }

        static String describe(CopyResponse c) {
            return c.getClass().getSimpleName() + "[format=" + c.format() + ", columnFormats=" + Arrays.toString(c.columnFormats()) + "]";
        }
    }

    record CopyOutResponse(byte format, short[] columnFormats) implements CopyResponse {
        public CopyOutResponse {
            Objects.requireNonNull(columnFormats);
        }

        @Override
        public boolean equals(Object o) {
            return CopyResponse.same(this, o);
        }

        @Override
        public int hashCode() {
            return CopyResponse.hash(this);
        }

        @Override
        public String toString() {
            return CopyResponse.describe(this);
        }
    }

    record CopyInResponse(byte format, short[] columnFormats) implements CopyResponse {
        public CopyInResponse {
            Objects.requireNonNull(columnFormats);
        }

        @Override
        public boolean equals(Object o) {
            return CopyResponse.same(this, o);
        }

        @Override
        public int hashCode() {
            return CopyResponse.hash(this);
        }

        @Override
        public String toString() {
            return CopyResponse.describe(this);
        }
    }

    record CopyBothResponse(byte format, short[] columnFormats) implements CopyResponse {
        public CopyBothResponse {
            Objects.requireNonNull(columnFormats);
        }

        @Override
        public boolean equals(Object o) {
            return CopyResponse.same(this, o);
        }

        @Override
        public int hashCode() {
            return CopyResponse.hash(this);
        }

        @Override
        public String toString() {
            return CopyResponse.describe(this);
        }
    }

    record CopyData(byte[] data) implements PgBackendMessage {
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

    record CopyDone() implements PgBackendMessage {
    }

    record EmptyQueryResponse() implements PgBackendMessage {
    }

    record ParseComplete() implements PgBackendMessage {
    }

    record BindComplete() implements PgBackendMessage {
    }

    record CloseComplete() implements PgBackendMessage {
    }

    record NoData() implements PgBackendMessage {
    }

    record PortalSuspended() implements PgBackendMessage {
    }

    record ParameterDescription(int[] oids) implements PgBackendMessage {
        public ParameterDescription {
            Objects.requireNonNull(oids);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ParameterDescription p && Arrays.equals(oids, p.oids);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(oids);
        }

        @Override
        public String toString() {
            return "ParameterDescription" + Arrays.toString(oids);
        }
    }

    /** @param minor the newest minor version the server supports for the requested major */
    record NegotiateProtocolVersion(int minor, List<String> unrecognized) implements PgBackendMessage {
        public NegotiateProtocolVersion {
            unrecognized = List.copyOf(unrecognized);
        }
    }

    /** Any other message (e.g. FunctionCallResponse 'V'), kept raw for pass-through. */
    record Other(byte type, byte[] body) implements PgBackendMessage {
        public Other {
            Objects.requireNonNull(body);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Other x && type == x.type && Arrays.equals(body, x.body);
        }

        @Override
        public int hashCode() {
            return 31 * type + Arrays.hashCode(body);
        }

        @Override
        public String toString() {
            return "Other[type=" + (char) type + ", body=" + body.length + "B]";
        }
    }
}
