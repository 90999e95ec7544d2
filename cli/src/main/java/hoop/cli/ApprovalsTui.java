package hoop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.NonBlockingReader;

/**
 * `hoop approvals` on a terminal: a live list of pending requests. Keys: up/down (or k/j) select,
 * a approve, w approve for the rule's window, d deny (asks for a reason), Enter shows the whole command,
 * q quits. A new request rings the bell.
 */
final class ApprovalsTui {
    private static final long REFRESH_MS = 500;

    private final GatewayClient gw;
    private final Terminal terminal;
    private final PrintWriter out;
    private final String approver;
    private List<JsonNode> items = List.of();
    private final Set<String> seen = new HashSet<>();
    private int selected;
    private boolean detail;
    private String status = "";
    private boolean firstRefresh = true;

    ApprovalsTui(GatewayClient gw, Terminal terminal, String approver) {
        this.gw = gw;
        this.terminal = terminal;
        this.out = terminal.writer();
        this.approver = approver;
    }

    int run() throws IOException {
        Attributes saved = terminal.enterRawMode();
        NonBlockingReader reader = terminal.reader();
        try {
            out.print("\033[?1049h\033[?25l"); // alternate screen, hidden cursor
            long nextRefresh = 0;
            while (true) {
                if (System.currentTimeMillis() >= nextRefresh) {
                    refresh();
                    nextRefresh = System.currentTimeMillis() + REFRESH_MS;
                }
                render();
                int c = reader.read(REFRESH_MS);
                if (c == NonBlockingReader.READ_EXPIRED || c < 0) {
                    if (c == NonBlockingReader.EOF) return ExitCodes.OK;
                    continue;
                }
                if (!key(c, reader)) return ExitCodes.OK;
                nextRefresh = 0;
            }
        } finally {
            out.print("\033[?25h\033[?1049l");
            out.flush();
            terminal.setAttributes(saved);
        }
    }

    private boolean key(int c, NonBlockingReader reader) throws IOException {
        switch (c) {
            case 'q', 3 -> { // q or Ctrl-C
                return false;
            }
            case 'k' -> move(-1);
            case 'j' -> move(1);
            case 27 -> { // ESC [ A / ESC [ B
                if (reader.read(50) == '[') {
                    int d = reader.read(50);
                    if (d == 'A') move(-1);
                    if (d == 'B') move(1);
                }
            }
            case '\r', '\n' -> detail = !detail;
            case 'a' -> decide(true, false, null);
            case 'w' -> decide(true, true, null);
            case 'd' -> {
                String reason = prompt(reader, "deny reason (Enter for none): ");
                if (reason != null) decide(false, false, reason.isBlank() ? null : reason);
            }
            default -> { }
        }
        return true;
    }

    private void move(int by) {
        if (items.isEmpty()) return;
        selected = Math.max(0, Math.min(items.size() - 1, selected + by));
    }

    private void decide(boolean approve, boolean window, String reason) {
        if (items.isEmpty()) return;
        String id = items.get(selected).path("id").asText();
        var body = GatewayClient.JSON.createObjectNode().put("by", approver).put("window", window);
        if (reason != null) body.put("reason", reason);
        GatewayClient.Reply r = gw.post("/v1/approvals/" + id + "/" + (approve ? "approve" : "deny"), body);
        status = r.status() == 200 ? id + " " + r.body().path("status").asText() + (window ? " (window)" : "")
                : "cannot " + (approve ? "approve " : "deny ") + id + ": " + r.error();
    }

    /** A line of input on the status row; null when cancelled with ESC. */
    private String prompt(NonBlockingReader reader, String label) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            status = label + sb;
            render();
            int c = reader.read();
            if (c == '\r' || c == '\n') return sb.toString();
            if (c == 27 || c < 0) {
                status = "";
                return null;
            }
            if ((c == 127 || c == 8) && !sb.isEmpty()) sb.setLength(sb.length() - 1);
            else if (c >= 32) sb.append((char) c);
        }
    }

    private void refresh() {
        try {
            GatewayClient.Reply r = gw.get("/v1/approvals?status=pending");
            List<JsonNode> fresh = new ArrayList<>();
            r.body().path("approvals").forEach(fresh::add);
            boolean arrived = false;
            for (JsonNode a : fresh) arrived |= seen.add(a.path("id").asText());
            if (arrived && !firstRefresh) out.print('\007');
            firstRefresh = false;
            items = fresh;
            if (selected >= items.size()) selected = Math.max(0, items.size() - 1);
        } catch (CliException e) {
            status = e.getMessage();
        }
    }

    private void render() {
        int width = Math.max(40, terminal.getWidth());
        int height = Math.max(10, terminal.getHeight());
        StringBuilder screen = new StringBuilder("\033[H\033[2J");
        line(screen, new AttributedStringBuilder().style(AttributedStyle.BOLD).append("hoop approvals")
                .style(AttributedStyle.DEFAULT).append(" - " + items.size() + " pending as " + approver).toAttributedString(), width);
        line(screen, new AttributedString("up/down select  a approve  w approve for window  d deny  Enter view  q quit",
                AttributedStyle.DEFAULT.faint()), width);
        screen.append("\r\n");
        Instant now = Instant.now();
        for (int i = 0; i < items.size() && i < height - 6; i++) {
            JsonNode a = items.get(i);
            AttributedStringBuilder row = new AttributedStringBuilder();
            row.style(i == selected ? AttributedStyle.INVERSE : AttributedStyle.DEFAULT);
            row.append(i == selected ? "> " : "  ");
            row.append(String.format("%-12s %-10s %-10s %6s %8s  %-22s ", a.path("id").asText(), a.path("connection").asText(),
                    a.path("requester").asText(), age(a.path("created_at").asText(), now), left(a.path("expires_at").asText(), now),
                    a.path("rule").asText()));
            Highlight.command(row, Text.oneLine(a.path("command").asText(), 400), i == selected);
            line(screen, row.toAttributedString(), width);
        }
        if (items.isEmpty()) line(screen, new AttributedString("  no pending requests"), width);
        if (detail && !items.isEmpty()) {
            screen.append("\r\n");
            String full = hoop.core.ShownText.of(items.get(selected).path("command").asText(), true);
            for (String l : full.split("\n")) {
                for (int from = 0; from < l.length(); from += width - 2) {
                    line(screen, new AttributedString("  " + l.substring(from, Math.min(l.length(), from + width - 2))), width);
                }
            }
        }
        screen.append("\r\n");
        line(screen, new AttributedString(status, AttributedStyle.BOLD), width);
        out.print(screen);
        out.flush();
    }

    private void line(StringBuilder screen, AttributedString s, int width) {
        screen.append(s.columnSubSequence(0, width).toAnsi(terminal)).append("\033[0m\r\n");
    }

    private static String age(String createdAt, Instant now) {
        return compact(Duration.between(Instant.parse(createdAt), now));
    }

    private static String left(String expiresAt, Instant now) {
        Duration d = Duration.between(now, Instant.parse(expiresAt));
        return d.isNegative() ? "expired" : compact(d) + " left";
    }

    private static String compact(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s < 60 ? s + "s" : s < 3600 ? s / 60 + "m" + s % 60 + "s" : s / 3600 + "h" + s % 3600 / 60 + "m";
    }
}
