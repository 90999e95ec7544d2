package hoop.guard;

import hoop.masking.StreamMasker;

/**
 * One output stream's masking state, as adapters see it: bytes in, bytes that are safe to show out. A stream whose
 * first bytes are UTF-16 or UTF-32 (see {@link WideTranscoder#sniff}) or gzip ({@link GzipTranscoder}) is masked as the text it
 * holds.
 */
public final class OutputFilter {
    private final StreamMasker masker;
    private WideTranscoder wide;
    private GzipTranscoder gzip;
    private boolean sniffed;

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
            sniffed = true;
            if (GzipTranscoder.sniff(data, off, len)) {
                gzip = new GzipTranscoder(masker);
            } else {
                java.nio.charset.Charset encoding = WideTranscoder.sniff(data, off, len);
                if (encoding != null) wide = new WideTranscoder(masker, encoding);
            }
        }
        if (gzip != null) return gzip.feed(data, off, len);
        return wide != null ? wide.feed(data, off, len) : masker.feed(data, off, len);
    }

    /**
     * Feeds chunk, after taking over what {@code other} holds unshown of its current line when a secret spans the two
     * (see StreamMasker#takeHeldJoining): two streams on one screen (stdout, stderr) show a line written partly by
     * each. Both must be text as it came (no UTF-16, UTF-32 or gzip, whose bytes do not join).
     */
    public byte[] feedAfter(OutputFilter other, byte[] chunk, int off, int len) {
        if (other == this || other.gzip != null || other.wide != null || gzip != null || wide != null) {
            return feed(chunk, off, len);
        }
        byte[] held = other.masker.takeHeldJoining(chunk, off, len);
        if (held.length == 0) return feed(chunk, off, len);
        byte[] joined = java.util.Arrays.copyOf(held, held.length + len);
        System.arraycopy(chunk, off, joined, held.length, len);
        return feed(joined, 0, joined.length);
    }

    /** Whether this filter holds part of a line that another stream's {@link #feedAfter} may take over. */
    public boolean holdsLine() {
        return gzip == null && wide == null && masker.holdsLine();
    }

    /** The producer paused: release what can be released without risking a split secret. */
    public byte[] flushIdle() {
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
        if (gzip != null) return gzip.finish();
        return wide != null ? wide.finish() : masker.finish();
    }
}
