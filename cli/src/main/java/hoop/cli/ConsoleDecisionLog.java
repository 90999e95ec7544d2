package hoop.cli;

import hoop.core.Command;
import hoop.core.Decision;
import hoop.core.Verdict;
import hoop.guard.DecisionLog;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/**
 * One line per judged command on the gateway's console, so whoever runs it sees what agents do (allowed ones at a
 * readable rate, see MAX_ALLOWED_PER_FLUSH). Lines are
 * gathered and printed by their own thread at most ten times a second, in one write: a slow terminal must
 * never hold up a command, and a busy gateway must not pay a thread wakeup and a write per statement.
 */
final class ConsoleDecisionLog implements DecisionLog {
    private static final long FLUSH_MS = 100;
    /** Beyond this many unprinted lines (a stuck terminal), lines are counted instead of kept. */
    private static final int MAX_PENDING = 10_000;
    /**
     * Plain allowed commands shown per flush (200 a second): past that a person reads none of them, and a benchmark
     * through the gateway wrote a line per statement, hundreds of MB a minute. Refusals, flags and approvals are
     * always shown; the allowed ones beyond are counted in one line (all are in the recording).
     */
    static final int MAX_ALLOWED_PER_FLUSH = 20;

    private record Line(Command cmd, String maskedText, Verdict verdict, LocalTime at) {
    }

    private final PrintStream out;
    private final java.util.concurrent.ConcurrentLinkedQueue<Line> pending = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger queued = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger skipped = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger allowedQueued = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger unshown = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicBoolean flushScheduled = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.ScheduledExecutorService printer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hoop-console");
        t.setDaemon(true);
        return t;
    });

    ConsoleDecisionLog(PrintStream out) {
        this.out = out;
    }

    @Override
    public void judged(Command cmd, String maskedText, Verdict v) {
        boolean plain = v.allowed() && v.decision() instanceof Decision.Allow a && !a.flagged();
        if (plain && allowedQueued.incrementAndGet() > MAX_ALLOWED_PER_FLUSH) {
            allowedQueued.decrementAndGet();
            unshown.incrementAndGet();
        } else if (queued.incrementAndGet() > MAX_PENDING) {
            queued.decrementAndGet();
            skipped.incrementAndGet();
        } else {
            pending.add(new Line(cmd, maskedText, v, LocalTime.now().truncatedTo(ChronoUnit.SECONDS)));
        }
        if (flushScheduled.compareAndSet(false, true)) {
            printer.schedule(this::flush, FLUSH_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    private void flush() {
        flushScheduled.set(false);
        allowedQueued.set(0);
        StringBuilder b = new StringBuilder();
        for (Line l; (l = pending.poll()) != null; ) {
            queued.decrementAndGet();
            b.append(format(l)).append(System.lineSeparator());
        }
        int more = unshown.getAndSet(0);
        if (more > 0) {
            b.append("  (").append(more).append(" more allowed commands; hoop sessions and hoop replay show them all)").append(System.lineSeparator());
        }
        int lost = skipped.getAndSet(0);
        if (lost > 0) {
            b.append("  (").append(lost).append(" more commands not shown: the console could not keep up)").append(System.lineSeparator());
        }
        synchronized (out) {
            out.print(b);
            out.flush();
        }
    }

    private static String format(Line l) {
        Verdict v = l.verdict();
        String outcome = !v.allowed() ? "DENIED  " + v.explain()
                : v.decision() instanceof Decision.Allow a && a.flagged() ? "FLAGGED " + a.rule()
                : v.decision() instanceof Decision.Review ? "APPROVED by " + v.decidedBy() : "allowed";
        return String.format("%s  %-10s %-8s %s  ->  %s", l.at(), l.cmd().connection(),
                l.cmd().session().id().substring(0, 8), Text.oneLine(l.maskedText(), 100), Text.oneLine(outcome, 300));
    }
}
