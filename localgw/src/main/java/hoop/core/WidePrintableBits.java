package hoop.core;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * PrintableBits on the JDK's vector API: compares per vector, the mask's lanes taken as a long's bits. Kept apart
 * from its callers' loops for the reason WidePairs is: inlined into a larger method, C2 left vector operations as
 * calls of their plain Java forms. Loaded only when the JVM runs with the module.
 */
final class WidePrintableBits {
    private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;

    private WidePrintableBits() {}

    static void fill(byte[] b, int blocks, long[] out) {
        int lanes = SPECIES.length();  // 16, 32 or 64 (Vectors.ON holds only from 16): divides a block
        for (int k = 0; k < blocks; k++) {
            long bits = 0;
            for (int l = 0; l < 64; l += lanes) {
                ByteVector v = ByteVector.fromArray(SPECIES, b, 64 * k + l);
                // Signed bytes: those from 0x80 up are below 0x20.
                VectorMask<Byte> printable = v.compare(VectorOperators.GE, (byte) 0x20).and(v.lt((byte) 0x7F))
                        .or(v.eq((byte) '\t')).or(v.eq((byte) '\n')).or(v.eq((byte) '\r'));
                bits |= printable.toLong() << l;
            }
            out[k] = bits;
        }
    }
}
