package hoop.approval;

import hoop.store.ApprovalRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Posts approval events as JSON with a Slack-compatible "text" field. Sent asynchronously; a failure is
 * logged and changes nothing about the decision.
 */
public final class WebhookNotifier implements ApprovalNotifier {
    private static final Logger LOG = Logger.getLogger(WebhookNotifier.class.getName());

    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public WebhookNotifier(URI url) {
        this.url = url;
    }

    @Override
    public void created(ApprovalRecord r) {
        post("approval.created", r, "hoop: approval " + r.id() + " requested by " + chat(r.requester()) + " on " + r.connection()
                + " (rule " + r.rule() + "):\n```" + chat(r.commandText()).replace("```", "`\u200b``") + "```\nhoop approve " + r.id());
    }

    @Override
    public void decided(ApprovalRecord r) {
        post("approval.decided", r, "hoop: approval " + r.id() + " " + r.status() + " by " + chat(r.decidedBy())
                + (r.reason() == null ? "" : ": " + chat(r.reason())));
    }

    /**
     * What a client or a person wrote, as the chat "text" shows it: Slack reads {@code <url|label>} as a link and
     * {@code <!channel>} as a mention, so a statement could show an approver a link of its choosing; its three escapes
     * make them text. Control characters are made visible (a code block holds the command, so formatting is off and
     * its line ends cannot pass for hoop's own lines). The "command" field keeps the exact text.
     */
    private static String chat(String s) {
        return s == null ? null : hoop.core.ShownText.of(s, true).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private void post(String event, ApprovalRecord r, String text) {
        String body = "{" + field("event", event) + "," + field("id", r.id()) + "," + field("status", r.status()) + ","
                + field("connection", r.connection()) + "," + field("session", r.sessionId()) + ","
                + field("requester", r.requester()) + "," + field("rule", r.rule()) + "," + field("command", r.commandText()) + ","
                + field("decided_by", r.decidedBy()) + "," + field("reason", r.reason()) + "," + field("expires_at", String.valueOf(r.expiresAt()))
                + "," + field("text", text) + "}";
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "approval webhook failed", e);
            return;
        }
        // One after the other: sent side by side, a quick deny reached the channel before the request it decides.
        synchronized (this) {
            sent = sent.handle((v, e) -> null).thenCompose(v -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .whenComplete((resp, err) -> {
                        if (err != null) LOG.log(Level.WARNING, "approval webhook failed: " + err);
                        else if (resp.statusCode() >= 300) LOG.warning("approval webhook answered HTTP " + resp.statusCode());
                    }));
        }
    }

    private java.util.concurrent.CompletableFuture<?> sent = java.util.concurrent.CompletableFuture.completedFuture(null);

    /** The command text is already masked; JSON-escape it like everything else. */
    private static String field(String name, String value) {
        if (value == null) return "\"" + name + "\":null";
        return hoop.core.JsonStrings.quote(value, new StringBuilder("\"").append(name).append("\":")).toString();
    }
}
