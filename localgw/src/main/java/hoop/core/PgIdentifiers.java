package hoop.core;

/** PostgreSQL's identifiers as its server keeps them: the policy lexer and the masking side must cut them alike. */
public final class PgIdentifiers {
    /** The longest name the server keeps, in bytes (NAMEDATALEN - 1). */
    public static final int MAX_BYTES = 63;

    private PgIdentifiers() {}

    /**
     * A name cut to its first 63 UTF-8 bytes at a character boundary (the server's pg_mbcliplen), quoted or not: an
     * alias of 65 letters and its use spelled with other letters past the 63rd are one name to the server, and
     * {@code f_<70 characters>()} calls the routine the catalog lists under the first 63 bytes.
     */
    public static String truncated(String name) {
        if (name.length() * 3 <= MAX_BYTES) return name;   // no char of one UTF-16 unit takes more than 3 bytes
        int bytes = 0;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + len > MAX_BYTES) return name.substring(0, i);
            bytes += len;
            i += Character.charCount(cp);
        }
        return name;
    }
}
