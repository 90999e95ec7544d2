package hoop.protocol.exec;

import hoop.core.Command;
import hoop.core.Identity;
import hoop.core.Session;
import hoop.core.Verdict;
import hoop.guard.AwsAnswerShape;
import hoop.guard.AwsDownloads;
import hoop.guard.GuardedConnection;
import hoop.core.ApprovalNotice;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One `hoop exec`: judge, then run the connection's program with its secret environment, streaming masked
 * output back. Process I/O is blocking, so it runs on virtual threads; the event loop only moves frames.
 */
public final class ExecSession extends SimpleChannelInboundHandler<ExecFrame> {
    public static final int EXIT_DENIED = 3;
    static final long STDIN_HIGH_WATER = 1 << 20;
    private static final Logger LOG = Logger.getLogger(ExecSession.class.getName());
    private static final List<String> INHERITED_ENV = List.of("PATH", "HOME", "LANG", "LC_ALL", "TERM", "USER", "LOGNAME", "SHELL", "TMPDIR");

    private enum State { JUDGING, RUNNING, DONE }

    private final GuardedConnection conn;
    private final ExecRequest request;
    private final Identity identity;
    private final AtomicLong stdinQueued = new AtomicLong();
    private final List<byte[]> earlyStdin = new ArrayList<>();
    private volatile State state = State.JUDGING;
    private volatile boolean clientGone;
    private volatile String pendingApproval;
    private volatile Session session;
    private volatile ProcessRun run;
    private ChannelHandlerContext ctx;

    public ExecSession(GuardedConnection conn, ExecRequest request, Identity identity) {
        this.conn = conn;
        this.request = request;
        this.identity = identity;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        // Started as a task of its own: this handler is added while the HTTP codec is still in the pipeline,
        // and a notice written before it is gone (the session can open that quickly) would be lost in it.
        ctx.executor().execute(this::judgeRequest);
    }

    /** Secrets in the files the command reads that their keys mark (see GuardedConnection.secretsInFilesRead). */
    private volatile Map<String, String> inFiles = Map.of();
    private static final java.util.concurrent.Executor FILE_READER =
            java.util.concurrent.Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("hoop-exec-files").factory());

    /** Passwords the command line gives as an option's value: masked in its recording and its output. */
    private java.util.Set<String> typed = java.util.Set.of();

    private void judgeRequest() {
        List<String> argv = ExecArgv.argv(conn.command(), request.args());
        String text = ExecArgv.text(conn.command(), request.args());
        typed = conn.typedSecrets(argv);
        conn.openSession(identity)
                .thenCompose(s -> {
                    session = s;
                    return conn.judge(new Command(s, text, argv), typed, this::waiting);
                })
                .whenComplete((verdict, err) -> ctx.executor().execute(() -> onVerdict(argv, verdict, err)));
    }

    private void waiting(ApprovalNotice r) {
        pendingApproval = r.id();
        send(ExecFrame.text(ExecFrame.Type.NOTICE, r.message() + "\n"));
    }

    private void onVerdict(List<String> argv, Verdict verdict, Throwable err) {
        pendingApproval = null;
        if (err != null || session == null) {
            LOG.log(Level.WARNING, "exec session could not start", err);
            finish(1, "hoop: the command was not run: " + (err == null ? "no session" : unwrapped(err).getMessage()), "error");
            return;
        }
        if (clientGone) {
            conn.guard().closeSession(session, "error", null);
            return;
        }
        if (!verdict.allowed()) {
            finish(EXIT_DENIED, "hoop: " + verdict.explain(), "closed");
            return;
        }
        if (verdict.decidedBy() != null && !"policy".equals(verdict.decidedBy())) {
            send(ExecFrame.text(ExecFrame.Type.NOTICE, "hoop: approved by " + verdict.decidedBy() + "\n"));
        }
        if (!stageFiles(argv)) return;
        // Read while the credentials are issued; neither may block the event loop.
        java.util.concurrent.CompletableFuture<Map<String, String>> found = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                    // a digest of a file shown masked confirms guesses of what was masked (the line is read again here,
                    // off the event loop, as its files are)
                    printsDigests = hoop.guard.DigestStandIns.printsDigests(argv);
                    return conn.secretsInFilesRead(argv, childHome());
                }, FILE_READER);
        conn.sessionEnv(session).whenComplete((env, e) -> found.whenComplete((learned, fe) -> ctx.executor().execute(() -> {
            if (e != null) {
                LOG.log(Level.WARNING, "session credentials could not be issued", e);
                finish(1, "hoop: the command was not run: no credentials for this session (" + rootMessage(e) + ")", "error");
            } else if (fe != null) {
                // Fail closed: what it would print could not be masked by the values its files hold.
                LOG.log(Level.WARNING, "the files a command reads could not be read for secrets", fe);
                finish(1, "hoop: the command was not run: the files it reads could not be looked at (" + rootMessage(fe) + ")", "error");
            } else {
                inFiles = learned;
                start(argv, env);
            }
        })));
    }

    /**
     * Files the aws CLI would write answers into are staged, to be written masked by hoop; a command writing one hoop
     * cannot stage does not run, whatever the policy says of unknown commands (false: finished).
     */
    private boolean stageFiles(List<String> argv) {
        try {
            files = "aws".equals(conn.type()) ? AwsDownloads.of(argv, conn.filesDir()) : AwsDownloads.none(argv);
        } catch (IOException | RuntimeException e) {
            finish(1, "hoop: the command was not run: no place to mask the files it writes (" + e.getMessage() + ")", "error");
            return false;
        }
        if (files.refusal() == null) return true;
        finish(EXIT_DENIED, "hoop: the command was not run: " + files.refusal(), "closed");
        return false;
    }

    /** The failure a future's wrapper carries: the wrapper's own message starts with the wrapped class's name. */
    private static Throwable unwrapped(Throwable t) {
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) t = t.getCause();
        return t;
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) t = t.getCause();
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private void start(List<String> argv, Map<String, String> sessionEnv) {
        if (clientGone) {
            conn.guard().closeSession(session, "error", null);
            return;
        }
        List<String> launched = files.launch();
        try {
            // A password the command line gives is masked in what it prints too (bash -x echoes the line).
            secrets = new java.util.ArrayList<>(sessionSecrets(sessionEnv));
            secrets.addAll(typed);
            // The aws CLI's --query and --output text are applied by hoop to the answer it masked with its keys.
            AwsAnswerShape shape = "aws".equals(conn.type()) ? AwsAnswerShape.of(launched) : null;
            // And the values its files hold that only their key marks: cut -d= -f2 .env prints them without it.
            List<String> started = conn.launchArgv(shape != null ? shape.launch() : launched);
            run = ProcessRun.start(conn.runAs() == null ? started : conn.runAs().wrap(started), childEnv(sessionEnv), secrets, inFiles, conn, session,
                    this::send, this::stdinDrained, this::onProcessDone, shape, files.shown(), digestStreams(launched), printsDigests);
        } catch (IOException e) {
            finish(127, "hoop: cannot start " + argv.get(0) + ": " + e.getMessage(), "error");
            return;
        }
        // A quick command can be done (and its session closed) before we get here; DONE must then stay DONE,
        // or a client leaving afterwards would be recorded after the session's signed end.
        if (!startRunning()) return;
        for (byte[] b : earlyStdin) run.stdin(b);
        earlyStdin.clear();
    }

    /**
     * The streams of an aws connection's command whose digests of objects are shown as stand-ins (DigestStandIns):
     * both, but for the stdout of the CLI's s3 commands, which prints objects themselves (`s3 cp s3://b/k -`).
     */
    /** The line runs a program printing digests of what it reads (set before start, off the event loop). */
    private volatile boolean printsDigests;

    private java.util.Set<hoop.core.ResultChunk.Stream> digestStreams(List<String> launched) {
        if (printsDigests) return java.util.Set.of(hoop.core.ResultChunk.Stream.STDOUT, hoop.core.ResultChunk.Stream.STDERR);
        if (!"aws".equals(conn.type())) return java.util.Set.of();
        return AwsAnswerShape.printsObjects(launched) ? java.util.Set.of(hoop.core.ResultChunk.Stream.STDERR)
                : java.util.Set.of(hoop.core.ResultChunk.Stream.STDOUT, hoop.core.ResultChunk.Stream.STDERR);
    }

    private synchronized boolean startRunning() {
        if (state != State.JUDGING) return false;
        state = State.RUNNING;
        return true;
    }

    /**
     * The secrets among what was issued for this session (AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN): the child
     * may print them (`aws --debug` prints the token), and the agent must not get a credential usable around
     * hoop. Chosen by name: the rest (region, /dev/null paths) would shred ordinary output.
     */
    static List<String> sessionSecrets(Map<String, String> sessionEnv) {
        return sessionEnv.entrySet().stream().filter(e -> e.getKey().toUpperCase(java.util.Locale.ROOT).matches(".*(SECRET|TOKEN|PASSWORD).*"))
                .map(Map.Entry::getValue).filter(v -> v != null).toList();
    }

    private Map<String, String> childEnv(Map<String, String> sessionEnv) {
        Map<String, String> env = new java.util.HashMap<>();
        for (String k : INHERITED_ENV) {
            String v = System.getenv(k);
            if (v != null) env.put(k, v);
        }
        hoop.core.RunAs user = conn.runAs();
        if (user != null) {
            env.put("USER", user.user());
            env.put("LOGNAME", user.user());
        }
        env.putAll(sessionEnv);
        // One rule for HOME, the one the shell guard reads ~ and $HOME by.
        String home = childHome(sessionEnv, user);
        if (home != null) env.put("HOME", home);
        return env;
    }

    /** Where ~ leads for the child: see {@link #childHome(Map, hoop.core.RunAs)}. */
    private String childHome() {
        return childHome(conn.env(), conn.runAs());
    }

    /**
     * The HOME a command connection's child gets: the connection's env HOME, else its run_as user's (as login gives it:
     * tools find their config and caches there), else the gateway's. The shell guard judges ~, $HOME and a bare cd by it.
     */
    public static String childHome(Map<String, String> connectionEnv, hoop.core.RunAs user) {
        if (connectionEnv.containsKey("HOME")) return connectionEnv.get("HOME");
        return user != null ? user.home() : System.getenv("HOME");
    }

    /** The files the aws CLI writes, staged by hoop (see AwsDownloads); the session's secrets, masked in them too. */
    private volatile AwsDownloads files;
    private volatile List<String> secrets = List.of();

    private void onProcessDone(int exitCode, String failure) {
        if (failure == null && files != null && files.stages()) failure = deliverFiles(exitCode);
        if (failure != null) {
            finish(1, "hoop: " + failure, "error");
            return;
        }
        conn.guard().recordExit(session, exitCode)
                .whenComplete((v, e) -> finish(exitCode, null, clientGone ? "error" : "closed"));
    }

    /**
     * Puts the masked files where the user asked for them, once the CLI has written them all; a failed or stopped run
     * leaves none. Each is noted in the recording, and told to the user unless the command asked for quiet.
     */
    private String deliverFiles(int exitCode) {
        List<String> notes;
        if (exitCode != 0 || clientGone) {
            files.discard();
            notes = List.of("the command failed: hoop wrote none of the files it downloaded");
        } else {
            try {
                notes = files.deliver(conn.outputFilters(secrets, inFiles), conn.inPlaceFilters(secrets, inFiles));
            } catch (IOException | RuntimeException e) {
                files.discard();
                return "the downloaded files could not be written masked (" + e.getMessage() + "); none was written";
            }
        }
        boolean quiet = files.launch().contains("--quiet") || files.launch().contains("--only-show-errors");
        for (String note : notes) {
            byte[] line = masked(("hoop: " + note + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            try {
                conn.guard().recordOutput(session, new hoop.core.ResultChunk(hoop.core.ResultChunk.Stream.STDERR, line)).join();
            } catch (RuntimeException e) {
                return "output could not be recorded";
            }
            if (!quiet || exitCode != 0 || note.contains(hoop.guard.AwsDownloads.NOT_WRITTEN)) send(new ExecFrame(ExecFrame.Type.NOTICE, line));
        }
        // The command did not do all it was asked: a script must not take the missing file for a download.
        if (files.withheld() > 0) return files.withheld() + " of the downloaded files were not written (see above)";
        return null;
    }

    /** A note naming files is masked as output is: a key may be an e-mail address. */
    private byte[] masked(byte[] text) {
        return conn.outputFilters(secrets, inFiles).get().whole(text);
    }

    /** message: shown to the user (as a notice, before the exit status), or null. */
    private void finish(int code, String message, String status) {
        synchronized (this) {
            state = State.DONE;
        }
        if (files != null) files.discard();
        if (session != null && conn.credentials() != null) conn.credentials().release(session);
        if (message != null) send(ExecFrame.text(ExecFrame.Type.NOTICE, message + "\n"));
        CompletableFuture<Void> closed = session == null ? CompletableFuture.completedFuture(null)
                : conn.guard().closeSession(session, status, code);
        closed.whenComplete((v, e) -> {
            if (ctx.channel().isActive()) {
                ctx.writeAndFlush(ExecFrame.exit(code, message)).addListener(f -> ctx.close());
            }
        });
    }

    /** Writes a frame; blocks the calling virtual thread while the client is slow (backpressure). */
    private void send(ExecFrame frame) {
        if (!ctx.channel().isActive()) return;
        var f = ctx.writeAndFlush(frame);
        if (!ctx.channel().isWritable() && !ctx.executor().inEventLoop()) f.awaitUninterruptibly();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ExecFrame frame) {
        byte[] data = frame.type() == ExecFrame.Type.STDIN_EOF ? null : frame.payload();
        if (state == State.JUDGING) {
            earlyStdin.add(data);
            if (earlyStdin.size() > 1024) ctx.channel().config().setAutoRead(false);
            return;
        }
        ProcessRun r = run;
        if (r == null || state == State.DONE) return;
        if (data != null && stdinQueued.addAndGet(data.length) > STDIN_HIGH_WATER) ctx.channel().config().setAutoRead(false);
        r.stdin(data);
    }

    /** Called by the stdin writer as it drains, to resume reading from the client. */
    void stdinDrained(int n) {
        if (stdinQueued.addAndGet(-n) < STDIN_HIGH_WATER / 2) ctx.channel().config().setAutoRead(true);
    }

    /** The stream ended on a malformed frame: its reason is the one recorded, not the disconnect that follows. */
    private volatile boolean malformed;

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        clientGone = true;
        String pending = pendingApproval;
        if (pending != null) conn.guard().cancelApproval(pending, "client disconnected while waiting");
        ProcessRun r = run;
        if (r != null && state == State.RUNNING) r.kill();
        // After DONE the session is closed and signed: a client leaving then is the normal end, not news. After a
        // malformed frame hoop closed the stream itself, and said why already.
        if (session != null && state != State.DONE && !malformed) {
            conn.guard().recordError(session, "client disconnected");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof io.netty.handler.codec.DecoderException bad && ctx.channel().isActive() && state != State.DONE) {
            // A malformed frame ends this stream (its command is stopped, as when the client leaves) with the reason
            // said and recorded; the gateway's other streams and connections go on.
            String why = "hoop: malformed exec stream: " + (bad.getCause() != null ? bad.getCause().getMessage() : bad.getMessage());
            malformed = true;
            if (session != null) conn.guard().recordError(session, why);
            ctx.write(ExecFrame.text(ExecFrame.Type.NOTICE, why + "\n"));
            ctx.writeAndFlush(ExecFrame.exit(1, why)).addListener(f -> ctx.close());
            return;
        }
        LOG.log(Level.FINE, "exec connection failed", cause);
        ctx.close();
    }
}
