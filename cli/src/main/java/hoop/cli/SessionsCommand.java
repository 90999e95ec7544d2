package hoop.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import hoop.config.Durations;
import hoop.store.SessionRecord;
import hoop.store.Store;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "sessions", description = "List recorded sessions, newest first.", subcommands = SessionsCommand.Prune.class)
final class SessionsCommand implements Callable<Integer> {
    @ParentCommand
    HoopCommand root;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Option(names = "--limit", defaultValue = "50", description = "At most this many (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--connection", paramLabel = "NAME", description = "Only sessions on this connection.")
    String connection;

    @Option(names = "--user", paramLabel = "USER", description = "Only sessions of this user.")
    String user;

    @Option(names = "--since", paramLabel = "DURATION", description = "Only sessions started within this long (e.g. 2h, 7d).")
    String since;

    @Option(names = "--status", paramLabel = "STATUS", description = "blocked (a command was denied), reviewed (approvals were asked), error, active or closed.")
    String status;

    @Override
    public Integer call() {
        PrintStream out = root.ctx.out();
        Predicate<SessionRecord> keep = filter();
        try (Store store = Recordings.open(root.ctx.home())) {
            List<SessionRecord> sessions = new ArrayList<>();
            try {
                store.forEachSession(s -> {
                    if (keep.test(s)) sessions.add(s);
                    if (sessions.size() >= limit) throw new Enough();
                });
            } catch (Enough done) {
                // the rest of the (newest-first) list is not needed
            }
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
                out.println("no sessions recorded" + (keep == ALL ? "" : " that match"));
                return ExitCodes.OK;
            }
            String fmt = "%-8s  %-14s  %-12s  %-19s  %9s  %4s  %7s  %9s  %s%n";
            out.printf(fmt, "ID", "USER", "CONNECTION", "STARTED", "DURATION", "CMDS", "BLOCKED", "APPROVALS", "STATUS");
            for (SessionRecord s : sessions) {
                Instant end = s.endedAt() == null ? Instant.now() : s.endedAt();
                out.printf(fmt, s.id().substring(0, 8), Text.oneLine(s.user(), 14), Text.oneLine(s.connection(), 12),
                        s.startedAt().toString().substring(0, 19).replace('T', ' '), duration(Duration.between(s.startedAt(), end)),
                        s.commands(), s.blocked(), s.reviewed(), s.status() + (s.exitCode() == null ? "" : " (" + s.exitCode() + ")"));
            }
            return ExitCodes.OK;
        }
    }

    private static final Predicate<SessionRecord> ALL = s -> true;

    private Predicate<SessionRecord> filter() {
        Predicate<SessionRecord> p = ALL;
        if (connection != null) p = p.and(s -> connection.equals(s.connection()));
        if (user != null) p = p.and(s -> user.equals(s.user()));
        if (since != null) {
            Instant from = Instant.now().minus(duration("--since", since));
            p = p.and(s -> !s.startedAt().isBefore(from));
        }
        if (status != null) {
            p = p.and(switch (status) {
                case "blocked" -> s -> s.blocked() > 0;
                case "reviewed" -> s -> s.reviewed() > 0;
                case "error", "active", "closed" -> s -> status.equals(s.status());
                default -> throw new CliException(ExitCodes.USAGE, "--status: expected blocked, reviewed, error, active or closed, got '" + status + "'");
            });
        }
        return p;
    }

    static Duration duration(String option, String text) {
        return Durations.parse(text).orElseThrow(() -> new CliException(ExitCodes.USAGE,
                option + ": expected a duration like 30m, 2h or 30d, got '" + text + "'"));
    }

    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) return ms + "ms";
        if (ms < 60_000) return String.format("%.1fs", ms / 1000.0);
        return d.toMinutes() + "m" + (d.toSecondsPart()) + "s";
    }

    /** Stops the newest-first walk once the limit is reached. */
    private static final class Enough extends RuntimeException {
        Enough() {
            super(null, null, false, false);
        }
    }

    @Command(name = "prune", description = "Retention: delete sessions that ended longer ago than --older-than, with their events and approvals.")
    static final class Prune implements Callable<Integer> {
        @ParentCommand
        SessionsCommand parent;

        @Option(names = "--older-than", required = true, paramLabel = "DURATION", description = "e.g. 30d; active sessions are never pruned.")
        String olderThan;

        @Override
        public Integer call() {
            Duration age = duration("--older-than", olderThan);
            try (Store store = Recordings.open(parent.root.ctx.home())) {
                int n = store.pruneEndedBefore(Instant.now().minus(age));
                parent.root.ctx.out().println("pruned " + n + " session" + (n == 1 ? "" : "s") + " that ended more than " + olderThan + " ago");
            }
            return ExitCodes.OK;
        }
    }
}
