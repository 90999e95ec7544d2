package hoop.protocol.awshttp;

import hoop.core.SigV4;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Header signatures are accepted once. A signature is only valid within the clock-skew window around the time it
 * was signed for, so it is remembered until that window closes; a captured request cannot be sent again through
 * hoop. (Presigned URLs are meant to be reused until they expire, and are not tracked.)
 *
 * <p>Except a request that did not get through: the aws CLI and the SDKs retry a throttled or failed call (503
 * SlowDown, 500, a dropped connection), often within the same second, so with the same signature. Refusing that
 * retry as a replay would turn a passing upstream hiccup into a hard AccessDenied; sending it again is what the
 * client would do anyway.
 *
 * <p>Memory is bounded: a signature is kept as its first 128 bits (a client can only collide with its own
 * earlier signatures, by 2^64 work, and only to have its own request refused), and past {@code capacity} live
 * signatures a new one is not taken ({@link Use#FULL}): without room to remember it, hoop could not tell its replay.
 */
final class ReplayGuard {
    /** What one remembered signature costs on the heap, about: key, boxed expiry, map node and slot. */
    static final int BYTES_PER_SIGNATURE = 100;

    enum Use { FIRST, REPLAYED, FULL }

    private record Key(long high, long low) {
        static Key of(String signature) {
            // A signature that is not hex (it then failed its check already) still gets a stable key.
            if (signature.length() < 32 || !signature.chars().limit(32).allMatch(c -> Character.digit(c, 16) >= 0)) {
                return new Key(signature.hashCode(), signature.length());
            }
            return new Key(Long.parseUnsignedLong(signature, 0, 16, 16), Long.parseUnsignedLong(signature, 16, 32, 16));
        }
    }

    private final int capacity;
    /** Signature to the epoch second after which it is no longer valid (nor remembered). */
    private final Map<Key, Long> seen = new ConcurrentHashMap<>();
    /**
     * Why a signature's request was refused. A client retrying a refused request (the aws CLI resends one whose
     * body hoop stopped reading, within the same second, so with the same signature) gets that answer again rather
     * than "replayed request", which would hide the reason; the request stays refused either way.
     */
    private final Map<Key, String> refused = new ConcurrentHashMap<>();
    private volatile long nextSweep;

    /** As many signatures as an eighth of the heap holds: a gateway's memory does not grow with its request rate. */
    ReplayGuard() {
        this((int) Math.min(Integer.MAX_VALUE, Runtime.getRuntime().maxMemory() / 8 / BYTES_PER_SIGNATURE));
    }

    ReplayGuard(int capacity) {
        this.capacity = capacity;
    }

    /** amzDate: the X-Amz-Date the signature covers, already checked to be within SKEW of now. */
    Use firstUse(String signature, String amzDate, Instant now) {
        long second = now.getEpochSecond();
        if (second >= nextSweep || seen.size() >= capacity) sweep(second);
        if (seen.size() >= capacity) return Use.FULL;
        return seen.putIfAbsent(Key.of(signature), validUntil(amzDate, now)) == null ? Use.FIRST : Use.REPLAYED;
    }

    private synchronized void sweep(long second) {
        if (second < nextSweep && seen.size() < capacity) return;
        seen.values().removeIf(until -> until < second);
        refused.keySet().retainAll(seen.keySet());
        nextSweep = second + 60;
    }

    private static long validUntil(String amzDate, Instant now) {
        try {
            return Instant.from(SigV4.AMZ_DATE.parse(amzDate)).plus(SigV4.SKEW).getEpochSecond();
        } catch (RuntimeException e) {
            return now.plus(SigV4.SKEW).plus(SigV4.SKEW).getEpochSecond(); // as long as any accepted date could keep it valid
        }
    }

    /** The request signed so was not carried out (the upstream failed or throttled it): it may be sent again. */
    void notPerformed(String signature) {
        Key k = Key.of(signature);
        seen.remove(k);
        refused.remove(k);
    }

    /** Statuses that mean the call was throttled or failed on the server's side, which clients retry. */
    static boolean retried(int status) {
        return status == 429 || status >= 500;
    }

    /** Remembers why the request signed so (and seen by firstUse) was refused. */
    void refused(String signature, String why) {
        Key k = Key.of(signature);
        if (seen.containsKey(k)) refused.putIfAbsent(k, why);
    }

    /** Why an earlier request with this signature was refused, or null (it was let through, or is unknown). */
    String refusedBefore(String signature) {
        return refused.get(Key.of(signature));
    }

    /** Signatures remembered now (tests). */
    int remembered() {
        return seen.size();
    }
}
