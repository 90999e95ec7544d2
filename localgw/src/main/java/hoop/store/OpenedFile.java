package hoop.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The database file the writer opened. SQLite keeps writing to a file that was deleted or replaced under it
 * (rm hoop.db, a restore copied over it), where no reader and no later start will ever look: every command
 * would run and be "recorded" into nothing. So each commit first checks that the path still names this file.
 */
final class OpenedFile {
    private final Path path;
    private final Object key; // device and inode; null where the platform has no file keys (nothing to compare)

    private OpenedFile(Path path, Object key) {
        this.path = path;
        this.key = key;
    }

    static OpenedFile of(Path dbFile) {
        Path p = dbFile.toAbsolutePath();
        return new OpenedFile(p, keyOf(p));
    }

    /** Throws when the path no longer names the file that was opened. */
    void check() {
        if (key == null) {
            return;
        }
        Object now;
        try {
            now = keyOf(path);
        } catch (StoreException gone) {
            now = null;
        }
        if (!key.equals(now)) {
            throw new StoreException("the audit database " + path + " was " + (now == null ? "deleted" : "replaced")
                    + " while the gateway ran; nothing more can be recorded in it: restart the gateway");
        }
    }

    private static Object keyOf(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            throw new StoreException("the audit database " + p + " does not exist", e);
        } catch (IOException e) {
            throw new StoreException("cannot read the audit database " + p + ": " + e.getMessage(), e);
        }
    }
}
