package hoop.cli;

import hoop.config.HoopHome;
import hoop.store.SqliteStore;
import hoop.store.Store;
import java.nio.file.Files;

/** Opens the recording store for reading; works whether or not the gateway runs (SQLite WAL). */
final class Recordings {
    private Recordings() {}

    static Store open(HoopHome home) {
        GatewayClient.requireHome(home);
        if (!Files.exists(home.database())) {
            throw new CliException(ExitCodes.FAILURE, "no recordings yet (" + home.database() + " does not exist)");
        }
        flushRunningGateway(home);
        return SqliteStore.open(home.database());
    }

    /**
     * A running gateway acknowledges records before they reach hoop.db (they are spooled beside it): asking it
     * to copy them in first means the CLI shows everything up to now. No gateway, nothing to wait for.
     */
    private static void flushRunningGateway(HoopHome home) {
        if (!Files.exists(home.addressFile())) return;
        try {
            GatewayClient.connect(home).post("/v1/recordings/flush", GatewayClient.JSON.createObjectNode());
        } catch (CliException notRunning) {
            // A stale address file: whatever a crashed gateway spooled is copied in when it next starts.
        }
    }
}
