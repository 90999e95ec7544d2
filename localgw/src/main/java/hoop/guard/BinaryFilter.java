package hoop.guard;

import hoop.masking.BinaryMasker;
import java.nio.ByteBuffer;

/** One binary stream's masking state, as adapters see it: the text in it is masked in place (see BinaryMasker). */
public final class BinaryFilter {
    private final BinaryMasker masker;
    private int held;

    BinaryFilter(BinaryMasker masker) {
        this.masker = masker;
    }

    /**
     * Masks data (position to limit) in place. Returns the bytes held from earlier pieces that are now final, to be
     * sent before data; {@link #held()} then tells how many bytes at data's end are held back (not to be sent now).
     */
    public byte[] feed(ByteBuffer data) {
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
