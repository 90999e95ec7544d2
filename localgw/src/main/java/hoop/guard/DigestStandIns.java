package hoop.guard;

import hoop.core.StandIns;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What an aws connection's command prints, with the digests of objects in it shown as keyed stand-ins (StandIns, the
 * ones the aws proxy shows): an ETag or an SQS MD5OfBody beside a masked body confirmed guesses of what was masked
 * offline. Keys do not mark them in every form the CLI prints (a table's values sit under a header row, --debug
 * prints raw headers and XML), so they are found by shape, in a stream cut anywhere:
 * <ul>
 * <li>every word of exactly 32 hex digits (an MD5) not inside a longer word; kept are a multipart ETag's ("...-2",
 * an MD5 of MD5s) and a path component's (after a '/': an ECS task id in its ARN), which no digest is printed as;
 * <li>every standalone base64 value of a checksum's size with its padding (CRC32 4 bytes, CRC64NVME 8, MD5 16 as in
 * Content-MD5, SHA-1 20, SHA-256 32: ChecksumCRC32 in JSON, x-amz-checksum-crc32 in --debug).
 * </ul>
 * UUIDs, request ids, 40- and 64-hex hashes keep their shape and stay. Used before masking, on the CLI's own output
 * (before hoop applies a --query, which cannot rebuild the real value from a stand-in).
 */
public final class DigestStandIns {
    /** The longest run held at a piece's end; a longer one is cut after a separator inside it (see safeCut). */
    private static final int MAX_RUN = 4096;
    private static final byte[] NONE = new byte[0];
    private byte[] held = NONE;
    /**
     * The output of a line that runs a digest program (see {@link #printsDigests}): every standalone hex word of a
     * digest's length (CRC32 8, MD5 32, SHA-1 40, SHA-224 56, SHA-256 64, SHA-384 96, SHA-512/BLAKE2b 128) is a
     * stand-in, and a decimal word that begins a line (cksum's and sum's checksum), not only an MD5.
     */
    private final boolean digestProgram;
    /** Whether the last line's first word is still to come (a decimal one there is cksum's checksum). */
    private boolean lineStart = true;

    public DigestStandIns() {
        this(false);
    }

    public DigestStandIns(boolean digestProgram) {
        this.digestProgram = digestProgram;
    }

    /**
     * Programs whose output is digests of what they read (a file the agent sees masked: "sha256sum secret.txt", "cksum
     * .env"): a digest of masked content lets whoever reads it confirm guesses of that content offline.
     */
    private static final java.util.Set<String> DIGEST_PROGRAMS = java.util.Set.of("md5sum", "sha1sum", "sha224sum",
            "sha256sum", "sha384sum", "sha512sum", "b2sum", "b3sum", "shasum", "cksum", "sum", "crc32", "xxhsum", "xxh64sum",
            "xxh128sum", "xxh32sum", "rhash", "md5", "sha1", "sha256", "sha512", "md5deep", "sha256deep", "hashdeep",
            "openssl", "gpg", "certutil", "hash-object", "mkpasswd", "htpasswd");

    /** Whether a command line runs a program that prints digests of data (git hash-object included). */
    public static boolean printsDigests(List<String> argv) {
        hoop.policy.shell.ShellAnalysis a = argv.size() == 3 && argv.get(0).endsWith("bash") && argv.get(1).equals("-c")
                ? hoop.policy.shell.ShellClassifier.analyzeScript(argv.get(2)) : hoop.policy.shell.ShellClassifier.analyzeArgv(argv);
        for (hoop.policy.shell.SimpleCommand c : a.commands()) {
            String p = c.program().substring(c.program().lastIndexOf('/') + 1);
            if (DIGEST_PROGRAMS.contains(p) || p.equals("git") && c.args().contains("hash-object")) {
                return true;
            }
        }
        return false;
    }
    /** The last byte let through: the context of what is held. */
    private byte before = '\n';

    public byte[] feed(byte[] data) {
        byte[] in = held.length == 0 ? data : concat(held, data);
        int cut = safeCut(in);
        // Cut inside a long run: the run goes on in what follows.
        byte[] out = process(in, cut, cut > runStart(in));
        held = java.util.Arrays.copyOfRange(in, cut, in.length);
        if (cut > 0) before = in[cut - 1];
        return out;
    }

    /** The end of the stream: what was held, decided on as it is. */
    public byte[] finish() {
        byte[] in = held;
        held = NONE;
        return process(in, in.length, false);
    }

    /** Where the trailing run of in begins. */
    private static int runStart(byte[] in) {
        int i = in.length;
        while (i > 0 && run(in[i - 1])) i--;
        return i;
    }

    /**
     * How much of in can be decided on now: all but its trailing run, which the next piece may continue. A run longer
     * than MAX_RUN is no checksum; it is cut after its last separator (a word before that is whole), or, being one
     * word, let through whole (no standalone word is in it, and what continues it is no standalone word either).
     */
    private static int safeCut(byte[] in) {
        int start = runStart(in);
        if (in.length - start <= MAX_RUN) return escapeBefore(in, start);
        int j = in.length;
        while (j > start && word(in[j - 1])) j--;
        return j > start && in.length - j <= MAX_RUN ? j : in.length;
    }

    /**
     * Where a terminal escape sequence that reaches into in[start, ...) or is not finished begins (its final letter
     * looks like a run's first: "\e[34m" then a bare MD5 in a colored table), else start: it is decided on whole.
     */
    private static int escapeBefore(byte[] in, int start) {
        for (int e = start - 1; e >= Math.max(0, start - 16); e--) {
            if (in[e] != ESC) continue;
            int end = escapeEnd(in, e, in.length);
            return end < 0 || end > start ? e : start;
        }
        return start;
    }

    private static final byte ESC = 0x1b;

    /** The end of the escape sequence at in[i] (ESC): a CSI's final byte, a charset's letter; -1 when cut off by to. */
    private static int escapeEnd(byte[] in, int i, int to) {
        if (i + 1 >= to) return -1;
        if (in[i + 1] == '(' || in[i + 1] == ')') return i + 3 <= to ? i + 3 : -1;
        if (in[i + 1] != '[') return i + 2;
        int j = i + 2;
        while (j < to && in[j] >= 0x20 && in[j] <= 0x3f) j++;
        if (j >= to) return -1;
        return in[j] >= 0x40 && in[j] <= 0x7e ? j + 1 : j;  // a malformed one ends before what is no final byte
    }

    /** in[0, to) with its digests replaced; open: the run ending at to may go on in what follows. */
    private byte[] process(byte[] in, int to, boolean open) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to + 16);
        int i = 0;
        int escaped = -1;  // where the last escape sequence ended: what follows it stands alone
        while (i < to) {
            if (in[i] == ESC) {
                int end = escapeEnd(in, i, to);
                end = end < 0 ? to : end;
                out.write(in, i, end - i);
                i = escaped = end;
                continue;
            }
            if (!run(in[i])) {
                if (in[i] == '\n') lineStart = true;
                else if (in[i] != ' ' && in[i] != '\t') lineStart = false;
                out.write(in[i++]);
                continue;
            }
            int s = i;
            while (i < to && run(in[i])) i++;
            byte left = s == escaped ? ESC : s == 0 ? before : in[s - 1];
            boolean ends = i < to || !open;
            String r = new String(in, s, i - s, StandardCharsets.ISO_8859_1);
            int n = checksumBytes(r);
            boolean first = lineStart;
            lineStart = false;
            if (n > 0 && !run(left) && ends) {
                out.writeBytes(StandIns.checksum(r, n).getBytes(StandardCharsets.US_ASCII));
            } else if (digestProgram && first && ends && r.matches("[0-9]{1,20}") && i < to && (in[i] == ' ' || in[i] == '\t')) {
                out.writeBytes(StandIns.decimal(r).getBytes(StandardCharsets.US_ASCII));  // cksum's CRC, sum's checksum
            } else {
                words(in, s, i, left, ends, out, digestProgram);
            }
        }
        return out.toByteArray();
    }

    /** A run's words, each 32-hex one that stands alone replaced. */
    private static void words(byte[] in, int s, int e, byte left, boolean ends, ByteArrayOutputStream out, boolean digestProgram) {
        int i = s;
        while (i < e) {
            if (!word(in[i])) {
                out.write(in[i++]);
                continue;
            }
            int a = i;
            while (i < e && word(in[i])) i++;
            byte l = a == s ? left : in[a - 1];
            boolean whole = !word(l) && (i < e || ends);
            boolean multipart = i + 1 < e && in[i] == '-' && in[i + 1] >= '0' && in[i + 1] <= '9';
            if (whole && i - a == 32 && hex(in, a, i) && l != '/' && !multipart) {
                out.writeBytes(StandIns.md5(new String(in, a, 32, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII));
            } else if (digestProgram && whole && DIGEST_HEX.contains(i - a) && hex(in, a, i)) {
                out.writeBytes(StandIns.hex(new String(in, a, i - a, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write(in, a, i - a);
            }
        }
    }

    /** The bytes of the checksum r is the base64 of (4, 8, 16, 20, 32), or 0 when it has no checksum's size and padding. */
    private static int checksumBytes(String r) {
        int n = switch (r.length()) {
            case 8 -> 4;
            case 12 -> 8;
            case 24 -> 16;
            case 28 -> 20;
            case 44 -> 32;
            default -> 0;
        };
        if (n == 0) return 0;
        int pad = n % 3 == 0 ? 0 : 3 - n % 3;
        for (int k = 0; k < r.length(); k++) {
            char c = r.charAt(k);
            boolean b64 = Character.isLetterOrDigit(c) || c == '+' || c == '/';
            if (k < r.length() - pad ? !b64 : c != '=') return 0;
        }
        return n;
    }

    private static final java.util.Set<Integer> DIGEST_HEX = java.util.Set.of(8, 16, 32, 40, 56, 64, 96, 128);

    private static boolean hex(byte[] in, int a, int b) {
        for (int k = a; k < b; k++) {
            if (Character.digit(in[k], 16) < 0) return false;
        }
        return true;
    }

    /** Letters, digits and '_': a word's bytes. */
    private static boolean word(byte c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    /** A word's, base64's ('+', '/', '=') and '-': one value's bytes; anything else (quotes, spaces, '|') ends one. */
    private static boolean run(byte c) {
        return word(c) || c == '+' || c == '/' || c == '=' || c == '-';
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
