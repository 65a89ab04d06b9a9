package dev.agentruns.internal;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Generates RFC 9562 version 7 UUIDs: 48 bits of Unix milliseconds of the instant given (the
 * instant the caller stamps the record with, so that the clock is read once per write), then a
 * 12-bit counter that keeps ids from one generator strictly increasing, even within a millisecond or
 * when the instants given go back, then random bits. Thread-safe. Not API.
 */
public final class Uuid7 {
    private final AtomicLong last = new AtomicLong();

    /** The id of a record made at {@code at}. */
    public UUID next(Instant at) {
        long millis = at.toEpochMilli();
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
