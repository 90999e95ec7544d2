package hoop.cli;

import hoop.config.Durations;
import hoop.replay.Asciicast;
import hoop.replay.JsonExport;
import hoop.replay.Style;
import hoop.replay.TextReplay;
import hoop.store.SessionRecord;
import hoop.store.Store;
import hoop.store.StoreException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "replay", description = {"Show what happened in a session, from its (masked) recording.",
        "On a terminal it plays back with the original timing: space pause/resume, right/left step, g/G first/last, / search, q quit.",
        "Otherwise (or with --format) it writes the whole session at once."})
final class ReplayCommand implements Callable<Integer> {
    @ParentCommand
    HoopCommand root;

    @Parameters(index = "0", paramLabel = "SESSION", description = "Session id (a unique prefix is enough).")
    String session;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "text, json (documented schema, carries the gateway's signature) or asciicast (v2, for asciinema play).")
    String format;

    @Option(names = "--speed", defaultValue = "1", description = "Playback speed factor (default ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--max-idle", paramLabel = "DURATION", defaultValue = "2s",
            description = "Longest pause between two events in playback (default ${DEFAULT-VALUE}).")
    String maxIdle;

    @Option(names = "--instant", description = "Play without waiting between events.")
    boolean instant;

    @Option(names = "--width", paramLabel = "COLUMNS", description = "Width that result tables are fitted to (default: the terminal's, or 100).")
    Integer width;

    @Override
    public Integer call() throws Exception {
        Duration idle = Durations.parse(maxIdle).orElseThrow(() -> new CliException(ExitCodes.USAGE,
                "--max-idle: expected a duration like 500ms, 2s or 1m, got '" + maxIdle + "'"));
        if (!(speed > 0)) throw new CliException(ExitCodes.USAGE, "--speed must be greater than 0");
        try (Store store = Recordings.open(root.ctx.home())) {
            SessionRecord s;
            try {
                s = store.session(SessionIds.normalize(session)).orElseThrow(() -> new CliException(ExitCodes.FAILURE, "no session " + session));
            } catch (StoreException e) {
                throw new CliException(ExitCodes.FAILURE, e.getMessage());
            }
            int w = width != null ? width : TextReplay.DEFAULT_WIDTH;
            if (format == null && root.ctx.in() == System.in && root.ctx.out() == System.out) {
                try (org.jline.terminal.Terminal t = org.jline.terminal.TerminalBuilder.builder().system(true).dumb(true).build()) {
                    if (!t.getType().startsWith("dumb")) {
                        return new ReplayPlayer(store, s, t, width, instant ? 0 : speed, idle).run();
                    }
                }
            }
            switch (format == null ? "text" : format) {
                case "json" -> JsonExport.write(store, s, store.signature(s.id()), root.ctx.out());
                case "text" -> TextReplay.render(s, sink -> store.forEachEvent(s.id(), sink), Style.PLAIN, w, root.ctx.out());
                case "asciicast" -> Asciicast.write(s, sink -> store.forEachEvent(s.id(), sink), w, 30, root.ctx.out());
                default -> throw new CliException(ExitCodes.USAGE, "unknown --format " + format + " (text, json or asciicast)");
            }
            root.ctx.out().flush();
            return ExitCodes.OK;
        }
    }
}
