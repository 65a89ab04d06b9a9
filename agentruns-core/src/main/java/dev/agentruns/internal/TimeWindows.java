package dev.agentruns.internal;

import dev.agentruns.TimeWindow;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

/**
 * Resolves named time windows to half-open instant ranges using local dates in a zone, so that a
 * day across a DST change is 23 or 25 hours long. Thread-safe. Not API.
 */
public final class TimeWindows {
    /** A resolved window; either bound may be null. */
    public record Range(Instant from, Instant until) {
    }

    private final Clock clock;
    private final ZoneId zone;
    private final DayOfWeek weekStart;

    public TimeWindows(Clock clock, ZoneId zone, DayOfWeek weekStart) {
        this.clock = clock;
        this.zone = zone;
        this.weekStart = weekStart;
    }

    public Range resolve(TimeWindow window) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        return switch (window.kind()) {
            case ALL -> new Range(null, null);
            case RANGE -> new Range(window.from(), window.until());
            case TODAY -> days(today, today.plusDays(1));
            case THIS_WEEK -> {
                LocalDate start = today.with(TemporalAdjusters.previousOrSame(weekStart));
                yield days(start, start.plusWeeks(1));
            }
            case THIS_MONTH -> {
                LocalDate start = today.withDayOfMonth(1);
                yield days(start, start.plusMonths(1));
            }
        };
    }

    private Range days(LocalDate from, LocalDate until) {
        return new Range(from.atStartOfDay(zone).toInstant(), until.atStartOfDay(zone).toInstant());
    }
}
