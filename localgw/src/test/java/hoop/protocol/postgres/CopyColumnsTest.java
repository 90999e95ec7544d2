package hoop.protocol.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hoop.core.CopiedTable;
import hoop.guard.GuardedConnection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fields of a table COPY's rows, each masked under its column's rule, as COPY's text and CSV formats write them. */
class CopyColumnsTest {
    /** Shows what the rule was given, so a test sees the value as unescaped or unquoted. */
    private static final GuardedConnection.ValueMasker SHOW = (b, off, len) ->
            ("<" + new String(b, off, len, StandardCharsets.UTF_8) + ">").getBytes(StandardCharsets.UTF_8);

    private static CopyColumns plan(boolean csv, char delimiter, boolean header, GuardedConnection.ValueMasker... maskers) {
        List<String> cols = new java.util.ArrayList<>();
        for (int i = 0; i < maskers.length; i++) cols.add("c" + i);
        return new CopyColumns(new CopiedTable("t", cols, csv, (byte) delimiter, header), maskers);
    }

    private static String feed(CopyColumns c, String... chunks) {
        StringBuilder out = new StringBuilder();
        for (String chunk : chunks) out.append(new String(c.feed(chunk.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
        out.append(new String(c.finish(), StandardCharsets.UTF_8));
        return out.toString();
    }

    @Test
    void textFieldsAreUnescapedForTheRuleAndEscapedBack() {
        CopyColumns c = plan(false, '\t', false, null, SHOW, null);
        assertEquals("1\t<a\\tb\\\\c>\tx\n", feed(c, "1\ta\\tb\\\\c\tx\n"));
        assertEquals("2\t\\N\t\\N\n", feed(c, "2\t\\N\t\\N\n"));
        // octal and hex escapes are the bytes they spell, as COPY FROM reads them
        assertEquals("3\t<AB>\ty\n", feed(c, "3\t\\101\\x42\ty\n"));
    }

    @Test
    void anEscapedDelimiterIsData() {
        CopyColumns c = plan(false, '|', false, SHOW, null);
        assertEquals("<a\\|b>|c\n", feed(c, "a\\|b|c\n"));
        assertEquals("<x\\\\>|c\n", feed(c, "x\\\\|c\n"));
    }

    @Test
    void rowsCutAcrossMessagesAreMaskedWhole() {
        CopyColumns c = plan(false, '\t', false, null, SHOW);
        assertEquals("1\t<alice@example.com>\n2\t<bob>\n", feed(c, "1\talice@ex", "ample.com\n2\tb", "ob\n"));
    }

    @Test
    void csvFieldsAreUnquotedAndAlwaysQuotedBack() {
        CopyColumns c = plan(true, ',', true, null, SHOW, SHOW);
        String in = "id,c1,c2\n1,\"a,\"\"b\"\"\nc\",plain\n2,,\"\"\n";
        // the header is column names; an unquoted empty field is NULL and stays; a quoted empty one is a value
        assertEquals("id,c1,c2\n1,\"<a,\"\"b\"\"\nc>\",\"<plain>\"\n2,,\"<>\"\n", feed(c, in));
    }

    @Test
    void csvQuotedNewlinesSpanMessages() {
        CopyColumns c = plan(true, ';', false, SHOW);
        assertEquals("\"<line1\nline2>\"\n", feed(c, "\"line1\n", "line2\"\n"));
    }

    @Test
    void fieldsBeyondTheListedColumnsAreMaskedAsARuledOne() {
        CopyColumns c = plan(false, '\t', false, null, SHOW);
        assertEquals("1\t<a>\t<b>\n", feed(c, "1\ta\tb\n"));
    }

    @Test
    void aLastRowWithoutItsNewlineIsMaskedAtTheEnd() {
        CopyColumns c = plan(false, '\t', false, SHOW);
        assertEquals("<a>\n<b>", feed(c, "a\nb"));
    }
}
