package dev.agentruns.inmemory;

import dev.agentruns.spi.Keyset;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sessions ordered by (startedAt, id) in {@link Keyset#compare} order, with a size that is O(1) to
 * read (a skip list counts by walking). Kept newest first: a skip list steps forward in O(1) and
 * backward by a search from its head in O(log n), and lists are newest first unless asked
 * otherwise. Thread-safe; iteration is weakly consistent.
 */
final class SortedIndex {
    /** Session list order: startedAt, then id as an unsigned 128-bit number. */
    static final Comparator<Keyset> ORDER = (a, b) -> Keyset.compare(a.startedAt(), a.id(), b.startedAt(), b.id());

    private final ConcurrentSkipListMap<Keyset, SessionRecord> newestFirst = new ConcurrentSkipListMap<>(ORDER.reversed());
    private final AtomicInteger size = new AtomicInteger();

    void add(SessionRecord session) {
        if (newestFirst.put(session.position(), session) == null) {
            size.incrementAndGet();
        }
    }

    void remove(SessionRecord session) {
        if (newestFirst.remove(session.position()) != null) {
            size.decrementAndGet();
        }
    }

    int size() {
        return size.get();
    }

    /** The sessions within {@code range} (bounds in {@link #ORDER}), ascending or descending. */
    Iterator<SessionRecord> scan(KeyRange range, boolean descending) {
        NavigableMap<Keyset, SessionRecord> view = newestFirst;
        if (range.lower() != null && range.upper() != null) {
            view = view.subMap(range.upper(), range.upperInclusive(), range.lower(), range.lowerInclusive());
        } else if (range.lower() != null) {
            view = view.headMap(range.lower(), range.lowerInclusive());
        } else if (range.upper() != null) {
            view = view.tailMap(range.upper(), range.upperInclusive());
        }
        return (descending ? view : view.descendingMap()).values().iterator();
    }
}
