package hoop.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The gateway's signature over a closed session. What is signed is {@link #message}: the session id, the seq
 * of its last event and that event's chain hash. Every event's hash covers the one before it, so signing the
 * head signs the whole recording (the session_start event carries user, connection and identity source; the
 * session_end event carries status and exit code). signature: base64 of the raw 64-byte Ed25519 signature.
 */
public record SessionSignature(String sessionId, long lastSeq, String lastHash, String keyId, String signature,
                               Instant signedAt) {

    /** Versioned and labelled, so a signature can never be replayed as one over some other hoop message. */
    public static byte[] message(String sessionId, long lastSeq, String lastHash) {
        return ("hoop-session-head-v1\n" + sessionId + "\n" + lastSeq + "\n" + lastHash).getBytes(StandardCharsets.UTF_8);
    }

    public byte[] message() {
        return message(sessionId, lastSeq, lastHash);
    }
}
