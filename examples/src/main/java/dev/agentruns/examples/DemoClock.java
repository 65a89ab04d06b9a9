package dev.agentruns.examples;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock the demo moves forward by hand, so that the simulated sessions get realistic and
 * repeatable timestamps and durations. It only moves forward, as real time does: session ids are
 * time-ordered (UUIDv7) and a clock that went back would break that order. Thread-safe.
 */
final class DemoClock extends Clock {
    private final ZoneId zone;
    private final AtomicReference<Instant> now;

    DemoClock(LocalDateTime start, ZoneId zone) {
        this(zone, new AtomicReference<>(start.atZone(zone).toInstant()));
    }

    private DemoClock(ZoneId zone, AtomicReference<Instant> now) {
        this.zone = zone;
        this.now = now;
    }

    /** Lets {@code amount} pass. */
    void advance(Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("the demo clock only moves forward, not by " + amount);
        }
        now.updateAndGet(current -> current.plus(amount));
    }

    /** Jumps forward to a local date and time in the clock's zone, for example the next working day. */
    void advanceTo(LocalDateTime local) {
        Instant target = local.atZone(zone).toInstant();
        advance(Duration.between(now.get(), target));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** The same moving time seen from another zone: advancing either clock advances both. */
    @Override
    public Clock withZone(ZoneId otherZone) {
        return otherZone.equals(zone) ? this : new DemoClock(otherZone, now);
    }
}
