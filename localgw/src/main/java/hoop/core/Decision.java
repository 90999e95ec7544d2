package hoop.core;

import java.time.Duration;

/** What policy says about a command, before any approval. Severity orders how decisions combine. */
public sealed interface Decision {
    String rule();

    int severity();

    /** flagged: allowed, but marked in the recording so a team can trial a rule before enforcing it. */
    record Allow(String rule, boolean flagged, String message) implements Decision {
        public int severity() {
            return flagged ? 1 : 0;
        }
    }

    /**
     * approvers: who may approve ("self", "user:NAME", "group:NAME"; empty = anyone holding the gateway's
     * control token); minApprovals distinct approvals are needed; window, when set, lets an approver grant
     * the rule for the rest of the session for that long (null: each command is approved once).
     */
    record Review(String rule, String message, Duration timeout, OnTimeout onTimeout, java.util.List<String> approvers,
                  int minApprovals, Duration window) implements Decision {
        public Review {
            approvers = java.util.List.copyOf(approvers);
        }

        public Review(String rule, String message, Duration timeout, OnTimeout onTimeout) {
            this(rule, message, timeout, onTimeout, java.util.List.of(), 1, null);
        }

        public int severity() {
            return 2;
        }
    }

    record Deny(String rule, String message) implements Decision {
        public int severity() {
            return 3;
        }
    }

    enum OnTimeout { DENY, ALLOW }

    static Decision strictest(Decision a, Decision b) {
        return b.severity() > a.severity() ? b : a;
    }
}
