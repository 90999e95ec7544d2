package hoop.store;

import java.nio.file.Files;
import java.nio.file.Path;

/** Run in a child JVM by {@link SpoolTest}: a gateway's store holding the spool until it is killed. */
public final class SpoolHolderChild {
    public static void main(String[] args) throws Exception {
        SqliteStore store = SqliteStore.open(Path.of(args[0]), Durability.PROCESS);
        Files.writeString(Path.of(args[1]), "open");
        Thread.sleep(120_000);
        store.close();
    }
}
