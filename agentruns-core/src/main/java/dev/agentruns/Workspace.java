package dev.agentruns;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruns.internal.CursorCodec;
import dev.agentruns.internal.Json;
import dev.agentruns.internal.Payloads;
import dev.agentruns.internal.Require;
import dev.agentruns.internal.TimeWindows;
import dev.agentruns.spi.ActivityDraft;
import dev.agentruns.spi.AppendResult;
import dev.agentruns.spi.Created;
import dev.agentruns.spi.ForkResult;
import dev.agentruns.spi.Keyset;
import dev.agentruns.spi.MessageDraft;
import dev.agentruns.spi.SessionCriteria;
import dev.agentruns.spi.SessionDraft;
import dev.agentruns.spi.SessionRepository;
import dev.agentruns.spi.SessionState;
import dev.agentruns.spi.UpdateResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every operation on the sessions of one workspace: recording runs, viewing them, and the actions
 * of the Agent Runs view. Ids of another workspace's sessions behave as ids that do not exist.
 *
 * <p>Every write is one atomic step in storage that also records its activity event; listeners are
 * notified after it is stored. Immutable and thread-safe; cheap to create.
 */
public final class Workspace {
    private static final Logger LOG = LoggerFactory.getLogger(Workspace.class);
    private static final Set<SessionStatus> ACTIVE = EnumSet.of(SessionStatus.RUNNING, SessionStatus.WAITING);
    private static final int READ_BATCH = 500;
    private static final int MAX_CAS_ATTEMPTS = 16;
    private static final int TITLE_LENGTH = 120;

    private final AgentRuns runs;
    private final SessionRepository repo;
    private final String id;

    Workspace(AgentRuns runs, String id) {
        this.runs = runs;
        this.repo = runs.repository;
        this.id = id;
    }

    /** This workspace's id. */
    public String id() {
        return id;
    }

    // ---------------------------------------------------------------- recording

    /**
     * Starts a session: RUNNING, with the prompt as message 1, a SESSION_STARTED event (and
     * TICKET_LINKED when a ticket is given).
     *
     * @throws InvalidInputException when the schema is not a valid JSON Schema or the prompt is too large
     */
    public Session start(StartSession start) {
        Require.nonNull(start, "start");
        if (start.outputSchema() != null) {
            runs.validator.checkSchema(start.outputSchema());
            Payloads.checkJson(start.outputSchema(), runs.maxPayloadBytes, "outputSchema");
        }
        Instant now = now();
        List<MessageDraft> messages = drafts(List.of(start.prompt()), now, "prompt", false);
        String title = start.title() != null ? start.title() : deriveTitle(start.prompt(), start.agent());
        Payloads.checkEncodable(title, "title");
        List<ActivityDraft> events = new ArrayList<>();
        events.add(event(now, ActivityType.SESSION_STARTED, start.agent().displayName() + " started",
                Json.object().put("agentId", start.agent().id()).put("kind", start.kind().name())));
        if (start.ticket() != null) {
            events.add(ticketLinked(now, start.ticket()));
        }
        SessionDraft draft = new SessionDraft(runs.ids.next(now), id, start.kind(), start.agent(), title, now,
                start.ticket(), start.outputSchema(), null);
        Created created = repo.create(draft, messages, events);
        LOG.debug("Started session {} in workspace {}", draft.id(), id);
        Session session = created.session();
        runs.listeners.fire("sessionStarted", l -> l.sessionStarted(session));
        notifyAppended(created.messages(), created.events());
        if (start.ticket() != null) {
            runs.listeners.fire("ticketLinked", l -> l.ticketLinked(session, start.ticket()));
        }
        return session;
    }

    /**
     * Appends one message to a RUNNING or WAITING session. With a client-supplied message id, a retry
     * returns the stored message and stores nothing.
     *
     * @throws SessionNotFoundException      when the session is not in this workspace
     * @throws IllegalSessionStateException  when the session is terminal (fork it to go on)
     * @throws PayloadTooLargeException      when the content exceeds the configured maximum
     */
    public Message append(UUID sessionId, NewMessage message) {
        return append(sessionId, List.of(Require.nonNull(message, "message")), "message", false).get(0);
    }

    /** Appends messages in one atomic step, in order; see {@link #append(UUID, NewMessage)}. */
    public List<Message> append(UUID sessionId, List<NewMessage> messages) {
        return append(sessionId, Require.nonEmptyList(messages, "messages"), "messages", true);
    }

    private List<Message> append(UUID sessionId, List<NewMessage> list, String field, boolean indexed) {
        Require.nonNull(sessionId, "sessionId");
        List<MessageDraft> drafts = drafts(list, now(), field, indexed);
        AppendResult result = repo.append(id, sessionId, ACTIVE, drafts, List.of());
        if (result instanceof AppendResult.Appended appended) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("Appended {} message(s) to session {}", appended.inserted().size(), sessionId);
            }
            notifyAppended(appended.inserted(), List.of());
            return appended.messages();
        }
        if (result instanceof AppendResult.StatusNotAllowed notAllowed) {
            throw new IllegalSessionStateException(sessionId, notAllowed.found(),
                    "messages can be appended only while RUNNING or WAITING; fork the session to go on");
        }
        throw new SessionNotFoundException(sessionId);
    }

    /** Records an activity event on a session's timeline (any status). */
    public ActivityEvent record(UUID sessionId, NewActivity activity) {
        Require.nonNull(sessionId, "sessionId");
        Require.nonNull(activity, "activity");
        Payloads.checkEncodable(activity.summary(), "activity.summary");
        Payloads.checkJson(activity.details(), runs.maxPayloadBytes, "activity.details");
        ActivityDraft draft = event(now(), activity.type(), activity.summary(), activity.details());
        AppendResult result = repo.append(id, sessionId, Set.of(), List.of(), List.of(draft));
        if (result instanceof AppendResult.Appended appended) {
            notifyAppended(List.of(), appended.events());
            return appended.events().get(0);
        }
        throw new SessionNotFoundException(sessionId);
    }

    /** RUNNING → WAITING, for the given reason. */
    public Session waitFor(UUID sessionId, WaitReason reason) {
        Require.nonNull(reason, "reason");
        return transition(sessionId, SessionStatus.WAITING, (current, now) -> {
            String summary = switch (reason) {
                case INPUT -> "Waiting for input";
                case APPROVAL -> "Waiting for approval";
                case PAUSED -> "Paused";
            };
            return new Change(reason, null, List.of(), List.of(draft(now, statusChanged(current.status(),
                    SessionStatus.WAITING, summary).put("reason", reason.name()))));
        });
    }

    /** Continue: WAITING → RUNNING. */
    public Session resume(UUID sessionId) {
        return resume(sessionId, null);
    }

    /**
     * Continue: WAITING → RUNNING, appending {@code message} (the user's answer or approval) in the
     * same atomic step. The message may be null.
     */
    public Session resume(UUID sessionId, NewMessage message) {
        List<MessageDraft> drafts = message == null ? List.of() : drafts(List.of(message), now(), "message", false);
        return transition(sessionId, SessionStatus.RUNNING, (current, now) -> new Change(null, null, drafts,
                List.of(draft(now, statusChanged(current.status(), SessionStatus.RUNNING, "Continued")))));
    }

    /** RUNNING → COMPLETED, without output. */
    public Session complete(UUID sessionId) {
        return complete(sessionId, (JsonNode) null);
    }

    /** RUNNING → COMPLETED with output given as JSON text; text that is not JSON is rejected. */
    public Session complete(UUID sessionId, String outputJson) {
        return complete(sessionId, Json.parse(outputJson, "output"));
    }

    /**
     * RUNNING → COMPLETED with an output (may be null). When the session has an output schema the
     * output is checked against it; an invalid output is stored with its verdict and a WARNING event.
     */
    public Session complete(UUID sessionId, JsonNode output) {
        JsonNode value = output == null ? null : Json.canonical(output, "output");
        if (value != null) {
            Payloads.checkJson(value, runs.maxPayloadBytes, "output");
        }
        return transition(sessionId, SessionStatus.COMPLETED, (current, now) -> {
            List<ActivityDraft> events = new ArrayList<>();
            Output stored = null;
            if (value != null) {
                OutputVerdict verdict = current.outputSchema() == null ? OutputVerdict.NOT_CHECKED
                        : runs.validator.verdict(current.outputSchema(), value);
                stored = new Output(value, verdict);
                ObjectNode details = Json.object().put("verdict", verdict.status().name());
                details.putArray("errors").addAll(verdict.errors().stream().map(Json.MAPPER::valueToTree)
                        .map(JsonNode.class::cast).toList());
                events.add(event(now, ActivityType.OUTPUT_RECORDED, "Output recorded (" + verdict.status() + ")",
                        details));
                if (verdict.status() == OutputVerdict.Status.INVALID) {
                    events.add(event(now, ActivityType.WARNING, "Output does not match the output schema: "
                            + verdict.errors().size() + " problem(s)", details));
                }
            }
            events.add(draft(now, ended(current.status(), SessionStatus.COMPLETED, "Completed")));
            return new Change(null, stored, List.of(), events);
        });
    }

    /** RUNNING or WAITING → FAILED, recording the error as an ERROR event. */
    public Session fail(UUID sessionId, String error) {
        Require.nonBlank(error, "error", 10_000);
        Payloads.checkEncodable(error, "error");
        return transition(sessionId, SessionStatus.FAILED, (current, now) -> new Change(null, null, List.of(),
                List.of(event(now, ActivityType.ERROR, error, Json.object()),
                        draft(now, ended(current.status(), SessionStatus.FAILED, "Failed")))));
    }

    /** RUNNING or WAITING → CANCELLED. */
    public Session cancel(UUID sessionId) {
        return cancel(sessionId, null);
    }

    /** RUNNING or WAITING → CANCELLED, with an optional reason for the timeline. */
    public Session cancel(UUID sessionId, String reason) {
        String why = Require.blankToNullOrValid(reason, "reason", 10_000);
        Payloads.checkEncodable(why, "reason");
        return transition(sessionId, SessionStatus.CANCELLED, (current, now) -> {
            ObjectNode event = ended(current.status(), SessionStatus.CANCELLED,
                    why == null ? "Cancelled" : "Cancelled: " + why);
            if (why != null) {
                event.put("reason", why);
            }
            return new Change(null, null, List.of(), List.of(draft(now, event)));
        });
    }

    // ---------------------------------------------------------------- viewing

    /** The session, or empty when it is not in this workspace. */
    public Optional<Session> find(UUID sessionId) {
        return repo.find(id, Require.nonNull(sessionId, "sessionId"));
    }

    /** The session; throws {@link SessionNotFoundException} when it is not in this workspace. */
    public Session get(UUID sessionId) {
        return find(sessionId).orElseThrow(() -> new SessionNotFoundException(sessionId));
    }

    /** The whole transcript, in seq order. */
    public List<Message> messages(UUID sessionId) {
        Session session = get(sessionId);
        return readMessages(sessionId, 1, session.summary().messageCount());
    }

    /** Messages with seq in [fromSeq, toSeq], both inclusive. */
    public List<Message> messages(UUID sessionId, long fromSeq, long toSeq) {
        Require.check(fromSeq >= 1, "fromSeq", "must be at least 1, was " + fromSeq);
        Require.check(toSeq >= fromSeq, "toSeq", "must not be less than fromSeq " + fromSeq + ", was " + toSeq);
        Session session = get(sessionId);
        long last = Math.min(toSeq, session.summary().messageCount());
        return last < fromSeq ? List.of() : readMessages(sessionId, fromSeq, last - fromSeq + 1);
    }

    /** The last {@code count} messages (fewer when the transcript is shorter), in seq order. */
    public List<Message> lastMessages(UUID sessionId, int count) {
        Require.check(count >= 1, "count", "must be at least 1, was " + count);
        Session session = get(sessionId);
        long total = session.summary().messageCount();
        long from = Math.max(1, total - count + 1);
        return readMessages(sessionId, from, total - from + 1);
    }

    /** The whole activity timeline, in order. */
    public List<ActivityEvent> activity(UUID sessionId) {
        get(sessionId);
        List<ActivityEvent> all = new ArrayList<>();
        long after = 0;
        while (true) {
            List<ActivityEvent> batch = repo.activity(id, sessionId, after, READ_BATCH);
            all.addAll(batch);
            if (batch.size() < READ_BATCH) {
                return all;
            }
            after = batch.get(batch.size() - 1).seq();
        }
    }

    /** A page of the session list. Never loads messages. */
    public Page<SessionSummary> list(SessionQuery query) {
        Require.nonNull(query, "query");
        SessionCriteria criteria = criteria(query, query.limit() + 1);
        List<SessionSummary> rows = repo.query(id, criteria);
        if (rows.size() <= query.limit()) {
            return new Page<>(rows, null);
        }
        List<SessionSummary> page = rows.subList(0, query.limit());
        SessionSummary last = page.get(page.size() - 1);
        return new Page<>(page, CursorCodec.encode(query.sort(), last.startedAt(), last.id()));
    }

    /** How many sessions match the query (its cursor and limit are ignored). */
    public long count(SessionQuery query) {
        Require.nonNull(query, "query");
        return repo.count(id, criteria(query.withCursor(null), 1));
    }

    /** The first page of a ticket's sessions, archived ones included, newest first. */
    public Page<SessionSummary> sessionsOfTicket(TicketRef ticket) {
        return list(SessionQuery.forTicket(Require.nonNull(ticket, "ticket")));
    }

    // ---------------------------------------------------------------- actions

    /**
     * Fork: a new RUNNING session in this workspace, same kind, agent and output schema, whose
     * transcript is the source's messages up to and including {@code atMessageId}, then
     * {@code newPrompt}. FORKED events go on both timelines; the source is not changed otherwise.
     *
     * @throws SessionNotFoundException when the source is not in this workspace
     * @throws MessageNotFoundException when the message is not in the source's transcript
     */
    public Session fork(UUID sourceSessionId, String atMessageId, NewMessage newPrompt) {
        Require.nonNull(sourceSessionId, "sourceSessionId");
        Require.nonBlank(atMessageId, "atMessageId");
        Require.nonNull(newPrompt, "newPrompt");
        Session source = get(sourceSessionId);
        Message at = repo.findMessage(id, sourceSessionId, atMessageId)
                .orElseThrow(() -> new MessageNotFoundException(sourceSessionId, atMessageId));
        if (newPrompt.id() != null) {
            repo.findMessage(id, sourceSessionId, newPrompt.id()).filter(m -> m.seq() <= at.seq()).ifPresent(m -> {
                throw new InvalidInputException("newPrompt.id", "'" + newPrompt.id()
                        + "' is already the id of message " + m.seq() + " in the forked prefix");
            });
        }
        Instant now = now();
        List<MessageDraft> messages = drafts(List.of(newPrompt), now, "newPrompt", false);
        UUID forkId = runs.ids.next(now);
        ForkOrigin origin = new ForkOrigin(sourceSessionId, atMessageId, at.seq());
        SessionSummary s = source.summary();
        SessionDraft draft = new SessionDraft(forkId, id, s.kind(), s.agent(), deriveTitle(newPrompt, s.agent()), now,
                null, source.outputSchema(), origin);
        ObjectNode forkDetails = Json.object().put("sourceSessionId", sourceSessionId.toString())
                .put("forkSessionId", forkId.toString()).put("messageId", atMessageId).put("messageSeq", at.seq());
        List<ActivityDraft> events = List.of(
                event(now, ActivityType.SESSION_STARTED, s.agent().displayName() + " started",
                        Json.object().put("agentId", s.agent().id()).put("kind", s.kind().name())),
                event(now, ActivityType.FORKED, "Forked from session " + sourceSessionId + " at message " + at.seq(),
                        forkDetails));
        List<ActivityDraft> sourceEvents = List.of(event(now, ActivityType.FORKED,
                "Forked into session " + forkId + " at message " + at.seq(), forkDetails));
        ForkResult result = repo.fork(draft, messages, events, sourceEvents);
        if (!(result instanceof ForkResult.Forked forked)) {
            throw new SessionNotFoundException(sourceSessionId);
        }
        LOG.debug("Forked session {} at message {} into {}", sourceSessionId, at.seq(), forkId);
        Session fork = forked.fork();
        runs.listeners.fire("sessionStarted", l -> l.sessionStarted(fork));
        runs.listeners.fire("forked", l -> l.forked(fork));
        notifyAppended(forked.messages(), forked.events());
        notifyAppended(List.of(), forked.sourceEvents());
        return fork;
    }

    /** Links the session to a ticket, replacing any other ticket. Linking the same ticket again changes nothing. */
    public Session linkTicket(UUID sessionId, TicketRef ticket) {
        Require.nonNull(ticket, "ticket");
        return modify(sessionId, previous -> ticket, false);
    }

    /** Unlinks the session's ticket; a session without a ticket is returned unchanged. */
    public Session unlinkTicket(UUID sessionId) {
        return modify(sessionId, previous -> null, false);
    }

    /**
     * Archives a terminal session, hiding it from the default list; it stays listed for its ticket.
     *
     * @throws IllegalSessionStateException when the session is RUNNING or WAITING
     */
    public Session archive(UUID sessionId) {
        return archive(sessionId, null);
    }

    /** Archives a terminal session and links it to {@code ticket} (may be null) in the same step. */
    public Session archive(UUID sessionId, TicketRef ticket) {
        return modify(sessionId, previous -> ticket == null ? previous : ticket, true);
    }

    /** Brings an archived session back into the default list; others are returned unchanged. */
    public Session unarchive(UUID sessionId) {
        Require.nonNull(sessionId, "sessionId");
        for (int attempt = 0; ; attempt++) {
            Session current = get(sessionId);
            if (!current.summary().archived()) {
                return current;
            }
            Instant now = now();
            SessionState state = new StateBuilder(current.summary(), current.output()).archivedAt(null).build();
            UpdateResult r = repo.update(id, sessionId, current.summary().version(), state, List.of(),
                    List.of(event(now, ActivityType.UNARCHIVED, "Unarchived", Json.object())));
            if (r instanceof UpdateResult.Updated u) {
                notifyAppended(List.of(), u.events());
                runs.listeners.fire("unarchived", l -> l.unarchived(u.session()));
                return u.session();
            }
            retryOrThrow(r, sessionId, attempt);
        }
    }

    /**
     * Deletes a terminal session with its messages and activity. Its forks stay whole.
     *
     * @throws IllegalSessionStateException when the session is RUNNING or WAITING (cancel it first)
     */
    public void delete(UUID sessionId) {
        Session current = get(sessionId);
        if (current.status().isActive()) {
            throw new IllegalSessionStateException(sessionId, current.status(),
                    "only COMPLETED, FAILED or CANCELLED sessions can be deleted; cancel it first");
        }
        if (!repo.delete(id, sessionId)) {
            throw new SessionNotFoundException(sessionId);
        }
        LOG.debug("Deleted session {} in workspace {}", sessionId, id);
        runs.listeners.fire("deleted", l -> l.deleted(id, sessionId));
    }

    // ---------------------------------------------------------------- bulk

    /** Archives each session; active or already archived ones are skipped, unknown ones reported. */
    public BulkResult archiveAll(Collection<UUID> sessionIds) {
        return bulk(distinct(sessionIds), this::archiveOne);
    }

    /** Archives every session the query matches (all pages). */
    public BulkResult archiveAll(SessionQuery query) {
        return bulk(query, this::archiveOne);
    }

    /** Deletes each session; active ones are skipped, unknown ones reported. */
    public BulkResult deleteAll(Collection<UUID> sessionIds) {
        return bulk(distinct(sessionIds), this::deleteOne);
    }

    /** Deletes every session the query matches (all pages). */
    public BulkResult deleteAll(SessionQuery query) {
        return bulk(query, this::deleteOne);
    }

    /**
     * Streams the outputs of the given sessions to {@code out}, one session at a time; sessions
     * without output are skipped. Each element: sessionId, agentId, agentName, status, title,
     * startedAt, endedAt, ticket, output, verdict, errors. The writer is flushed, not closed.
     */
    public BulkResult exportOutputs(Collection<UUID> sessionIds, ExportFormat format, Writer out) {
        List<UUID> ids = distinct(sessionIds);
        return export(format, out, exporter -> bulk(ids, exporter));
    }

    /** {@link #exportOutputs(Collection, ExportFormat, Writer)} for every session the query matches. */
    public BulkResult exportOutputs(SessionQuery query, ExportFormat format, Writer out) {
        Require.nonNull(query, "query");
        return export(format, out, exporter -> bulk(query, exporter));
    }

    /** As {@link #exportOutputs(Collection, ExportFormat, Writer)}, written as UTF-8; the stream is not closed. */
    public BulkResult exportOutputs(Collection<UUID> sessionIds, ExportFormat format, OutputStream out) {
        return exportOutputs(sessionIds, format, utf8(out));
    }

    /** As {@link #exportOutputs(SessionQuery, ExportFormat, Writer)}, written as UTF-8; the stream is not closed. */
    public BulkResult exportOutputs(SessionQuery query, ExportFormat format, OutputStream out) {
        return exportOutputs(query, format, utf8(out));
    }

    // ---------------------------------------------------------------- internals

    /** What a transition stores besides the status: wait reason, output, messages, events. */
    private record Change(WaitReason waitReason, Output output, List<MessageDraft> messages,
                          List<ActivityDraft> events) {
    }

    @FunctionalInterface
    private interface ChangePlan {
        Change plan(Session current, Instant now);
    }

    private Session transition(UUID sessionId, SessionStatus target, ChangePlan plan) {
        Require.nonNull(sessionId, "sessionId");
        SessionStatus expected = null;
        for (int attempt = 0; ; attempt++) {
            Session current = get(sessionId);
            SessionSummary s = current.summary();
            if (expected != null && s.status() != expected) {
                throw new StatusConflictException(sessionId, expected, s.status(), target);
            }
            if (!s.status().canTransitionTo(target)) {
                throw new IllegalStatusTransitionException(sessionId, s.status(), target);
            }
            expected = s.status();
            Instant now = now();
            Change change = plan.plan(current, now);
            Duration waited = s.waitedTime();
            if (s.status() == SessionStatus.WAITING && now.isAfter(s.statusChangedAt())) {
                waited = waited.plus(Duration.between(s.statusChangedAt(), now));
            }
            SessionState state = new SessionState(target, change.waitReason(), now,
                    target.isTerminal() ? now : null, waited, s.ticket(), s.archivedAt(),
                    change.output() != null ? change.output() : current.output());
            UpdateResult r = repo.update(id, sessionId, s.version(), state, change.messages(), change.events());
            if (r instanceof UpdateResult.Updated u) {
                LOG.debug("Session {} {} -> {}", sessionId, s.status(), target);
                SessionStatus from = s.status();
                notifyAppended(u.inserted(), u.events());
                runs.listeners.fire("statusChanged", l -> l.statusChanged(u.session(), from));
                return u.session();
            }
            retryOrThrow(r, sessionId, attempt);
        }
    }

    /** Sets the ticket to {@code ticketFor(previous)} and, when {@code archive}, archives; a no-op returns the session. */
    private Session modify(UUID sessionId, UnaryOperator<TicketRef> ticketFor, boolean archive) {
        Require.nonNull(sessionId, "sessionId");
        for (int attempt = 0; ; attempt++) {
            Session current = get(sessionId);
            SessionSummary s = current.summary();
            if (archive && s.status().isActive()) {
                throw new IllegalSessionStateException(sessionId, s.status(),
                        "only COMPLETED, FAILED or CANCELLED sessions can be archived");
            }
            TicketRef previous = s.ticket();
            TicketRef ticket = ticketFor.apply(previous);
            boolean ticketChanged = ticket == null ? previous != null : !ticket.equals(previous);
            boolean unlinking = ticketChanged && previous != null && (ticket == null || !ticket.sameTicket(previous));
            boolean archiving = archive && !s.archived();
            if (!ticketChanged && !archiving) {
                return current;
            }
            Instant now = now();
            List<ActivityDraft> events = new ArrayList<>();
            if (unlinking) {
                events.add(event(now, ActivityType.TICKET_UNLINKED, "Unlinked from " + previous.display(),
                        ticketJson(previous)));
            }
            if (ticketChanged && ticket != null) {
                events.add(ticketLinked(now, ticket));
            }
            if (archiving) {
                events.add(event(now, ActivityType.ARCHIVED, "Archived", Json.object()));
            }
            StateBuilder state = new StateBuilder(s, current.output()).ticket(ticket);
            if (archiving) {
                state.archivedAt(now);
            }
            UpdateResult r = repo.update(id, sessionId, s.version(), state.build(), List.of(), events);
            if (r instanceof UpdateResult.Updated u) {
                Session after = u.session();
                notifyAppended(List.of(), u.events());
                if (unlinking) {
                    runs.listeners.fire("ticketUnlinked", l -> l.ticketUnlinked(after, previous));
                }
                if (ticketChanged && ticket != null) {
                    runs.listeners.fire("ticketLinked", l -> l.ticketLinked(after, ticket));
                }
                if (archiving) {
                    runs.listeners.fire("archived", l -> l.archived(after));
                }
                return after;
            }
            retryOrThrow(r, sessionId, attempt);
        }
    }

    private void retryOrThrow(UpdateResult r, UUID sessionId, int attempt) {
        if (r instanceof UpdateResult.NotFound) {
            throw new SessionNotFoundException(sessionId);
        }
        if (attempt + 1 >= MAX_CAS_ATTEMPTS) {
            throw new AgentRunsException("session " + sessionId + " kept changing concurrently; gave up after "
                    + MAX_CAS_ATTEMPTS + " attempts");
        }
    }

    private BulkOutcome archiveOne(UUID sessionId) {
        Optional<Session> found = find(sessionId);
        if (found.isEmpty()) {
            return BulkOutcome.notFound(sessionId);
        }
        SessionSummary s = found.get().summary();
        if (s.status().isActive()) {
            return BulkOutcome.skipped(sessionId, "session is " + s.status() + "; only ended sessions can be archived");
        }
        if (s.archived()) {
            return BulkOutcome.skipped(sessionId, "already archived");
        }
        try {
            archive(sessionId);
            return BulkOutcome.done(sessionId);
        } catch (SessionNotFoundException e) {
            return BulkOutcome.notFound(sessionId);
        }
    }

    private BulkOutcome deleteOne(UUID sessionId) {
        Optional<Session> found = find(sessionId);
        if (found.isEmpty()) {
            return BulkOutcome.notFound(sessionId);
        }
        SessionStatus status = found.get().status();
        if (status.isActive()) {
            return BulkOutcome.skipped(sessionId, "session is " + status + "; cancel it before deleting");
        }
        try {
            delete(sessionId);
            return BulkOutcome.done(sessionId);
        } catch (SessionNotFoundException e) {
            return BulkOutcome.notFound(sessionId);
        }
    }

    private BulkResult bulk(List<UUID> ids, Function<UUID, BulkOutcome> action) {
        List<BulkOutcome> outcomes = new ArrayList<>(ids.size());
        for (UUID sessionId : ids) {
            outcomes.add(action.apply(sessionId));
        }
        return new BulkResult(outcomes);
    }

    private BulkResult bulk(SessionQuery query, Function<UUID, BulkOutcome> action) {
        Require.nonNull(query, "query");
        List<BulkOutcome> outcomes = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        SessionQuery pageQuery = query.withLimit(SessionQuery.MAX_LIMIT);
        while (true) {
            Page<SessionSummary> page = list(pageQuery);
            boolean progressed = false;
            for (SessionSummary row : page.items()) {
                if (seen.add(row.id())) {
                    progressed = true;
                    outcomes.add(action.apply(row.id()));
                }
            }
            if (!page.hasNext()) {
                return new BulkResult(outcomes);
            }
            if (!progressed) {
                throw new StorageException("the repository returned a page with no new session after cursor "
                        + page.nextCursor() + "; its keyset paging does not advance");
            }
            pageQuery = pageQuery.withCursor(page.nextCursor());
        }
    }

    private BulkResult export(ExportFormat format, Writer out, Function<Function<UUID, BulkOutcome>, BulkResult> run) {
        Require.nonNull(format, "format");
        Require.nonNull(out, "out");
        try {
            JsonGenerator gen = Json.MAPPER.getFactory().createGenerator(out);
            gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            if (format == ExportFormat.JSON_ARRAY) {
                gen.writeStartArray();
            } else {
                gen.setRootValueSeparator(null);
            }
            BulkResult result = run.apply(sessionId -> exportOne(sessionId, gen, format));
            if (format == ExportFormat.JSON_ARRAY) {
                gen.writeEndArray();
            }
            gen.close();
            out.flush();
            return result;
        } catch (IOException e) {
            throw new AgentRunsException("writing the export failed: " + e.getMessage(), e);
        }
    }

    private BulkOutcome exportOne(UUID sessionId, JsonGenerator gen, ExportFormat format) {
        Optional<Session> found = find(sessionId);
        if (found.isEmpty()) {
            return BulkOutcome.notFound(sessionId);
        }
        Session session = found.get();
        if (session.output() == null) {
            return BulkOutcome.skipped(sessionId, "session has no output");
        }
        SessionSummary s = session.summary();
        ObjectNode row = Json.object();
        row.put("sessionId", s.id().toString()).put("agentId", s.agent().id()).put("agentName", s.agent().displayName())
                .put("status", s.status().name()).put("title", s.title()).put("startedAt", s.startedAt().toString())
                .put("endedAt", s.endedAt() == null ? null : s.endedAt().toString());
        row.set("ticket", s.ticket() == null ? null : ticketJson(s.ticket()));
        row.set("output", session.output().value());
        row.put("verdict", session.output().verdict().status().name());
        row.set("errors", Json.MAPPER.valueToTree(session.output().verdict().errors()));
        try {
            Json.MAPPER.writeTree(gen, row);
            if (format == ExportFormat.JSON_LINES) {
                gen.writeRaw('\n');
            }
            gen.flush();
        } catch (IOException e) {
            throw new AgentRunsException("writing the export failed at session " + sessionId + ": " + e.getMessage(), e);
        }
        return BulkOutcome.done(sessionId);
    }

    private static Writer utf8(OutputStream out) {
        return new OutputStreamWriter(Require.nonNull(out, "out"), StandardCharsets.UTF_8);
    }

    private static List<UUID> distinct(Collection<UUID> sessionIds) {
        return List.copyOf(new LinkedHashSet<>(Require.list(sessionIds, "sessionIds")));
    }

    private List<Message> readMessages(UUID sessionId, long fromSeq, long count) {
        List<Message> all = new ArrayList<>((int) Math.min(count, 10_000));
        long next = fromSeq;
        long remaining = count;
        while (remaining > 0) {
            List<Message> batch = repo.messages(id, sessionId, next, (int) Math.min(READ_BATCH, remaining));
            all.addAll(batch);
            if (batch.isEmpty()) {
                break;
            }
            remaining -= batch.size();
            next = batch.get(batch.size() - 1).seq() + 1;
        }
        return all;
    }

    private SessionCriteria criteria(SessionQuery q, int fetch) {
        TimeWindows.Range range = runs.windows.resolve(q.window());
        Keyset after = q.cursor() == null ? null : CursorCodec.decode(q.cursor(), q.sort());
        return new SessionCriteria(q.agentIds(), q.statuses(), range.from(), range.until(),
                q.ticket() == null ? null : q.ticket().system(), q.ticket() == null ? null : q.ticket().key(),
                q.kind(), q.archived(), q.forkedFrom(), q.sort(), after, fetch);
    }

    private List<MessageDraft> drafts(List<NewMessage> messages, Instant now, String field, boolean indexed) {
        List<MessageDraft> drafts = new ArrayList<>(messages.size());
        Set<String> clientIds = null;
        for (int i = 0; i < messages.size(); i++) {
            NewMessage m = messages.get(i);
            String f = indexed ? field + "[" + i + "]" : field;
            if (m.id() != null) {
                clientIds = clientIds == null ? new HashSet<>() : clientIds;
                if (!clientIds.add(m.id())) {
                    throw new InvalidInputException(f + ".id", "'" + m.id() + "' appears twice in one append");
                }
                Payloads.checkEncodable(m.id(), f + ".id");
            }
            Payloads.checkContent(m.content(), runs.maxPayloadBytes, f);
            String messageId = m.id() != null ? m.id() : runs.ids.next(now).toString();
            drafts.add(new MessageDraft(messageId, m.role(), now, m.content(), m.usage(), m.id() != null));
        }
        return drafts;
    }

    /**
     * The clock's instant to the microsecond, the precision every store keeps. Truncated by hand:
     * {@code truncatedTo(MICROS)} takes several 64-bit divisions, about a tenth of an in-memory
     * append.
     */
    private Instant now() {
        Instant t = runs.clock.instant();
        int nanos = t.getNano();
        int wholeMicros = nanos - nanos % 1_000;
        return wholeMicros == nanos ? t : Instant.ofEpochSecond(t.getEpochSecond(), wholeMicros);
    }

    private ActivityDraft event(Instant at, ActivityType type, String summary, JsonNode details) {
        return new ActivityDraft(runs.ids.next(at), at, type, summary, Json.canonical(details, "activity.details"));
    }

    private static ObjectNode statusChanged(SessionStatus from, SessionStatus to, String summary) {
        return Json.object().put("type", ActivityType.STATUS_CHANGED.name()).put("summary", summary)
                .put("from", from.name()).put("to", to.name());
    }

    private static ObjectNode ended(SessionStatus from, SessionStatus to, String summary) {
        return Json.object().put("type", ActivityType.SESSION_ENDED.name()).put("summary", summary)
                .put("from", from.name()).put("to", to.name());
    }

    /** Turns a {type, summary, ...details} object built above into a draft. */
    private ActivityDraft draft(Instant now, ObjectNode spec) {
        ActivityType type = new ActivityType(spec.remove("type").asText());
        String summary = spec.remove("summary").asText();
        return event(now, type, summary, spec);
    }

    private ActivityDraft ticketLinked(Instant now, TicketRef ticket) {
        return event(now, ActivityType.TICKET_LINKED, "Linked to " + ticket.display(), ticketJson(ticket));
    }

    private static ObjectNode ticketJson(TicketRef t) {
        ObjectNode node = Json.object().put("system", t.system()).put("key", t.key());
        if (t.title() != null) {
            node.put("title", t.title());
        }
        if (t.url() != null) {
            node.put("url", t.url());
        }
        return node;
    }

    private void notifyAppended(List<Message> messages, List<ActivityEvent> events) {
        if (runs.listeners.isEmpty()) {
            return;
        }
        for (Message m : messages) {
            runs.listeners.fire("messageAppended", l -> l.messageAppended(m));
        }
        for (ActivityEvent e : events) {
            runs.listeners.fire("activityRecorded", l -> l.activityRecorded(e));
        }
    }

    static String deriveTitle(NewMessage prompt, AgentRef agent) {
        for (ContentBlock block : prompt.content()) {
            if (block instanceof ContentBlock.Text t && !t.text().isBlank()) {
                String oneLine = t.text().strip().replaceAll("\\s+", " ");
                if (oneLine.codePointCount(0, oneLine.length()) <= TITLE_LENGTH) {
                    return oneLine;
                }
                return oneLine.substring(0, oneLine.offsetByCodePoints(0, TITLE_LENGTH - 1)) + "…";
            }
        }
        return agent.displayName() + " session";
    }

    /** Copies a session's state so that one field can be changed. */
    private static final class StateBuilder {
        private final SessionSummary s;
        private final Output output;
        private TicketRef ticket;
        private Instant archivedAt;

        StateBuilder(SessionSummary s, Output output) {
            this.s = s;
            this.output = output;
            this.ticket = s.ticket();
            this.archivedAt = s.archivedAt();
        }

        StateBuilder ticket(TicketRef value) {
            this.ticket = value;
            return this;
        }

        StateBuilder archivedAt(Instant value) {
            this.archivedAt = value;
            return this;
        }

        SessionState build() {
            return new SessionState(s.status(), s.waitReason(), s.statusChangedAt(), s.endedAt(), s.waitedTime(),
                    ticket, archivedAt, output);
        }
    }
}
