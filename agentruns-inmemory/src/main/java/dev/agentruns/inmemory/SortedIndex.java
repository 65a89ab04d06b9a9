package dev.agentruns.inmemory;

import dev.agentruns.spi.Keyset;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sessions ordered by (startedAt, id) in {@link Keyset#compare} order, with a size that is O(1) to
 * read (a skip list counts by walking). Thread-safe; iteration is weakly consistent.
 */
final class SortedIndex {
    /** Session list order: startedAt, then id as an unsigned 128-bit number. */
    static final Comparator<Keyset> ORDER = (a, b) -> Keyset.compare(a.startedAt(), a.id(), b.startedAt(), b.id());

    private final ConcurrentSkipListMap<Keyset, SessionRecord> map = new ConcurrentSkipListMap<>(ORDER);
    private final AtomicInteger size = new AtomicInteger();

    void add(SessionRecord session) {
        if (map.put(session.position(), session) == null) {
            size.incrementAndGet();
        }
    }

    void remove(SessionRecord session) {
        if (map.remove(session.position()) != null) {
            size.decrementAndGet();
        }
    }

    int size() {
        return size.get();
    }

    /** The sessions within {@code range}, ascending or descending. */
    Iterator<SessionRecord> scan(KeyRange range, boolean descending) {
        NavigableMap<Keyset, SessionRecord> view = map;
        if (range.lower() != null && range.upper() != null) {
            view = view.subMap(range.lower(), range.lowerInclusive(), range.upper(), range.upperInclusive());
        } else if (range.lower() != null) {
            view = view.tailMap(range.lower(), range.lowerInclusive());
        } else if (range.upper() != null) {
            view = view.headMap(range.upper(), range.upperInclusive());
        }
        return (descending ? view.descendingMap() : view).values().iterator();
    }
}
