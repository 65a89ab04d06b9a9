package dev.agentruns;

import dev.agentruns.internal.Require;
import java.time.Instant;
import java.util.Objects;

/**
 * A filter on {@link SessionSummary#startedAt()}. The named windows are evaluated when a query runs,
 * with the {@link AgentRuns} clock, zone and week start: {@link #TODAY} is the current calendar day
 * in that zone, {@link #THIS_WEEK} the current week from the configured first day, {@link #THIS_MONTH}
 * the current calendar month. Each is a half-open range [start of period, start of next period),
 * computed on local dates so that DST changes give 23- or 25-hour days. Immutable.
 */
public final class TimeWindow {
    /** The kinds of window. */
    public enum Kind {
        /** The current calendar day. */
        TODAY,
        /** The current week, from the configured first day. */
        THIS_WEEK,
        /** The current calendar month. */
        THIS_MONTH,
        /** No bound. */
        ALL,
        /** An explicit range of instants. */
        RANGE
    }

    /** Sessions started today. */
    public static final TimeWindow TODAY = new TimeWindow(Kind.TODAY, null, null);
    /** Sessions started this week. */
    public static final TimeWindow THIS_WEEK = new TimeWindow(Kind.THIS_WEEK, null, null);
    /** Sessions started this month. */
    public static final TimeWindow THIS_MONTH = new TimeWindow(Kind.THIS_MONTH, null, null);
    /** Every session, whenever it started. */
    public static final TimeWindow ALL = new TimeWindow(Kind.ALL, null, null);

    private final Kind kind;
    private final Instant from;
    private final Instant until;

    private TimeWindow(Kind kind, Instant from, Instant until) {
        this.kind = kind;
        this.from = from;
        this.until = until;
    }

    /**
     * An explicit range: sessions started at or after {@code from} and before {@code until}. Either
     * bound may be null for an open end.
     */
    public static TimeWindow between(Instant from, Instant until) {
        if (from != null && until != null && !from.isBefore(until)) {
            throw new InvalidInputException("window", "from " + from + " must be before until " + until);
        }
        return new TimeWindow(Kind.RANGE, from, until);
    }

    /** Sessions started at or after {@code from}. */
    public static TimeWindow since(Instant from) {
        return between(Require.nonNull(from, "window.from"), null);
    }

    /** Which window this is. */
    public Kind kind() {
        return kind;
    }

    /** Inclusive lower bound of a RANGE window, or null. */
    public Instant from() {
        return from;
    }

    /** Exclusive upper bound of a RANGE window, or null. */
    public Instant until() {
        return until;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimeWindow w && kind == w.kind && Objects.equals(from, w.from)
                && Objects.equals(until, w.until);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, from, until);
    }

    @Override
    public String toString() {
        return kind == Kind.RANGE ? "RANGE[" + from + ", " + until + ")" : kind.name();
    }
}
