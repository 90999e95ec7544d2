package hoop.store;

/**
 * Outcome of {@link Store#verify}. When {@code ok} is false, {@code firstBadSeq} is the earliest sequence number
 * that cannot be trusted (a missing seq for deleted rows) and {@code problem} says why in words for an auditor.
 */
public record ChainCheck(String sessionId, boolean ok, long eventsChecked, Long firstBadSeq, String problem) {

    static ChainCheck good(String sessionId, long checked) {
        return new ChainCheck(sessionId, true, checked, null, null);
    }

    static ChainCheck bad(String sessionId, long checked, Long seq, String problem) {
        return new ChainCheck(sessionId, false, checked, seq, problem);
    }
}
