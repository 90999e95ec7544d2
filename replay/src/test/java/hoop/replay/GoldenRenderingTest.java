package hoop.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Text rendering compared with golden files (src/test/resources/golden). After an intended change, regenerate
 * with -Dgolden.update=true and review the diff like code.
 */
class GoldenRenderingTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden");

    static String text(Recorded r, int width) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        TextReplay.render(r.session, r.feed(), Style.PLAIN, width, new PrintStream(b, true, StandardCharsets.UTF_8));
        return b.toString(StandardCharsets.UTF_8);
    }

    static void assertGolden(String name, String actual) throws Exception {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update") || !Files.exists(file)) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual);
        }
        assertEquals(Files.readString(file), actual, "golden file " + file + " (regenerate with -Dgolden.update=true)");
    }

    @Test
    void sqlSession() throws Exception {
        assertGolden("sql-session.txt", text(Recorded.sql(), 100));
    }

    @Test
    void sqlSessionTableFitsANarrowTerminal() throws Exception {
        String narrow = text(Recorded.sql(), 60);
        assertGolden("sql-session-60.txt", narrow);
        narrow.lines().filter(l -> l.startsWith(" ".repeat(12) + "|"))
                .forEach(l -> assertTrue(l.codePointCount(0, l.length()) <= 60, "table wider than 60: " + l));
    }

    @Test
    void aSessionRecordedInFormat2ShowsTheSameDecisionsAsFormat1() throws Exception {
        String two = text(Recorded.sql().asFormat2(), 100);
        assertGolden("sql-session-format2.txt", two);
        // Line by line the same, but for the format's number and the decision lines' time stamps: in format 2 a
        // decision shares its command's event, so it is shown under the command's stamp.
        java.util.List<String> one = text(Recorded.sql(), 100).lines().map(GoldenRenderingTest::unstamped).toList();
        assertEquals(one.stream().map(l -> l.replace("recording format 1", "recording format 2")).toList(),
                two.lines().map(GoldenRenderingTest::unstamped).toList());
        assertTrue(two.contains("[BLOCKED by sql-guard.schema-changes]: schema changes go through migrations"), two);
        assertTrue(two.contains("[review required by sql-guard.deletes]"), two);
    }

    private static String unstamped(String line) {
        return line.replaceFirst("^\\+ *[0-9.]+s  ", " ".repeat(12));
    }

    @Test
    void execSession() throws Exception {
        assertGolden("exec-session.txt", text(Recorded.exec(), 100));
    }

    @Test
    void asciicastReproducesExecOutputByteForByte() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Asciicast.write(Recorded.exec().session, Recorded.exec().feed(), 100, 30, new PrintStream(b, true, StandardCharsets.UTF_8));
        String[] lines = b.toString(StandardCharsets.UTF_8).split("\n");
        ObjectMapper json = new ObjectMapper();
        JsonNode header = json.readTree(lines[0]);
        assertEquals(2, header.get("version").asInt());
        StringBuilder all = new StringBuilder();
        double last = -1;
        for (int i = 1; i < lines.length; i++) {
            JsonNode ev = json.readTree(lines[i]);
            assertTrue(ev.get(0).asDouble() >= last, "time never goes back");
            last = ev.get(0).asDouble();
            assertEquals("o", ev.get(1).asText());
            all.append(ev.get(2).asText());
        }
        String out = all.toString();
        assertTrue(out.contains("\033[1;32mcompiling\033[0m mail [EMAIL]\r\n"), out);
        assertTrue(out.contains("[#   ] 25%\r[##  ] 50%\r[####] 100%\r\n"), out);
        assertTrue(out.contains("price 5 €\r\n"), out);
        assertEquals(4.0, last, 1e-9);
    }
    /**
     * What a client or an upstream wrote is replayed with what a terminal would obey made visible: a statement carrying
     * ESC[2K and a carriage return (it erased itself and showed another), a result cell with an OSC 52 clipboard write,
     * an error with a bell and a bidi override. The player's own colours stay.
     */
    @Test
    void escapeSequencesInRecordedTextAreShownNotObeyed() {
        Recorded r = Recorded.sql();
        r.at(61, "command", "{\"text\":\"DELETE FROM customers /*\\u001b[2K\\r*/ SELECT 1\",\"argv\":[],\"kinds\":[\"write\"]}")
                .at(61, "decision", "{\"rule\":null,\"action\":\"allow\",\"message\":null}")
                .at(61.1, "result", "{\"conn\":\"c1\",\"tag\":\"SELECT 1\",\"error\":null,\"rows\":1,\"duration_ms\":1,\"truncated\":false,"
                        + "\"columns\":[\"v\"],\"sample\":[[\"\\u001b]52;c;cm0gLXJmIH4=\\u0007\"]]}")
                .at(61.2, "result", "{\"conn\":\"c1\",\"tag\":null,\"error\":\"bad \\u0007\\u202eevil\",\"rows\":0,\"duration_ms\":1}");
        for (Style style : Style.values()) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            TextReplay.render(r.session, r.feed(), style, 100, new PrintStream(b, true, StandardCharsets.UTF_8));
            // the player's own colours (SGR) taken out, no escape is left and the statement reads as it was sent
            String out = b.toString(StandardCharsets.UTF_8).replaceAll("\u001b\\[[0-9;]*m", "");
            assertTrue(out.contains("DELETE FROM customers /*\\x1b[2K\\x0d*/ SELECT 1"), style + ": " + out);
            assertTrue(out.contains("\\x1b]52;c;cm0gLXJmIH4=\\x07"), style + ": " + out);
            assertTrue(out.contains("bad \\x07\\u202eevil"), style + ": " + out);
            assertTrue(!out.contains("\u001b") && !out.contains("\u0007") && !out.contains("\u202e")
                    && !out.contains("\r"), style + ": " + out);
        }
    }
}
