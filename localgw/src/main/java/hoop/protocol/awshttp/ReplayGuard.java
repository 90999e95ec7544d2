package hoop.protocol.awshttp;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Header signatures are accepted once. A signature is only valid within the clock-skew window, so it is
 * remembered that long; a captured request cannot be sent again through hoop. (Presigned URLs are meant
 * to be reused until they expire, and are not tracked.)
 */
final class ReplayGuard {
    static final Duration WINDOW = Duration.ofMinutes(15).plusMinutes(15);
    private final Map<String, Instant> seen = new ConcurrentHashMap<>();
    private volatile Instant nextSweep = Instant.EPOCH;

    boolean firstUse(String signature, Instant now) {
        if (now.isAfter(nextSweep)) {
            seen.values().removeIf(t -> t.isBefore(now));
            nextSweep = now.plusSeconds(60);
        }
        return seen.putIfAbsent(signature, now.plus(WINDOW)) == null;
    }
}
