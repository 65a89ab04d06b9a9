package dev.agentruns.inmemory;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.agentruns.ActivityType;
import dev.agentruns.AgentRef;
import dev.agentruns.ArchivedFilter;
import dev.agentruns.ContentBlock;
import dev.agentruns.ForkOrigin;
import dev.agentruns.Output;
import dev.agentruns.OutputVerdict;
import dev.agentruns.Role;
import dev.agentruns.SessionKind;
import dev.agentruns.SessionStatus;
import dev.agentruns.SessionSummary;
import dev.agentruns.SortOrder;
import dev.agentruns.TicketRef;
import dev.agentruns.Usage;
import dev.agentruns.WaitReason;
import dev.agentruns.spi.ActivityDraft;
import dev.agentruns.spi.Keyset;
import dev.agentruns.spi.MessageDraft;
import dev.agentruns.spi.SessionCriteria;
import dev.agentruns.spi.SessionDraft;
import dev.agentruns.spi.SessionState;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Drafts, states and criteria for the in-memory store's own tests. */
final class Fixtures {
    static final String WS = "acme";
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private Fixtures() {
    }

    static SessionDraft session(UUID id, String agent, Instant startedAt) {
        return new SessionDraft(id, WS, SessionKind.AGENT_RUN, AgentRef.of(agent), "title", startedAt, null, null,
                null);
    }

    static SessionDraft session(UUID id, String workspace, String agent, SessionKind kind, Instant startedAt,
                                TicketRef ticket) {
        return new SessionDraft(id, workspace, kind, AgentRef.of(agent), "title", startedAt, ticket, null, null);
    }

    static SessionDraft forkOf(UUID sourceId, String messageId, long seq, Instant startedAt) {
        return new SessionDraft(UUID.randomUUID(), WS, SessionKind.AGENT_RUN, AgentRef.of("coder"), "fork",
                startedAt, null, null, new ForkOrigin(sourceId, messageId, seq));
    }

    static MessageDraft message(String id) {
        return message(id, T0, null);
    }

    static MessageDraft message(String id, Instant at, Usage usage) {
        return new MessageDraft(id, Role.USER, at, List.of(ContentBlock.text("text of " + id)), usage, true);
    }

    static ActivityDraft event(ActivityType type, Instant at) {
        return new ActivityDraft(UUID.randomUUID(), at, type, type.name(), JsonNodeFactory.instance.objectNode());
    }

    static SessionState state(SessionStatus status, TicketRef ticket, Instant archivedAt) {
        return new SessionState(status, status == SessionStatus.WAITING ? WaitReason.INPUT : null, T0,
                status.isTerminal() ? T0 : null, Duration.ZERO, ticket, archivedAt, null);
    }

    static SessionState stateWithOutput(SessionStatus status, OutputVerdict verdict) {
        Output output = new Output(JsonNodeFactory.instance.objectNode().put("answer", 42), verdict);
        return new SessionState(status, null, T0, null, Duration.ZERO, null, null, output);
    }

    static Keyset positionOf(SessionSummary s) {
        return new Keyset(s.startedAt(), s.id());
    }

    static Criteria criteria() {
        return new Criteria();
    }

    /** A fluent builder of {@link SessionCriteria}, defaults as the core's: newest first, archived excluded. */
    static final class Criteria {
        Set<String> agents = Set.of();
        Set<SessionStatus> statuses = Set.of();
        Instant from;
        Instant before;
        TicketRef ticket;
        SessionKind kind;
        ArchivedFilter archived = ArchivedFilter.EXCLUDE;
        UUID forkedFrom;
        SortOrder sort = SortOrder.NEWEST_FIRST;
        Keyset after;
        int limit = 50;

        Criteria agents(String... ids) {
            agents = new HashSet<>(Arrays.asList(ids));
            return this;
        }

        Criteria statuses(SessionStatus... values) {
            statuses = new HashSet<>(Arrays.asList(values));
            return this;
        }

        Criteria window(Instant from, Instant before) {
            this.from = from;
            this.before = before;
            return this;
        }

        Criteria ticket(TicketRef ticket) {
            this.ticket = ticket;
            return this;
        }

        Criteria kind(SessionKind kind) {
            this.kind = kind;
            return this;
        }

        Criteria archived(ArchivedFilter archived) {
            this.archived = archived;
            return this;
        }

        Criteria forkedFrom(UUID source) {
            this.forkedFrom = source;
            return this;
        }

        Criteria sort(SortOrder sort) {
            this.sort = sort;
            return this;
        }

        Criteria after(Keyset after) {
            this.after = after;
            return this;
        }

        Criteria limit(int limit) {
            this.limit = limit;
            return this;
        }

        SessionCriteria build() {
            return new SessionCriteria(agents, statuses, from, before, ticket == null ? null : ticket.system(),
                    ticket == null ? null : ticket.key(), kind, archived, forkedFrom, sort, after, limit);
        }
    }
}
