package hoop.store;

import java.time.Instant;

/**
 * One link of a session's hash chain. The payload is opaque to the store: it is hashed and kept byte for byte,
 * so whatever the caller serialised is exactly what an auditor replays.
 */
public record EventRecord(String sessionId, long seq, Instant at, String type, String payload, String prevHash, String hash) {
}
