package hoop.protocol.awshttp;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Request bodies read whole before judging (JSON and query calls, DeleteObjects) stay in memory while the guard
 * decides, which is minutes when a person reviews the call; answers held whole to be masked (CBOR answers,
 * listings; see ResponseRelay) stay until their masked bytes have left, and a piece inflated from a
 * Content-Encoding while it is masked. Each is capped on its own; this caps them together, for every AWS
 * connection of the gateway, so many large ones at once are told to slow down (a 503 the SDKs and the CLI retry)
 * instead of exhausting the heap that every other client's connection depends on.
 */
public final class HeldBodies {
    /** Never below one body of the largest size, or such a call could never get through. */
    public static final long MIN_BYTES = AwsProxyHandler.MAX_SMALL_BODY;

    private final long limit;
    private final AtomicLong held = new AtomicLong();

    public HeldBodies(long limitBytes) {
        this.limit = Math.max(MIN_BYTES, limitBytes);
    }

    /** A quarter of the heap, at least 64 MiB: what the gateway takes when its configuration does not say. */
    public static long defaultLimit() {
        return Math.max(64L << 20, Runtime.getRuntime().maxMemory() / 4);
    }

    /** Reserves n more bytes; false (nothing reserved) when that would pass the limit. */
    boolean take(long n) {
        while (true) {
            long now = held.get();
            if (now + n > limit) return false;
            if (held.compareAndSet(now, now + n)) return true;
        }
    }

    void give(long n) {
        held.addAndGet(-n);
    }
}
