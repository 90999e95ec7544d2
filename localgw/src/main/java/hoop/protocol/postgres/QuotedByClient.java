package hoop.protocol.postgres;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a quoted part of a server message is text the client itself wrote, not a value read from a table: such a
 * part tells the client nothing it did not send, so masking it as a ruled value only hides the server's answer
 * ({@code syntax error at or near ";"} came back as {@code near "[EMAIL]"} when the statement named a ruled table).
 * Only two forms are trusted, each checked against the client's own statement texts:
 * <ul>
 * <li>the token or string literal standing at the error's position (field P, counted in characters from 1, in the
 * client's statement: an error inside a routine's or EXECUTE's query carries its position in p/q instead);</li>
 * <li>the scanner's {@code identifier "X" will be truncated to "Y"} (SQLSTATE 42622) without a context, when Y is
 * one of the names the client's statement uses (a name, not a word of a literal or comment), X stands in its text
 * and Y is X cut as PostgreSQL cuts it. A name built from a value (EXECUTE ... quote_ident(notes), or
 * {@code repeat(notes, 9)::regtype}) comes with a context and is in no text the client sent: it stays masked, and
 * a guess written in a comment is not confirmed.</li>
 * </ul>
 */
final class QuotedByClient {
    private QuotedByClient() {}

    private static final Pattern TRUNCATED = Pattern.compile("identifier \"(.*)\" will be truncated to \"(.*)\"", Pattern.DOTALL);

    /** Whether {@code quoted} (a quoted part of {@code message}) is the client's own text; see the class comment. */
    static boolean wrote(String quoted, String message, String sqlState, String position, boolean context,
            java.util.Set<String> names, List<String> texts) {
        return atPosition(quoted, position, texts) || !context && truncatedName(quoted, message, sqlState, names, texts);
    }

    private static final Pattern MEANT_COLUMN = Pattern.compile(
            "Perhaps you meant to reference the column \"([^\"]+)\\.[^\"]+\"(?: or the column \"([^\"]+)\\.[^\"]+\")?\\.");

    /**
     * The hint of an unknown column ({@code Perhaps you meant to reference the column "c.email".}, SQLSTATE 42703,
     * no context): a column of a relation the statement names by that alias, a name from the catalog, not a value.
     */
    static boolean columnHint(String hint, String sqlState, boolean context, java.util.Set<String> names) {
        if (context || !"42703".equals(sqlState)) return false;
        Matcher m = MEANT_COLUMN.matcher(hint);
        return m.matches() && names.contains(m.group(1).toLowerCase(Locale.ROOT))
                && (m.group(2) == null || names.contains(m.group(2).toLowerCase(Locale.ROOT)));
    }

    private static boolean atPosition(String quoted, String position, List<String> texts) {
        if (position == null || quoted.isEmpty()) return false;
        int p;
        try {
            p = Integer.parseInt(position) - 1;
        } catch (NumberFormatException e) {
            return false;
        }
        if (p < 0) return false;
        String literal = "'" + quoted.replace("'", "''") + "'";
        for (String t : texts) {
            int at;
            try {
                at = t.offsetByCodePoints(0, p);   // the server counts characters, Java UTF-16 units
            } catch (IndexOutOfBoundsException e) {
                continue;
            }
            if (t.startsWith(quoted, at) || t.startsWith(literal, at)) return true;
        }
        return false;
    }

    private static boolean truncatedName(String quoted, String message, String sqlState, java.util.Set<String> names,
            List<String> texts) {
        if (!"42622".equals(sqlState) || message == null) return false;
        Matcher m = TRUNCATED.matcher(message);
        if (!m.matches()) return false;
        String full = m.group(1);
        if (!hoop.core.PgIdentifiers.truncated(full).equals(m.group(2)) || !(quoted.equals(full) || quoted.equals(m.group(2)))
                || !names.contains(m.group(2).toLowerCase(Locale.ROOT))) return false;
        for (String t : texts) {
            // An unquoted name comes back folded to lower case.
            if (t.contains(full) || t.toLowerCase(Locale.ROOT).contains(full)) return true;
        }
        return false;
    }
}
