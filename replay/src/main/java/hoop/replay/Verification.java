package hoop.replay;

/**
 * The outcome of checking one session. ok is true for an intact signed session and for an active one (not
 * signed yet). firstBadSeq is the earliest event that cannot be trusted when known; a rewritten chain whose
 * hashes were all recomputed can only be caught at its signed head, so then it is null.
 */
public record Verification(String sessionId, boolean ok, String state, long events, Long firstBadSeq, String problem) {

    static Verification signed(String id, long events, String keyId) {
        return new Verification(id, true, "signed", events, null, "chain intact, head signed by key " + keyId);
    }

    static Verification active(String id, long events) {
        return new Verification(id, true, "active", events, null, "chain intact; session still open, not signed yet");
    }

    static Verification bad(String id, long events, Long seq, String problem) {
        return new Verification(id, false, "FAILED", events, seq, problem);
    }

    /** One line for people: "OK" or the first bad event and why. */
    public String describe() {
        String head = ok ? "OK" : "FAILED";
        String at = firstBadSeq == null ? "" : " at seq " + firstBadSeq;
        return head + "  " + sessionId + "  " + events + " events" + at + ": " + problem;
    }
}
