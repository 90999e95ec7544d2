package hoop.protocol.postgres;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The upstream's columns that a column rule names, by table oid and attribute number, read from pg_attribute
 * when a client connection starts. A RowDescription names the source of each plain column reference
 * whatever it is called in the result, so {@code SELECT salary AS x FROM emp} is still masked as salary.
 */
final class SourceColumns {
    static final SourceColumns NONE = new SourceColumns();

    private final Map<Long, String> names = new HashMap<>();

    /** The catalog query for these globs, or null when there is nothing to look up. */
    static String query(Set<String> globs) {
        if (globs.isEmpty()) return null;
        StringBuilder patterns = new StringBuilder();
        for (String g : globs) {
            if (!patterns.isEmpty()) patterns.append(", ");
            patterns.append(literal(likePattern(g)));
        }
        // Every relation kind (tables, views, matviews, foreign tables), system catalogs included.
        return "SELECT attrelid::int8, attnum, attname FROM pg_catalog.pg_attribute WHERE attnum > 0 AND NOT attisdropped"
                + " AND attname ILIKE ANY (ARRAY[" + patterns + "]::text[])";
    }

    /** A glob as a LIKE pattern: '*' is '%', LIKE's own wildcards and escape are taken literally. */
    static String likePattern(String glob) {
        StringBuilder p = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> p.append('%');
                case '%', '_', '\\' -> p.append('\\').append(c);
                default -> p.append(c);
            }
        }
        return p.toString();
    }

    /** An escape-string literal, right whatever standard_conforming_strings is. */
    static String literal(String s) {
        return "E'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** One row of the catalog query's answer (text format). */
    void add(PgBackendMessage.DataRow r) {
        if (r.size() != 3 || r.length(0) < 0 || r.length(1) < 0 || r.length(2) < 0) return;
        long oid = Long.parseLong(text(r, 0));
        int attnum = Integer.parseInt(text(r, 1));
        names.put(key(oid, attnum), text(r, 2));
    }

    /** The rule-covered column a result column comes from, or null. */
    String name(int tableOid, int attnum) {
        if (tableOid == 0 || names.isEmpty()) return null;
        return names.get(key(Integer.toUnsignedLong(tableOid), attnum));
    }

    int size() {
        return names.size();
    }

    private static long key(long oid, int attnum) {
        return oid << 16 | (attnum & 0xFFFF);
    }

    private static String text(PgBackendMessage.DataRow r, int i) {
        return new String(r.body(), r.offset(i), r.length(i), StandardCharsets.UTF_8);
    }
}
