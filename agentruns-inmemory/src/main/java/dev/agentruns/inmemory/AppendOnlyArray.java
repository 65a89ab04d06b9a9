package dev.agentruns.inmemory;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * A growable array that one writer at a time appends to while any number of readers read it
 * without locking. Appends are amortised O(1); a batch becomes visible to readers all at once.
 *
 * <p>Thread safety: {@link #addAll} must be serialised by the caller (the session lock); every
 * other method may be called from any thread at any time.
 */
final class AppendOnlyArray<T> {
    private static final Object[] EMPTY = {};
    private static final int MIN_CAPACITY = 8;

    // Replaced (when full) before size is written, so a reader that reads size first sees an array
    // holding every element below that size (later arrays are copies that keep them). Elements are
    // written beyond the published size, where readers do not look, then published with it.
    private volatile Object[] items = EMPTY;
    private volatile int size;

    /** Number of published elements. */
    int size() {
        return size;
    }

    /** Appends the batch and publishes it in one step. Callers serialise calls. */
    void addAll(List<? extends T> batch) {
        if (batch.isEmpty()) {
            return;
        }
        int n = size;
        Object[] a = items;
        int needed = n + batch.size();
        if (needed < 0) {
            throw new IllegalStateException("too many elements");
        }
        boolean grow = needed > a.length;
        if (grow) {
            int grown = a.length + (a.length >> 1);
            a = Arrays.copyOf(a, Math.max(Math.max(grown, needed), MIN_CAPACITY));
        }
        for (int i = 0; i < batch.size(); i++) {
            a[n + i] = batch.get(i);
        }
        if (grow) {
            items = a;
        }
        size = needed;
    }

    /** Adds the published elements with index in [from, to) to {@code out}, in order. */
    @SuppressWarnings("unchecked")
    void copyRange(int from, int to, Collection<? super T> out) {
        int n = size;
        Object[] a = items;
        int end = Math.min(to, n);
        for (int i = Math.max(from, 0); i < end; i++) {
            out.add((T) a[i]);
        }
    }
}
