package hoop.cli;

import hoop.core.Command;
import hoop.core.Decision;
import hoop.core.Verdict;
import hoop.guard.DecisionLog;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/**
 * One line per judged command on the gateway's console, so whoever runs it sees what agents do. Printing
 * happens on its own thread: a slow terminal must never hold up a command.
 */
final class ConsoleDecisionLog implements DecisionLog {
    private final PrintStream out;
    private final java.util.concurrent.ExecutorService printer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hoop-console");
        t.setDaemon(true);
        return t;
    });

    ConsoleDecisionLog(PrintStream out) {
        this.out = out;
    }

    @Override
    public void judged(Command cmd, String maskedText, Verdict v) {
        printer.execute(() -> print(cmd, maskedText, v));
    }

    private void print(Command cmd, String maskedText, Verdict v) {
        String outcome = !v.allowed() ? "DENIED  " + v.explain()
                : v.decision() instanceof Decision.Allow a && a.flagged() ? "FLAGGED " + a.rule()
                : v.decision() instanceof Decision.Review ? "APPROVED by " + v.decidedBy() : "allowed";
        synchronized (out) {
            out.printf("%s  %-10s %-8s %s  ->  %s%n", LocalTime.now().truncatedTo(ChronoUnit.SECONDS), cmd.connection(),
                    cmd.session().id().substring(0, 8), Text.oneLine(maskedText, 100), outcome);
            out.flush();
        }
    }
}
