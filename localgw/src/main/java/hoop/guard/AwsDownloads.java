package hoop.guard;

import hoop.policy.aws.LocalWrites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The files the aws CLI writes answers into (an object `s3 cp` downloads, a get-object outfile), written masked. The CLI
 * is given a directory of hoop's own instead of each path (inside hoop's home, which no judged command may name, so
 * nothing the agent runs reads it), and when it has succeeded each file it wrote there is masked into the path the
 * user named, through a temporary file beside it renamed into place: the agent's side never holds an unmasked byte,
 * not even for a moment. A failed run delivers nothing; the staged files are deleted in every case.
 */
public final class AwsDownloads {
    /** The staging directories' place in hoop's home. */
    public static final String DIR = "exec-files";

    /** One staged path: what the CLI writes under from, and where that lands (from's tree mirrored into to). */
    private record Staged(Path from, Path to) {
    }

    private final Map<String, String> shown = new HashMap<>();
    private int withheld;
    private final String refusal;
    private final List<String> launch;
    private final List<Staged> staged;
    private final Path dir;

    private AwsDownloads(String refusal, List<String> launch, List<Staged> staged, Path dir) {
        this.refusal = refusal;
        this.launch = launch;
        this.staged = staged;
        this.dir = dir;
    }

    /**
     * argv: the judged aws command; root: where sessions' staging directories go (GuardedConnection#filesDir), or null.
     * Creates the staging directory when argv writes files.
     */
    public static AwsDownloads of(List<String> argv, Path root) throws IOException {
        if (argv.isEmpty() || !Path.of(argv.get(0)).getFileName().toString().equals("aws")) return none(argv);
        // A policy letting unknown commands run must not let the CLI read /proc/PPID/environ (the gateway's own
        // credentials) into a bucket, or rewrite hoop's home: those files are refused here, whatever was decided.
        List<String> forbidden = hoop.policy.aws.AwsCliClassifier.forbiddenFiles(argv, root == null ? null : root.toAbsolutePath().getParent());
        if (!forbidden.isEmpty()) return new AwsDownloads(String.join("; ", forbidden), argv, List.of(), null);
        LocalWrites.Plan plan = LocalWrites.of(argv);
        if (!plan.refusals().isEmpty()) return new AwsDownloads(String.join("; ", plan.refusals()), argv, List.of(), null);
        if (plan.targets().isEmpty()) return none(argv);
        if (root == null) return new AwsDownloads("this connection has nowhere to mask the files the aws CLI writes", argv, List.of(), null);
        root = root.toAbsolutePath().normalize();
        Files.createDirectories(root);
        try {
            // Owner-only, as each session's directory in it is made: hoop's home may be more open than its own files.
            Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: its default permissions stand.
        }
        Path dir = Files.createTempDirectory(root, "exec-");
        List<String> launch = new ArrayList<>(argv);
        List<Staged> staged = new ArrayList<>();
        Path cwd = Path.of(System.getProperty("user.dir", "/"));
        for (int i = 0; i < plan.targets().size(); i++) {
            LocalWrites.Target t = plan.targets().get(i);
            Path from = Files.createDirectory(dir.resolve(String.valueOf(i)));
            // Relative to the child's working directory, which is the gateway's.
            Path named = cwd.resolve(t.path()).normalize();
            boolean folder = t.kind() == LocalWrites.Kind.DIRECTORY
                    || t.kind() == LocalWrites.Kind.FILE_OR_DIRECTORY && (t.path().endsWith("/") || Files.isDirectory(named));
            Path name = named.getFileName();
            if (!folder && name == null) return discarded(dir, t.path() + " names no file");
            String given = folder ? from + "/" : from.resolve(name.toString()).toString();
            launch.set(t.index(), t.prefix() + given);
            staged.add(new Staged(from, folder ? named : named.getParent()));
            if (t.kind() == LocalWrites.Kind.DIRECTORY) {
                // A key with a ".." segment (data/../../x) is written that far above the folder (the CLI joins it to the
                // folder as it is): out of hoop's directory, unmasked. Skipped by a filter, last so that it prevails.
                launch.addAll(List.of("--exclude", "*/../*", "--exclude", "*/.."));
            }
        }
        AwsDownloads d = new AwsDownloads(null, List.copyOf(launch), List.copyOf(staged), dir);
        for (Staged s : staged) {
            // The CLI names the files it writes relative to its working directory (s3's relative_path), or absolute.
            d.shown.put(slash(s.from()), slash(s.to()));
            d.shown.put(slash(relative(cwd, s.from())), slash(relative(cwd, s.to())));
        }
        return d;
    }

    /** argv runs as it is: it writes no file, or is no aws CLI command. */
    public static AwsDownloads none(List<String> argv) {
        return new AwsDownloads(null, List.copyOf(argv), List.of(), null);
    }

    private static AwsDownloads discarded(Path dir, String why) {
        delete(dir);
        return new AwsDownloads(why, List.of(), List.of(), null);
    }

    /** How the CLI's output names the staged files (paths in hoop's home), each with the user's path to show instead. */
    public Map<String, String> shown() {
        return Map.copyOf(shown);
    }

    private static String relative(Path cwd, Path p) {
        String r = cwd.relativize(p).toString();
        return r.isEmpty() ? "." : r;
    }

    private static String slash(Object p) {
        String s = p.toString();
        return s.endsWith("/") ? s : s + "/";
    }

    /** Why the command must not run (it writes a file hoop cannot mask), or null. */
    public String refusal() {
        return refusal;
    }

    /** The argv to start: the judged one with hoop's staging paths in place of the user's. */
    public List<String> launch() {
        return launch;
    }

    public boolean stages() {
        return dir != null;
    }

    /**
     * Masks every staged file into its place; returns one line per file for the recording and the user. text: the
     * filters masking this session's output; binary: in-place filters. The staging directory is gone afterwards.
     */
    public List<String> deliver(Supplier<OutputFilter> text, Supplier<BinaryFilter> binary) throws IOException {
        if (dir == null) return List.of();
        List<String> notes = new ArrayList<>();
        try {
            for (Staged s : staged) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(s.from())) {
                    files = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
                }
                for (Path f : files) {
                    Path to = s.to().resolve(s.from().relativize(f).toString()).normalize();
                    if (!to.startsWith(s.to())) throw new IOException(to + " is outside " + s.to());
                    String packed = compressed(f);
                    if (packed != null) {
                        // As in place binary its text stayed unread, for whoever decompressed the file (exec withholds
                        // such output, the API proxy refuses such an object).
                        withheld++;
                        notes.add(to + ": " + NOT_WRITTEN + ": it is " + packed + "-compressed data, which hoop cannot read to mask");
                        continue;
                    }
                    try {
                        notes.add(to + ": written masked (" + place(f, to, text, binary) + ")");
                    } catch (FileMasking.Unreadable e) {
                        withheld++;
                        notes.add(to + ": " + NOT_WRITTEN + ": " + e.getMessage());
                    }
                }
            }
        } finally {
            discard();
        }
        return notes;
    }

    /** How a note names a file hoop did not write. */
    public static final String NOT_WRITTEN = "not written";

    /** Files of the last deliver() left unwritten: compressed in a format hoop does not read, or holding such data. */
    public int withheld() {
        return withheld;
    }

    /** The compressed format a file begins with, which hoop does not read (gzip it does, but not gzip in gzip), or null. */
    private static String compressed(Path f) throws IOException {
        byte[] head;
        try (java.io.InputStream in = Files.newInputStream(f)) {
            head = in.readNBytes(hoop.core.Compressed.SNIFF);
        }
        String format = hoop.core.Compressed.format(head, 0, head.length);
        if (format != null || !GzipTranscoder.sniff(head, 0, head.length)) return format;
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(f))) {
            byte[] inner = in.readNBytes(hoop.core.Compressed.SNIFF);
            String within = hoop.core.Compressed.formatOrGzip(inner, 0, inner.length);
            return within == null ? null : within + " inside gzip";
        } catch (IOException e) {
            return null;  // no well-formed gzip: masked as the plain bytes it is
        }
    }

    /** Masked into a file beside the destination, then renamed over it: the destination only ever holds masked bytes. */
    private static String place(Path staged, Path to, Supplier<OutputFilter> text, Supplier<BinaryFilter> binary) throws IOException {
        if (Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) throw new IOException(to + " is a directory");
        Files.createDirectories(to.getParent());
        // A new file of the name (O_EXCL: not one planted there, nor a link), with the permissions the CLI's would have.
        Path part = to.getParent().resolve(".hoop-" + java.util.UUID.randomUUID() + ".part");
        Files.newOutputStream(part, StandardOpenOption.CREATE_NEW).close();
        try {
            String how = FileMasking.mask(staged, part, text, binary);
            // s3 sync compares modification times: the copy keeps the object's, as the CLI set it.
            Files.setLastModifiedTime(part, Files.getLastModifiedTime(staged));
            Files.move(part, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return how;
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** Deletes the staged files (a failed or stopped run: nothing is delivered). */
    public void discard() {
        if (dir != null) delete(dir);
    }

    /** Deletes what a gateway that stopped mid-run left staged (at start, before any session). */
    public static void clearLeftovers(Path root) {
        delete(root);
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // Left in hoop's home, where nothing the agent runs reads it.
        }
    }
}
