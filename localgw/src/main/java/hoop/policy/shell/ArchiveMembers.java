package hoop.policy.shell;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The member names of an archive on the gateway host, where the command runs, read before it runs: a tar (plain or
 * gzip), a zip, or a unified/context diff's file names. Null when it cannot tell (another compression, a malformed
 * header, too many members): the caller then judges the extraction as one whose members are unknown.
 */
final class ArchiveMembers {
    private static final int MAX_MEMBERS = 100_000;

    private ArchiveMembers() {
    }

    /** The names a tar archive holds (GNU long names and pax paths included), or null. */
    static List<String> tar(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(4);
            int a = raw.read(), b = raw.read();
            raw.reset();
            InputStream in = a == 0x1f && b == 0x8b ? new GZIPInputStream(raw) : raw;
            List<String> out = new ArrayList<>();
            byte[] h = new byte[512];
            String longName = null;
            while (out.size() < MAX_MEMBERS) {
                if (in.readNBytes(h, 0, 512) < 512) {
                    return out.isEmpty() ? null : out;  // tar ends at two zero blocks; a short read is the same
                }
                if (allZero(h)) {
                    return out;
                }
                if (!checksumOk(h)) {
                    return null;  // not a tar header: something else tar may still read (bzip2, xz, zstd)
                }
                long size = octal(h, 124, 12);
                if (size < 0) {
                    return null;
                }
                byte type = h[156];
                String name = cstring(h, 0, 100);
                if (h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r') {
                    String prefix = cstring(h, 345, 155);
                    name = prefix.isEmpty() ? name : prefix + "/" + name;
                }
                if (type == 'L' || type == 'K' || type == 'x' || type == 'X' || type == 'g') {
                    if (size > 1 << 20) {
                        return null;
                    }
                    byte[] data = in.readNBytes((int) size);
                    in.skipNBytes(pad(size) - size);
                    if (type == 'L') {
                        longName = cstring(data, 0, data.length);
                    } else if (type == 'x' || type == 'X' || type == 'g') {
                        String path = paxPath(data);
                        if (path != null) {
                            if (type == 'g') {
                                return null;  // a global path applies to every member after it: too odd to follow
                            }
                            longName = path;
                        }
                    }
                    continue;
                }
                out.add(longName != null ? longName : name);
                if (type == '1' || type == '2') {
                    out.add(cstring(h, 157, 100));  // a link's target is a path written through too
                }
                longName = null;
                in.skipNBytes(pad(size));
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The entry names of a zip (its central directory, which unzip and 7z read), or null. */
    static List<String> zip(Path file) {
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(file.toFile())) {
            List<String> out = new ArrayList<>();
            var e = z.entries();
            while (e.hasMoreElements() && out.size() < MAX_MEMBERS) {
                out.add(e.nextElement().getName());
            }
            return out.size() >= MAX_MEMBERS ? null : out;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The file names a patch's headers name ("--- a/x", "+++ b/x", "*** x", "Index: x", "diff --git a/x b/x"). */
    static List<String> patch(Path file) {
        try {
            if (Files.size(file) > 64L << 20) {
                return null;
            }
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("--- ") || line.startsWith("+++ ") || line.startsWith("*** ")
                        || line.startsWith("Index: ") || line.startsWith("diff ") || line.startsWith("rename ")
                        || line.startsWith("copy ")) {
                    for (String w : line.split("[\\s\"]+")) {
                        out.add(w);
                    }
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String paxPath(byte[] data) {
        String s = new String(data, StandardCharsets.UTF_8);
        String found = null;
        for (String rec : s.split("\n")) {
            int sp = rec.indexOf(' ');
            String kv = sp < 0 ? rec : rec.substring(sp + 1);
            if (kv.startsWith("path=") || kv.startsWith("linkpath=") || kv.startsWith("GNU.sparse.name=")) {
                found = found == null ? kv.substring(kv.indexOf('=') + 1) : found + "\u0000" + kv.substring(kv.indexOf('=') + 1);
            }
        }
        return found;
    }

    private static long pad(long size) {
        return (size + 511) / 512 * 512;
    }

    private static boolean allZero(byte[] h) {
        for (byte x : h) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean checksumOk(byte[] h) {
        long want = octal(h, 148, 8);
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += i >= 148 && i < 156 ? ' ' : h[i] & 0xFF;
        }
        return want == sum;
    }

    /** An octal field (or GNU's base-256 one with the high bit set), -1 when malformed. */
    private static long octal(byte[] h, int at, int len) {
        if ((h[at] & 0x80) != 0) {
            long v = h[at] & 0x7F;
            for (int i = at + 1; i < at + len; i++) {
                v = v << 8 | (h[i] & 0xFF);
                if (v < 0 || v > 1L << 40) {
                    return -1;
                }
            }
            return v;
        }
        long v = 0;
        boolean any = false;
        for (int i = at; i < at + len; i++) {
            int c = h[i];
            if (c == 0 || c == ' ') {
                if (any) {
                    break;
                }
                continue;
            }
            if (c < '0' || c > '7') {
                return -1;
            }
            v = v * 8 + (c - '0');
            any = true;
        }
        return v;
    }

    private static String cstring(byte[] b, int at, int len) {
        int end = at;
        while (end < at + len && end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, at, end - at, StandardCharsets.UTF_8);
    }
}
