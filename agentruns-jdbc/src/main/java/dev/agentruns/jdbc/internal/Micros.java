package dev.agentruns.jdbc.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * Instants and durations as microseconds in a {@code BIGINT}: exact at the precision the core
 * uses, independent of any database or JVM time zone, and comparable with plain integer order.
 * Stateless.
 */
public final class Micros {
    private static final long PER_SECOND = 1_000_000L;

    private Micros() {
    }

    /** Microseconds since the epoch; sub-microsecond digits are dropped. */
    public static long of(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), PER_SECOND), instant.getNano() / 1000);
    }

    /** As {@link #of(Instant)}, null for null. */
    public static Long ofNullable(Instant instant) {
        return instant == null ? null : of(instant);
    }

    /** The instant {@code micros} after the epoch. */
    public static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, PER_SECOND), Math.floorMod(micros, PER_SECOND) * 1000);
    }

    /** A duration in whole microseconds. */
    public static long of(Duration duration) {
        return Math.addExact(Math.multiplyExact(duration.getSeconds(), PER_SECOND), duration.getNano() / 1000);
    }

    /** The duration of {@code micros} microseconds. */
    public static Duration toDuration(long micros) {
        return Duration.ofSeconds(Math.floorDiv(micros, PER_SECOND), Math.floorMod(micros, PER_SECOND) * 1000);
    }
}
