package hoop.cli;

import hoop.config.HoopHome;
import hoop.store.SqliteStore;
import hoop.store.Store;
import java.nio.file.Files;

/** Opens the recording store for reading; works whether or not the gateway runs (SQLite WAL). */
final class Recordings {
    private Recordings() {}

    static Store open(HoopHome home) {
        if (!Files.exists(home.database())) {
            throw new CliException(ExitCodes.FAILURE, "no recordings yet (" + home.database() + " does not exist)");
        }
        return SqliteStore.open(home.database());
    }
}
