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
        try {
            // MessageDigest is not thread-safe, and a fresh one is cheap next to an fsync.
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(material.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK must provide SHA-256", e);
        }
    }
}
