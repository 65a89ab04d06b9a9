package dev.agentruns;

import java.util.List;
import java.util.Optional;

/**
 * One page of results. Immutable.
 *
 * @param items      the rows of this page, at most the query's limit
 * @param nextCursor an opaque cursor for the next page, or null on the last page
 * @param <T>        row type
 */
public record Page<T>(List<T> items, String nextCursor) {
    public Page {
        items = List.copyOf(items);
    }

    public boolean hasNext() {
        return nextCursor != null;
    }

    public Optional<String> next() {
        return Optional.ofNullable(nextCursor);
    }
}
