package dev.agentruns.inmemory;

import dev.agentruns.ActivityEvent;
import dev.agentruns.ForkOrigin;
import dev.agentruns.Message;
import dev.agentruns.Session;
import dev.agentruns.SessionStatus;
import dev.agentruns.SessionSummary;
import dev.agentruns.StorageException;
import dev.agentruns.spi.ActivityDraft;
import dev.agentruns.spi.AppendResult;
import dev.agentruns.spi.Created;
import dev.agentruns.spi.ForkResult;
import dev.agentruns.spi.MessageDraft;
import dev.agentruns.spi.SessionCriteria;
import dev.agentruns.spi.SessionDraft;
import dev.agentruns.spi.SessionRepository;
import dev.agentruns.spi.SessionState;
import dev.agentruns.spi.UpdateResult;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link SessionRepository} that keeps everything in memory: for tests, demos and hosts that do
 * not need sessions to outlive the process. Nothing is persisted; {@link #close()} does nothing.
 *
 * <p><b>Thread safety.</b> Thread-safe for any number of concurrent readers and writers. Each
 * session has its own lock, held for the whole of every write to it, so writes to different
 * sessions do not contend, seqs stay gapless and compare-and-set has exactly one winner. Reads take
 * no lock: they see immutable snapshots and whole appended batches, never a half-applied write to
 * one session; queries are weakly consistent with writes running at the same time.
 *
 * <p><b>Cost.</b> Appends are amortised O(1). A session's messages are indexed by id from its first
 * lookup by id on (a retried append with client ids, a message read by id), which builds the index
 * once in O(length); appends keep it current. A fork shares its source's transcript by reference
 * (cost independent of the fork point), and reading a fork's messages is one range read per
 * ancestor. Lists are served from ordered per-workspace indexes (by agent, status, agent and
 * status, ticket, fork source, archived flag) walked from the cursor within the time window, so a
 * page costs about its size, not the number of stored sessions.
 *
 * <p>Returned values are immutable.
 */
public final class InMemorySessionRepository implements SessionRepository {
    private final ConcurrentHashMap<UUID, SessionRecord> sessions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, WorkspaceIndex> workspaces = new ConcurrentHashMap<>();

    /** An empty repository. */
    public InMemorySessionRepository() {
    }

    @Override
    public Created create(SessionDraft draft, List<MessageDraft> messages, List<ActivityDraft> events) {
        Objects.requireNonNull(draft, "session");
        SessionRecord session = SessionRecord.create(draft, Transcript.root());
        synchronized (session) {
            SessionRecord.Changes changes = session.apply(null, messages, events);
            register(session);
            index(session);
            return new Created(session.toSession(), changes.inserted(), changes.events());
        }
    }

    @Override
    public ForkResult fork(SessionDraft draft, List<MessageDraft> messages, List<ActivityDraft> events,
                           List<ActivityDraft> sourceEvents) {
        ForkOrigin origin = Objects.requireNonNull(draft.forkedFrom(), "fork.forkedFrom");
        SessionRecord source = lookup(draft.workspaceId(), origin.sessionId());
        if (source == null) {
            return new ForkResult.SourceNotFound();
        }
        // Source first, then the new fork: nobody else can hold the fork's lock yet, so no deadlock.
        synchronized (source) {
            if (source.isDeleted() || source.transcript().length() < origin.messageSeq()) {
                return new ForkResult.SourceNotFound();
            }
            SessionRecord fork = SessionRecord.create(draft, source.transcript().forkAt(origin.messageSeq()));
            synchronized (fork) {
                SessionRecord.Changes forkChanges = fork.apply(null, messages, events);
                SessionRecord.Changes sourceChanges = source.prepare(null, List.of(), sourceEvents);
                // All that can fail is done: the fork is still invisible and the source untouched.
                register(fork);
                source.commit(sourceChanges);
                index(fork);
                return new ForkResult.Forked(fork.toSession(), forkChanges.inserted(), forkChanges.events(),
                        sourceChanges.events());
            }
        }
    }

    @Override
    public AppendResult append(String workspaceId, UUID sessionId, Set<SessionStatus> requiredStatuses,
                               List<MessageDraft> messages, List<ActivityDraft> events) {
        SessionRecord session = lookup(workspaceId, sessionId);
        if (session == null) {
            return new AppendResult.NotFound();
        }
        synchronized (session) {
            if (session.isDeleted()) {
                return new AppendResult.NotFound();
            }
            SessionStatus status = session.summary().status();
            if (!requiredStatuses.isEmpty() && !requiredStatuses.contains(status)) {
                return new AppendResult.StatusNotAllowed(status);
            }
            SessionRecord.Changes changes = session.apply(null, messages, events);
            return new AppendResult.Appended(changes.messages(), changes.inserted(), changes.events());
        }
    }

    @Override
    public UpdateResult update(String workspaceId, UUID sessionId, long expectedVersion, SessionState state,
                               List<MessageDraft> messages, List<ActivityDraft> events) {
        Objects.requireNonNull(state, "state");
        SessionRecord session = lookup(workspaceId, sessionId);
        if (session == null) {
            return new UpdateResult.NotFound();
        }
        synchronized (session) {
            if (session.isDeleted()) {
                return new UpdateResult.NotFound();
            }
            SessionSummary before = session.summary();
            if (before.version() != expectedVersion) {
                return new UpdateResult.VersionConflict(session.toSession());
            }
            SessionRecord.Changes changes = session.apply(state, messages, events);
            workspaces.get(workspaceId).reindex(session, before, session.summary());
            return new UpdateResult.Updated(session.toSession(), changes.messages(), changes.inserted(),
                    changes.events());
        }
    }

    @Override
    public boolean delete(String workspaceId, UUID sessionId) {
        SessionRecord session = lookup(workspaceId, sessionId);
        if (session == null) {
            return false;
        }
        synchronized (session) {
            if (session.isDeleted()) {
                return false;
            }
            session.markDeleted();
            sessions.remove(sessionId, session);
            workspaces.get(workspaceId).remove(session, session.summary());
            // The transcript is left intact: forks still read their prefix through it.
            return true;
        }
    }

    @Override
    public Optional<Session> find(String workspaceId, UUID sessionId) {
        SessionRecord session = lookup(workspaceId, sessionId);
        return session == null ? Optional.empty() : Optional.of(session.toSession());
    }

    @Override
    public Optional<Message> findMessage(String workspaceId, UUID sessionId, String messageId) {
        SessionRecord session = lookup(workspaceId, sessionId);
        return session == null ? Optional.empty() : Optional.ofNullable(session.transcript().find(messageId));
    }

    @Override
    public List<Message> messages(String workspaceId, UUID sessionId, long fromSeq, int limit) {
        SessionRecord session = lookup(workspaceId, sessionId);
        return session == null ? List.of() : session.transcript().read(fromSeq, limit);
    }

    @Override
    public List<ActivityEvent> activity(String workspaceId, UUID sessionId, long afterSeq, int limit) {
        SessionRecord session = lookup(workspaceId, sessionId);
        return session == null ? List.of() : session.activity(afterSeq, limit);
    }

    @Override
    public List<SessionSummary> query(String workspaceId, SessionCriteria criteria) {
        WorkspaceIndex index = workspaces.get(workspaceId);
        if (index == null || criteria.limit() <= 0) {
            return List.of();
        }
        List<SessionSummary> page = new ArrayList<>(Math.min(criteria.limit(), 256));
        Iterator<SessionRecord> candidates = index.scan(criteria, true);
        while (page.size() < criteria.limit() && candidates.hasNext()) {
            SessionSummary s = candidates.next().summary();
            if (criteria.matches(s) && criteria.isAfterCursor(s)) {
                page.add(s);
            }
        }
        return List.copyOf(page);
    }

    @Override
    public long count(String workspaceId, SessionCriteria criteria) {
        WorkspaceIndex index = workspaces.get(workspaceId);
        if (index == null) {
            return 0;
        }
        long count = 0;
        Iterator<SessionRecord> candidates = index.scan(criteria, false);
        while (candidates.hasNext()) {
            if (criteria.matches(candidates.next().summary())) {
                count++;
            }
        }
        return count;
    }

    /** Nothing to release. */
    @Override
    public void close() {
    }

    /** The session if it exists in that workspace; a session of another workspace is absent. */
    private SessionRecord lookup(String workspaceId, UUID sessionId) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        SessionRecord session = sessions.get(Objects.requireNonNull(sessionId, "sessionId"));
        return session != null && session.workspaceId().equals(workspaceId) ? session : null;
    }

    /**
     * Makes a fully built session findable by id; nothing is stored when the id is taken. The caller
     * holds the session's lock until it has indexed it, so no update can race the indexing.
     */
    private void register(SessionRecord session) {
        if (sessions.putIfAbsent(session.id(), session) != null) {
            throw new StorageException("a session with id " + session.id() + " already exists", null);
        }
    }

    private void index(SessionRecord session) {
        workspaces.computeIfAbsent(session.workspaceId(), ws -> new WorkspaceIndex()).add(session);
    }
}
