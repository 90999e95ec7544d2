package hoop.guard;

import hoop.masking.Masker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The secrets in the files a command is about to read that only their key marks ({@code DB_PASSWORD=...}, a Secret's
 * data, {@code "password": "..."}). {@code cut -d= -f2 .env}, {@code jq -r .db.password conf.json}, {@code awk -F=
 * '{print $2}'}, {@code sed -n 's/^PASS=//p'}, {@code grep -o}, {@code zcat .env.gz | cut} or {@code unzip -p} print
 * them without it, and no detector can tell a bare password from any word. Read before the command runs, they are
 * masked by value in what it prints: as their detector masks them beside the key ({@code [PASSWORD_ASSIGNMENT]}), and
 * as {@code [SECRET]} in any other form hoop knows (base64, reversed...). Bounded: a command naming a tree or huge
 * files is read up to the limits below; what is past them is not learned.
 */
final class ReadFileSecrets {
    static final int MAX_FILES = 128;
    /** Per file: its head and its tail (a last line's password read by tail -n1), each this long. */
    static final int PART = 256 << 10;
    static final long MAX_TOTAL = 4L << 20;
    /** Each known value costs a look at every piece of output: a file of thousands of passwords is not all learned. */
    static final int MAX_VALUES = 128;
    /**
     * Shorter values are not learned: a password as short as "test" would be masked in every word of the output that
     * holds it. (Where its key is, its detector still masks it.)
     */
    static final int MIN_LENGTH = 6;
    private static final int MAX_DEPTH = 8;
    private static final int MAX_ENTRIES = 5000;

    private ReadFileSecrets() {
    }

    /** paths: absolute, or ~/ for home (see hoop.policy.shell.FilesRead); a directory is walked (grep -r, tar, cp -r). */
    static Map<String, String> in(List<String> paths, Masker masker, String home) {
        Map<String, String> out = new LinkedHashMap<>();
        long[] budget = {MAX_TOTAL};
        int[] entries = {0};
        List<Path> files = new ArrayList<>();
        for (String p : paths) {
            Path path = p.startsWith("~/") ? (home == null ? null : Path.of(home, p.substring(2))) : Path.of(p);
            if (path != null) collect(path, files, entries);
        }
        Map<String, String> candidates = new LinkedHashMap<>();
        List<String> shown = new ArrayList<>();  // each file masked: where a value shows unmasked, no key marks it
        for (Path f : files) {
            if (budget[0] <= 0) break;
            String text = read(f, budget);
            if (text == null) continue;
            Map<String, String> keyed = masker.keyedValuesIn(text);
            shown.add(keyed.isEmpty() ? text : masker.mask(text));
            keyed.forEach((value, label) -> {
                if (value.length() >= MIN_LENGTH && !codeLike(value)) candidates.putIfAbsent(value, label);
            });
        }
        // A value a file also shows where no key marks it is a word of the files, not a secret its key alone marks:
        // code's "Bearer " + token, a name /etc/services lists twice. Masked everywhere, it would shred the output.
        for (Map.Entry<String, String> c : candidates.entrySet()) {
            if (out.size() >= MAX_VALUES) break;
            if (shown.stream().noneMatch(t -> t.contains(c.getKey()))) out.put(c.getKey(), c.getValue());
        }
        return out;
    }

    /**
     * What a detector took for a value in code or a template rather than a secret: a call, a statement's end, a blank, a
     * variable or format reference (issuer.token(), ${env:DB_PW}, %s/token, {{ .Values.pw }}).
     */
    static boolean codeLike(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '(' || c == ')' || c == ';' || Character.isWhitespace(c)) return true;
        }
        return v.startsWith("$") || v.startsWith("%") || v.contains("${") || v.contains("{{") || v.contains("%s");
    }

    private static void collect(Path start, List<Path> files, int[] entries) {
        Deque<Path> dirs = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        if (!add(start, files, dirs, entries)) return;
        depths.add(0);
        while (!dirs.isEmpty() && files.size() < MAX_FILES && entries[0] < MAX_ENTRIES) {
            Path dir = dirs.poll();
            int depth = depths.poll();
            if (depth >= MAX_DEPTH) continue;
            try (Stream<Path> in = Files.list(dir)) {
                for (Path p : (Iterable<Path>) in::iterator) {
                    if (files.size() >= MAX_FILES || entries[0] >= MAX_ENTRIES) break;
                    // A link inside a tree is not followed (grep -r does not either); one named on the line is.
                    if (Files.isSymbolicLink(p)) continue;
                    if (add(p, files, dirs, entries)) depths.add(depth + 1);
                }
            } catch (IOException | RuntimeException e) {
                // unreadable for the gateway, so for the command too: nothing to learn
            }
        }
    }

    /** Adds a regular file to files, or a directory to dirs (true); FIFOs, devices and sockets are never opened. */
    private static boolean add(Path p, List<Path> files, Deque<Path> dirs, int[] entries) {
        entries[0]++;
        if (kernel(p)) return false;
        if (Files.isDirectory(p)) {
            dirs.add(p);
            return true;
        }
        if (Files.isRegularFile(p) && files.size() < MAX_FILES) files.add(p);
        return false;
    }

    /** A gzip file (zcat .env.gz | cut -d= -f2): what it holds, as far as the budget goes; raw if it is no gzip after all. */
    private static byte[] inflated(Path f, byte[] raw, long[] budget) {
        try (InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(f))) {
            byte[] text = in.readNBytes((int) Math.max(0, Math.min(2L * PART, budget[0])));
            budget[0] -= text.length;
            return text;
        } catch (IOException e) {
            return raw;
        }
    }

    /** A zip file (unzip -p backup.zip .env | cut): its members' contents, one after the other, within the budget. */
    private static byte[] members(Path f, byte[] raw, long[] budget) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(Files.newInputStream(f))) {
            for (java.util.zip.ZipEntry e = in.getNextEntry(); e != null && budget[0] > 0; e = in.getNextEntry()) {
                byte[] member = in.readNBytes((int) Math.min(2L * PART, budget[0]));
                budget[0] -= member.length;
                out.write(member, 0, member.length);
                out.write('\n');
            }
            return out.toByteArray();
        } catch (IOException e) {
            return out.size() > 0 ? out.toByteArray() : raw;
        }
    }

    /**
     * /proc, /sys and /dev hold no files of text a user wrote, and reading some of them blocks or costs (kcore, a
     * device's attributes): grep -r x / walks past them.
     */
    private static boolean kernel(Path p) {
        Path a = p.toAbsolutePath().normalize();
        return a.startsWith("/proc") || a.startsWith("/sys") || a.startsWith("/dev");
    }

    private static String read(Path f, long[] budget) {
        try {
            if (!Files.isRegularFile(f)) return null;  // a link to a FIFO or a device is not opened either
            long size = Files.size(f);
            byte[] bytes;
            try (InputStream in = Files.newInputStream(f)) {
                if (size <= 2L * PART) {
                    bytes = in.readNBytes((int) Math.min(size, budget[0]));
                } else {
                    byte[] head = in.readNBytes(PART);
                    in.skipNBytes(size - 2L * PART);
                    byte[] tail = in.readNBytes(PART);
                    bytes = new byte[head.length + 1 + tail.length];
                    System.arraycopy(head, 0, bytes, 0, head.length);
                    bytes[head.length] = '\n';
                    System.arraycopy(tail, 0, bytes, head.length + 1, tail.length);
                }
            }
            budget[0] -= bytes.length;
            if (bytes.length > 2 && (bytes[0] & 0xFF) == 0x1F && (bytes[1] & 0xFF) == 0x8B) bytes = inflated(f, bytes, budget);
            else if (bytes.length > 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4) bytes = members(f, bytes, budget);
            return new String(bytes, StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
