package hoop.protocol.awshttp;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Header signatures are accepted once. A signature is only valid within the clock-skew window, so it is
 * remembered that long; a captured request cannot be sent again through hoop. (Presigned URLs are meant
 * to be reused until they expire, and are not tracked.)
 *
 * <p>Except a request that did not get through: the aws CLI and the SDKs retry a throttled or failed call (503
 * SlowDown, 500, a dropped connection), often within the same second, so with the same signature. Refusing that
 * retry as a replay would turn a passing upstream hiccup into a hard AccessDenied; sending it again is what the
 * client would do anyway.
 */
final class ReplayGuard {
    static final Duration WINDOW = Duration.ofMinutes(15).plusMinutes(15);
    private final Map<String, Instant> seen = new ConcurrentHashMap<>();
    /**
     * Why a signature's request was refused. A client retrying a refused request (the aws CLI resends one whose
     * body hoop stopped reading, within the same second, so with the same signature) gets that answer again rather
     * than "replayed request", which would hide the reason; the request stays refused either way.
     */
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private volatile Instant nextSweep = Instant.EPOCH;

    boolean firstUse(String signature, Instant now) {
        if (now.isAfter(nextSweep)) {
            seen.values().removeIf(t -> t.isBefore(now));
            refused.keySet().retainAll(seen.keySet());
            nextSweep = now.plusSeconds(60);
        }
        return seen.putIfAbsent(signature, now.plus(WINDOW)) == null;
    }

    /** The request signed so was not carried out (the upstream failed or throttled it): it may be sent again. */
    void notPerformed(String signature) {
        seen.remove(signature);
        refused.remove(signature);
    }

    /** Statuses that mean the call was throttled or failed on the server's side, which clients retry. */
    static boolean retried(int status) {
        return status == 429 || status >= 500;
    }

    /** Remembers why the request signed so (and seen by firstUse) was refused. */
    void refused(String signature, String why) {
        if (seen.containsKey(signature)) refused.putIfAbsent(signature, why);
    }

    /** Why an earlier request with this signature was refused, or null (it was let through, or is unknown). */
    String refusedBefore(String signature) {
        return refused.get(signature);
    }
}
