package dev.agentruns.jdbc.internal;

import dev.agentruns.ActivityEvent;
import dev.agentruns.Message;
import dev.agentruns.Session;
import dev.agentruns.SessionStatus;
import dev.agentruns.SessionSummary;
import dev.agentruns.StorageException;
import dev.agentruns.Usage;
import dev.agentruns.internal.Json;
import dev.agentruns.spi.ActivityDraft;
import dev.agentruns.spi.AppendResult;
import dev.agentruns.spi.ContentCodec;
import dev.agentruns.spi.Created;
import dev.agentruns.spi.ForkResult;
import dev.agentruns.spi.MessageDraft;
import dev.agentruns.spi.SessionCriteria;
import dev.agentruns.spi.SessionDraft;
import dev.agentruns.spi.SessionState;
import dev.agentruns.spi.UpdateResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The repository operations in SQL.
 *
 * <p><b>Transcripts and forks.</b> A message row belongs to the session that stores it, keyed
 * (session_id, seq) with the transcript seq. A session's own rows are seq base_seq+1..message_count;
 * messages 1..base_seq are read from base_session_id's transcript (recursively). A fork stores only
 * that pointer, so it costs the same whatever the prefix length; reading it is one indexed range
 * read per ancestor. Deleting a session first re-points each session based on it to its own base,
 * copying the rows of the deleted session the child still needs (INSERT ... SELECT, keeping the
 * appending session as origin_session_id), in the same transaction.
 *
 * <p><b>Concurrency.</b> Every write locks the session row it changes first (SELECT ... FOR UPDATE,
 * or for an append of messages with generated ids the UPDATE of its counters, which yields the seqs;
 * on SQLite the write transaction itself is the lock; where the counters live apart, on H2, the
 * SELECT locks both rows and the UPDATE the counters' row, which holds the status it checks), so
 * seqs are assigned gaplessly and versions compare-and-set, across threads and processes. Locks are taken from ancestor to descendant.
 * Reads take no locks: a transcript read that races a delete re-reads the chain and retries.
 * Thread-safe.
 */
public final class SessionStore {
    private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);
    private static final int MAX_CHAIN_DEPTH = 100_000;
    private static final int MAX_READ_ATTEMPTS = 10;
    private static final int MAX_RANGES_PER_QUERY = 16;

    private final Statements sql;
    private final Transactor tx;
    private final Rows rows;
    /**
     * The texts of the statements every append runs, each built once (and so hashed once by the
     * statement cache); those that depend on counts as they are first needed, indexed by the counts.
     */
    private final String insertMessageSql;
    private final String[] appendInOneStatementSql;
    private final String[] addToCountersReturningSql;

    public SessionStore(Statements sql, Transactor tx) {
        this.sql = sql;
        this.tx = tx;
        this.rows = new Rows(sql);
        this.insertMessageSql = sql.insertMessage();
        int statuses = SessionStatus.values().length + 1;
        this.appendInOneStatementSql = new String[statuses * (sql.maxInOneStatement() + 1)];
        this.addToCountersReturningSql = new String[statuses];
    }

    /** A range of a transcript stored as rows of one session: seq in [low, high]. */
    private record Segment(UUID sessionId, long low, long high) {
    }

    /** Where a session's transcript continues: its base (null for none) and the length taken from it. */
    private record BaseLink(UUID baseId, long baseSeq) {
    }

    /** A session's head and, where it has a base, that base's link (empty when the base is gone). */
    private record HeadAndBase(Rows.Head head, Optional<BaseLink> baseLink) {
    }

    /** What an append stored or found. */
    private record Appended(List<Message> messages, List<Message> inserted, List<ActivityEvent> events) {
    }

    // ------------------------------------------------------------------ writes

    public Created create(SessionDraft d, List<MessageDraft> messages, List<ActivityDraft> events) {
        return tx.write("create session " + d.id(), h -> {
            long started = Micros.of(d.startedAt());
            insertSession(h, d);
            Rows.Head head = new Rows.Head(SessionStatus.RUNNING, 0, 0, started, null, 0, 1);
            Appended out = appendLocked(h, d.workspaceId(), d.id(), head, messages, events);
            LOG.debug("Created session {} with {} message(s)", d.id(), out.inserted().size());
            return new Created(selectSession(h, d.workspaceId(), d.id()).orElseThrow(), out.messages(), out.events());
        });
    }

    public ForkResult fork(SessionDraft d, List<MessageDraft> messages, List<ActivityDraft> events,
                           List<ActivityDraft> sourceEvents) {
        UUID sourceId = d.forkedFrom().sessionId();
        long k = d.forkedFrom().messageSeq();
        return tx.write("fork session " + sourceId, h -> {
            Optional<Rows.Head> source = lockHead(h, d.workspaceId(), sourceId);
            if (source.isEmpty() || source.get().messageCount() < k) {
                return new ForkResult.SourceNotFound();
            }
            long started = Micros.of(d.startedAt());
            insertSession(h, d);
            Rows.Head head = new Rows.Head(SessionStatus.RUNNING, k, 0, started, sourceId, k, 1);
            Appended own = appendLocked(h, d.workspaceId(), d.id(), head, messages, events);
            Appended onSource = appendLocked(h, d.workspaceId(), sourceId, source.get(), List.of(), sourceEvents);
            LOG.debug("Forked session {} at seq {} into {}", sourceId, k, d.id());
            return new ForkResult.Forked(selectSession(h, d.workspaceId(), d.id()).orElseThrow(), own.messages(),
                    own.events(), onSource.events());
        });
    }

    public AppendResult append(String workspaceId, UUID sessionId, Set<SessionStatus> requiredStatuses,
                               List<MessageDraft> messages, List<ActivityDraft> events) {
        boolean generatedIds = !(messages.isEmpty() && events.isEmpty())
                && messages.stream().noneMatch(MessageDraft::idFromClient);
        boolean oneStatement = generatedIds && events.isEmpty() && messages.size() <= sql.maxInOneStatement();
        if (oneStatement) {
            Optional<List<Message>> appended = tx.writeOneStatement("append to session " + sessionId,
                    h -> appendInOneStatement(h, workspaceId, sessionId, requiredStatuses, messages));
            if (appended.isPresent()) {
                LOG.debug("Appended {} message(s) to session {}", appended.get().size(), sessionId);
                return new AppendResult.Appended(appended.get(), appended.get(), List.of());
            }
        }
        return tx.write("append to session " + sessionId, h -> {
            // After a one-statement append that matched nothing, the counted one would match nothing either.
            Optional<Appended> counted = generatedIds && !oneStatement
                    ? appendCounted(h, workspaceId, sessionId, requiredStatuses, messages, events) : Optional.empty();
            if (counted.isPresent()) {
                Appended out = counted.get();
                LOG.debug("Appended {} message(s) and {} event(s) to session {}", out.inserted().size(),
                        out.events().size(), sessionId);
                return new AppendResult.Appended(out.messages(), out.inserted(), out.events());
            }
            Optional<Rows.Head> head = lockHead(h, workspaceId, sessionId);
            if (head.isEmpty()) {
                return new AppendResult.NotFound();
            }
            if (!requiredStatuses.isEmpty() && !requiredStatuses.contains(head.get().status())) {
                return new AppendResult.StatusNotAllowed(head.get().status());
            }
            Appended out = appendLocked(h, workspaceId, sessionId, head.get(), messages, events);
            LOG.debug("Appended {} message(s) and {} event(s) to session {}", out.inserted().size(),
                    out.events().size(), sessionId);
            return new AppendResult.Appended(out.messages(), out.inserted(), out.events());
        });
    }

    public UpdateResult update(String workspaceId, UUID sessionId, long expectedVersion, SessionState state,
                               List<MessageDraft> messages, List<ActivityDraft> events) {
        return tx.write("update session " + sessionId, h -> {
            Optional<Rows.Head> head = lockHead(h, workspaceId, sessionId);
            if (head.isEmpty()) {
                return new UpdateResult.NotFound();
            }
            if (head.get().version() != expectedVersion) {
                LOG.debug("Session {} is at version {}, not {}", sessionId, head.get().version(), expectedVersion);
                return new UpdateResult.VersionConflict(selectSession(h, workspaceId, sessionId).orElseThrow());
            }
            var ticket = state.ticket();
            var output = state.output();
            int updated = Statements.bind(h.createUpdate(sql.updateState()),
                    state.status().name(),
                    sql.text(state.waitReason() == null ? null : state.waitReason().name()),
                    Micros.of(state.statusChangedAt()),
                    sql.bigint(Micros.ofNullable(state.endedAt())),
                    Micros.of(state.waitedTime()),
                    sql.text(ticket == null ? null : ticket.system()),
                    sql.text(ticket == null ? null : ticket.key()),
                    sql.text(ticket == null ? null : ticket.title()),
                    sql.text(ticket == null ? null : ticket.url()),
                    sql.bigint(Micros.ofNullable(state.archivedAt())),
                    state.archivedAt() == null ? 0 : 1,
                    sql.text(output == null ? null : output.verdict().status().name()),
                    sql.json(output == null ? null : Json.write(Json.MAPPER.valueToTree(output.verdict().errors()))),
                    sql.json(output == null ? null : Json.write(output.value())),
                    sql.id(sessionId), sql.text(workspaceId), expectedVersion).execute();
            if (updated != 1) {
                throw new StorageException("update session " + sessionId + " changed " + updated
                        + " rows while holding its lock", null);
            }
            if (sql.countersApart() && state.status() != head.get().status()) {
                PlainJdbc.update(h, sql.copyStatusToCounters(), List.of(sql.id(sessionId)));
            }
            Appended out = appendLocked(h, workspaceId, sessionId, head.get(), messages, events);
            LOG.debug("Updated session {} to version {} ({})", sessionId, expectedVersion + 1, state.status());
            return new UpdateResult.Updated(selectSession(h, workspaceId, sessionId).orElseThrow(), out.messages(),
                    out.inserted(), out.events());
        });
    }

    public boolean delete(String workspaceId, UUID sessionId) {
        return tx.write("delete session " + sessionId, h -> {
            Optional<Rows.Head> found = lockHead(h, workspaceId, sessionId);
            if (found.isEmpty()) {
                return false;
            }
            Rows.Head head = found.get();
            List<Map.Entry<UUID, Long>> children = Statements.bind(h.createQuery(sql.lockChildren()), sql.id(sessionId))
                    .map((rs, ctx) -> Map.entry(sql.readId(rs, "id"), rs.getLong("base_seq"))).list();
            for (Map.Entry<UUID, Long> child : children) {
                long childBaseSeq = child.getValue();
                if (childBaseSeq > head.baseSeq()) {
                    int copied = Statements.bind(h.createUpdate(sql.copyMessages()), sql.id(child.getKey()),
                            sql.id(sessionId), head.baseSeq(), childBaseSeq).execute();
                    LOG.debug("Copied {} message(s) of session {} into fork {} before deleting it", copied,
                            sessionId, child.getKey());
                }
                Statements.bind(h.createUpdate(sql.updateBase()), sql.id(head.baseId()),
                        Math.min(childBaseSeq, head.baseSeq()), sql.id(child.getKey())).execute();
            }
            Statements.bind(h.createUpdate(sql.deleteMessages()), sql.id(sessionId)).execute();
            Statements.bind(h.createUpdate(sql.deleteActivity()), sql.id(sessionId)).execute();
            Statements.bind(h.createUpdate(sql.deleteSession()), sql.id(sessionId)).execute();
            LOG.debug("Deleted session {} ({} fork(s) re-based)", sessionId, children.size());
            return true;
        });
    }

    // ------------------------------------------------------------------ reads

    public Optional<Session> find(String workspaceId, UUID sessionId) {
        return tx.read("find session " + sessionId, h -> selectSession(h, workspaceId, sessionId));
    }

    public Optional<Message> findMessage(String workspaceId, UUID sessionId, String messageId) {
        return tx.read("find message of session " + sessionId, h -> {
            for (int attempt = 1; ; attempt++) {
                Optional<Rows.Head> head = selectHead(h, workspaceId, sessionId);
                if (head.isEmpty()) {
                    return Optional.empty();
                }
                List<Segment> chain = chain(h, sessionId, head.get());
                Map<String, Message> found = lookup(h, chain, Set.of(messageId));
                if (found.containsKey(messageId)) {
                    return Optional.of(found.get(messageId));
                }
                if (chain.size() == 1 || chainUnchanged(h, workspaceId, sessionId, chain) || attempt >= MAX_READ_ATTEMPTS) {
                    return Optional.empty();
                }
            }
        });
    }

    public List<Message> messages(String workspaceId, UUID sessionId, long fromSeq, int limit) {
        return tx.read("read messages of session " + sessionId, h -> {
            for (int attempt = 1; ; attempt++) {
                Optional<HeadAndBase> found = selectHeadAndBase(h, workspaceId, sessionId);
                if (found.isEmpty() || limit <= 0) {
                    return List.of();
                }
                Rows.Head head = found.get().head();
                long from = Math.max(1, fromSeq);
                long count = head.messageCount();
                if (from > count) {
                    return List.of();
                }
                long to = Math.min(count, from + limit - 1);
                List<Segment> ranges = new ArrayList<>(2);
                for (Segment s : chain(h, sessionId, head, found.get().baseLink())) {
                    long lo = Math.max(s.low(), from);
                    long hi = Math.min(s.high(), to);
                    if (lo <= hi) {
                        ranges.add(new Segment(s.sessionId(), lo, hi));
                    }
                }
                List<Message> out = readRanges(h, ranges, (int) (to - from + 1));
                if (out.size() == to - from + 1) {
                    return out;
                }
                if (attempt >= MAX_READ_ATTEMPTS) {
                    throw new StorageException("the transcript of session " + sessionId + " kept changing while it"
                            + " was read (" + out.size() + " of " + (to - from + 1) + " messages found)", null);
                }
                LOG.debug("Transcript of session {} changed while it was read; reading again", sessionId);
            }
        });
    }

    /** The messages in these ranges of a transcript, in seq order: one query for up to 16 ranges. */
    private List<Message> readRanges(Handle h, List<Segment> ranges, int expected) {
        List<Message> out = new ArrayList<>(expected);
        for (int start = 0; start < ranges.size(); start += MAX_RANGES_PER_QUERY) {
            List<Segment> group = ranges.subList(start, Math.min(ranges.size(), start + MAX_RANGES_PER_QUERY));
            List<Object> args = new ArrayList<>(group.size() * 3);
            group.forEach(s -> {
                args.add(sql.id(s.sessionId()));
                args.add(s.low());
                args.add(s.high());
            });
            Statements.bind(h.createQuery(sql.selectMessageRanges(group.size())), args)
                    .map((rs, ctx) -> rows.message(rs)).forEach(out::add);
        }
        out.sort(Comparator.comparingLong(Message::seq));
        return out;
    }

    public List<ActivityEvent> activity(String workspaceId, UUID sessionId, long afterSeq, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return tx.read("read activity of session " + sessionId, h ->
                Statements.bind(h.createQuery(sql.selectActivity()), sql.id(sessionId), afterSeq, sql.id(sessionId),
                        sql.text(workspaceId), limit).map((rs, ctx) -> rows.event(rs)).list());
    }

    public List<SessionSummary> query(String workspaceId, SessionCriteria criteria) {
        if (criteria.limit() <= 0) {
            return List.of();
        }
        Statements.BoundSql q = sql.selectSessions(workspaceId, criteria);
        return tx.read("query sessions", h ->
                Statements.bind(h.createQuery(q.sql()), q.args()).map((rs, ctx) -> rows.summary(rs)).list());
    }

    public long count(String workspaceId, SessionCriteria criteria) {
        Statements.BoundSql q = sql.countSessions(workspaceId, criteria);
        return tx.read("count sessions", h -> Statements.bind(h.createQuery(q.sql()), q.args()).mapTo(Long.class).one());
    }

    // ------------------------------------------------------------------ helpers

    private Optional<Session> selectSession(Handle h, String workspaceId, UUID sessionId) {
        return Statements.bind(h.createQuery(sql.selectSession()), sql.id(sessionId), sql.text(workspaceId))
                .map((rs, ctx) -> rows.session(rs)).findOne();
    }

    private Optional<Rows.Head> selectHead(Handle h, String workspaceId, UUID sessionId) {
        return Statements.bind(h.createQuery(sql.selectHead()), sql.id(sessionId), sql.text(workspaceId))
                .map((rs, ctx) -> rows.head(rs)).findOne();
    }

    private Optional<HeadAndBase> selectHeadAndBase(Handle h, String workspaceId, UUID sessionId) {
        return Statements.bind(h.createQuery(sql.selectHeadAndBase()), sql.id(sessionId), sql.text(workspaceId))
                .map((rs, ctx) -> {
                    Rows.Head head = rows.head(rs);
                    Optional<BaseLink> link = sql.readId(rs, "base_found") == null ? Optional.empty()
                            : Optional.of(new BaseLink(sql.readId(rs, "base_base_session_id"), rs.getLong("base_base_seq")));
                    return new HeadAndBase(head, link);
                }).findOne();
    }

    private Optional<Rows.Head> lockHead(Handle h, String workspaceId, UUID sessionId) {
        return Statements.bind(h.createQuery(sql.lockHead()), sql.id(sessionId), sql.text(workspaceId))
                .map((rs, ctx) -> rows.head(rs)).findOne();
    }

    /**
     * The segments of a session's transcript, its own rows first, then each ancestor's part of the
     * prefix. Each step is one primary-key read.
     */
    private List<Segment> chain(Handle h, UUID sessionId, Rows.Head head) {
        return chain(h, sessionId, head, null);
    }

    /**
     * {@link #chain(Handle, UUID, Rows.Head)} where the link of the head's base was read with the head
     * ({@code baseLink}: empty when the base is gone; null when not read).
     */
    private List<Segment> chain(Handle h, UUID sessionId, Rows.Head head, Optional<BaseLink> baseLink) {
        List<Segment> chain = new ArrayList<>(2);
        chain.add(new Segment(sessionId, head.baseSeq() + 1, head.messageCount()));
        UUID base = head.baseId();
        long cap = head.baseSeq();
        for (int depth = 0; base != null && cap > 0; depth++) {
            if (depth > MAX_CHAIN_DEPTH) {
                throw new StorageException("the fork chain of session " + sessionId + " is deeper than "
                        + MAX_CHAIN_DEPTH + " (or cyclic)", null);
            }
            UUID current = base;
            Optional<BaseLink> link = depth == 0 && baseLink != null ? baseLink
                    : Statements.bind(h.createQuery(sql.selectBase()), sql.id(current))
                            .map((rs, ctx) -> new BaseLink(sql.readId(rs, "base_session_id"), rs.getLong("base_seq")))
                            .findOne();
            if (link.isEmpty()) {
                // The base was deleted after the head was read: the caller re-reads the chain.
                chain.add(new Segment(current, 1, cap));
                break;
            }
            long baseOfBaseSeq = link.get().baseSeq();
            if (cap > baseOfBaseSeq) {
                chain.add(new Segment(current, baseOfBaseSeq + 1, cap));
            }
            cap = Math.min(cap, baseOfBaseSeq);
            base = link.get().baseId();
        }
        return chain;
    }

    private boolean chainUnchanged(Handle h, String workspaceId, UUID sessionId, List<Segment> chain) {
        Optional<Rows.Head> head = selectHead(h, workspaceId, sessionId);
        return head.isPresent() && chain(h, sessionId, head.get()).equals(chain);
    }

    /** Messages of the transcript whose id is in {@code ids}: one indexed read per segment. */
    private Map<String, Message> lookup(Handle h, List<Segment> chain, Set<String> ids) {
        Map<String, Message> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        List<String> wanted = new ArrayList<>(ids);
        for (Segment s : chain) {
            if (wanted.isEmpty()) {
                break;
            }
            List<Object> args = new ArrayList<>(wanted.size() + 2);
            args.add(sql.id(s.sessionId()));
            args.add(s.high());
            wanted.forEach(id -> args.add(sql.text(id)));
            Statements.bind(h.createQuery(sql.selectMessagesById(wanted.size())), args)
                    .map((rs, ctx) -> rows.message(rs)).forEach(m -> found.putIfAbsent(m.id(), m));
            wanted.removeIf(found::containsKey);
        }
        return found;
    }

    /**
     * Appends messages with generated ids in one statement that commits itself (where the dialect has
     * one): adding to the counters yields the seqs for the insert. Empty when the session did not match;
     * the caller then appends in a transaction, which finds out why.
     */
    private Optional<List<Message>> appendInOneStatement(Handle h, String workspaceId, UUID sessionId,
                                                         Set<SessionStatus> statuses, List<MessageDraft> drafts) {
        List<Object> args = addToCountersArgs(workspaceId, sessionId, statuses, drafts, List.of());
        for (int i = 0; i < drafts.size(); i++) {
            args.addAll(messageRow(sessionId, drafts.size() - 1 - i, drafts.get(i)));
        }
        int index = statuses.size() * (sql.maxInOneStatement() + 1) + drafts.size();
        if (appendInOneStatementSql[index] == null) {
            appendInOneStatementSql[index] = sql.appendInOneStatement(statuses.size(), drafts.size());
        }
        List<Long> seqs = PlainJdbc.column(h, appendInOneStatementSql[index], args);
        if (seqs.isEmpty()) {
            return Optional.empty();
        }
        long seq = Collections.min(seqs);
        List<Message> messages = new ArrayList<>(drafts.size());
        for (MessageDraft d : drafts) {
            messages.add(new Message(d.id(), sessionId, seq++, d.role(), d.createdAt(), d.content(), d.usage()));
        }
        return Optional.of(messages);
    }

    /**
     * Appends without reading the session first, where no draft's id needs looking up (every id was
     * generated): adding to the session's counters locks its row, checks its workspace and status, and
     * yields the seqs to use, in one statement where the database returns rows from an UPDATE. Empty
     * when that matched no row; the caller then finds out why under the lock. There is something to
     * append.
     */
    private Optional<Appended> appendCounted(Handle h, String workspaceId, UUID sessionId,
                                             Set<SessionStatus> statuses, List<MessageDraft> drafts,
                                             List<ActivityDraft> events) {
        List<Object> args = addToCountersArgs(workspaceId, sessionId, statuses, drafts, events);
        Optional<long[]> counters;
        if (sql.returnsFromUpdate()) {
            if (addToCountersReturningSql[statuses.size()] == null) {
                addToCountersReturningSql[statuses.size()] = sql.addToCountersReturning(statuses.size());
            }
            counters = PlainJdbc.longs(h, addToCountersReturningSql[statuses.size()], args, 2);
        } else if (PlainJdbc.update(h, sql.addToCounters(statuses.size()), args) == 1) {
            counters = PlainJdbc.longs(h, sql.selectCounters(), List.of(sql.id(sessionId)), 2);
        } else {
            counters = Optional.empty();
        }
        return counters.map(c -> {
            Appended out = insert(h, sessionId, c[0] - drafts.size(), drafts, c[1] - events.size(), events);
            return new Appended(out.inserted(), out.inserted(), out.events());
        });
    }

    /**
     * Appends to a session whose row this transaction has locked: messages after its last seq
     * (a draft whose id is already in the transcript returns the stored message instead), events
     * after its last event, then the counters.
     */
    private Appended appendLocked(Handle h, String workspaceId, UUID sessionId, Rows.Head head,
                                  List<MessageDraft> drafts, List<ActivityDraft> events) {
        Map<String, Message> existing = Map.of();
        if (head.messageCount() > 0 && drafts.stream().anyMatch(MessageDraft::idFromClient)) {
            Set<String> ids = new LinkedHashSet<>();
            drafts.forEach(d -> ids.add(d.id()));
            List<Segment> chain = chain(h, sessionId, head);
            existing = lookup(h, chain, ids);
            // An ancestor deleted concurrently moves rows; look again until the chain is stable.
            for (int attempt = 1; chain.size() > 1 && existing.size() < ids.size(); attempt++) {
                List<Segment> again = chain(h, sessionId, head);
                if (again.equals(chain) || attempt >= MAX_READ_ATTEMPTS) {
                    break;
                }
                chain = again;
                existing = lookup(h, chain, ids);
            }
        }
        List<MessageDraft> fresh = new ArrayList<>(drafts.size());
        Set<String> seen = new HashSet<>();
        for (MessageDraft d : drafts) {
            if (!existing.containsKey(d.id()) && seen.add(d.id())) {
                fresh.add(d);
            }
        }
        Appended out = insert(h, sessionId, head.messageCount(), fresh, head.activityCount(), events);
        if (!fresh.isEmpty() || !events.isEmpty()) {
            PlainJdbc.update(h, sql.addToCounters(0),
                    addToCountersArgs(workspaceId, sessionId, Set.of(), fresh, events));
        }
        Map<String, Message> stored = new HashMap<>(existing);
        out.inserted().forEach(m -> stored.put(m.id(), m));
        List<Message> messages = new ArrayList<>(drafts.size());
        drafts.forEach(d -> messages.add(stored.get(d.id())));
        return new Appended(messages, out.inserted(), out.events());
    }

    private void insertSession(Handle h, SessionDraft d) {
        Statements.BoundSql insert = sql.insertSession(d);
        Statements.bind(h.createUpdate(insert.sql()), insert.args()).execute();
    }

    /** The parameters of {@link Statements#addToCounters} for these messages and events. */
    private List<Object> addToCountersArgs(String workspaceId, UUID sessionId, Set<SessionStatus> statuses,
                                           List<MessageDraft> drafts, List<ActivityDraft> events) {
        long last = Long.MIN_VALUE;
        long input = 0;
        long output = 0;
        long cacheRead = 0;
        long cacheCreation = 0;
        for (MessageDraft d : drafts) {
            last = Math.max(last, Micros.of(d.createdAt()));
            Usage u = d.usage();
            if (u != null) {
                input += u.inputTokens();
                output += u.outputTokens();
                cacheRead += u.cacheReadTokens();
                cacheCreation += u.cacheCreationTokens();
            }
        }
        for (ActivityDraft e : events) {
            last = Math.max(last, Micros.of(e.at()));
        }
        List<Object> args = new ArrayList<>(List.of((long) drafts.size(), (long) events.size(), last, input, output,
                cacheRead, cacheCreation, sql.id(sessionId), sql.text(workspaceId)));
        statuses.forEach(status -> args.add(status.name()));
        return args;
    }

    /** The parameters of {@link Statements#insertMessage} for a draft, with {@code seq} in the seq's place. */
    private List<Object> messageRow(UUID sessionId, long seq, MessageDraft d) {
        Usage u = d.usage();
        return List.of(sql.id(sessionId), seq, sql.text(d.id()), d.role().name(), Micros.of(d.createdAt()),
                sql.json(ContentCodec.write(d.content())),
                sql.text(u == null ? null : u.model()),
                sql.bigint(u == null ? null : u.inputTokens()),
                sql.bigint(u == null ? null : u.outputTokens()),
                sql.bigint(u == null ? null : u.cacheReadTokens()),
                sql.bigint(u == null ? null : u.cacheCreationTokens()));
    }

    /** Inserts messages with seqs after {@code lastSeq} and events with seqs after {@code lastEventSeq}. */
    private Appended insert(Handle h, UUID sessionId, long lastSeq, List<MessageDraft> drafts, long lastEventSeq,
                            List<ActivityDraft> events) {
        List<Message> messages = new ArrayList<>(drafts.size());
        if (!drafts.isEmpty()) {
            List<List<Object>> rows = new ArrayList<>(drafts.size());
            long seq = lastSeq;
            for (MessageDraft d : drafts) {
                seq++;
                rows.add(messageRow(sessionId, seq, d));
                messages.add(new Message(d.id(), sessionId, seq, d.role(), d.createdAt(), d.content(), d.usage()));
            }
            PlainJdbc.batch(h, insertMessageSql, rows);
        }
        List<ActivityEvent> stored = new ArrayList<>(events.size());
        if (!events.isEmpty()) {
            List<List<Object>> rows = new ArrayList<>(events.size());
            long seq = lastEventSeq;
            for (ActivityDraft e : events) {
                seq++;
                rows.add(List.of(sql.id(sessionId), seq, sql.id(e.id()), Micros.of(e.at()), e.type().name(),
                        sql.text(e.summary()), sql.json(Json.write(e.details()))));
                stored.add(new ActivityEvent(e.id(), sessionId, seq, e.at(), e.type(), e.summary(), e.details()));
            }
            PlainJdbc.batch(h, sql.insertActivity(), rows);
        }
        return new Appended(messages, messages, stored);
    }
}
