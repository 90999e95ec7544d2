package hoop.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.logging.Logger;

/**
 * Spooled records the database refused even on a restart (a broken row, a trigger, a deleted session) are
 * set aside in a file beside it rather than dropped or left to block every start: the audit trail keeps
 * them, and an operator sees where.
 */
final class SpoolQuarantine {
    private static final Logger LOG = Logger.getLogger(SpoolQuarantine.class.getName());

    private SpoolQuarantine() {
    }

    static String describe(Spool.Entry e, StoreException why) {
        StringBuilder b = new StringBuilder();
        b.append("spool record ").append(e.seq()).append(" session ").append(e.sessionId()).append(" at ").append(e.at())
                .append(" refused: ").append(why.getMessage()).append('\n');
        for (Store.NewEvent ev : e.events()) {
            b.append("  ").append(ev.type()).append(' ').append(ev.payload()).append('\n');
        }
        return b.toString();
    }

    static void write(Path dbFile, List<String> records) {
        if (records.isEmpty()) {
            return;
        }
        Path file = dbFile.resolveSibling(dbFile.getFileName() + ".unrecorded");
        try {
            if (!Files.exists(file)) {
                Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, String.join("", records), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            // The spool is about to be cleared: without this file the records would be lost, so stop here.
            throw new StoreException("cannot set aside " + records.size() + " unrecordable spool records in " + file
                    + ": " + e.getMessage(), e);
        }
        LOG.warning(records.size() + " spooled audit record(s) could not be written to the database; they are kept in " + file);
    }
}
