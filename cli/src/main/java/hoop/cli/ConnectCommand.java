package hoop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import hoop.store.Store;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "connect", description = {"Open a session on a database connection and print its credentials.",
        "Attached (default): shows each statement live with its decision; Ctrl-C ends the session and revokes them.",
        "--env / --json: print and return; the session lives until --ttl or `hoop disconnect SESSION`."})
final class ConnectCommand implements Callable<Integer> {
    @ParentCommand
    HoopCommand root;

    @Parameters(index = "0", paramLabel = "CONNECTION")
    String connection;

    @Option(names = "--env", description = "Print only `export PG...=` lines and return.")
    boolean env;

    @Option(names = "--json", description = "Print the session as JSON and return.")
    boolean json;

    @Option(names = "--ttl", defaultValue = "1h", description = "Session lifetime, e.g. 30m, 8h (default ${DEFAULT-VALUE}).")
    String ttl;

    /** Test hook: ends the attached view when counted down, as Ctrl-C would. */
    CountDownLatch detach = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        var ctx = root.ctx;
        GatewayClient gw = GatewayClient.connect(ctx.home());
        var body = GatewayClient.JSON.createObjectNode().put("connection", connection).put("ttl_seconds", hoop.config.Durations.parse(ttl).orElseThrow(() ->
                new CliException(ExitCodes.USAGE, "expected a duration like 30m, 1h, 2d (got '" + ttl + "')")).toSeconds());
        java.time.Instant requested = java.time.Instant.now();
        GatewayClient.Reply r = gw.post("/v1/sessions", body);
        if (r.status() != 201) throw new CliException(r.status() == 400 ? ExitCodes.USAGE : ExitCodes.FAILURE, r.error());
        JsonNode s = r.body();
        java.time.Instant expires = r.instant("expires_at");
        PrintStream out = ctx.out();
        if (json) {
            out.println(s.toPrettyString());
            return ExitCodes.OK;
        }
        if (env) {
            printEnv(out, s.path("env"));
            return ExitCodes.OK;
        }
        String id = r.field("id");
        java.time.Instant ttlEnd = requested.plusSeconds(body.path("ttl_seconds").asLong());
        // Ending before its ttl: the session is bound to the OIDC token, which this view keeps renewing.
        extender = expires.isBefore(ttlEnd.minusSeconds(5)) ? new Extender(id, expires) : null;
        out.println("hoop: session " + id.substring(0, Math.min(8, id.length())) + " on " + connection + " (expires " + s.path("expires_at").asText() + ")");
        out.println("  " + s.path("uri").asText());
        printEnv(out, s.path("env"));
        out.println("Statements appear below as clients run them. Ctrl-C ends the session and revokes these credentials.");
        out.flush();
        Thread hook = new Thread(() -> {
            fresh().delete("/v1/sessions/" + id);
            detach.countDown();
        }, "hoop-disconnect");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            follow(id, out);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
                fresh().delete("/v1/sessions/" + id);
            } catch (IllegalStateException shuttingDown) {
                // The hook is already revoking the session.
            }
        }
        return ExitCodes.OK;
    }

    /** A client with the current token: the one the session was created with may have expired while attached. */
    private GatewayClient fresh() {
        return GatewayClient.connect(root.ctx.home());
    }

    private void follow(String id, PrintStream out) throws InterruptedException {
        LiveEventPrinter printer = new LiveEventPrinter(out);
        AtomicLong last = new AtomicLong();
        java.util.concurrent.BlockingQueue<String> answers = new java.util.concurrent.LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().name("hoop-connect-input").start(() -> readAnswers(answers));
        while (!detach.await(250, TimeUnit.MILLISECONDS)) {
            for (String line; (line = answers.poll()) != null; ) answer(line.strip(), printer, out);
            if (extender != null) extender.maybeExtend(out);
            if (!java.nio.file.Files.exists(root.ctx.home().database())) continue;
            try (Store store = Recordings.open(root.ctx.home())) {
                store.forEachEventAfter(id, last.get(), e -> {
                    last.set(e.seq());
                    printer.print(e);
                });
                if (printer.ended()) return;
            }
        }
    }

    private Extender extender;

    /**
     * Keeps a token-bound session alive while attached: shortly before it would end, the stored token is
     * refreshed (as every command does when it is near expiry) and the gateway moves the session's end to the new
     * token's, up to the ttl. Without it a provider with five-minute tokens would cut psql off every five minutes.
     */
    private final class Extender {
        private final String id;
        private java.time.Instant expires;
        private java.time.Instant extendedAt = java.time.Instant.now();
        private java.time.Instant lastTry = java.time.Instant.EPOCH;
        private boolean warned;

        Extender(String id, java.time.Instant expires) {
            this.id = id;
            this.expires = expires;
        }

        void maybeExtend(PrintStream out) {
            java.time.Instant now = java.time.Instant.now();
            // At least 2 s ahead: a round trip to the gateway must fit before the session ends.
            if (!hoop.identity.Credentials.nearExpiry(extendedAt, expires, now, 2) || now.isBefore(lastTry.plusSeconds(1))) return;
            lastTry = now;
            try {
                GatewayClient.Reply r = fresh().post("/v1/sessions/" + id + "/extend", GatewayClient.JSON.createObjectNode());
                if (r.status() != 200) throw new CliException(ExitCodes.FAILURE, r.error());
                java.time.Instant until = r.instant("expires_at");
                if (until.isAfter(expires)) {
                    expires = until;
                    extendedAt = now;
                }
            } catch (RuntimeException e) {
                if (!warned) out.println("hoop: could not extend the session (it ends " + expires + "): " + e.getMessage());
                warned = true;
            }
        }
    }

    private void readAnswers(java.util.concurrent.BlockingQueue<String> answers) {
        try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(root.ctx.in(), java.nio.charset.StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) answers.add(line);
        } catch (java.io.IOException ignored) {
            // No more input: the view keeps following without prompts.
        }
    }

    /** "a" approves, "d [reason]" denies, "v" shows the whole command of the request this session waits on. */
    private void answer(String line, LiveEventPrinter printer, PrintStream out) {
        String id = printer.openRequest();
        if (line.isEmpty()) return;
        if (id == null) {
            out.println("hoop: nothing is waiting for approval in this session");
            return;
        }
        char c = Character.toLowerCase(line.charAt(0));
        if (c == 'v') {
            out.println(hoop.core.ShownText.of(printer.openRequestText(), true));
        } else if (c == 'a' || c == 'd') {
            var body = GatewayClient.JSON.createObjectNode().put("by", hoop.core.Identity.localUser().subject());
            String reason = line.length() > 1 ? line.substring(1).strip() : "";
            if (!reason.isEmpty()) body.put("reason", reason);
            GatewayClient.Reply r = fresh().post("/v1/approvals/" + id + "/" + (c == 'a' ? "approve" : "deny"), body);
            out.println(r.status() == 200 ? "hoop: " + id + " " + r.body().path("status").asText() : "hoop: " + r.error());
        } else {
            out.println("hoop: answer a (approve), d [reason] (deny) or v (view)");
        }
        out.flush();
    }

    static void printEnv(PrintStream out, JsonNode env) {
        for (Iterator<Map.Entry<String, JsonNode>> it = env.fields(); it.hasNext(); ) {
            var e = it.next();
            out.println("export " + e.getKey() + "=" + Shell.quote(e.getValue().asText()));
        }
        out.flush();
    }
}
