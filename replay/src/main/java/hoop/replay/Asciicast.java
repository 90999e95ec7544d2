package hoop.replay;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hoop.store.EventRecord;
import hoop.store.SessionRecord;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * asciicast v2 (https://docs.asciinema.org/manual/asciicast/v2/): a header line, then one [seconds, "o", text]
 * line per event, written as the events stream. Output is the ANSI rendering: exec output byte for byte (colours,
 * carriage returns, progress bars) but for what reaches beyond the screen ({@link ReplayedOutput}), SQL statements with
 * badges and tables. Lone "\n" become "\r\n", because a
 * recorded terminal's driver did that translation and a player's emulator does not.
 */
public final class Asciicast {
    private Asciicast() {}

    public static void write(SessionRecord s, Consumer<Consumer<EventRecord>> events, int width, int height, PrintStream out) {
        ObjectNode header = JsonExport.JSON.createObjectNode().put("version", 2).put("width", width).put("height", height)
                .put("timestamp", s.startedAt().getEpochSecond())
                .put("title", "hoop " + s.connection() + " session " + s.id() + " (" + s.user() + ")");
        header.putObject("env").put("TERM", "xterm-256color").put("SHELL", "/bin/bash");
        out.println(header);
        EventRenderer r = new EventRenderer(s, Style.ANSI, width);
        line(out, 0, EventRenderer.header(s, Style.ANSI));
        events.accept(e -> {
            double t = Math.max(0, Duration.between(s.startedAt(), e.at()).toNanos() / 1e9);
            String text = r.render(e);
            if (!text.isEmpty()) line(out, t, text);
        });
        out.flush();
    }

    private static void line(PrintStream out, double t, String text) {
        ArrayNode a = JsonExport.JSON.createArrayNode();
        a.add(Math.round(t * 1e6) / 1e6).add("o").add(crlf(text));
        out.println(a);
    }

    /** "\n" not already preceded by "\r" becomes "\r\n". */
    public static String crlf(String text) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' && (i == 0 || text.charAt(i - 1) != '\r')) b.append('\r');
            b.append(c);
        }
        return b.toString();
    }
}
