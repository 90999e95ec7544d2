package hoop.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import hoop.store.SessionRecord;
import hoop.store.Store;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "sessions", description = "List recorded sessions, newest first.")
final class SessionsCommand implements Callable<Integer> {
    @ParentCommand
    HoopCommand root;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Option(names = "--limit", defaultValue = "50", description = "At most this many (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        PrintStream out = root.ctx.out();
        try (Store store = Recordings.open(root.ctx.home())) {
            List<SessionRecord> sessions = store.sessions(limit);
            if (json) {
                ArrayNode arr = GatewayClient.JSON.createArrayNode();
                for (SessionRecord s : sessions) {
                    arr.addObject().put("id", s.id()).put("user", s.user()).put("connection", s.connection())
                            .put("type", s.connectionType()).put("started_at", s.startedAt().toString())
                            .put("ended_at", s.endedAt() == null ? null : s.endedAt().toString()).put("status", s.status())
                            .put("commands", s.commands()).put("blocked", s.blocked()).put("flagged", s.flagged())
                            .put("reviewed", s.reviewed()).put("exit_code", s.exitCode());
                }
                out.println(arr.toPrettyString());
                return ExitCodes.OK;
            }
            if (sessions.isEmpty()) {
                out.println("no sessions recorded");
                return ExitCodes.OK;
            }
            out.printf("%-8s  %-10s  %-12s  %-20s  %9s  %4s  %7s  %7s  %8s  %s%n", "ID", "USER", "CONNECTION", "STARTED",
                    "DURATION", "CMDS", "BLOCKED", "FLAGGED", "REVIEWED", "STATUS");
            for (SessionRecord s : sessions) {
                Instant end = s.endedAt() == null ? Instant.now() : s.endedAt();
                out.printf("%-8s  %-10s  %-12s  %-20s  %9s  %4d  %7d  %7d  %8d  %s%n", s.id().substring(0, 8), s.user(),
                        s.connection(), s.startedAt().toString().substring(0, 19).replace('T', ' '),
                        duration(Duration.between(s.startedAt(), end)), s.commands(), s.blocked(), s.flagged(), s.reviewed(),
                        s.status() + (s.exitCode() == null ? "" : " (" + s.exitCode() + ")"));
            }
            return ExitCodes.OK;
        }
    }

    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) return ms + "ms";
        if (ms < 60_000) return String.format("%.1fs", ms / 1000.0);
        return d.toMinutes() + "m" + (d.toSecondsPart()) + "s";
    }
}
