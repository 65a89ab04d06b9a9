package dev.agentruns.inmemory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentruns.ActivityEvent;
import dev.agentruns.Message;
import dev.agentruns.Output;
import dev.agentruns.Session;
import dev.agentruns.SessionSummary;
import dev.agentruns.UsageTotals;
import dev.agentruns.spi.ActivityDraft;
import dev.agentruns.spi.Keyset;
import dev.agentruns.spi.MessageDraft;
import dev.agentruns.spi.SessionDraft;
import dev.agentruns.spi.SessionState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One stored session: its current snapshot, transcript and activity timeline.
 *
 * <p>Thread safety: the record's monitor is the session lock. Writers hold it for the whole of a
 * write ({@link #prepare} to {@link #commit}, {@link #markDeleted}); readers take no lock and see
 * the latest published snapshot, which is immutable, so they never see a half-applied summary.
 */
final class SessionRecord {
    private final UUID id;
    private final String workspaceId;
    private final Keyset position;
    private final JsonNode outputSchema; // never handed out: Session copies it
    private final Transcript transcript;
    private final AppendOnlyArray<ActivityEvent> activity = new AppendOnlyArray<>();
    private volatile Snapshot snapshot;
    private boolean deleted;

    private SessionRecord(SessionDraft draft, Transcript transcript) {
        this.id = draft.id();
        this.workspaceId = draft.workspaceId();
        this.position = new Keyset(draft.startedAt(), draft.id());
        this.outputSchema = draft.outputSchema() == null ? null : draft.outputSchema().deepCopy();
        this.transcript = transcript;
        this.snapshot = new Snapshot(Summaries.initial(draft, transcript.length()), null);
    }

    /** A new, unpublished session with the given (possibly forked) transcript. */
    static SessionRecord create(SessionDraft draft, Transcript transcript) {
        return new SessionRecord(draft, transcript);
    }

    UUID id() {
        return id;
    }

    String workspaceId() {
        return workspaceId;
    }

    /** Its (startedAt, id) position in every session index; never changes. */
    Keyset position() {
        return position;
    }

    Transcript transcript() {
        return transcript;
    }

    SessionSummary summary() {
        return snapshot.summary();
    }

    Session toSession() {
        Snapshot s = snapshot;
        return new Session(s.summary(), outputSchema, s.output());
    }

    List<ActivityEvent> activity(long afterSeq, int limit) {
        if (limit <= 0 || afterSeq >= activity.size()) {
            return List.of();
        }
        int from = (int) Math.max(afterSeq, 0);
        List<ActivityEvent> out = new ArrayList<>(Math.min(limit, activity.size() - from));
        activity.copyRange(from, (int) Math.min((long) from + limit, Integer.MAX_VALUE), out);
        return Collections.unmodifiableList(out);
    }

    /** Whether the session was deleted. The caller holds the lock. */
    boolean isDeleted() {
        assert Thread.holdsLock(this);
        return deleted;
    }

    /** Marks the session deleted so that writers still holding a reference find nothing. */
    void markDeleted() {
        assert Thread.holdsLock(this);
        deleted = true;
    }

    /** {@link #prepare} then {@link #commit}. The caller holds the lock. */
    Changes apply(SessionState state, List<MessageDraft> messageDrafts, List<ActivityDraft> eventDrafts) {
        Changes changes = prepare(state, messageDrafts, eventDrafts);
        commit(changes);
        return changes;
    }

    /**
     * Builds, without storing anything, the write of {@code state} (when not null: the version is
     * incremented), the messages (a draft whose client-supplied id is already in the transcript
     * resolves to the stored message; a generated id is new) and the events. Whatever can fail fails
     * here. The caller holds the lock until it has committed the result.
     */
    Changes prepare(SessionState state, List<MessageDraft> messageDrafts, List<ActivityDraft> eventDrafts) {
        assert Thread.holdsLock(this);
        Snapshot before = snapshot;
        Instant lastActivity = before.summary().lastActivityAt();
        UsageTotals usage = before.summary().usage();

        int count = messageDrafts.size();
        Message[] messages = new Message[count];
        List<Message> inserted = null; // stays null while every draft is a new message
        Map<String, Message> batch = count > 1 ? new HashMap<>() : Map.of();
        long seq = transcript.nextSeq();
        for (int i = 0; i < count; i++) {
            MessageDraft d = messageDrafts.get(i);
            Message stored = d.idFromClient() ? transcript.find(d.id()) : null;
            if (stored == null) {
                stored = batch.get(d.id());
            }
            if (stored != null) {
                if (inserted == null) {
                    inserted = new ArrayList<>(Arrays.asList(messages).subList(0, i));
                }
                messages[i] = stored;
                continue;
            }
            Message m = new Message(d.id(), id, seq++, d.role(), d.createdAt(), d.content(), d.usage());
            messages[i] = m;
            if (inserted != null) {
                inserted.add(m);
            }
            if (count > 1) {
                batch.put(m.id(), m);
            }
            usage = usage.plus(m.usage());
            lastActivity = later(lastActivity, m.createdAt());
        }
        List<Message> all = List.of(messages);

        List<ActivityEvent> events = List.of();
        if (!eventDrafts.isEmpty()) {
            ActivityEvent[] made = new ActivityEvent[eventDrafts.size()];
            long eventSeq = activity.size() + 1L;
            for (int i = 0; i < made.length; i++) {
                ActivityDraft d = eventDrafts.get(i);
                made[i] = new ActivityEvent(d.id(), id, eventSeq++, d.at(), d.type(), d.summary(), d.details());
                lastActivity = later(lastActivity, d.at());
            }
            events = List.of(made);
        }

        SessionSummary summary = state == null ? before.summary() : Summaries.withState(before.summary(), state);
        Output output = state == null ? before.output() : state.output();
        List<Message> added = inserted == null ? all : List.copyOf(inserted);
        summary = Summaries.withCounters(summary, transcript.length() + added.size(), lastActivity, usage);
        return new Changes(all, added, events, before, new Snapshot(summary, output));
    }

    /**
     * Stores what {@link #prepare} built: messages, then events, then the new snapshot. Cannot
     * fail. The caller has held the lock since it prepared {@code changes}.
     */
    void commit(Changes changes) {
        assert Thread.holdsLock(this);
        if (snapshot != changes.before) {
            throw new IllegalStateException("session " + id + " changed between prepare and commit");
        }
        transcript.append(changes.inserted());
        activity.addAll(changes.events());
        snapshot = changes.after;
    }

    private static Instant later(Instant a, Instant b) {
        return b.isAfter(a) ? b : a;
    }

    /**
     * One write to a session: the message for each draft (new, or the one already stored), the new
     * messages, the new events, and the snapshots before and after.
     */
    static final class Changes {
        private final List<Message> messages;
        private final List<Message> inserted;
        private final List<ActivityEvent> events;
        private final Snapshot before;
        private final Snapshot after;

        /** Takes immutable lists. */
        private Changes(List<Message> messages, List<Message> inserted, List<ActivityEvent> events,
                        Snapshot before, Snapshot after) {
            this.messages = messages;
            this.inserted = inserted;
            this.events = events;
            this.before = before;
            this.after = after;
        }

        List<Message> messages() {
            return messages;
        }

        List<Message> inserted() {
            return inserted;
        }

        List<ActivityEvent> events() {
            return events;
        }
    }

    private record Snapshot(SessionSummary summary, Output output) {
    }
}
