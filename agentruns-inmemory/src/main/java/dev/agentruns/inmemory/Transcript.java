package dev.agentruns.inmemory;

import dev.agentruns.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The messages of one session: a pointer to the transcript it was forked from with the length of
 * the shared prefix ({@code base}), and the messages the session appended itself (seq base+1..).
 * A fork never copies its prefix; it keeps its parent transcript alive instead, so deleting the
 * parent session leaves the fork whole.
 *
 * <p>The index of its own messages by id is built on the first lookup by id (a retried append with
 * client ids, a message read by id) and kept current from then on, so that appends to transcripts
 * nobody looks up by id pay for no hash table.
 *
 * <p>Thread safety: {@link #append} is called under the owning session's lock; range reads take no
 * lock and see whole batches only. Appending and building the index hold this transcript's monitor,
 * so an index, once published, holds every message appended before and after it.
 */
final class Transcript {
    private final Transcript parent;
    private final long base;
    private final AppendOnlyArray<Message> own = new AppendOnlyArray<>();
    private volatile Map<String, Message> ownById;

    private Transcript(Transcript parent, long base) {
        this.parent = parent;
        this.base = base;
    }

    /** An empty transcript of a session that is not a fork. */
    static Transcript root() {
        return new Transcript(null, 0);
    }

    /**
     * A new transcript whose first {@code k} messages are this transcript's first {@code k}. The
     * parent pointer skips ancestors that contribute nothing, so the chain stays as short as the
     * number of sessions that actually wrote part of the prefix.
     */
    Transcript forkAt(long k) {
        if (k < 0 || k > length()) {
            throw new IllegalArgumentException("fork point " + k + " outside transcript of length " + length());
        }
        Transcript source = this;
        while (source.parent != null && k <= source.base) {
            source = source.parent;
        }
        return new Transcript(source, k);
    }

    /** Length of the shared prefix. */
    long base() {
        return base;
    }

    /** Number of messages in the transcript, the shared prefix included. */
    long length() {
        return base + own.size();
    }

    /** Seq the next appended message gets. */
    long nextSeq() {
        return length() + 1;
    }

    /**
     * Appends messages whose seqs continue {@link #length()} gaplessly. The caller holds the owning
     * session's lock and has already checked the ids.
     */
    synchronized void append(List<Message> messages) {
        own.addAll(messages);
        Map<String, Message> index = ownById;
        if (index != null) {
            for (Message m : messages) {
                index.put(m.id(), m);
            }
        }
    }

    /** The index of own messages by id, built from the messages appended so far on first use. */
    private Map<String, Message> ownById() {
        Map<String, Message> index = ownById;
        if (index != null) {
            return index;
        }
        synchronized (this) {
            if (ownById == null) {
                Map<String, Message> built = new ConcurrentHashMap<>();
                List<Message> all = new ArrayList<>(own.size());
                own.copyRange(0, own.size(), all);
                all.forEach(m -> built.put(m.id(), m));
                ownById = built;
            }
            return ownById;
        }
    }

    /** The message with this id in the transcript (own or inherited), or null. */
    Message find(String id) {
        long visible = Long.MAX_VALUE;
        for (Transcript t = this; t != null; t = t.parent) {
            Message m = t.ownById().get(id);
            // An ancestor may have grown past the fork point: only its first `visible` count.
            if (m != null && m.seq() <= Math.min(visible, t.length())) {
                return m;
            }
            visible = Math.min(visible, t.base);
        }
        return null;
    }

    /**
     * Up to {@code limit} messages with seq &gt;= {@code fromSeq}, in seq order: one range read per
     * ancestor that holds part of the range.
     */
    List<Message> read(long fromSeq, int limit) {
        long from = Math.max(fromSeq, 1);
        long length = length();
        if (limit <= 0 || from > length) {
            return List.of();
        }
        long to = from - 1 + Math.min(limit, length - from + 1);
        // Walk up from this transcript; each ancestor serves the part of [from, to] below its
        // child's fork point. Collected leaf first, read root first.
        List<Segment> segments = new ArrayList<>();
        long hi = to;
        for (Transcript t = this; t != null && hi >= from; t = t.parent) {
            long lo = Math.max(from, t.base + 1);
            if (lo <= hi) {
                segments.add(new Segment(t, lo, hi));
            }
            hi = Math.min(hi, t.base);
        }
        List<Message> out = new ArrayList<>((int) (to - from + 1));
        for (int i = segments.size() - 1; i >= 0; i--) {
            Segment s = segments.get(i);
            s.transcript.own.copyRange((int) (s.fromSeq - s.transcript.base - 1),
                    (int) (s.toSeq - s.transcript.base), out);
        }
        return Collections.unmodifiableList(out);
    }

    private record Segment(Transcript transcript, long fromSeq, long toSeq) {
    }
}
