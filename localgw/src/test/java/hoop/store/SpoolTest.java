package hoop.store;

import static hoop.store.Fixtures.exec;
import static hoop.store.Fixtures.failure;
import static hoop.store.Fixtures.get;
import static hoop.store.Fixtures.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With process durability a record is acknowledged once it is in the spool, before SQLite has it. These
 * tests hold the spool to its promise: a crash loses nothing acknowledged, a restart adds nothing twice,
 * and a record that cannot be written (or that SQLite refuses) stops every later command.
 */
class SpoolTest {
    @TempDir
    Path dir;

    /** A spool segment's name (not a spare one, nor the lock). */
    private static final String SEGMENT = "hoop\\.db\\.spool\\.\\d+";

    /** The files of the test's directory whose names match {@code nameRegex}, in name order. */
    private List<Path> files(String nameRegex) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches(nameRegex)).sorted().toList();
        }
    }

    private static List<Store.NewEvent> command(String text) {
        return List.of(new Store.NewEvent("command", "{\"text\":\"" + text + "\"}"), new Store.NewEvent("decision", "{}"));
    }

    @Test
    void acknowledgedRecordsSurviveACrashBeforeTheyReachTheDatabase() throws Exception {
        Path db = dir.resolve("hoop.db");
        // A child JVM holds its writer busy, spools 50 commands, and dies without any shutdown.
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SpoolCrashChild.class.getName(), db.toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(SpoolCrashChild.EXIT, p.exitValue(), out);
        assertTrue(out.contains("spooled 50"), out);
        Path segment = files(SEGMENT).stream().findFirst().orElseThrow(() -> new AssertionError("the spool holds them"));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(segment)));

        try (SqliteStore store = SqliteStore.open(db, Durability.PROCESS)) {
            List<EventRecord> events = store.events("s-1");
            assertEquals(101, events.size(), "session start + 50 commands x (command, decision)");
            assertEquals("{\"text\":\"cmd 0\"}", events.get(1).payload());
            assertEquals("{\"text\":\"cmd 49\"}", events.get(99).payload());
            assertEquals(50, store.session("s-1").orElseThrow().commands());
            assertTrue(store.verify("s-1").ok(), store.verify("s-1").toString());
        }
        // A second start finds nothing left to copy: no record is added twice.
        try (SqliteStore store = SqliteStore.open(db, Durability.PROCESS)) {
            assertEquals(101, store.events("s-1").size());
            assertEquals(50, store.session("s-1").orElseThrow().commands());
        }
    }

    @Test
    void aTornLastRecordIsIgnoredAndTheCompleteOnesAreKept() throws Exception {
        Path db = dir.resolve("hoop.db");
        Spool spool = Spool.start(db, 0, Spool.Owner.take(db));
        spool.append("s-1", new int[4], command("whole"), (seq, at) -> { });
        spool.append("s-1", new int[4], command("cut short"), (seq, at) -> { });
        spool.close();
        Path segment = files(SEGMENT).get(0);
        byte[] bytes = Files.readAllBytes(segment);
        int end = bytes.length;
        while (bytes[end - 1] == 0) end--; // the filled zeros after the last record
        java.util.Arrays.fill(bytes, end - 7, end, (byte) 0); // the process died inside the copy
        Files.write(segment, bytes);
        List<Spool.Entry> left = Spool.recover(db, 0);
        assertEquals(1, left.size());
        assertEquals("{\"text\":\"whole\"}", left.get(0).events().get(0).payload());
        assertEquals(1, Spool.recover(db, 0).get(0).seq());
        assertEquals(0, Spool.recover(db, 1).size(), "entries already in the database are skipped");
    }

    @Test
    void recordsAreInTheSegmentAtOnceInOrderAndTheSegmentsZerosEndIt() throws Exception {
        Path db = dir.resolve("hoop.db");
        Spool spool = Spool.start(db, 10, Spool.Owner.take(db));
        spool.append("s-1", new int[4], command("result"), (seq, at) -> assertEquals(11, seq));
        assertEquals(List.of(11L), Spool.recover(db, 0).stream().map(Spool.Entry::seq).toList(), "no write(2) needed");
        spool.append("s-1", new int[4], command("next"), (seq, at) -> assertEquals(12, seq));
        assertEquals(List.of(11L, 12L), Spool.recover(db, 0).stream().map(Spool.Entry::seq).toList());
        spool.close();
    }

    @Test
    void aRecordLargerThanASegmentGetsOneOfItsOwnAndLaterRecordsFollowIt() throws Exception {
        Path db = dir.resolve("hoop.db");
        Spool spool = Spool.start(db, 0, Spool.Owner.take(db));
        String big = "x".repeat(9 << 20);
        spool.append("s-1", new int[4], command("small"), (seq, at) -> { });
        spool.append("s-1", new int[4], command(big), (seq, at) -> { });
        spool.append("s-1", new int[4], command("after"), (seq, at) -> { });
        List<Spool.Entry> all = Spool.recover(db, 0);
        assertEquals(List.of(1L, 2L, 3L), all.stream().map(Spool.Entry::seq).toList());
        assertEquals("{\"text\":\"" + big + "\"}", all.get(1).events().get(0).payload());
        assertEquals(3, files(SEGMENT).size());
        spool.close();
    }

    @Test
    void segmentsTheDatabaseTookAreReusedNotLeftMappedAfterTheyAreDeleted() throws Exception {
        Path db = dir.resolve("hoop.db");
        Spool spool = Spool.start(db, 0, Spool.Owner.take(db));
        String chunk = "x".repeat(256 << 10);
        long last = 0;
        for (int i = 0; i < 200; i++) {  // 50 MiB through 8 MiB segments, the writer keeping up
            long[] seq = new long[1];
            spool.append("s-1", new int[4], command(chunk + i), (s, at) -> seq[0] = s);
            last = seq[0];
            if (i % 3 == 2) spool.ingested(last - 1);
        }
        assertTrue(files("hoop\\.db\\.spool\\.(?!lock$).*").size() <= 4, "the current segment, maybe one not yet taken, and at most two spares");
        // A deleted file that is still mapped keeps its disk space and page cache until the JVM collects the mapping.
        List<String> lingering = Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .filter(l -> l.contains(dir.toString()) && l.contains("(deleted)")).toList();
        assertEquals(List.of(), lingering);
        List<Spool.Entry> left = Spool.recover(db, last - 1);
        assertEquals(List.of(last), left.stream().map(Spool.Entry::seq).toList(), "a reused segment holds no old record");
        assertEquals("{\"text\":\"" + chunk + 199 + "\"}", left.get(0).events().get(0).payload());
        spool.close();
        try (SqliteStore store = SqliteStore.open(db, Durability.PROCESS)) {
            // A restart copies what is left and clears the spares away with the rest.
            assertEquals(List.of(), files(".*\\.spool\\.spare\\..*"));
        }
    }

    @Test
    void aSpoolThatCannotWriteRefusesThisAndEveryLaterRecord() throws Exception {
        Path db = dir.resolve("hoop.db");
        Spool spool = Spool.start(db, 0, file -> new FullDisk(), Spool.Owner.take(db));
        StoreException first = org.junit.jupiter.api.Assertions.assertThrows(StoreException.class,
                () -> spool.append("s-1", new int[4], command("x"), (seq, at) -> { throw new AssertionError("not queued"); }));
        assertTrue(first.getMessage().contains("No space left on device"), first.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(StoreException.class,
                () -> spool.append("s-1", new int[4], command("y"), (seq, at) -> { }));
    }

    @Test
    void aRecordTheDatabaseRefusesStopsLaterWritesAndIsCopiedAfterARestart() throws Exception {
        Path db = dir.resolve("hoop.db");
        try (SqliteStore store = SqliteStore.open(db, Durability.PROCESS)) {
            get(store.createSession(session("s-1", Instant.now())));
            exec(db, "CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.payload LIKE '%refused%' "
                    + "BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
            get(store.appendAll("s-1", command("refused"), 1, 0, 0, 0)); // acknowledged: it is in the spool
            StoreException later = failure(store.flush());
            assertTrue(later.getMessage().contains("disk says no"), later.getMessage());
            StoreException next = failure(store.appendAll("s-1", command("next"), 1, 0, 0, 0));
            assertTrue(next.getMessage().contains("commands run again once the database takes records"), next.getMessage());
        }
        exec(db, "DROP TRIGGER refuse");
        try (SqliteStore store = SqliteStore.open(db, Durability.PROCESS)) {
            List<EventRecord> events = store.events("s-1");
            assertEquals(2, events.size(), events.toString());
            assertEquals("{\"text\":\"refused\"}", events.get(0).payload());
            assertTrue(store.verify("s-1").ok());
        }
    }

    @Test
    void aRecordRefusedAgainOnRestartIsSetAsideNotDropped() throws Exception {
        Path db = dir.resolve("hoop.db");
        try (SqliteStore store = SqliteStore.open(db, Durability.PROCESS)) {
            get(store.createSession(session("s-1", Instant.now())));
            exec(db, "CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.payload LIKE '%refused%' "
                    + "BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
            get(store.appendAll("s-1", command("refused"), 1, 0, 0, 0));
            failure(store.flush());
        }
        try (SqliteStore store = SqliteStore.open(db, Durability.PROCESS)) {
            get(store.appendAll("s-1", command("after restart"), 1, 0, 0, 0));
            assertEquals(2, store.events("s-1").size(), "the gateway starts and records again");
        }
        String aside = Files.readString(dir.resolve("hoop.db.unrecorded"));
        assertTrue(aside.contains("refused") && aside.contains("disk says no"), aside);
    }

    @Test
    void whenTheDatabaseFallsBehindWritersWaitInsteadOfFillingTheHeap() throws Exception {
        Path db = dir.resolve("hoop.db");
        try (SqliteStore store = SqliteStore.open(db, Durability.PROCESS)) {
            get(store.createSession(session("s-1", Instant.now())));
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            store.onWriterTransaction((c, heads) -> {  // SQLite "stuck" (a slow disk) until released
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            });
            String chunk = "x".repeat(1 << 20);  // 1 MiB of output per record
            java.util.concurrent.CompletableFuture<Void> last = null;
            int acknowledgedAtOnce = 0;
            for (int i = 0; i < 40; i++) {
                last = store.appendAll("s-1", List.of(new Store.NewEvent("output", chunk)), 0, 0, 0, 0);
                if (last.isDone()) acknowledgedAtOnce++;
            }
            assertTrue(acknowledgedAtOnce < 40 && !last.isDone(), "past the backlog limit a writer waits: " + acknowledgedAtOnce);
            release.countDown();
            last.get(30, TimeUnit.SECONDS);
            assertEquals(40, store.events("s-1").size());
        }
    }

    @Test
    void aSecondGatewayOnTheSameDatabaseIsRefused() throws Exception {
        Path db = dir.resolve("hoop.db");
        Path marker = dir.resolve("child-holds-lock");
        // Another process (not this JVM) holds the spool, as a second gateway would find it.
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SpoolHolderChild.class.getName(), db.toString(), marker.toString())
                .redirectErrorStream(true).start();
        try {
            for (int i = 0; i < 300 && !Files.exists(marker); i++) Thread.sleep(100);
            assertTrue(Files.exists(marker), "the child took the spool");
            StoreException e = org.junit.jupiter.api.Assertions.assertThrows(StoreException.class,
                    () -> SqliteStore.open(db, Durability.PROCESS));
            assertTrue(e.getMessage().contains("in use by another hoop gateway"), e.getMessage());
        } finally {
            p.destroyForcibly().waitFor();
        }
        SqliteStore.open(db, Durability.PROCESS).close(); // free again once it is gone
    }

    /** A segment file on a full disk: every write fails the way write(2) does with ENOSPC. */
    private static final class FullDisk extends FileChannel {
        @Override
        public int write(ByteBuffer src) throws IOException {
            throw new IOException("No space left on device");
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            throw new IOException("No space left on device");
        }

        @Override
        public int read(ByteBuffer dst) {
            return -1;
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) {
            return -1;
        }

        @Override
        public long position() {
            return 0;
        }

        @Override
        public FileChannel position(long newPosition) {
            return this;
        }

        @Override
        public long size() {
            return 0;
        }

        @Override
        public FileChannel truncate(long size) {
            return this;
        }

        @Override
        public void force(boolean metaData) {
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) {
            return 0;
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) {
            return 0;
        }

        @Override
        public int read(ByteBuffer dst, long position) {
            return -1;
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            throw new IOException("No space left on device");
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected void implCloseChannel() {
        }
    }
}
