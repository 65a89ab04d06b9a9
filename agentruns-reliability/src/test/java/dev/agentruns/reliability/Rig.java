package dev.agentruns.reliability;

import dev.agentruns.ActivityEvent;
import dev.agentruns.AgentRuns;
import dev.agentruns.ArchivedFilter;
import dev.agentruns.Message;
import dev.agentruns.Page;
import dev.agentruns.Session;
import dev.agentruns.SessionQuery;
import dev.agentruns.SessionSummary;
import dev.agentruns.Workspace;
import dev.agentruns.spi.SessionRepository;
import dev.agentruns.testkit.MutableClock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One open store with an {@link AgentRuns} on a {@link MutableClock} (zone UTC, so results do not
 * depend on the JVM's zone), plus a full snapshot of a workspace for before/after comparisons.
 */
final class Rig implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-03-10T09:15:30.123456Z");

    final Backend backend;
    final Backend.Store store;
    final MutableClock clock;
    final AgentRuns runs;

    static Rig open(Backend backend) {
        return open(backend, AgentRuns.DEFAULT_MAX_PAYLOAD_BYTES);
    }

    static Rig open(Backend backend, long maxPayloadBytes) {
        Backend.Store store = backend.open();
        return wrap(backend, store, store.repository(), maxPayloadBytes);
    }

    /** A rig over {@code repository} (which may wrap the store's own), closing {@code store} at the end. */
    static Rig wrap(Backend backend, Backend.Store store, SessionRepository repository, long maxPayloadBytes) {
        MutableClock clock = new MutableClock(T0);
        AgentRuns runs = AgentRuns.builder(repository).clock(clock).zone(ZoneOffset.UTC)
                .maxPayloadBytes(maxPayloadBytes).build();
        return new Rig(backend, store, runs, clock);
    }

    private Rig(Backend backend, Backend.Store store, AgentRuns runs, MutableClock clock) {
        this.backend = backend;
        this.store = store;
        this.runs = runs;
        this.clock = clock;
    }

    Workspace workspace(String id) {
        return runs.workspace(id);
    }

    @Override
    public void close() throws Exception {
        store.close();
    }

    /** Everything a workspace holds: every session (archived too), its transcript and timeline, and the count. */
    record Snapshot(List<Session> sessions, Map<UUID, List<Message>> messages, Map<UUID, List<ActivityEvent>> activity,
                    long count) {
    }

    static final SessionQuery EVERYTHING = SessionQuery.builder().archived(ArchivedFilter.INCLUDE)
            .limit(SessionQuery.MAX_LIMIT).build();

    static Snapshot snapshot(Workspace ws) {
        List<Session> sessions = new ArrayList<>();
        Map<UUID, List<Message>> messages = new LinkedHashMap<>();
        Map<UUID, List<ActivityEvent>> activity = new LinkedHashMap<>();
        for (SessionSummary row : allRows(ws, EVERYTHING)) {
            sessions.add(ws.get(row.id()));
            messages.put(row.id(), ws.messages(row.id()));
            activity.put(row.id(), ws.activity(row.id()));
        }
        return new Snapshot(sessions, messages, activity, ws.count(EVERYTHING));
    }

    /** Every row of a query, across pages. */
    static List<SessionSummary> allRows(Workspace ws, SessionQuery query) {
        List<SessionSummary> rows = new ArrayList<>();
        Page<SessionSummary> page = ws.list(query);
        rows.addAll(page.items());
        while (page.hasNext()) {
            page = ws.list(query.withCursor(page.nextCursor()));
            rows.addAll(page.items());
        }
        return rows;
    }
}
