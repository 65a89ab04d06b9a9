package dev.agentruns.inmemory;

import dev.agentruns.SortOrder;
import dev.agentruns.spi.Keyset;
import dev.agentruns.spi.SessionCriteria;
import java.time.Instant;
import java.util.UUID;

/**
 * Bounds on (startedAt, id) positions that a query's time window and cursor allow; a null bound
 * is open. Immutable.
 */
record KeyRange(Keyset lower, boolean lowerInclusive, Keyset upper, boolean upperInclusive) {
    /** The smallest id in {@link Keyset#compareIds} order. */
    private static final UUID MIN_ID = new UUID(0, 0);

    /** The positions the criteria's time window allows, and when {@code withCursor}, its cursor. */
    static KeyRange of(SessionCriteria c, boolean withCursor) {
        KeyRange r = new KeyRange(at(c.startedFrom()), true, at(c.startedBefore()), false);
        Keyset after = withCursor ? c.after() : null;
        if (after == null) {
            return r;
        }
        return c.sort() == SortOrder.OLDEST_FIRST ? r.raiseLower(after) : r.lowerUpper(after);
    }

    /** True when no position can lie within the bounds. */
    boolean isEmpty() {
        if (lower == null || upper == null) {
            return false;
        }
        int c = SortedIndex.ORDER.compare(lower, upper);
        return c > 0 || (c == 0 && !(lowerInclusive && upperInclusive));
    }

    private static Keyset at(Instant startedAt) {
        // Every id sorts at or after MIN_ID, so (t, MIN_ID) is the first position at time t.
        return startedAt == null ? null : new Keyset(startedAt, MIN_ID);
    }

    /** This range with the lower bound raised to "strictly after {@code exclusive}" if tighter. */
    private KeyRange raiseLower(Keyset exclusive) {
        if (lower == null || SortedIndex.ORDER.compare(exclusive, lower) >= 0) {
            return new KeyRange(exclusive, false, upper, upperInclusive);
        }
        return this;
    }

    /** This range with the upper bound lowered to "strictly before {@code exclusive}" if tighter. */
    private KeyRange lowerUpper(Keyset exclusive) {
        if (upper == null || SortedIndex.ORDER.compare(exclusive, upper) <= 0) {
            return new KeyRange(lower, lowerInclusive, exclusive, false);
        }
        return this;
    }
}
