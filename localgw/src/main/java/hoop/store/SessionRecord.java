package hoop.store;

import java.time.Instant;

/** One gateway session as kept for audit. {@code endedAt} and {@code exitCode} stay null while active. */
public record SessionRecord(String id, String connection, String connectionType, String user, String identitySource,
                            Instant startedAt, Instant endedAt, String status,
                            int commands, int blocked, int flagged, int reviewed, Integer exitCode) {
}
