package hoop.guard;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Replaces strings in a stream that arrives cut anywhere: bytes that could begin one at the end of a piece wait for
 * the next piece (or the end). Used on output before it is masked, so what replaces is masked as well.
 */
public final class StreamReplace {
    private static final byte[] NONE = new byte[0];
    private final byte[][] from;
    private final byte[][] to;
    private byte[] held = NONE;

    public StreamReplace(Map<String, String> replace) {
        // Longest first: one string may begin another (an absolute path and a relative one beside it).
        var entries = replace.entrySet().stream().filter(e -> !e.getKey().isEmpty())
                .sorted((a, b) -> b.getKey().length() - a.getKey().length()).toList();
        from = entries.stream().map(e -> e.getKey().getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        to = entries.stream().map(e -> e.getValue().getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    public byte[] feed(byte[] data) {
        if (from.length == 0) return data;
        byte[] in = held.length == 0 ? data : concat(held, data);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        int i = 0;
        scan:
        while (i < in.length) {
            for (int k = 0; k < from.length; k++) {
                int n = Math.min(from[k].length, in.length - i);
                if (!Arrays.equals(in, i, i + n, from[k], 0, n)) continue;
                // Cut off by the piece's end: the rest decides (a longer string first, as they are sorted).
                if (n < from[k].length) break scan;
                out.writeBytes(to[k]);
                i += n;
                continue scan;
            }
            out.write(in[i++]);
        }
        held = Arrays.copyOfRange(in, i, in.length);
        return out.toByteArray();
    }

    /** The stream ended: what waited, as it came. */
    public byte[] finish() {
        byte[] h = held;
        held = NONE;
        return h;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
