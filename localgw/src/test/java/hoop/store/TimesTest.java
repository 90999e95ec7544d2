package hoop.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Stored instants feed every event's hash: the hand-written formatting must match the pattern digit for digit. */
class TimesTest {
    private static final DateTimeFormatter PATTERN =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void formatsAsTheFixedWidthPatternAndParsesBack() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            Instant t = Instant.ofEpochSecond(r.nextLong(-62_000_000_000L, 400_000_000_000L), r.nextInt(1_000_000_000));
            assertEquals(PATTERN.format(t), Times.format(t), t::toString);
            assertEquals(t, Times.parse(Times.format(t)));
        }
        for (Instant t : new Instant[] {Instant.EPOCH, Instant.ofEpochSecond(-1), Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("1000-01-01T00:00:00Z"), Instant.parse("0999-12-31T23:59:59Z"), Instant.parse("2024-02-29T12:00:00.000000001Z")}) {
            assertEquals(PATTERN.format(t), Times.format(t), t::toString);
        }
    }
}
