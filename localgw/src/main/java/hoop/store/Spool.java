package hoop.store;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
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
 * so the hot path pays one write(2) instead of a wait for the SQLite writer. A record that reached the
 * spool survives a gateway crash (it is in the kernel's page cache), which is the promise of
 * {@link Durability#PROCESS}; the writer copies records into SQLite in batches behind it and a restart
 * copies whatever it had not reached yet. Segments are deleted once everything in them is in SQLite.
 *
 * <p>Record layout: int magic, int body length, body, int CRC32C of the body. A torn last record (the process
 * died inside write) fails its length or checksum and is ignored: its command was never forwarded.
 */
final class Spool implements AutoCloseable {
    static final int MAGIC = 0x484f4f50; // "HOOP"
    private static final long SEGMENT_BYTES = 8L << 20;
    private static final String PREFIX = ".spool.";

    /** A spooled appendAll: the events of one session, the counter deltas, and when they were recorded. */
    record Entry(long seq, String sessionId, Instant at, int[] deltas, List<Store.NewEvent> events) {
    }

    private record Segment(Path path, long lastSeq) {
    }

    /** How segment files are opened; tests give one whose writes fail, as a full disk's do. */
    interface Opener {
        FileChannel open(Path file) throws IOException;
    }

    /** Owner-only, like hoop.db: the records hold masked but still sensitive commands and results. */
    private static final java.nio.file.attribute.FileAttribute<?> OWNER_ONLY =
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    private static final Opener FILES = file -> FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE, StandardOpenOption.APPEND), OWNER_ONLY);

    private final Path dbFile;
    private final Opener opener;
    private final Owner owner;
    private final Deque<Segment> closed = new ArrayDeque<>();
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream(1024);
    /** Encoded records of appendDeferred, written with the next append or when the writer takes them. */
    private ByteBuffer deferred = ByteBuffer.allocate(4096);
    private FileChannel current;
    private Path currentPath;
    private long currentBytes;
    private long lastSeq;    // the last seq handed out
    private long writtenSeq; // the last seq in the file
    private volatile StoreException failed; // read without the lock: the writer asks while holding its own
    private boolean broken; // failed before close: some records may not be in SQLite yet

    private Spool(Path dbFile, long lastSeq, Opener opener, Owner owner) {
        this.dbFile = dbFile;
        this.opener = opener;
        this.owner = owner;
        this.lastSeq = lastSeq;
        this.writtenSeq = lastSeq;
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
        for (Path p : segments(dbFile)) {
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
            ByteBuffer record = encode(seq, sessionId, at, deltas, events);
            write(deferred.flip(), record);
            deferred.clear();
        } catch (IOException | RuntimeException e) {
            throw broke(e);
        }
        lastSeq = seq;
        writtenSeq = seq;
        then.accept(seq, at);
        return seq;
    }

    /**
     * For what is recorded after it happened (a statement's result, already sent): nothing waits for it, so
     * it rides along with the next append's write, or is written when the writer takes it.
     */
    synchronized void appendDeferred(String sessionId, int[] deltas, List<Store.NewEvent> events, Written then) {
        if (failed != null) {
            throw failed;
        }
        long seq = lastSeq + 1;
        Instant at = Instant.now();
        try {
            ByteBuffer record = encode(seq, sessionId, at, deltas, events);
            if (deferred.remaining() < record.remaining()) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(deferred.capacity() * 2, deferred.position() + record.remaining()));
                deferred = bigger.put(deferred.flip());
            }
            deferred.put(record);
        } catch (IOException | RuntimeException e) {
            throw broke(e);
        }
        lastSeq = seq;
        then.accept(seq, at);
    }

    /** Writes deferred records out; the writer calls this before it copies them into SQLite. */
    synchronized void flushDeferred() {
        if (failed != null) {
            throw failed;
        }
        if (deferred.position() == 0) {
            return;
        }
        try {
            write(deferred.flip());
            deferred.clear();
        } catch (IOException | RuntimeException e) {
            throw broke(e);
        }
        writtenSeq = lastSeq;
        if (deferred.capacity() > (1 << 20)) {
            deferred = ByteBuffer.allocate(4096); // a burst of large results should not pin the memory
        }
    }

    private void write(ByteBuffer... records) throws IOException {
        if (current == null || currentBytes >= SEGMENT_BYTES) {
            roll();
        }
        long left = 0;
        for (ByteBuffer b : records) {
            left += b.remaining();
        }
        while (left > 0) {
            long n = current.write(records);
            left -= n;
            currentBytes += n;
        }
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
            try {
                Files.deleteIfExists(closed.pollFirst().path());
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
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // Everything written is already in the page cache; closing adds nothing to durability.
            }
            current = null;
        }
        if (failed == null) {
            failed = new StoreException("audit store is closed; nothing was recorded");
        }
    }

    private void deleteAll() {
        for (Path p : segments(dbFile)) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // A later start skips entries that are already ingested.
            }
        }
        closed.clear();
    }

    private void roll() throws IOException {
        if (current != null) {
            current.close();
            closed.addLast(new Segment(currentPath, writtenSeq));
        }
        currentPath = dbFile.resolveSibling(dbFile.getFileName() + PREFIX + String.format("%019d", writtenSeq + 1));
        current = opener.open(currentPath);
        currentBytes = 0;
    }

    private ByteBuffer encode(long seq, String sessionId, Instant at, int[] deltas, List<Store.NewEvent> events) throws IOException {
        buf.reset();
        DataOutputStream out = new DataOutputStream(buf);
        out.writeInt(MAGIC);
        out.writeInt(0); // body length, patched below
        out.writeLong(seq);
        writeString(out, sessionId);
        out.writeLong(at.getEpochSecond());
        out.writeInt(at.getNano());
        for (int i = 0; i < 4; i++) {
            out.writeInt(deltas[i]);
        }
        out.writeInt(events.size());
        for (Store.NewEvent e : events) {
            writeString(out, e.type());
            writeString(out, e.payload());
        }
        out.flush();
        byte[] bytes = buf.toByteArray();
        int bodyLength = bytes.length - 8;
        ByteBuffer record = ByteBuffer.allocate(bytes.length + 4);
        record.put(bytes).putInt(4, bodyLength);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 8, bodyLength);
        record.putInt((int) crc.getValue());
        return record.flip();
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
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
        Path dir = dbFile.toAbsolutePath().getParent();
        String prefix = dbFile.getFileName() + PREFIX;
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().substring(prefix.length()).chars().allMatch(Character::isDigit)).sorted().toList();
        } catch (IOException e) {
            throw new StoreException("cannot list audit spool in " + dir + ": " + e.getMessage(), e);
        }
    }
}
