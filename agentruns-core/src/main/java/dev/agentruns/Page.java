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
    /** Copies the items into an immutable list. */
    public Page {
        items = List.copyOf(items);
    }

    /** True when there is a next page. */
    public boolean hasNext() {
        return nextCursor != null;
    }

    /** The cursor of the next page, if there is one. */
    public Optional<String> next() {
        return Optional.ofNullable(nextCursor);
    }
}
