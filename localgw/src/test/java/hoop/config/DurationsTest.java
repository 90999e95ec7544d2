package hoop.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void aNumberPastMillisecondsIsNotADurationRatherThanAnException() {
        // the command line (--ttl, --since, --max-idle) reads the same syntax and words its own error on empty
        assertTrue(Durations.parse("99999999999999999999s").isEmpty());
        assertTrue(Durations.parse("999999999999999d").isEmpty());
        assertTrue(Durations.parse("9223372036854775807m").isEmpty());
        assertEquals(Optional.of(Duration.ofDays(99_999_999)), Durations.parse("99999999d"));
        assertEquals(Optional.of(Duration.ofMillis(Long.MAX_VALUE)), Durations.parse(Long.MAX_VALUE + "ms"));
    }
}
