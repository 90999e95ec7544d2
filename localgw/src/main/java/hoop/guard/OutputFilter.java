package hoop.guard;

import hoop.masking.StreamMasker;

/** One output stream's masking state, as adapters see it: bytes in, bytes that are safe to show out. */
public final class OutputFilter {
    private final StreamMasker masker;

    OutputFilter(StreamMasker masker) {
        this.masker = masker;
    }

    public byte[] feed(byte[] data, int off, int len) {
        return masker.feed(data, off, len);
    }

    /** The producer paused: release what can be released without risking a split secret. */
    public byte[] flushIdle() {
        return masker.flushIdle();
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
        return masker.finish();
    }
}
