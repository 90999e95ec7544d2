package hoop.core;

import java.time.Instant;

/** What an adapter tells a waiting client: which request, under which rule, until when, and what then. */
public record ApprovalNotice(String id, String rule, Instant expiresAt, String onTimeout) {
    /** The one wording every protocol shows, each in its native way. */
    public String message() {
        return "hoop: waiting for approval " + id + " (rule " + rule + "); expires " + expiresAt + " (on timeout: " + onTimeout
                + "). Approve with: hoop approve " + id;
    }
}
