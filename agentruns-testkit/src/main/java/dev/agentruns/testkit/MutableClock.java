package dev.agentruns.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that tests move by hand: it stands still until {@link #set(Instant) set} or
 * {@link #advance(Duration) advanced}. Hand it to {@code AgentRuns.builder(..).clock(..)} so that
 * start times, durations, waiting times and time windows are exact and need no sleeping.
 *
 * <pre>{@code
 * MutableClock clock = new MutableClock(Instant.parse("2026-03-10T09:00:00Z"));
 * AgentRuns runs = AgentRuns.builder(repository).clock(clock).build();
 * clock.advance(Duration.ofSeconds(90));
 * }</pre>
 *
 * <p>Thread-safe: reads and moves are atomic, so threads of a concurrency test may share one clock.
 * {@link #withZone(ZoneId)} returns a view that shares this clock's instant.
 */
public final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    /** A clock standing at {@code start}, in UTC. */
    public MutableClock(Instant start) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** A clock standing at the given ISO-8601 instant, for example {@code "2026-03-10T09:00:00Z"}. */
    public static MutableClock at(String isoInstant) {
        return new MutableClock(Instant.parse(isoInstant));
    }

    /** Moves the clock to {@code instant} (backwards too). */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    /** Moves the clock to the instant of an ISO-8601 date-time with offset, for example {@code "2026-03-29T03:00+02:00"}. */
    public void set(String isoOffsetDateTime) {
        set(OffsetDateTime.parse(isoOffsetDateTime).toInstant());
    }

    /**
     * Moves the clock by {@code amount} (which may be negative) and returns the new instant.
     */
    public Instant advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        return now.updateAndGet(i -> i.plus(amount));
    }

    /** Moves the clock forward by {@code seconds} seconds and returns the new instant. */
    public Instant advanceSeconds(long seconds) {
        return advance(Duration.ofSeconds(seconds));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view in another zone that shares this clock's instant: moving either moves both. */
    @Override
    public MutableClock withZone(ZoneId newZone) {
        return newZone.equals(zone) ? this : new MutableClock(now, newZone);
    }

    @Override
    public String toString() {
        return "MutableClock[" + now.get() + ", " + zone + "]";
    }
}
