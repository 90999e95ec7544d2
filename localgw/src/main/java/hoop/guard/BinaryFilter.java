package hoop.guard;

import hoop.masking.BinaryMasker;
import java.nio.ByteBuffer;

/** One binary stream's masking state, as adapters see it: the text in it is masked in place (see BinaryMasker). */
public final class BinaryFilter {
    /** A compressed stream inside the binary content: hoop cannot read it, so the content must not be passed. */
    public static final class Unreadable extends IllegalStateException {
        private final String format;

        public Unreadable(String format) {
            super("a " + format + "-compressed stream inside binary content, which hoop cannot read to mask");
            this.format = format;
        }

        public String format() {
            return format;
        }
    }

    private final BinaryMasker masker;
    private int held;
    private final hoop.core.EmbeddedStreams.Scanner streams = new hoop.core.EmbeddedStreams.Scanner();

    BinaryFilter(BinaryMasker masker) {
        this.masker = masker;
    }

    /**
     * Masks data (position to limit) in place. Returns the bytes held from earlier pieces that are now final, to be
     * sent before data; {@link #held()} then tells how many bytes at data's end are held back (not to be sent now).
     */
    public byte[] feed(ByteBuffer data) {
        String format = streams.feed(data);
        if (format != null) throw new Unreadable(format);
        BinaryMasker.Piece p = masker.feed(data);
        held = p.held();
        return p.before();
    }

    public int held() {
        return held;
    }

    /** The stream ended: what was held, masked. */
    public byte[] finish() {
        return masker.finish();
    }
}
