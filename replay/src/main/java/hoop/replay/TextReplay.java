package hoop.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hoop.store.EventRecord;
import hoop.store.SessionRecord;
import hoop.store.Store;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Plain-text replay of one session, streamed event by event. It reads only the recording, which holds
 * masked data, so it never shows more than the client saw.
 */
public final class TextReplay {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TextReplay() {}

    public static void render(Store store, SessionRecord s, PrintStream out) {
        out.printf("session %s  connection %s (%s)  user %s (%s)%n", s.id(), s.connection(), s.connectionType(), s.user(), s.identitySource());
        out.printf("started %s  ended %s  status %s%s%n", s.startedAt(), s.endedAt() == null ? "-" : s.endedAt(), s.status(),
                s.exitCode() == null ? "" : "  exit " + s.exitCode());
        out.printf("commands %d  blocked %d  flagged %d  reviewed %d%n%n", s.commands(), s.blocked(), s.flagged(), s.reviewed());
        store.forEachEvent(s.id(), e -> line(s, e, out));
    }

    private static void line(SessionRecord s, EventRecord e, PrintStream out) {
        double t = Duration.between(s.startedAt(), e.at()).toNanos() / 1e9;
        String prefix = String.format("+%8.3fs  %-9s ", Math.max(0, t), label(e));
        JsonNode p = parse(e.payload());
        switch (e.type()) {
            case "command" -> out.println(prefix + "$ " + p.path("text").asText());
            case "decision" -> out.println(prefix + p.path("action").asText() + " (" + p.path("rule").asText("default") + ")"
                    + (p.hasNonNull("message") ? ": " + p.get("message").asText() : ""));
            case "approval_requested" -> out.println(prefix + "request " + p.path("id").asText() + " by rule " + p.path("rule").asText()
                    + ", expires " + p.path("expires_at").asText() + ", on timeout " + p.path("on_timeout").asText());
            case "approval_decided" -> out.println(prefix + p.path("id").asText() + " " + p.path("status").asText() + " by "
                    + p.path("by").asText() + (p.hasNonNull("reason") ? ": " + p.get("reason").asText() : ""));
            case "output", "input" -> {
                String text = new String(Base64.getDecoder().decode(p.path("data").asText()), StandardCharsets.UTF_8);
                String[] lines = text.split("\n", -1);
                int n = text.endsWith("\n") ? lines.length - 1 : lines.length;
                for (int i = 0; i < n; i++) out.println((i == 0 ? prefix : " ".repeat(prefix.length())) + "| " + lines[i]);
            }
            case "result" -> {
                String what = p.hasNonNull("error") ? "ERROR " + p.get("error").asText() : p.path("tag").asText();
                out.println(prefix + what + String.format(" (%.1f ms)", p.path("duration_ms").asDouble()));
                String pad = " ".repeat(prefix.length()) + "| ";
                if (p.path("columns").size() > 0 && p.path("sample").size() > 0) {
                    List<String> cols = new ArrayList<>();
                    p.path("columns").forEach(c -> cols.add(c.asText()));
                    out.println(pad + String.join(" | ", cols));
                    for (JsonNode row : p.path("sample")) {
                        List<String> vals = new ArrayList<>();
                        row.forEach(v -> vals.add(v.isNull() ? "NULL" : v.asText()));
                        out.println(pad + String.join(" | ", vals));
                    }
                    if (p.path("truncated").asBoolean()) out.println(pad + "... (" + p.path("rows").asLong() + " rows in all; recording truncated)");
                }
            }
            case "exit" -> out.println(prefix + p.path("exit_code").asText());
            case "session_end" -> out.println(prefix + p.path("status").asText());
            default -> out.println(prefix + e.payload());
        }
    }

    private static String label(EventRecord e) {
        if (e.type().equals("output") || e.type().equals("input")) {
            String stream = parse(e.payload()).path("stream").asText(e.type());
            return stream;
        }
        return switch (e.type()) {
            case "approval_requested" -> "approval";
            case "approval_decided" -> "approval";
            case "session_start" -> "start";
            case "session_end" -> "end";
            default -> e.type();
        };
    }

    private static JsonNode parse(String payload) {
        try {
            return JSON.readTree(payload);
        } catch (Exception ex) {
            return JSON.createObjectNode().put("raw", payload);
        }
    }
}
