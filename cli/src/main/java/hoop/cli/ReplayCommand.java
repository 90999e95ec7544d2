package hoop.cli;

import hoop.replay.JsonExport;
import hoop.replay.TextReplay;
import hoop.store.SessionRecord;
import hoop.store.Store;
import hoop.store.StoreException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "replay", description = "Show what happened in a session, from its (masked) recording.")
final class ReplayCommand implements Callable<Integer> {
    @ParentCommand
    HoopCommand root;

    @Parameters(index = "0", paramLabel = "SESSION", description = "Session id (a unique prefix is enough).")
    String session;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default), json (documented schema, carries the gateway's signature) or asciicast (v2).")
    String format;

    @Override
    public Integer call() {
        try (Store store = Recordings.open(root.ctx.home())) {
            SessionRecord s;
            try {
                s = store.session(SessionIds.normalize(session)).orElseThrow(() -> new CliException(ExitCodes.FAILURE, "no session " + session));
            } catch (StoreException e) {
                throw new CliException(ExitCodes.FAILURE, e.getMessage());
            }
            switch (format) {
                case "json" -> JsonExport.write(store, s, store.signature(s.id()), root.ctx.out());
                case "text" -> TextReplay.render(store, s, root.ctx.out());
                default -> throw new CliException(ExitCodes.USAGE, "unknown --format " + format + " (text, json or asciicast)");
            }
            root.ctx.out().flush();
            return ExitCodes.OK;
        }
    }
}
