package hoop.store;

import java.time.Instant;

/** A command held for a human decision. Decision fields are null until someone (or a timeout) decides. */
public record ApprovalRecord(String id, String sessionId, String connection, String requester, String commandText,
                             String commandHash, String rule, String status, Instant createdAt, Instant expiresAt,
                             String onTimeout, String decidedBy, Instant decidedAt, String reason) {
}
