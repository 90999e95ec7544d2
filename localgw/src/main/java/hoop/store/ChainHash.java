package hoop.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/** The one definition of an event's hash, shared by the writer, verify and the export verifier so they cannot drift apart. */
public final class ChainHash {

    public static final String GENESIS = "0".repeat(64);

    private ChainHash() {
    }

    public static String of(String prevHash, long seq, Instant at, String type, String payload) {
        String material = prevHash + "\n" + seq + "\n" + at.toString() + "\n" + type + "\n" + payload;
        // digest() resets it, so each thread's instance is ready for the next event (the writer hashes every one).
        return HexFormat.of().formatHex(SHA256.get().digest(material.getBytes(StandardCharsets.UTF_8)));
    }

    /** MessageDigest is not thread-safe: one per thread (the writer, and verifiers). */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK must provide SHA-256", e);
        }
    });
}
