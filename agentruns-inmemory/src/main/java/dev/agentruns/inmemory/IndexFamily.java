package dev.agentruns.inmemory;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link SortedIndex} per value of a session attribute (an agent id, a status, a ticket...).
 * Indexes are created on first use and dropped when they become empty. Thread-safe: changes to one
 * value's index are serialised by {@link ConcurrentHashMap#compute}, so dropping an empty index
 * never loses a concurrent add.
 */
final class IndexFamily<K> {
    private final ConcurrentHashMap<K, SortedIndex> indexes = new ConcurrentHashMap<>();

    /** Adds the session under {@code key}; a null key means "not indexed here". */
    void add(K key, SessionRecord session) {
        if (key == null) {
            return;
        }
        indexes.compute(key, (k, index) -> {
            SortedIndex i = index == null ? new SortedIndex() : index;
            i.add(session);
            return i;
        });
    }

    /** Removes the session from under {@code key}; a null key means "not indexed here". */
    void remove(K key, SessionRecord session) {
        if (key == null) {
            return;
        }
        indexes.computeIfPresent(key, (k, index) -> {
            index.remove(session);
            return index.size() == 0 ? null : index;
        });
    }

    /** The index of {@code key}, or null when no session has that value. */
    SortedIndex get(K key) {
        return key == null ? null : indexes.get(key);
    }
}
