package hoop.store;

/**
 * Outcome of {@link Store#verify}. When {@code ok} is false, {@code firstBadSeq} is the earliest sequence number
 * that cannot be trusted (a missing seq for deleted rows) and {@code problem} says why in words for an auditor.
 * When ok, {@code lastHash} is the hash of the last event (seq = eventsChecked), the head a signature covers.
 */
public record ChainCheck(String sessionId, boolean ok, long eventsChecked, Long firstBadSeq, String problem,
                         String lastHash) {

    static ChainCheck good(String sessionId, long checked, String lastHash) {
        return new ChainCheck(sessionId, true, checked, null, null, lastHash);
    }

    static ChainCheck bad(String sessionId, long checked, Long seq, String problem) {
        return new ChainCheck(sessionId, false, checked, seq, problem, null);
    }
}
