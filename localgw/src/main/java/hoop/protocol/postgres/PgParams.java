package hoop.protocol.postgres;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The parameter values of a Bind as an approver reads them and as the statement is judged with them; they are part of
 * the approved command. A value sent in the binary format is the bytes of its type's binary form: the server reads
 * '%' sent so for a text parameter as '%', not as the bytea '\x25', so a binary value is written as the literal its type
 * reads it as. When the Parse did not declare the type (the server infers it) or hoop does not read that type, the
 * value is each literal its bytes may be read as (text, an integer or float of its length, a date's or timestamp's
 * infinity, a bool's 0 or 1), and the statement is judged with each.
 */
final class PgParams {
    private PgParams() {}

    private static final int BOOL = 16, BYTEA = 17, CHAR = 18, NAME = 19, INT8 = 20, INT2 = 21, INT4 = 23, TEXT = 25, OID = 26,
            JSON = 114, XML = 142, FLOAT4 = 700, FLOAT8 = 701, UNKNOWN = 705, BPCHAR = 1042, VARCHAR = 1043, DATE = 1082,
            TIMESTAMP = 1114, TIMESTAMPTZ = 1184, NUMERIC = 1700, JSONB = 3802;

    static List<String> render(PgFrontendMessage.Bind b) {
        return render(literals(b));
    }

    static List<String> render(List<String> literals) {
        List<String> out = new ArrayList<>(literals.size());
        for (int i = 0; i < literals.size(); i++) {
            out.add(hoop.core.BoundValues.entry(i + 1, literals.get(i)));
        }
        return out;
    }

    /** Each parameter's value written as an SQL literal ($1 first), the first reading of each (see {@link #readings}). */
    static List<String> literals(PgFrontendMessage.Bind b) {
        return readings(b, new int[0]).getFirst();
    }

    /**
     * The Bind's values written as SQL literals, once per reading: the first list takes each value's first reading, the
     * k-th its k-th (or its last when it has fewer). Text values and binary values of a declared type hoop reads have
     * one. types: the Parse's declared parameter types (0 or missing: the server infers it).
     */
    static List<List<String>> readings(PgFrontendMessage.Bind b, int[] types) {
        List<List<String>> each = new ArrayList<>(b.params().size());
        int most = 1;
        for (int i = 0; i < b.params().size(); i++) {
            byte[] v = b.params().get(i);
            List<String> r = v == null ? List.of("NULL") : b.paramFormat(i) == 0 ? List.of(quoted(text(v)))
                    : binary(i < types.length ? types[i] : 0, v);
            each.add(r);
            most = Math.max(most, r.size());
        }
        List<List<String>> out = new ArrayList<>(most);
        for (int k = 0; k < most; k++) {
            List<String> literals = new ArrayList<>(each.size());
            for (List<String> r : each) literals.add(r.get(Math.min(k, r.size() - 1)));
            out.add(literals);
        }
        return out;
    }

    private static String quoted(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static String text(byte[] v) {
        return new String(v, StandardCharsets.UTF_8);
    }

    private static String hex(byte[] v) {
        return "'\\x" + HexFormat.of().formatHex(v) + "'";
    }

    /** The literals a binary value of type oid may be read as, hex (bytea) first when there is no other. */
    private static List<String> binary(int oid, byte[] v) {
        ByteBuffer b = ByteBuffer.wrap(v);
        switch (oid) {
            case TEXT, VARCHAR, BPCHAR, NAME, CHAR, UNKNOWN, JSON, XML -> {
                return List.of(quoted(text(v)));
            }
            case JSONB -> {
                if (v.length > 0 && v[0] == 1) return List.of(quoted(new String(v, 1, v.length - 1, StandardCharsets.UTF_8)));
            }
            case BYTEA -> {
                return List.of(hex(v));
            }
            case BOOL -> {
                if (v.length == 1) return List.of(v[0] != 0 ? "true" : "false");
            }
            case INT2 -> {
                if (v.length == 2) return List.of(Short.toString(b.getShort()));
            }
            case INT4 -> {
                if (v.length == 4) return List.of(Integer.toString(b.getInt()));
            }
            case OID -> {
                if (v.length == 4) return List.of(Integer.toUnsignedString(b.getInt()));
            }
            case INT8 -> {
                if (v.length == 8) return List.of(Long.toString(b.getLong()));
            }
            case FLOAT4 -> {
                if (v.length == 4) return List.of(floating(b.getFloat(), Float.toString(b.getFloat(0))));
            }
            case FLOAT8 -> {
                if (v.length == 8) return List.of(floating(b.getDouble(), Double.toString(b.getDouble(0))));
            }
            case NUMERIC -> {
                String n = BinaryValues.numeric(v, 0, v.length);
                if (n != null) return List.of(n.chars().allMatch(c -> c == '-' || c == '.' || Character.isDigit(c)) ? n : quoted(n));
            }
            default -> { }
        }
        // Undeclared (the server infers the type) or a type hoop does not read: every reading its bytes allow.
        List<String> out = new ArrayList<>(6);
        String t = utf8(v);
        if (t != null) out.add(quoted(t));
        switch (v.length) {
            // A bool's bytes are 0 or 1 as drivers send them; any other byte is read as a letter, not as true.
            case 1 -> {
                if (v[0] == 0 || v[0] == 1) out.add(v[0] != 0 ? "true" : "false");
            }
            case 2 -> out.add(Short.toString(b.getShort()));
            case 4 -> {
                int i = b.getInt(0);
                out.add(Integer.toString(i));
                out.add(floating(b.getFloat(0), Float.toString(b.getFloat(0))));
                if (i == Integer.MIN_VALUE || i == Integer.MAX_VALUE) out.add(i < 0 ? "'-infinity'" : "'infinity'");
            }
            case 8 -> {
                long l = b.getLong(0);
                out.add(Long.toString(l));
                out.add(floating(b.getDouble(0), Double.toString(b.getDouble(0))));
                if (l == Long.MIN_VALUE || l == Long.MAX_VALUE) out.add(l < 0 ? "'-infinity'" : "'infinity'");
            }
            default -> { }
        }
        out.add(hex(v));
        return out;
    }

    /** A float as PostgreSQL's text reads it back: the special values quoted. */
    private static String floating(double d, String written) {
        if (Double.isNaN(d)) return "'NaN'";
        if (Double.isInfinite(d)) return d > 0 ? "'Infinity'" : "'-Infinity'";
        return written;
    }

    /** v as text when it is well-formed UTF-8 without a NUL (no text value holds one), else null. */
    private static String utf8(byte[] v) {
        for (byte x : v) if (x == 0) return null;
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(v)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
