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
        GatewayClient.Reply r = gw.post("/v1/sessions", body);
        if (r.status() != 201) throw new CliException(r.status() == 400 ? ExitCodes.USAGE : ExitCodes.FAILURE, r.error());
        JsonNode s = r.body();
        PrintStream out = ctx.out();
        if (json) {
            out.println(s.toPrettyString());
            return ExitCodes.OK;
        }
        if (env) {
            printEnv(out, s.path("env"));
            return ExitCodes.OK;
        }
        String id = s.path("id").asText();
        out.println("hoop: session " + id.substring(0, 8) + " on " + connection + " (expires " + s.path("expires_at").asText() + ")");
        out.println("  " + s.path("uri").asText());
        printEnv(out, s.path("env"));
        out.println("Statements appear below as clients run them. Ctrl-C ends the session and revokes these credentials.");
        out.flush();
        Thread hook = new Thread(() -> {
            gw.delete("/v1/sessions/" + id);
            detach.countDown();
        }, "hoop-disconnect");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            follow(id, out, gw);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
                gw.delete("/v1/sessions/" + id);
            } catch (IllegalStateException shuttingDown) {
                // The hook is already revoking the session.
            }
        }
        return ExitCodes.OK;
    }

    private void follow(String id, PrintStream out, GatewayClient gw) throws InterruptedException {
        LiveEventPrinter printer = new LiveEventPrinter(out);
        AtomicLong last = new AtomicLong();
        java.util.concurrent.BlockingQueue<String> answers = new java.util.concurrent.LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().name("hoop-connect-input").start(() -> readAnswers(answers));
        while (!detach.await(250, TimeUnit.MILLISECONDS)) {
            for (String line; (line = answers.poll()) != null; ) answer(line.strip(), printer, gw, out);
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

    private void readAnswers(java.util.concurrent.BlockingQueue<String> answers) {
        try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(root.ctx.in(), java.nio.charset.StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) answers.add(line);
        } catch (java.io.IOException ignored) {
            // No more input: the view keeps following without prompts.
        }
    }

    /** "a" approves, "d [reason]" denies, "v" shows the whole command of the request this session waits on. */
    private void answer(String line, LiveEventPrinter printer, GatewayClient gw, PrintStream out) {
        String id = printer.openRequest();
        if (line.isEmpty()) return;
        if (id == null) {
            out.println("hoop: nothing is waiting for approval in this session");
            return;
        }
        char c = Character.toLowerCase(line.charAt(0));
        if (c == 'v') {
            out.println(printer.openRequestText());
        } else if (c == 'a' || c == 'd') {
            var body = GatewayClient.JSON.createObjectNode().put("by", hoop.core.Identity.localUser().subject());
            String reason = line.length() > 1 ? line.substring(1).strip() : "";
            if (!reason.isEmpty()) body.put("reason", reason);
            GatewayClient.Reply r = gw.post("/v1/approvals/" + id + "/" + (c == 'a' ? "approve" : "deny"), body);
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
