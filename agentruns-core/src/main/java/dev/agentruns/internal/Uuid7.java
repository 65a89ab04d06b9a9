package dev.agentruns.internal;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Generates RFC 9562 version 7 UUIDs from a clock: 48 bits of Unix milliseconds, then a 12-bit
 * counter that keeps ids from one generator strictly increasing within a millisecond, then random
 * bits. Thread-safe. Not API.
 */
public final class Uuid7 {
    private final Clock clock;
    private final AtomicLong last = new AtomicLong();

    public Uuid7(Clock clock) {
        this.clock = clock;
    }

    public UUID next() {
        long millis = clock.millis();
        long stamp;
        while (true) {
            long prev = last.get();
            long candidate = Math.max(millis << 12, prev + 1);
            if (last.compareAndSet(prev, candidate)) {
                stamp = candidate;
                break;
            }
        }
        long msb = ((stamp >>> 12) << 16) | 0x7000L | (stamp & 0xFFFL);
        long lsb = (ThreadLocalRandom.current().nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
