package dev.agentruns;

import dev.agentruns.internal.Require;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * A filter, sort and page over the sessions of a workspace. Empty sets mean "any". Build with
 * {@link #builder()}; {@link #all()} is the default list (not archived, newest first, 50 per page).
 * Immutable.
 *
 * @param agentIds   sessions of any of these agents
 * @param statuses   sessions in any of these statuses
 * @param window     start-time window
 * @param ticket     sessions linked to this ticket (matched by system and key), or null
 * @param kind       sessions of this kind, or null for both
 * @param archived   whether archived sessions are excluded, included or the only ones
 * @param forkedFrom forks of this session, or null
 * @param sort       order by start time then id
 * @param limit      page size, 1..{@value #MAX_LIMIT}
 * @param cursor     the {@link Page#nextCursor()} of the previous page, or null for the first page
 */
public record SessionQuery(Set<String> agentIds, Set<SessionStatus> statuses, TimeWindow window, TicketRef ticket,
                           SessionKind kind, ArchivedFilter archived, UUID forkedFrom, SortOrder sort, int limit,
                           String cursor) {
    /** The page size when none is given. */
    public static final int DEFAULT_LIMIT = 50;
    /** The largest page size. */
    public static final int MAX_LIMIT = 500;

    /**
     * Checks and copies the components.
     *
     * @throws InvalidInputException naming the field when a component is missing or out of range
     * @throws InvalidCursorException when the cursor is blank
     */
    public SessionQuery {
        agentIds = Set.copyOf(Require.list(agentIds, "agentIds"));
        for (String agentId : agentIds) {
            Require.nonBlank(agentId, "agentIds");
        }
        statuses = Set.copyOf(Require.list(statuses, "statuses"));
        Require.nonNull(window, "window");
        Require.nonNull(archived, "archived");
        Require.nonNull(sort, "sort");
        Require.check(limit >= 1 && limit <= MAX_LIMIT, "limit", "must be between 1 and " + MAX_LIMIT + ", was " + limit);
        if (cursor != null && cursor.isBlank()) {
            throw new InvalidCursorException("must not be blank");
        }
    }

    /** The default list: every session not archived, newest first, {@value #DEFAULT_LIMIT} per page. */
    public static SessionQuery all() {
        return builder().build();
    }

    /** The sessions of a ticket, archived ones included. */
    public static SessionQuery forTicket(TicketRef ticket) {
        return builder().ticket(ticket).archived(ArchivedFilter.INCLUDE).build();
    }

    /** A builder with the defaults of {@link #all()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** This query for the page after {@code page}'s last row. */
    public SessionQuery withCursor(String nextCursor) {
        return new SessionQuery(agentIds, statuses, window, ticket, kind, archived, forkedFrom, sort, limit, nextCursor);
    }

    /** This query with another page size. */
    public SessionQuery withLimit(int newLimit) {
        return new SessionQuery(agentIds, statuses, window, ticket, kind, archived, forkedFrom, sort, newLimit, cursor);
    }

    /** A builder seeded with this query's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.agentIds.addAll(agentIds);
        b.statuses.addAll(statuses);
        b.window = window;
        b.ticket = ticket;
        b.kind = kind;
        b.archived = archived;
        b.forkedFrom = forkedFrom;
        b.sort = sort;
        b.limit = limit;
        b.cursor = cursor;
        return b;
    }

    /** Builds a {@link SessionQuery}. Not thread-safe. */
    public static final class Builder {
        private final Set<String> agentIds = new LinkedHashSet<>();
        private final Set<SessionStatus> statuses = EnumSet.noneOf(SessionStatus.class);
        private TimeWindow window = TimeWindow.ALL;
        private TicketRef ticket;
        private SessionKind kind;
        private ArchivedFilter archived = ArchivedFilter.EXCLUDE;
        private UUID forkedFrom;
        private SortOrder sort = SortOrder.NEWEST_FIRST;
        private int limit = DEFAULT_LIMIT;
        private String cursor;

        private Builder() {
        }

        /** Adds agents: sessions of any of them match. */
        public Builder agents(String... ids) {
            for (String id : ids) {
                agentIds.add(Require.nonBlank(id, "agentIds"));
            }
            return this;
        }

        /** Adds agents: sessions of any of them match. */
        public Builder agents(Collection<String> ids) {
            return agents(Require.nonNull(ids, "agentIds").toArray(String[]::new));
        }

        /** Adds statuses: sessions in any of them match. */
        public Builder statuses(SessionStatus... values) {
            for (SessionStatus s : values) {
                statuses.add(Require.nonNull(s, "statuses"));
            }
            return this;
        }

        /** Adds statuses: sessions in any of them match. */
        public Builder statuses(Collection<SessionStatus> values) {
            return statuses(Require.nonNull(values, "statuses").toArray(SessionStatus[]::new));
        }

        /** The start-time window (default {@link TimeWindow#ALL}). */
        public Builder window(TimeWindow value) {
            this.window = Require.nonNull(value, "window");
            return this;
        }

        /** Only sessions linked to this ticket (by system and key); null for any. */
        public Builder ticket(TicketRef value) {
            this.ticket = value;
            return this;
        }

        /** Only sessions of this kind; null for both. */
        public Builder kind(SessionKind value) {
            this.kind = value;
            return this;
        }

        /** Whether archived sessions are excluded (the default), included or the only ones. */
        public Builder archived(ArchivedFilter value) {
            this.archived = Require.nonNull(value, "archived");
            return this;
        }

        /** Only forks made directly from this session; null for any. */
        public Builder forkedFrom(UUID sourceSessionId) {
            this.forkedFrom = sourceSessionId;
            return this;
        }

        /** The order (default newest first). */
        public Builder sort(SortOrder value) {
            this.sort = Require.nonNull(value, "sort");
            return this;
        }

        /** The page size, 1..{@value SessionQuery#MAX_LIMIT} (checked by {@link #build()}). */
        public Builder limit(int value) {
            this.limit = value;
            return this;
        }

        /** The {@link Page#nextCursor()} of the previous page; null for the first page. */
        public Builder cursor(String value) {
            this.cursor = value;
            return this;
        }

        /**
         * The query.
         *
         * @throws InvalidInputException naming the field when a value is missing or out of range
         */
        public SessionQuery build() {
            return new SessionQuery(agentIds, statuses, window, ticket, kind, archived, forkedFrom, sort, limit, cursor);
        }
    }
}
