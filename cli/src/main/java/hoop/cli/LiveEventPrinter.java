package hoop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hoop.store.EventRecord;
import java.io.PrintStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** One line per statement and decision as a session's recording grows (what `hoop connect` shows). */
final class LiveEventPrinter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final PrintStream out;
    private String pendingText = "";
    private boolean ended;
    private String requestId;
    private String requestText;

    LiveEventPrinter(PrintStream out) {
        this.out = out;
    }

    boolean ended() {
        return ended;
    }

    /** The request of this session the prompt is about, if one waits. */
    String openRequest() {
        return requestId;
    }

    String openRequestText() {
        return requestText;
    }

    void print(EventRecord e) {
        JsonNode p;
        try {
            p = JSON.readTree(e.payload());
        } catch (Exception ex) {
            return;
        }
        String t = TIME.format(e.at());
        switch (e.type()) {
            case "command" -> {
                pendingText = p.path("text").asText();
                if (p.has("decision")) decided(t, p.get("decision"));
            }
            case "decision" -> decided(t, p); // recording format 1
            case "approval_requested" -> {
                requestId = p.path("id").asText();
                requestText = pendingText;
                out.printf("%s  agent wants to run: %s -- [a]pprove [d]eny [v]iew, then Enter (request %s, rule %s)%n", t,
                        Text.oneLine(pendingText, 80), requestId, p.path("rule").asText());
            }
            case "approval_decided" -> {
                if (p.path("id").asText().equals(requestId)) requestId = null;
                out.printf("%s  approval %s %s by %s%n", t, p.path("id").asText(), p.path("status").asText(),
                        Text.oneLine(p.path("by").asText(), 60));
            }
            case "result" -> out.printf("%s    %s%s%n", t, Text.oneLine(p.path("tag").asText(p.path("error").asText("")), 200),
                    p.has("duration_ms") ? " (" + p.get("duration_ms").asLong() + " ms)" : "");
            case "session_end" -> {
                out.printf("%s  session ended (%s)%n", t, p.path("status").asText());
                ended = true;
            }
            default -> { }
        }
        out.flush();
    }

    private void decided(String t, JsonNode d) {
        out.printf("%s  %s  ->  %s%s%n", t, Text.oneLine(pendingText, 100), d.path("action").asText(),
                d.path("action").asText().equals("allow") ? "" : " (" + d.path("rule").asText() + ")"
                        + (d.hasNonNull("message") ? ": " + Text.oneLine(d.get("message").asText(), 200) : ""));
    }
}
