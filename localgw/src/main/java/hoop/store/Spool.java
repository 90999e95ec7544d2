package hoop.store;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Append-only files beside the database that take a record before the command it describes is forwarded,
 * so the hot path pays a memory copy instead of a wait for the SQLite writer. Segments are mapped shared:
 * a record copied into the mapping is in the kernel's page cache, so it survives a gateway crash, which is
 * the promise of {@link Durability#PROCESS}, without a write(2) per command. The writer copies records into
 * SQLite in batches behind it and a restart copies whatever it had not reached yet. A segment whose records
 * are all in SQLite is set aside, still mapped, and becomes a later segment (renamed, then zeroed through its
 * mapping): Java unmaps a buffer only when it is collected, so a deleted segment kept its disk space and page
 * cache until a full collection, hundreds of megabytes of them under steady load.
 *
 * <p>Each segment is filled with zeros by write(2) before it is mapped: a full disk then fails that write, as
 * an IOException, instead of faulting a later copy into a page the file system cannot back.
 *
 * <p>Record layout: int magic, int body length, body, int CRC32C of the body; the zeros after the last
 * record end a segment. A torn last record (the process died inside the copy) fails its length or checksum
 * and is ignored: its command was never forwarded.
 */
final class Spool implements AutoCloseable {
    static final int MAGIC = 0x484f4f50; // "HOOP"
    private static final int SEGMENT_BYTES = 8 << 20;
    private static final byte[] ZERO_BLOCK = new byte[1 << 16];
    private static final String PREFIX = ".spool.";

    /** A spooled appendAll: the events of one session, the counter deltas, and when they were recorded. */
    record Entry(long seq, String sessionId, Instant at, int[] deltas, List<Store.NewEvent> events) {
    }

    private record Segment(Path path, long lastSeq, java.nio.MappedByteBuffer map) {
    }

    /** Ingested segments kept for reuse; more than this are deleted (the writer fell far behind, then caught up). */
    private static final int MAX_SPARE = 2;
    private static final String SPARE = "spare.";

    /** How segment files are opened; tests give one whose writes fail, as a full disk's do. */
    interface Opener {
        FileChannel open(Path file) throws IOException;
    }

    /** Owner-only, like hoop.db: the records hold masked but still sensitive commands and results. */
    private static final java.nio.file.attribute.FileAttribute<?> OWNER_ONLY =
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    private static final Opener FILES = file -> FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ, StandardOpenOption.WRITE), OWNER_ONLY);

    private final Path dbFile;
    private final Opener opener;
    private final Owner owner;
    private final Deque<Segment> closed = new ArrayDeque<>();
    private final Deque<Segment> spare = new ArrayDeque<>();
    private long spares; // names spare files apart
    private ByteBuffer scratch = ByteBuffer.allocate(4096);
    private java.nio.MappedByteBuffer current;
    private Path currentPath;
    private long lastSeq; // the last seq written
    private volatile StoreException failed; // read without the lock: the writer asks while holding its own
    private boolean broken; // failed before close: some records may not be in SQLite yet

    private Spool(Path dbFile, long lastSeq, Opener opener, Owner owner) {
        this.dbFile = dbFile;
        this.opener = opener;
        this.owner = owner;
        this.lastSeq = lastSeq;
    }

    /**
     * The spool has one owner: a second gateway on the same database would copy (and delete) records the
     * first has not copied yet. Taken before recovery and held until close.
     */
    static final class Owner implements AutoCloseable {
        private final FileChannel channel;
        private final java.nio.channels.FileLock lock;

        private Owner(FileChannel channel, java.nio.channels.FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        static Owner take(Path dbFile) {
            Path file = dbFile.resolveSibling(dbFile.getFileName() + PREFIX + "lock");
            FileChannel ch = null;
            try {
                ch = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), OWNER_ONLY);
                java.nio.channels.FileLock lock = ch.tryLock();
                if (lock == null) {
                    throw new java.nio.channels.OverlappingFileLockException();
                }
                return new Owner(ch, lock);
            } catch (java.nio.channels.OverlappingFileLockException busy) {
                closeQuietly(ch);
                throw new StoreException("the audit database " + dbFile + " is in use by another hoop gateway (its spool "
                        + file + " is locked); stop that gateway first");
            } catch (IOException e) {
                closeQuietly(ch);
                throw new StoreException("cannot lock the audit spool " + file + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                lock.release();
            } catch (IOException ignored) {
                // Closing the channel releases it as well.
            }
            closeQuietly(channel);
        }

        private static void closeQuietly(FileChannel ch) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // Nothing was written through it.
                }
            }
        }
    }

    /** Every entry of the segments beside dbFile that is newer than {@code ingested}, oldest first. */
    static List<Entry> recover(Path dbFile, long ingested) {
        List<Entry> out = new ArrayList<>();
        List<Path> segments = segments(dbFile);
        for (int i = 0; i < segments.size(); i++) {
            boolean last = i == segments.size() - 1;
            try (InputStream in = Files.newInputStream(segments.get(i))) {
                readSegment(new DataInputStream(in), segments.get(i), last, ingested, out);
            } catch (IOException e) {
                throw new StoreException("cannot read audit spool " + segments.get(i) + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Starts a fresh spool after recovery: old segments go, numbering continues after {@code lastSeq}. */
    static Spool start(Path dbFile, long lastSeq, Owner owner) {
        return start(dbFile, lastSeq, FILES, owner);
    }

    static Spool start(Path dbFile, long lastSeq, Opener opener, Owner owner) {
        for (Path p : files(dbFile, true)) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new StoreException("cannot remove ingested audit spool " + p + ": " + e.getMessage(), e);
            }
        }
        return new Spool(dbFile, lastSeq, opener, owner);
    }

    /** Receives a record's place and time once it is written, still inside the spool's order. */
    interface Written {
        void accept(long seq, Instant at);
    }

    /**
     * Stamps and writes the record and, still in spool order, hands it to {@code then} (which queues the copy
     * into SQLite). Throws when the record could not be written: the caller must not run the command.
     */
    synchronized long append(String sessionId, int[] deltas, List<Store.NewEvent> events, Written then) {
        if (failed != null) {
            throw failed;
        }
        long seq = lastSeq + 1;
        // Stamped under the lock, so time order and spool order (and so seq order) agree within a session.
        Instant at = Instant.now();
        try {
            write(encode(seq, sessionId, at, deltas, events));
        } catch (IOException | RuntimeException e) {
            throw broke(e);
        }
        lastSeq = seq;
        then.accept(seq, at);
        return seq;
    }

    private void write(ByteBuffer record) throws IOException {
        if (current == null || current.remaining() < record.remaining()) {
            roll(record.remaining());
        }
        current.put(record);
    }

    private StoreException broke(Exception e) {
        // What was half written is a torn record; nothing after it may follow, so the spool stops here.
        failed = new StoreException("audit spool write failed: " + e.getMessage(), e);
        broken = true;
        return failed;
    }

    /** Called by the writer once entries up to {@code seq} are committed to SQLite. */
    synchronized void ingested(long seq) {
        while (!closed.isEmpty() && closed.peekFirst().lastSeq() <= seq) {
            Segment done = closed.pollFirst();
            try {
                if (spare.size() < MAX_SPARE && done.map().capacity() == SEGMENT_BYTES) {
                    Path aside = dbFile.resolveSibling(dbFile.getFileName() + PREFIX + SPARE + spares++);
                    Files.move(done.path(), aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    spare.addLast(new Segment(aside, 0, done.map()));
                } else {
                    Files.deleteIfExists(done.path());
                }
            } catch (IOException e) {
                // Left for the next start to delete; its records are ingested and will be skipped.
            }
        }
    }

    /** Refuses every later append: used when SQLite could not take a spooled record. */
    synchronized void fail(StoreException cause) {
        if (failed == null) {
            failed = cause;
        }
        broken = true;
    }


    StoreException failure() {
        return failed;
    }

    Path dbFile() {
        return dbFile;
    }

    /**
     * Takes records again after a refusal, once the database holds every record up to {@code through}: the
     * segments holding them go (spares stay). False, still refusing, if the spool holds records past that.
     */
    synchronized boolean resume(long through) {
        if (failed == null || through < lastSeq) {
            return false;
        }
        for (Path p : segments(dbFile)) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                return false; // its records are in the database, but a new segment of the same name could not be made
            }
        }
        closed.clear();
        current = null;
        currentPath = null;
        failed = null;
        broken = false;
        return true;
    }

    /** Closes, keeping the segments: some of their records may not be in SQLite. */
    @Override
    public synchronized void close() {
        closeFile();
        if (owner != null) {
            owner.close();
        }
    }

    /**
     * Closes once the writer has copied every record: the segments go, and only then is the spool released,
     * so a gateway starting next cannot have its fresh segments deleted by this one.
     */
    synchronized void closeDrained() {
        closeFile();
        if (!broken) {
            deleteAll();
        }
        if (owner != null) {
            owner.close();
        }
    }

    private void closeFile() {
        current = null; // unmapped when collected; what was copied in is in the page cache already
        if (failed == null) {
            failed = new StoreException("audit store is closed; nothing was recorded");
        }
    }

    private void deleteAll() {
        for (Path p : files(dbFile, true)) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // A later start skips entries that are already ingested.
            }
        }
        closed.clear();
        spare.clear();
    }

    /** Starts the next segment, big enough for a record of {@code length} bytes: a spare one if it fits. */
    private void roll(int length) throws IOException {
        if (current != null) {
            closed.addLast(new Segment(currentPath, lastSeq, current));
            current = null;
        }
        currentPath = dbFile.resolveSibling(dbFile.getFileName() + PREFIX + String.format("%019d", lastSeq + 1));
        if (length <= SEGMENT_BYTES && !spare.isEmpty()) {
            // Renamed first: until it is zeroed it holds only ingested records, which a restart skips.
            Segment reused = spare.pollFirst();
            Files.move(reused.path(), currentPath, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            java.nio.MappedByteBuffer m = reused.map();
            m.clear();
            while (m.hasRemaining()) {
                m.put(ZERO_BLOCK, 0, Math.min(ZERO_BLOCK.length, m.remaining()));
            }
            current = m.clear();
            return;
        }
        long size = Math.max(SEGMENT_BYTES, length);
        try (FileChannel ch = opener.open(currentPath)) {
            for (long filled = 0; filled < size; ) {
                filled += ch.write(ByteBuffer.wrap(ZERO_BLOCK, 0, (int) Math.min(ZERO_BLOCK.length, size - filled)));
            }
            current = ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
        }
    }

    /** The record, encoded into {@link #scratch}: valid until the next encode. */
    private ByteBuffer encode(long seq, String sessionId, Instant at, int[] deltas, List<Store.NewEvent> events) {
        List<byte[]> strings = new ArrayList<>(1 + 2 * events.size());
        int length = 8 + 8 + 12 + 16 + 4 + 4;
        strings.add(sessionId.getBytes(StandardCharsets.UTF_8));
        for (Store.NewEvent e : events) {
            strings.add(e.type().getBytes(StandardCharsets.UTF_8));
            strings.add(e.payload().getBytes(StandardCharsets.UTF_8));
        }
        for (byte[] b : strings) {
            length += 4 + b.length;
        }
        if (scratch.capacity() < length || (scratch.capacity() > (1 << 20) && length < 4096)) {
            scratch = ByteBuffer.allocate(Math.max(length, 4096)); // a large result once should not pin the memory
        }
        ByteBuffer out = scratch.clear();
        out.putInt(MAGIC).putInt(length - 12); // body length: all but magic, length and checksum
        out.putLong(seq);
        putString(out, strings.get(0));
        out.putLong(at.getEpochSecond()).putInt(at.getNano());
        for (int i = 0; i < 4; i++) {
            out.putInt(deltas[i]);
        }
        out.putInt(events.size());
        for (int i = 1; i < strings.size(); i++) {
            putString(out, strings.get(i));
        }
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 8, out.position() - 8);
        out.putInt((int) crc.getValue());
        return out.flip();
    }

    private static void putString(ByteBuffer out, byte[] b) {
        out.putInt(b.length).put(b);
    }

    private static void readSegment(DataInputStream in, Path file, boolean last, long ingested, List<Entry> out)
            throws IOException {
        while (true) {
            int magic;
            try {
                magic = in.readInt();
            } catch (EOFException end) {
                return;
            }
            if (magic == 0) {
                return; // the zeros a segment was filled with: nothing was written from here on
            }
            byte[] body;
            int crc;
            try {
                if (magic != MAGIC) {
                    throw new IOException("bad record marker");
                }
                int length = in.readInt();
                if (length < 0 || length > (256 << 20)) {
                    throw new IOException("bad record length " + length);
                }
                body = in.readNBytes(length);
                if (body.length < length) {
                    throw new EOFException();
                }
                crc = in.readInt();
                CRC32C c = new CRC32C();
                c.update(body);
                if ((int) c.getValue() != crc) {
                    throw new IOException("checksum mismatch");
                }
            } catch (IOException e) {
                if (last) {
                    return; // a torn tail: the write that was cut short was never acknowledged
                }
                throw new IOException("damaged record in a complete segment (" + e.getMessage() + ")", e);
            }
            Entry entry = decode(body);
            if (entry.seq() > ingested) {
                out.add(entry);
            }
        }
    }

    private static Entry decode(byte[] body) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(body));
        long seq = in.readLong();
        String session = readString(in);
        Instant at = Instant.ofEpochSecond(in.readLong(), in.readInt());
        int[] deltas = new int[4];
        for (int i = 0; i < 4; i++) {
            deltas[i] = in.readInt();
        }
        int n = in.readInt();
        List<Store.NewEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            events.add(new Store.NewEvent(readString(in), readString(in)));
        }
        return new Entry(seq, session, at, deltas, events);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("bad string length " + n);
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    private static List<Path> segments(Path dbFile) {
        return files(dbFile, false);
    }

    /** The segments beside dbFile in order, and with {@code spares} the ingested ones set aside as well. */
    private static List<Path> files(Path dbFile, boolean spares) {
        Path dir = dbFile.toAbsolutePath().getParent();
        String prefix = dbFile.getFileName() + PREFIX;
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                if (!n.startsWith(prefix)) return false;
                String rest = n.substring(prefix.length());
                return !rest.isEmpty() && rest.chars().allMatch(Character::isDigit) || spares && rest.startsWith(SPARE);
            }).sorted().toList();
        } catch (IOException e) {
            throw new StoreException("cannot list audit spool in " + dir + ": " + e.getMessage(), e);
        }
    }
}
