package dev.agentruns.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruns.spi.Keyset;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class Uuid7Test {

    @Test
    void idsAreVersion7AndCarryTheClockMillis() {
        Instant at = Instant.parse("2026-11-25T10:15:30.123Z");
        UUID id = new Uuid7().next(at);
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(at.toEpochMilli());
    }

    @Test
    void idsFromOneGeneratorIncreaseStrictlyWithinOneMillisecond() {
        Uuid7 ids = new Uuid7();
        Instant at = Instant.parse("2026-11-25T10:15:30Z");
        UUID previous = ids.next(at);
        for (int i = 0; i < 10_000; i++) {
            UUID next = ids.next(at);
            assertThat(Keyset.compareIds(next, previous)).isPositive();
            previous = next;
        }
    }

    @Test
    void idsStillIncreaseWhenTheInstantGoesBack() {
        Uuid7 ids = new Uuid7();
        UUID later = ids.next(Instant.parse("2026-11-25T10:15:30Z"));
        UUID earlier = ids.next(Instant.parse("2026-11-25T10:15:29Z"));
        assertThat(Keyset.compareIds(earlier, later)).isPositive();
    }
}
