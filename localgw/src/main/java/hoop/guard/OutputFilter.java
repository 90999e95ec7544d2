package hoop.guard;

import hoop.masking.StreamMasker;

/**
 * One output stream's masking state, as adapters see it: bytes in, bytes that are safe to show out. A stream whose
 * first bytes are UTF-16 or UTF-32 (see {@link WideTranscoder#sniff}) or gzip ({@link GzipTranscoder}) is masked as the text it
 * holds; one in a compressed format hoop does not read (xz, bzip2, zstd, zip ...: see hoop.core.Compressed) is not
 * shown, but for one line saying why.
 */
public final class OutputFilter {
    private final StreamMasker masker;
    private WideTranscoder wide;
    private GzipTranscoder gzip;
    private boolean sniffed;
    /** The first bytes, while they may still be the start of a compressed stream's magic (see hoop.core.Compressed). */
    private byte[] head = NOTHING;
    /** A compressed format hoop does not read: nothing of the stream is shown but one line saying so. */
    private String withheld;
    private boolean told;
    /** Plain output holding a compressed stream further on (a tar's .gz member): from there on it is withheld too. */
    private final hoop.core.EmbeddedStreams.Scanner streams = new hoop.core.EmbeddedStreams.Scanner();
    private boolean inside;
    private static final byte[] NOTHING = new byte[0];

    OutputFilter(StreamMasker masker) {
        this.masker = masker;
    }

    /** For a body known to be UTF-16 or UTF-32 by other means (its type's charset); before the first feed. */
    public void wide(java.nio.charset.Charset encoding) {
        sniffed = true;
        wide = new WideTranscoder(masker, encoding);
    }

    /** A whole text through this (fresh) filter: fed, then finished; what is safe to show of it. */
    public byte[] whole(byte[] data) {
        byte[] head = feed(data, 0, data.length);
        byte[] tail = finish();
        byte[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    public byte[] feed(byte[] data, int off, int len) {
        if (!sniffed && len > 0) {
            if (head.length == 0 && !hoop.core.Compressed.mayStart(data, off, len)) {
                sniff(data, off, len);  // the usual first chunk: decided on as it is, not copied
                return route(data, off, len);
            }
            byte[] joined = java.util.Arrays.copyOf(head, head.length + len);
            System.arraycopy(data, off, joined, head.length, len);
            if (hoop.core.Compressed.mayStart(joined, 0, joined.length)) {
                head = joined;
                return NOTHING;
            }
            head = NOTHING;
            sniff(joined, 0, joined.length);
            return route(joined, 0, joined.length);
        }
        return route(data, off, len);
    }

    private void sniff(byte[] data, int off, int len) {
        sniffed = true;
        withheld = hoop.core.Compressed.format(data, off, len);
        if (withheld != null) return;
        if (GzipTranscoder.sniff(data, off, len)) {
            gzip = new GzipTranscoder(masker);
        } else {
            java.nio.charset.Charset encoding = WideTranscoder.sniff(data, off, len);
            if (encoding != null) wide = new WideTranscoder(masker, encoding);
        }
    }

    private byte[] route(byte[] data, int off, int len) {
        if (withheld != null) return tell();
        if (gzip != null) return gzip.feed(data, off, len);
        if (wide == null && (withheld = streams.feed(data, off, len)) != null) {
            inside = true;
            return tell();
        }
        return wide != null ? wide.feed(data, off, len) : masker.feed(data, off, len);
    }

    /** The one line a withheld stream shows, once. */
    private byte[] tell() {
        if (told) return NOTHING;
        told = true;
        return ("hoop: output withheld: it " + (inside ? "holds " : "is ") + withheld + "-compressed data, which hoop cannot read to mask;"
                + " decompress it in the command instead (its text is then masked)\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The stream ended or paused while its first bytes were held: what they are is decided by what there is. */
    private byte[] release() {
        if (sniffed || head.length == 0) return NOTHING;
        byte[] h = head;
        head = NOTHING;
        sniff(h, 0, h.length);
        return route(h, 0, h.length);
    }

    /**
     * Feeds chunk, after taking over what {@code other} holds unshown of its current line when a secret spans the two
     * (see StreamMasker#takeHeldJoining): two streams on one screen (stdout, stderr) show a line written partly by
     * each. Both must be text as it came (no UTF-16, UTF-32 or gzip, whose bytes do not join).
     */
    public byte[] feedAfter(OutputFilter other, byte[] chunk, int off, int len) {
        if (other == this || head.length > 0 || !other.sniffed || other.gzip != null || other.wide != null || other.withheld != null
                || gzip != null || wide != null || withheld != null) {
            return feed(chunk, off, len);
        }
        byte[] held = other.masker.takeHeldJoining(chunk, off, len);
        if (held.length == 0) return feed(chunk, off, len);
        byte[] joined = java.util.Arrays.copyOf(held, held.length + len);
        System.arraycopy(chunk, off, joined, held.length, len);
        return feed(joined, 0, joined.length);
    }

    /** The compressed format that made this output withheld (see {@link #tell}), or null while it is shown. */
    public String withheld() {
        return withheld != null ? withheld : gzip != null ? gzip.nested() : null;
    }

    /** Whether this filter holds part of a line that another stream's {@link #feedAfter} may take over. */
    public boolean holdsLine() {
        return sniffed && gzip == null && wide == null && withheld == null && masker.holdsLine();
    }

    /** The producer paused: release what can be released without risking a split secret. */
    public byte[] flushIdle() {
        // Held first bytes that may start a magic stay held over a pause (a script could pause after one byte).
        if (!sniffed) return NOTHING;
        if (withheld != null) return NOTHING;
        if (gzip != null) return gzip.flushIdle();
        return wide != null ? wide.flushIdle() : masker.flushIdle();
    }

    /** See {@link StreamMasker#lineShown()}. */
    public String lineShown() {
        return masker.lineShown();
    }

    /** See {@link StreamMasker#continueLine(String)}. */
    public void continueLine(String tail) {
        masker.continueLine(tail);
    }

    public byte[] finish() {
        byte[] held = release();
        byte[] rest = withheld != null ? tell() : gzip != null ? gzip.finish() : wide != null ? wide.finish() : masker.finish();
        if (held.length == 0) return rest;
        byte[] all = java.util.Arrays.copyOf(held, held.length + rest.length);
        System.arraycopy(rest, 0, all, held.length, rest.length);
        return all;
    }
}
