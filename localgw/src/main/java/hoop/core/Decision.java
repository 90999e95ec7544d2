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

    record Review(String rule, String message, Duration timeout, OnTimeout onTimeout) implements Decision {
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
