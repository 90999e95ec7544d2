package hoop.store;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/** How every connection to the audit database is opened, so writer and readers agree on the pragmas. */
final class Db {

    static final int BUSY_TIMEOUT_MS = 10_000;

    private Db() {
    }

    /**
     * Creates the file up front so its mode is ours, not the umask's: sessions hold masked but still sensitive
     * output. SQLite gives the -wal and -shm files the same mode as the database file.
     */
    static void prepareFile(Path dbFile) {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try {
            Path dir = dbFile.toAbsolutePath().getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            if (!Files.exists(dbFile)) {
                if (posix) {
                    Files.createFile(dbFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } else {
                    Files.createFile(dbFile);
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot create audit database " + dbFile + ": " + e.getMessage(), e);
        }
    }

    static Connection openWriter(Path dbFile, Durability durability) throws SQLException {
        SQLiteConfig cfg = common();
        cfg.setSynchronous(durability == Durability.POWER_LOSS ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        cfg.enforceForeignKeys(true);
        // Nothing reads generated keys; with them on, the driver runs "SELECT last_insert_rowid()" after every insert.
        cfg.setGetGeneratedKeys(false);
        return cfg.createConnection(url(dbFile));
    }

    static Connection openReader(Path dbFile) throws SQLException {
        Connection c = common().createConnection(url(dbFile));
        // Readers must never write: the single-writer design depends on it.
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA query_only = 1");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private static SQLiteConfig common() {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        cfg.setBusyTimeout(BUSY_TIMEOUT_MS);
        return cfg;
    }

    private static String url(Path dbFile) {
        return "jdbc:sqlite:" + dbFile.toAbsolutePath();
    }
}
