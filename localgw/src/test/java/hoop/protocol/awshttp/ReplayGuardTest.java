package hoop.protocol.awshttp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hoop.core.SigV4;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A signature is refused a second time only while it could still be accepted, and memory does not grow past a bound. */
class ReplayGuardTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private final Random random = new Random(7);

    private String signature() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String amzDate(Instant at) {
        return SigV4.AMZ_DATE.format(at);
    }

    @Test
    void aSignatureIsRememberedUntilItsDateLeavesTheSkewWindow() {
        ReplayGuard g = new ReplayGuard(1000);
        String old = signature(), fresh = signature();
        // Signed 14 minutes ago: acceptable for one more minute, so refused again within it.
        assertEquals(ReplayGuard.Use.FIRST, g.firstUse(old, amzDate(NOW.minus(Duration.ofMinutes(14))), NOW));
        assertEquals(ReplayGuard.Use.FIRST, g.firstUse(fresh, amzDate(NOW), NOW));
        assertEquals(ReplayGuard.Use.REPLAYED, g.firstUse(old, amzDate(NOW.minus(Duration.ofMinutes(14))), NOW.plusSeconds(30)));
        // Two minutes on, the old one is past its window (the signature check refuses it now) and is forgotten;
        // before, every signature was kept for 30 minutes whatever its date.
        g.firstUse(signature(), amzDate(NOW.plusSeconds(120)), NOW.plusSeconds(120));
        assertEquals(2, g.remembered());
        assertEquals(ReplayGuard.Use.REPLAYED, g.firstUse(fresh, amzDate(NOW), NOW.plusSeconds(120)));
    }

    @Test
    void pastItsCapacityANewSignatureIsNotTakenUntilOldOnesExpire() {
        ReplayGuard g = new ReplayGuard(3);
        for (int i = 0; i < 3; i++) {
            assertEquals(ReplayGuard.Use.FIRST, g.firstUse(signature(), amzDate(NOW), NOW));
        }
        String next = signature();
        assertEquals(ReplayGuard.Use.FULL, g.firstUse(next, amzDate(NOW), NOW.plusSeconds(1)));
        assertEquals(3, g.remembered());
        // Once the remembered ones can no longer be used, there is room again.
        Instant later = NOW.plus(SigV4.SKEW).plusSeconds(1);
        assertEquals(ReplayGuard.Use.FIRST, g.firstUse(next, amzDate(later), later));
        assertEquals(1, g.remembered());
    }

    @Test
    void aRequestThatWasNotCarriedOutMayBeSentAgainAndARefusalIsRemembered() {
        ReplayGuard g = new ReplayGuard(10);
        String s = signature(), t = signature();
        g.firstUse(s, amzDate(NOW), NOW);
        g.notPerformed(s);
        assertEquals(ReplayGuard.Use.FIRST, g.firstUse(s, amzDate(NOW), NOW));
        g.firstUse(t, amzDate(NOW), NOW);
        g.refused(t, "denied by rule x");
        assertEquals("denied by rule x", g.refusedBefore(t));
        assertEquals(null, g.refusedBefore(s));
    }
}
