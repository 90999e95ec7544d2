package hoop.replay;

import com.fasterxml.jackson.databind.JsonNode;
import hoop.replay.Style.Tone;
import hoop.store.EventRecord;
import hoop.store.SessionRecord;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns one recorded event at a time into text ("\n" line ends). It keeps only what a badge needs from earlier
 * events (when each pending approval was requested; the UTF-8 decoder of each output stream), so a session of any
 * length renders in constant memory. It reads nothing but the recording, which holds masked data only.
 */
public final class EventRenderer {
    private static final Pattern ESCAPES = Pattern.compile("\033\\[[0-9;?]*[ -/]*[@-~]|\033\\][^\007\033]*(?:\007|\033\\\\)|\033[@-_]");

    private final SessionRecord session;
    private final Style style;
    private final int width;
    private final Map<String, Instant> requested = new HashMap<>();
    private final Map<String, byte[]> partial = new HashMap<>();
    /** Per output stream, what the player lets reach the terminal (ANSI mode only). */
    private final Map<String, ReplayedOutput> played = new HashMap<>();
    private boolean atLineStart = true; // ANSI mode: raw output may leave the cursor mid-line

    public EventRenderer(SessionRecord session, Style style, int width) {
        this.session = session;
        this.style = style;
        this.width = Math.max(20, width);
    }

    /** False when raw terminal output left the cursor mid-line (a prompt, a progress bar). */
    public boolean atLineStart() {
        return atLineStart;
    }

    public static String header(SessionRecord s, Style style) {
        Instant end = s.endedAt();
        String took = end == null ? "still active" : "took " + human(Duration.between(s.startedAt(), end));
        return style.bold("session " + s.id()) + "  " + s.connection() + " (" + s.connectionType() + ")  user " + s.user()
                + " (" + s.identitySource() + ")\n"
                + "started " + s.startedAt() + "  ended " + (end == null ? "-" : end.toString()) + "  " + took + "\n"
                + "commands " + s.commands() + "  blocked " + s.blocked() + "  flagged " + s.flagged() + "  approvals "
                + s.reviewed() + "  status " + s.status() + (s.exitCode() == null ? "" : "  exit " + s.exitCode()) + "\n\n";
    }

    public String render(EventRecord e) {
        JsonNode p = Payloads.parse(e.payload());
        if (style == Style.ANSI && "output".equals(e.type())) {
            String raw = played.computeIfAbsent(p.path("stream").asText("stdout"), k -> new ReplayedOutput()).play(decode(p));
            if (!raw.isEmpty()) atLineStart = raw.endsWith("\n");
            return raw;
        }
        String body = body(e, p);
        String stamp = String.format("+%8.3fs  ", Math.max(0, Duration.between(session.startedAt(), e.at()).toNanos() / 1e9));
        String pad = " ".repeat(stamp.length());
        StringBuilder b = new StringBuilder(atLineStart ? "" : "\n");
        atLineStart = true;
        String[] lines = body.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            b.append(i == 0 ? style.tone(Tone.DIM, stamp) : pad).append(lines[i]).append('\n');
        }
        return b.toString();
    }

    private String body(EventRecord e, JsonNode p) {
        return switch (e.type()) {
            case "session_start" -> style.tone(Tone.DIM, "session started (recording format " + p.path("format").asText("?") + ")");
            case "command" -> "$ " + style.command(shown(p.path("text").asText(), true)) + (p.has("decision") ? "\n" + decision(p.get("decision")) : "");
            case "decision" -> decision(p);
            case "approval_requested" -> {
                requested.put(p.path("id").asText(), e.at());
                yield style.badge(Tone.WARN, "waiting for approval") + " request " + p.path("id").asText() + " (rule "
                        + p.path("rule").asText() + ", on timeout " + p.path("on_timeout").asText() + ")";
            }
            case "approval_decided" -> decided(e, p);
            case "output", "input" -> plainOutput(e.type(), p);
            case "result" -> result(p);
            case "exit" -> style.tone(Tone.DIM, "exit " + p.path("exit_code").asText());
            case "error" -> style.tone(Tone.BAD, "error: " + shown(p.path("message").asText(e.payload()), true));
            case "session_end" -> style.tone(Tone.DIM, "session " + p.path("status").asText("ended")
                    + (p.has("exit_code") ? " (exit " + p.path("exit_code").asText() + ")" : ""));
            default -> e.type() + " " + shown(e.payload(), false);
        };
    }

    private String decision(JsonNode p) {
        String rule = p.path("rule").asText("default");
        String why = p.hasNonNull("message") ? ": " + shown(p.get("message").asText(), true) : "";
        return switch (p.path("action").asText()) {
            case "allow" -> style.badge(Tone.GOOD, "allowed");
            case "flag" -> style.badge(Tone.WARN, "allowed, flagged by " + rule) + why;
            case "review" -> style.badge(Tone.WARN, "review required by " + rule) + why;
            case "deny" -> style.badge(Tone.BAD, "BLOCKED by " + rule) + why;
            default -> p.toString();
        };
    }

    private String decided(EventRecord e, JsonNode p) {
        Instant asked = requested.remove(p.path("id").asText());
        String after = asked == null ? "" : " after " + human(Duration.between(asked, e.at()));
        String by = shown(p.path("by").asText("?"), false);
        String reason = p.hasNonNull("reason") ? ": " + shown(p.get("reason").asText(), true) : "";
        return switch (p.path("status").asText()) {
            case "approved" -> style.badge(Tone.GOOD, "approved by " + by + after) + (asked == null ? reason : "");
            case "denied" -> style.badge(Tone.BAD, "denied by " + by + after) + reason;
            default -> style.badge(Tone.BAD, p.path("status").asText() + after + (p.path("approved").asBoolean() ? ", allowed" : ", denied")) + reason;
        };
    }

    private String result(JsonNode p) {
        String ms = String.format("%.1f ms", p.path("duration_ms").asDouble());
        if (p.hasNonNull("error")) return style.badge(Tone.BAD, "ERROR") + " " + shown(p.get("error").asText(), true) + "  " + ms;
        long rows = p.path("rows").asLong();
        StringBuilder b = new StringBuilder(style.bold(shown(p.path("tag").asText(), false)) + "  " + rows + (rows == 1 ? " row" : " rows") + "  " + ms);
        if (p.path("columns").size() > 0) {
            List<String> cols = new ArrayList<>();
            p.path("columns").forEach(c -> cols.add(c.asText()));
            List<List<String>> sample = new ArrayList<>();
            for (JsonNode row : p.path("sample")) {
                List<String> vals = new ArrayList<>();
                row.forEach(v -> vals.add(v.isNull() ? null : v.asText()));
                sample.add(vals);
            }
            for (String line : Table.render(cols, sample, width - 12)) b.append('\n').append(line);
            if (p.path("truncated").asBoolean()) {
                b.append('\n').append(style.tone(Tone.DIM, "… " + rows + " rows in all; the recording kept " + sample.size()));
            }
        }
        return b.toString();
    }

    /** What a client, an upstream or a command wrote, with what a terminal would obey made visible (see ShownText). */
    private static String shown(String s, boolean keepLines) {
        return hoop.core.ShownText.of(s, keepLines);
    }

    /** Plain text: escape sequences dropped and each line shown as a terminal would leave it after carriage returns. */
    private String plainOutput(String type, JsonNode p) {
        String text = ESCAPES.matcher(decode(p)).replaceAll("");
        if (text.endsWith("\n")) text = text.substring(0, text.length() - 1);
        String mark = "input".equals(type) ? "> " : "stderr".equals(p.path("stream").asText()) ? "! " : "| ";
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
            int cr = line.lastIndexOf('\r');
            if (b.length() > 0) b.append('\n');
            b.append(mark).append(shown(cr < 0 ? line : line.substring(cr + 1), false));
        }
        return b.toString();
    }

    /** Chunks may split a UTF-8 character: the bytes of an unfinished one wait for the stream's next chunk. */
    private String decode(JsonNode p) {
        String stream = p.path("stream").asText("stdout");
        byte[] data;
        try {
            data = Base64.getDecoder().decode(p.path("data").asText());
        } catch (IllegalArgumentException e) {
            return p.toString();
        }
        byte[] carried = partial.remove(stream);
        if (carried != null) {
            byte[] joined = new byte[carried.length + data.length];
            System.arraycopy(carried, 0, joined, 0, carried.length);
            System.arraycopy(data, 0, joined, carried.length, data.length);
            data = joined;
        }
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        ByteBuffer in = ByteBuffer.wrap(data);
        CharBuffer out = CharBuffer.allocate(data.length + 4);
        d.decode(in, out, false);
        if (in.hasRemaining() && in.remaining() < 4) {
            byte[] rest = new byte[in.remaining()];
            in.get(rest);
            partial.put(stream, rest);
        }
        return out.flip().toString();
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) return ms + " ms";
        if (ms < 120_000) return Math.round(ms / 1000.0) + " s";
        if (ms < 7_200_000) return d.toMinutes() + " min";
        return d.toHours() + " h " + d.toMinutesPart() + " min";
    }
}
