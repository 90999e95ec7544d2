package hoop.protocol.exec;

import hoop.core.ResultChunk;
import hoop.core.Session;
import hoop.guard.AwsAnswerShape;
import hoop.guard.GuardedConnection;
import hoop.guard.OutputFilter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * A running child process and the virtual threads around it: one reader per output stream feeding a
 * bounded queue, one pump per stream that masks, records and only then sends, one stdin writer.
 */
final class ProcessRun {
    private static final byte[] EOF = new byte[0];
    private static final long IDLE_FLUSH_MS = 100;

    interface Done {
        void done(int exitCode, String failure);
    }

    private final Process process;
    private final GuardedConnection conn;
    private final Session session;
    private final Consumer<ExecFrame> sink;
    private final BlockingQueue<byte[]> stdin = new LinkedBlockingQueue<>();
    private volatile String failure;
    /**
     * stdout and stderr end up on one screen: a line one of them left unfinished (a prompt on stderr, text shown
     * at a pause) is the context of what the other shows next, so a secret completed across them is seen whole.
     * Both pumps mask and send under this lock, in the order the user sees.
     */
    private final Object screen = new Object();
    private ResultChunk.Stream shownLast;
    private String shownTail = "";
    /** Filters masking the session's own secrets in the child's environment too, like the connection's. */
    private final java.util.function.Supplier<OutputFilter> filters;
    /** The two output streams' filters: each hands the other what it holds of a line they share (see feedAfter). */
    private final OutputFilter outFilter;
    private final OutputFilter errFilter;

    private volatile Map<String, String> shown = Map.of();
    private volatile java.util.Set<ResultChunk.Stream> digests = java.util.Set.of();
    /** The line runs a digest program: every digest shape it prints is a stand-in (DigestStandIns#printsDigests). */
    private volatile boolean digestProgram;

    /** Set when the aws CLI's answer is shaped by hoop (see AwsAnswerShape): its stdout is held whole, masked. */
    private final AwsAnswerShape shape;
    /** The most of a shaped answer held: a larger one is not shown (it could only be shown unshaped). */
    static final int SHAPE_MAX = 64 << 20;

    private ProcessRun(Process process, GuardedConnection conn, Session session, Consumer<ExecFrame> sink, java.util.Collection<String> secrets,
                       Map<String, String> known, AwsAnswerShape shape) {
        this.shape = shape;
        this.filters = conn.outputFilters(List.copyOf(secrets), known);
        this.outFilter = filters.get();
        this.errFilter = filters.get();
        this.process = process;
        this.conn = conn;
        this.session = session;
        this.sink = sink;
    }

    /** shape: null, or how hoop shapes the aws CLI's answer (argv is then already shape.launch()). */
    static ProcessRun start(List<String> argv, Map<String, String> env, java.util.Collection<String> secrets, GuardedConnection conn,
                            Session session, Consumer<ExecFrame> sink, IntConsumer drained, Done done, AwsAnswerShape shape) throws IOException {
        return start(argv, env, secrets, Map.of(), conn, session, sink, drained, done, shape, Map.of());
    }

    static ProcessRun start(List<String> argv, Map<String, String> env, java.util.Collection<String> secrets, Map<String, String> known,
                            GuardedConnection conn,
                            Session session, Consumer<ExecFrame> sink, IntConsumer drained, Done done, AwsAnswerShape shape,
                            Map<String, String> shown) throws IOException {
        return start(argv, env, secrets, known, conn, session, sink, drained, done, shape, shown, java.util.Set.of(), false);
    }

    /**
     * known: values masked as they map to (see GuardedConnection.secretsInFilesRead); shown: strings of the child's
     * output shown as others (hoop's staging paths as the user's, see AwsDownloads); digests: the streams whose
     * digests of objects are shown as stand-ins (an aws connection's, see DigestStandIns); digestProgram: the line runs
     * md5sum, sha256sum, cksum, ...: every digest shape is.
     */
    static ProcessRun start(List<String> argv, Map<String, String> env, java.util.Collection<String> secrets, Map<String, String> known,
                            GuardedConnection conn,
                            Session session, Consumer<ExecFrame> sink, IntConsumer drained, Done done, AwsAnswerShape shape,
                            Map<String, String> shown, java.util.Set<ResultChunk.Stream> digests, boolean digestProgram) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().clear();
        pb.environment().putAll(env);
        ProcessRun run = new ProcessRun(pb.start(), conn, session, sink, secrets, known, shape);
        run.shown = Map.copyOf(shown);
        run.digests = java.util.Set.copyOf(digests);
        run.digestProgram = digestProgram;
        Thread out = run.pump(run.process.getInputStream(), ResultChunk.Stream.STDOUT, ExecFrame.Type.STDOUT);
        Thread err = run.pump(run.process.getErrorStream(), ResultChunk.Stream.STDERR, ExecFrame.Type.STDERR);
        Thread.ofVirtual().name("exec-stdin").start(() -> run.writeStdin(drained));
        Thread.ofVirtual().name("exec-wait").start(() -> {
            try {
                int code = run.process.waitFor();
                out.join();
                err.join();
                done.done(code, run.failure);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return run;
    }

    /** data == null means end of input. */
    void stdin(byte[] data) {
        stdin.add(data == null ? EOF : data);
    }

    void kill() {
        // The program itself first: a shell whose running child died before it went on to the script's next command
        // (`sleep 60; rm -rf x` left by its client ran the rm). Its children, found beforehand, go next.
        List<ProcessHandle> below = process.descendants().toList();
        process.destroyForcibly();
        below.forEach(ProcessHandle::destroyForcibly);
    }

    private void writeStdin(IntConsumer drained) {
        OutputStream os = process.getOutputStream();
        OutputFilter filter = filters.get();
        try (os) {
            while (true) {
                byte[] b = stdin.take();
                if (b == EOF) break;
                os.write(b);
                os.flush();
                drained.accept(b.length);
                record(ResultChunk.Stream.INPUT, filter.feed(b, 0, b.length));
            }
            record(ResultChunk.Stream.INPUT, filter.finish());
        } catch (IOException e) {
            // The child closed its stdin; later input has nowhere to go.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void record(ResultChunk.Stream stream, byte[] masked) {
        if (masked.length > 0) conn.guard().recordOutput(session, new ResultChunk(stream, masked));
    }

    private Thread pump(InputStream in, ResultChunk.Stream stream, ExecFrame.Type type) {
        BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(16);
        Thread.ofVirtual().name("exec-read-" + type).start(() -> {
            byte[] buf = new byte[16384];
            try (in) {
                int n;
                while ((n = in.read(buf)) > 0) chunks.put(java.util.Arrays.copyOf(buf, n));
            } catch (IOException e) {
                // Stream closed because the process was killed: treat as end of output.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                chunks.put(EOF);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Shaping held = shape != null && stream == ResultChunk.Stream.STDOUT ? new Shaping() : null;
        return Thread.ofVirtual().name("exec-pump-" + type).start(() -> {
            OutputFilter filter = stream == ResultChunk.Stream.STDOUT ? outFilter : errFilter;
            OutputFilter other = stream == ResultChunk.Stream.STDOUT ? errFilter : outFilter;
            hoop.guard.StreamReplace replace = new hoop.guard.StreamReplace(shown);
            // Before masking and shaping: a --query picks from (and the recording holds) the stand-ins only.
            hoop.guard.DigestStandIns standIns = digests.contains(stream) ? new hoop.guard.DigestStandIns(digestProgram) : null;
            try {
                while (true) {
                    byte[] chunk = chunks.poll(IDLE_FLUSH_MS, TimeUnit.MILLISECONDS);
                    if (standIns != null && chunk != null) chunk = chunk == EOF ? eof(standIns.finish(), chunks) : standIns.feed(chunk);
                    byte[] tail = chunk == EOF ? replace.finish() : null;
                    if (chunk != null && chunk != EOF) chunk = replace.feed(chunk);
                    if (chunk == EOF) awaitOther(stream, filter);
                    synchronized (screen) {
                        if (shownLast != null && shownLast != stream) filter.continueLine(shownTail);
                        byte[] masked = chunk == EOF ? finish(filter, other, tail)
                                : chunk == null ? filter.flushIdle() : filter.feedAfter(other, chunk, 0, chunk.length);
                        if (masked.length > 0) {
                            shownLast = stream;
                            shownTail = filter.lineShown();
                        }
                        if (held != null) masked = held.take(masked, chunk == EOF);
                        emit(stream, type, masked);
                    }
                    if (chunk == EOF) return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /**
     * The end of a stream whose stand-ins held its last bytes: those go first, as a piece, and the end after them.
     */
    private static byte[] eof(byte[] last, BlockingQueue<byte[]> chunks) {
        if (last.length == 0) return EOF;
        chunks.add(EOF);  // the reader has ended: the queue has room for it
        return last;
    }

    /** The end of a stream: what waited to be replaced (as it came), then what the filter holds. */
    private static byte[] finish(OutputFilter filter, OutputFilter other, byte[] tail) {
        if (tail.length == 0) return filter.finish();
        byte[] head = filter.feedAfter(other, tail, 0, tail.length);
        byte[] rest = filter.finish();
        byte[] all = java.util.Arrays.copyOf(head, head.length + rest.length);
        System.arraycopy(rest, 0, all, head.length, rest.length);
        return all;
    }

    /** The streams whose output has ended. */
    private final java.util.Set<ResultChunk.Stream> ended = java.util.EnumSet.noneOf(ResultChunk.Stream.class);

    /**
     * A stream that ended holding part of a line (a possible start of a secret) keeps it while the other stream is
     * still open: what that one writes next may complete it on screen ("AKIAIOSF" on stdout, then "ODNN7EXAMPLE" on
     * stderr as the shell exits), and it takes the held bytes over (OutputFilter#feedAfter). Shown at the latest when
     * both have ended.
     */
    private void awaitOther(ResultChunk.Stream stream, OutputFilter filter) throws InterruptedException {
        ResultChunk.Stream otherStream = stream == ResultChunk.Stream.STDOUT ? ResultChunk.Stream.STDERR : ResultChunk.Stream.STDOUT;
        while (true) {
            synchronized (screen) {
                ended.add(stream);
                if (ended.contains(otherStream) || !filter.holdsLine()) return;
            }
            Thread.sleep(20);
        }
    }

    /**
     * The masked stdout of a shaped call: held while it is a JSON answer (it begins with { or [), then shaped at its
     * end; output that is no JSON answer (a command printing text, an error) passes as it comes.
     */
    private final class Shaping {
        private java.io.ByteArrayOutputStream held = new java.io.ByteArrayOutputStream();
        private Boolean json;

        byte[] take(byte[] masked, boolean end) {
            if (shape.printsCredential()) {
                // Nothing of it is shown before its end: a line cut between two reads would show its head.
                if (held.size() + masked.length > SHAPE_MAX) {
                    failure = "hoop: a credential the command printed was not shown";
                    held = new java.io.ByteArrayOutputStream();
                    kill();
                    return new byte[0];
                }
                held.writeBytes(masked);
                return end ? AwsAnswerShape.credential(release()) : new byte[0];
            }
            if (Boolean.FALSE.equals(json)) return masked;
            held.writeBytes(masked);
            if (json == null) {
                byte[] sofar = held.toByteArray();
                int i = 0;
                while (i < sofar.length && Character.isWhitespace(sofar[i])) i++;
                if (i == sofar.length && !end) return new byte[0];
                json = i < sofar.length && (sofar[i] == '{' || sofar[i] == '[');
                if (!json) return release();
            }
            if (held.size() > SHAPE_MAX) {
                failure = "hoop: an answer over " + (SHAPE_MAX >> 20) + " MiB cannot be shaped by --query or --output text after masking;"
                        + " ask for less, or for json";
                held = new java.io.ByteArrayOutputStream();
                kill();
                return new byte[0];
            }
            if (!end) return new byte[0];
            byte[] answer = release();
            try {
                // Masked again as what it now is: values without their keys.
                return filters.get().whole(shape.render(answer));
            } catch (IOException | RuntimeException e) {
                return answer;  // not the JSON it should be: shown masked, as the CLI gave it
            }
        }

        private byte[] release() {
            byte[] b = held.toByteArray();
            held = new java.io.ByteArrayOutputStream();
            return b;
        }
    }

    /** Record first, then send: output the recording does not hold never reaches the client. */
    private void emit(ResultChunk.Stream stream, ExecFrame.Type type, byte[] masked) {
        if (masked.length == 0 || failure != null) return;
        try {
            conn.guard().recordOutput(session, new ResultChunk(stream, masked)).join();
        } catch (RuntimeException e) {
            failure = "output could not be recorded; the command was stopped";
            kill();
            return;
        }
        sink.accept(new ExecFrame(type, masked));
    }
}
