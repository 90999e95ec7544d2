package hoop.core;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * EmbeddedStreams' first look with the JDK's vector API (jdk.incubator.vector): a vector's width of places at a time
 * (32 with AVX2), each compared with the two bytes every signature starts with. Every binary answer is read so, and
 * eight places at a time (a long's SWAR arithmetic) cost more than masking the same bytes did: this costs about a
 * fifth of that. Loaded only when the JVM runs with the module (the gateway's launcher adds it; see EmbeddedStreams).
 */
final class WidePairs {
    private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;

    private WidePairs() {}

    /** Whether the vectors are wide enough to be worth it (without SIMD registers the API runs as plain Java). */
    static boolean usable() {
        return SPECIES.length() >= 16;
    }

    /**
     * The first place k in [from, end - 1) whose two bytes start a signature (see EmbeddedStreams.STARTS), or -1.
     */
    static int next(byte[] b, int from, int end) {
        byte[][] starts = EmbeddedStreams.STARTS;
        byte a0 = starts[0][0], a1 = starts[0][1], b0 = starts[1][0], b1 = starts[1][1];
        byte c0 = starts[2][0], c1 = starts[2][1], d0 = starts[3][0], d1 = starts[3][1];
        int step = SPECIES.length();
        int i = from;
        for (; i + step + 1 <= end; i += step) {
            ByteVector w = ByteVector.fromArray(SPECIES, b, i);
            ByteVector n = ByteVector.fromArray(SPECIES, b, i + 1);  // lane k: the byte after lane k of w
            VectorMask<Byte> m = w.eq(a0).and(n.eq(a1))
                    .or(w.eq(b0).and(n.eq(b1)))
                    .or(w.eq(c0).and(n.eq(c1)))
                    .or(w.eq(d0).and(n.eq(d1)));
            if (m.anyTrue()) return i + m.firstTrue();
        }
        for (; i + 1 < end; i++) {
            if (EmbeddedStreams.startsAt(b, i)) return i;
        }
        return -1;
    }
}
