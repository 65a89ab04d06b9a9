package dev.agentruns.spi;

import java.time.Instant;
import java.util.UUID;

/**
 * A position in a session list: the (startedAt, id) of the last row of the previous page. The next
 * page holds the rows strictly after it in the query's sort order. Immutable.
 *
 * @param startedAt start time of the last row seen
 * @param id        id of the last row seen
 */
public record Keyset(Instant startedAt, UUID id) {

    /**
     * Orders session ids as unsigned 128-bit numbers: the order of their 16 bytes, which is the order
     * PostgreSQL's uuid type and the lower-case text form both sort in. {@link UUID#compareTo} compares
     * signed halves and must not be used for session order.
     */
    public static int compareIds(UUID a, UUID b) {
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    /** Ascending (startedAt, id) order of two positions. */
    public static int compare(Instant startedAtA, UUID idA, Instant startedAtB, UUID idB) {
        int c = startedAtA.compareTo(startedAtB);
        return c != 0 ? c : compareIds(idA, idB);
    }
}
