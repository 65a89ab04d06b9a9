package dev.agentruns.spi;

import dev.agentruns.ArchivedFilter;
import dev.agentruns.SessionKind;
import dev.agentruns.SessionStatus;
import dev.agentruns.SortOrder;
import dev.agentruns.SessionSummary;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A session query as a repository receives it: time windows already resolved to instants, the
 * cursor already decoded. Every condition is ANDed; an empty set or a null value means "any".
 * Immutable.
 *
 * @param agentIds      agent id in this set
 * @param statuses      status in this set
 * @param startedFrom   startedAt &gt;= this, or null
 * @param startedBefore startedAt &lt; this, or null
 * @param ticketSystem  linked ticket's system equals this (set together with ticketKey), or null
 * @param ticketKey     linked ticket's key equals this, or null
 * @param kind          kind equals this, or null
 * @param archived      archived filter
 * @param forkedFrom    forkedFrom.sessionId equals this, or null
 * @param sort          order by (startedAt, id), both descending or both ascending
 * @param after         return only rows strictly after this position in {@code sort} order, or null
 * @param limit         return at most this many rows (for {@code query}; ignored by {@code count})
 */
public record SessionCriteria(Set<String> agentIds, Set<SessionStatus> statuses, Instant startedFrom,
                              Instant startedBefore, String ticketSystem, String ticketKey, SessionKind kind,
                              ArchivedFilter archived, UUID forkedFrom, SortOrder sort, Keyset after, int limit) {
    /** Copies the sets into immutable sets. */
    public SessionCriteria {
        agentIds = Set.copyOf(agentIds);
        statuses = Set.copyOf(statuses);
    }

    /**
     * Whether a session matches every condition except {@code after} and {@code limit}. Adapters that
     * filter in memory use this so that the rule lives in one place.
     */
    public boolean matches(SessionSummary s) {
        if (!agentIds.isEmpty() && !agentIds.contains(s.agent().id())) {
            return false;
        }
        if (!statuses.isEmpty() && !statuses.contains(s.status())) {
            return false;
        }
        if (startedFrom != null && s.startedAt().isBefore(startedFrom)) {
            return false;
        }
        if (startedBefore != null && !s.startedAt().isBefore(startedBefore)) {
            return false;
        }
        if (ticketSystem != null && (s.ticket() == null || !s.ticket().system().equals(ticketSystem)
                || !s.ticket().key().equals(ticketKey))) {
            return false;
        }
        if (kind != null && s.kind() != kind) {
            return false;
        }
        if (forkedFrom != null && (s.forkedFrom() == null || !s.forkedFrom().sessionId().equals(forkedFrom))) {
            return false;
        }
        return switch (archived) {
            case EXCLUDE -> !s.archived();
            case ONLY -> s.archived();
            case INCLUDE -> true;
        };
    }

    /** Whether {@code s} lies strictly after {@link #after()} in this criteria's sort order. */
    public boolean isAfterCursor(SessionSummary s) {
        if (after == null) {
            return true;
        }
        int c = Keyset.compare(s.startedAt(), s.id(), after.startedAt(), after.id());
        return sort == SortOrder.NEWEST_FIRST ? c < 0 : c > 0;
    }
}
