package hoop.core;

/**
 * Whether EmbeddedStreams' look over every byte of a binary answer runs on the JDK's vector API: only when the JVM was
 * started with {@code --add-modules jdk.incubator.vector} (the gateway's launcher and the tests are) and its vectors
 * are SIMD-wide; otherwise it runs eight bytes at a time on longs, which finds the same. (BinaryMasker's look for
 * printable runs gained nothing from vectors: its cost is in the runs it finds, not in finding them.)
 */
public final class Vectors {
    public static final boolean ON = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() && WidePairs.usable();

    private Vectors() {}
}
