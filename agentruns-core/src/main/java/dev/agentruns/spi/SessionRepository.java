package dev.agentruns.spi;

import dev.agentruns.ActivityEvent;
import dev.agentruns.Message;
import dev.agentruns.Session;
import dev.agentruns.SessionStatus;
import dev.agentruns.SessionSummary;
import dev.agentruns.StorageException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The storage port: what a storage adapter implements. It stores and fetches; every rule (the
 * status state machine, fork semantics, time windows, validation, bulk semantics, listeners) lives
 * in {@link dev.agentruns.AgentRuns}, which is the only writer hosts should use. Hosts may call the
 * read methods directly for programmatic queries.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Workspaces.</b> Every method takes a workspace id. A session of another workspace is
 *       treated exactly like a session that does not exist.</li>
 *   <li><b>Atomicity.</b> Each write method is one atomic step: everything it describes is stored,
 *       or nothing is. A failure is thrown as {@link StorageException} (wrapping the cause) and
 *       leaves storage as it was.</li>
 *   <li><b>Transcripts.</b> A session's transcript is its messages with seq 1..n, gapless. A fork's
 *       transcript is its source's transcript 1..k (k = the fork point's seq, resolved recursively
 *       through forks of forks) followed by its own messages k+1..n. Message ids are unique within a
 *       transcript.</li>
 *   <li><b>Counters.</b> The repository keeps {@code messageCount} (transcript length),
 *       {@code lastActivityAt} (latest message or event time) and {@code usage} (sum over the
 *       session's own messages) current on every write, so that lists never read messages.
 *       {@code lastActivityAt} starts at {@code startedAt} and never moves back.</li>
 *   <li><b>Thread safety.</b> Implementations are thread-safe; concurrent calls on one session are
 *       serialised so that seqs stay gapless and compare-and-set has exactly one winner, also
 *       across processes where the storage is shared. Each write is atomic for the sessions it
 *       touches; reads that span several calls (a {@code find} then {@code messages}, or a list
 *       racing a write) may observe writes made in between.</li>
 *   <li><b>Values.</b> Instants arrive truncated to microseconds and must read back equal. Strings,
 *       including NUL and astral characters, and JSON values must read back equal.</li>
 * </ul>
 */
public interface SessionRepository extends AutoCloseable {

    /**
     * Stores a new session (RUNNING, version 1) with its first messages (seq 1..n) and events
     * (seq 1..m), atomically. {@code session.forkedFrom()} is null here: forks go through
     * {@link #fork}.
     *
     * @throws StorageException if storing failed; nothing was stored
     */
    Created create(SessionDraft session, List<MessageDraft> messages, List<ActivityDraft> events);

    /**
     * Stores a fork of {@code fork.forkedFrom().sessionId()} whose transcript is the source's
     * transcript 1..k ({@code k = fork.forkedFrom().messageSeq()}) followed by {@code messages}
     * (seq k+1..), with {@code events} on the fork's timeline and {@code sourceEvents} appended to the
     * source's timeline, atomically. The prefix must be shared, not copied: the cost must not grow
     * with k. The source is otherwise unchanged.
     *
     * @return {@link ForkResult.SourceNotFound} when the source is not in the workspace or its
     *         transcript is shorter than k; nothing is stored then
     */
    ForkResult fork(SessionDraft fork, List<MessageDraft> messages, List<ActivityDraft> events,
                    List<ActivityDraft> sourceEvents);

    /**
     * Appends messages (after the transcript's last seq, in order) and activity events to a session,
     * atomically, if its status is in {@code requiredStatuses} (any status when the set is empty).
     * A draft whose id is already in the transcript is not stored again: the stored message is
     * returned in its place (idempotent retry). Does not change the session's version.
     */
    AppendResult append(String workspaceId, UUID sessionId, Set<SessionStatus> requiredStatuses,
                        List<MessageDraft> messages, List<ActivityDraft> events);

    /**
     * Compare-and-set of a session's state: if the session's version equals {@code expectedVersion},
     * stores {@code state}, increments the version, and appends {@code messages} and {@code events} as
     * {@link #append} does, all atomically. Exactly one of several racing updates with the same
     * expected version wins.
     *
     * @return {@link UpdateResult.VersionConflict} with the current session when the version differs;
     *         nothing is stored then
     */
    UpdateResult update(String workspaceId, UUID sessionId, long expectedVersion, SessionState state,
                        List<MessageDraft> messages, List<ActivityDraft> events);

    /**
     * Deletes a session with its messages and activity. Its forks stay whole: whatever part of their
     * transcript they shared with it remains readable through them, in the same atomic step.
     *
     * @return false when no such session was in the workspace
     */
    boolean delete(String workspaceId, UUID sessionId);

    /** The session, with output and schema; empty when not in the workspace. */
    Optional<Session> find(String workspaceId, UUID sessionId);

    /** A message of the session's transcript by id (own or inherited); empty when absent. */
    Optional<Message> findMessage(String workspaceId, UUID sessionId, String messageId);

    /**
     * Up to {@code limit} messages of the session's transcript with seq &gt;= {@code fromSeq}, in seq
     * order; empty when the session is not in the workspace. Cost: an indexed range read per
     * ancestor, independent of the transcript's total length.
     */
    List<Message> messages(String workspaceId, UUID sessionId, long fromSeq, int limit);

    /** Up to {@code limit} activity events with seq &gt; {@code afterSeq}, in seq order. */
    List<ActivityEvent> activity(String workspaceId, UUID sessionId, long afterSeq, int limit);

    /**
     * Up to {@code criteria.limit()} sessions matching the criteria, in its sort order, strictly
     * after its keyset. Served from indexes; never reads messages.
     */
    List<SessionSummary> query(String workspaceId, SessionCriteria criteria);

    /** Number of sessions matching the criteria (keyset and limit ignored). */
    long count(String workspaceId, SessionCriteria criteria);

    /** Releases resources the repository owns. The default does nothing. */
    @Override
    default void close() {
    }
}
