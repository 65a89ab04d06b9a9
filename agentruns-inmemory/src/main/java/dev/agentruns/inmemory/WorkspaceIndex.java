package dev.agentruns.inmemory;

import dev.agentruns.ArchivedFilter;
import dev.agentruns.SessionStatus;
import dev.agentruns.SessionSummary;
import dev.agentruns.SortOrder;
import dev.agentruns.TicketRef;
import dev.agentruns.spi.SessionCriteria;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * The ordered session indexes of one workspace: every session, and sessions by agent, status,
 * (agent, status), linked ticket, fork source and archived flag. A query walks the smallest index
 * its criteria allow, within the (startedAt, id) range its time window and cursor allow.
 *
 * <p>Thread-safe. Changes for one session are made under that session's lock; a change adds the
 * new entries before it removes the old ones, so a concurrent scan may see a session twice (merged
 * scans return it once) but does not miss it. Callers check every candidate against the criteria
 * with its current summary.
 */
final class WorkspaceIndex {
    private final SortedIndex all = new SortedIndex();
    private final SortedIndex archived = new SortedIndex();
    private final IndexFamily<String> byAgent = new IndexFamily<>();
    private final IndexFamily<SessionStatus> byStatus = new IndexFamily<>();
    private final IndexFamily<AgentStatus> byAgentStatus = new IndexFamily<>();
    private final IndexFamily<TicketKey> byTicket = new IndexFamily<>();
    private final IndexFamily<UUID> byForkSource = new IndexFamily<>();

    void add(SessionRecord session) {
        SessionSummary s = session.summary();
        all.add(session);
        byAgent.add(s.agent().id(), session);
        byStatus.add(s.status(), session);
        byAgentStatus.add(AgentStatus.of(s), session);
        byTicket.add(TicketKey.of(s.ticket()), session);
        byForkSource.add(s.forkedFrom() == null ? null : s.forkedFrom().sessionId(), session);
        if (s.archived()) {
            archived.add(session);
        }
    }

    /** Removes the session, indexed as {@code s}. */
    void remove(SessionRecord session, SessionSummary s) {
        archived.remove(session);
        byForkSource.remove(s.forkedFrom() == null ? null : s.forkedFrom().sessionId(), session);
        byTicket.remove(TicketKey.of(s.ticket()), session);
        byAgentStatus.remove(AgentStatus.of(s), session);
        byStatus.remove(s.status(), session);
        byAgent.remove(s.agent().id(), session);
        all.remove(session);
    }

    /** Moves the session from the entries of {@code before} to those of {@code after}. */
    void reindex(SessionRecord session, SessionSummary before, SessionSummary after) {
        if (before.status() != after.status()) {
            byStatus.add(after.status(), session);
            byAgentStatus.add(AgentStatus.of(after), session);
            byStatus.remove(before.status(), session);
            byAgentStatus.remove(AgentStatus.of(before), session);
        }
        TicketKey ticketBefore = TicketKey.of(before.ticket());
        TicketKey ticketAfter = TicketKey.of(after.ticket());
        if (!Objects.equals(ticketBefore, ticketAfter)) {
            byTicket.add(ticketAfter, session);
            byTicket.remove(ticketBefore, session);
        }
        if (after.archived() && !before.archived()) {
            archived.add(session);
        } else if (before.archived() && !after.archived()) {
            archived.remove(session);
        }
    }

    /**
     * Candidates for the criteria in its sort order: a superset of the matches within the time
     * window (and after the cursor, when {@code withCursor}).
     */
    Iterator<SessionRecord> scan(SessionCriteria c, boolean withCursor) {
        KeyRange range = KeyRange.of(c, withCursor);
        List<SortedIndex> indexes = choose(c);
        if (range.isEmpty() || indexes.isEmpty()) {
            return Collections.emptyIterator();
        }
        boolean descending = c.sort() == SortOrder.NEWEST_FIRST;
        if (indexes.size() == 1) {
            return indexes.get(0).scan(range, descending);
        }
        List<Iterator<SessionRecord>> scans = new ArrayList<>(indexes.size());
        for (SortedIndex index : indexes) {
            scans.add(index.scan(range, descending));
        }
        return new MergedScan(scans, descending);
    }

    /** The indexes with the fewest entries whose union holds every match. */
    private List<SortedIndex> choose(SessionCriteria c) {
        Plan best = new Plan(List.of(all));
        if (c.ticketSystem() != null) {
            best = best.orSmaller(Plan.of(List.of(new TicketKey(c.ticketSystem(), c.ticketKey())), byTicket::get));
        }
        if (c.forkedFrom() != null) {
            best = best.orSmaller(Plan.of(List.of(c.forkedFrom()), byForkSource::get));
        }
        if (!c.agentIds().isEmpty() && !c.statuses().isEmpty()) {
            List<AgentStatus> pairs = new ArrayList<>();
            for (String agent : c.agentIds()) {
                for (SessionStatus status : c.statuses()) {
                    pairs.add(new AgentStatus(agent, status));
                }
            }
            best = best.orSmaller(Plan.of(pairs, byAgentStatus::get));
        } else if (!c.agentIds().isEmpty()) {
            best = best.orSmaller(Plan.of(c.agentIds(), byAgent::get));
        } else if (!c.statuses().isEmpty()) {
            best = best.orSmaller(Plan.of(c.statuses(), byStatus::get));
        }
        if (c.archived() == ArchivedFilter.ONLY) {
            best = best.orSmaller(new Plan(List.of(archived)));
        }
        return best.indexes;
    }

    /** A union of indexes and its total size. */
    private static final class Plan {
        final List<SortedIndex> indexes;
        final long size;

        Plan(List<SortedIndex> indexes) {
            this.indexes = indexes;
            this.size = indexes.stream().mapToLong(SortedIndex::size).sum();
        }

        static <K> Plan of(Collection<K> keys, Function<K, SortedIndex> lookup) {
            List<SortedIndex> indexes = new ArrayList<>(keys.size());
            for (K key : keys) {
                SortedIndex index = lookup.apply(key);
                if (index != null) {
                    indexes.add(index);
                }
            }
            return new Plan(indexes);
        }

        Plan orSmaller(Plan other) {
            return other.size < size ? other : this;
        }
    }

    private record AgentStatus(String agentId, SessionStatus status) {
        static AgentStatus of(SessionSummary s) {
            return new AgentStatus(s.agent().id(), s.status());
        }
    }

    /** A ticket's identity: system and key (title and url are display data). */
    private record TicketKey(String system, String key) {
        static TicketKey of(TicketRef ticket) {
            return ticket == null ? null : new TicketKey(ticket.system(), ticket.key());
        }
    }
}
