package dev.agentruns.inmemory;

import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Merges scans of several {@link SortedIndex}es, each already in list order, into one scan in that
 * order. A session found in more than one of them (possible for a moment while its status moves
 * from one index to another) is returned once. Not thread-safe; one per query.
 */
final class MergedScan implements Iterator<SessionRecord> {
    private final PriorityQueue<Head> heads;

    MergedScan(List<Iterator<SessionRecord>> scans, boolean descending) {
        Comparator<Head> order = (a, b) -> SortedIndex.ORDER.compare(a.current.position(), b.current.position());
        this.heads = new PriorityQueue<>(Math.max(scans.size(), 1), descending ? order.reversed() : order);
        for (Iterator<SessionRecord> scan : scans) {
            if (scan.hasNext()) {
                heads.add(new Head(scan.next(), scan));
            }
        }
    }

    @Override
    public boolean hasNext() {
        return !heads.isEmpty();
    }

    @Override
    public SessionRecord next() {
        Head head = heads.poll();
        if (head == null) {
            throw new NoSuchElementException();
        }
        SessionRecord next = head.current;
        advance(head);
        while (!heads.isEmpty() && heads.peek().current.position().equals(next.position())) {
            advance(heads.poll());
        }
        return next;
    }

    private void advance(Head head) {
        if (head.rest.hasNext()) {
            head.current = head.rest.next();
            heads.add(head);
        }
    }

    private static final class Head {
        SessionRecord current;
        final Iterator<SessionRecord> rest;

        Head(SessionRecord current, Iterator<SessionRecord> rest) {
            this.current = current;
            this.rest = rest;
        }
    }
}
