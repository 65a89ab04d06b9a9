package dev.agentruns.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.agentruns.AgentRef;
import dev.agentruns.AgentRuns;
import dev.agentruns.IllegalSessionStateException;
import dev.agentruns.IllegalStatusTransitionException;
import dev.agentruns.NewMessage;
import dev.agentruns.Page;
import dev.agentruns.Session;
import dev.agentruns.SessionQuery;
import dev.agentruns.SessionSummary;
import dev.agentruns.SortOrder;
import dev.agentruns.StartSession;
import dev.agentruns.Workspace;
import dev.agentruns.spi.Keyset;
import dev.agentruns.testkit.MutableClock;

/**
 * A reader pages through the session list (keyset cursor) while writers insert sessions at start times
 * before, between and after the reader's position, append to and end existing sessions, and delete
 * sessions of their own. Writers take turns with the reader's pages (each writer inserts one session
 * between two pages, about {@value #TURNS_PER_PASS} times per pass), so that a pass interleaves with
 * inserts at the same pace on every store and the list does not outgrow the passes.
 *
 * <p>The guarantee, from {@code Workspace.list} (the cursor is the last row's (startedAt, id)) and
 * {@code SessionRepository.query} (rows strictly after the keyset, in sort order): one paging pass
 * returns rows in strictly monotone (startedAt, id) order, so it never returns a session twice; and
 * every session that matched the query when the pass began and still matches and exists when it ends
 * is returned exactly once. Sessions inserted or deleted during the pass may or may not appear (an
 * insert appears exactly when its position lies after the cursor at the time), but at most once.
 * Changes that do not move a session (status, messages) do not disturb paging.
 */
class ListPagingRaceTest {
    private static final Instant BASE = Instant.parse("2026-03-02T08:00:00Z");
    private static final int WRITERS = 2;
    private static final int PAGE_SIZE = 7;
    /** Writer turns per pass: enough to interleave, few enough that the list does not outgrow the passes. */
    private static final int TURNS_PER_PASS = 12;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void pagingWhileWritersInsertSkipsAndRepeatsNothingThatExistedWhenPagingBegan(Backend backend) throws Exception {
        int existing = Effort.rounds(120, 600);
        int passes = Effort.rounds(2, 30);
        long spanMicros = existing * 60_000_000L;
        try (Backend.Store store = backend.open()) {
            MutableClock setupClock = new MutableClock(BASE);
            Workspace setup = AgentRuns.builder(store.repository()).clock(setupClock).build().workspace("race-list");
            List<UUID> existingIds = new ArrayList<>();
            for (int i = 0; i < existing; i++) {
                if (i % 5 != 4) {
                    setupClock.set(BASE.plus(Duration.ofSeconds(60L * i)).plusNanos(1000L * (i % 997)));
                }
                existingIds.add(setup.start(StartSession.of(AgentRef.of("agent-" + i % 3), "existing " + i)).id());
            }
            List<Instant> existingStarts = existingIds.stream().map(id -> setup.get(id).summary().startedAt()).toList();

            AtomicBoolean reading = new AtomicBoolean(true);
            Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
            Set<UUID> kept = ConcurrentHashMap.newKeySet();
            Set<UUID> deleted = ConcurrentHashMap.newKeySet();
            AtomicInteger inserts = new AtomicInteger();
            Semaphore turns = new Semaphore(0);
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    MutableClock clock = new MutableClock(BASE);
                    Workspace workspace = AgentRuns.builder(store.repository()).clock(clock).build()
                            .workspace("race-list");
                    int n = 0;
                    while (reading.get()) {
                        if (!turns.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                            continue;
                        }
                        try {
                            Instant at = random.nextInt(4) == 0
                                    ? existingStarts.get(random.nextInt(existing))
                                    : BASE.minusSeconds(600).plusNanos(1000 * random.nextLong(spanMicros + 1_200_000_000L));
                            clock.set(at);
                            Session s = workspace.start(StartSession.of(AgentRef.of("writer-" + writer), "new " + n++));
                            boolean deleteAgain = writer == 1 && random.nextInt(3) == 0;
                            (deleteAgain ? deleted : kept).add(s.id());
                            inserts.incrementAndGet();
                            UUID old = existingIds.get(random.nextInt(existing));
                            if (writer == 0) {
                                clock.set(BASE.plus(Duration.ofDays(1)));
                                workspace.find(old).filter(o -> o.status().isActive())
                                        .ifPresent(o -> workspace.append(old, NewMessage.assistant("more")));
                            } else if (deleteAgain) {
                                workspace.cancel(s.id());
                                workspace.delete(s.id());
                            } else if (random.nextBoolean()) {
                                workspace.find(old).filter(o -> o.status().isActive())
                                        .ifPresent(o -> workspace.complete(old));
                            }
                        } catch (RuntimeException e) {
                            // The writers run at once: one may complete the old session the other has just
                            // found active and is appending to, or completing too.
                            if (!(e instanceof IllegalStatusTransitionException || e instanceof IllegalSessionStateException)) {
                                errors.add(e);
                            }
                        }
                    }
                    return null;
                }));
            }

            int pages = 0;
            int newSeen = 0;
            Set<UUID> newRowsSeen = new HashSet<>();
            try {
                for (int pass = 0; pass < passes; pass++) {
                    SortOrder sort = pass % 2 == 0 ? SortOrder.NEWEST_FIRST : SortOrder.OLDEST_FIRST;
                    Set<UUID> existedAtStart = new HashSet<>(existingIds);
                    existedAtStart.addAll(kept);
                    List<SessionSummary> seen = new ArrayList<>();
                    SessionQuery query = SessionQuery.builder().sort(sort).limit(PAGE_SIZE).build();
                    long stride = Math.max(1, setup.count(query) / PAGE_SIZE / TURNS_PER_PASS);
                    for (long pageOfPass = 1; ; pageOfPass++) {
                        Page<SessionSummary> page = setup.list(query);
                        pages++;
                        seen.addAll(page.items());
                        if (!page.hasNext()) {
                            break;
                        }
                        query = query.withCursor(page.nextCursor());
                        if (pageOfPass % stride == 0) {
                            int target = inserts.get() + WRITERS;
                            turns.release(WRITERS);
                            awaitInserts(inserts, target);
                        }
                    }
                    Set<UUID> newRows = verifyPass(sort, existedAtStart, seen);
                    newSeen += newRows.size();
                    newRowsSeen.addAll(newRows);
                }
            } finally {
                reading.set(false);
                pool.shutdown();
            }
            for (Future<?> f : writers) {
                f.get();
            }
            assertThat(errors).as("errors from the writers").isEmpty();
            Set<UUID> inserted = new HashSet<>(kept);
            inserted.addAll(deleted);
            assertThat(inserted).as("rows seen that were not there when their pass began must be inserts")
                    .containsAll(newRowsSeen);
            assertThat(ids(setup, SortOrder.NEWEST_FIRST)).containsAll(existingIds)
                    .containsAll(kept).doesNotContainAnyElementsOf(deleted).hasSize(existing + kept.size());
            System.out.printf("race-list %s: %d passes (%d pages of %d) over %d sessions while %d writers inserted %d "
                            + "(%d deleted again); inserted rows seen in passes %d; skipped 0, repeated 0%n",
                    backend, passes, pages, PAGE_SIZE, existing, WRITERS, kept.size() + deleted.size(), deleted.size(), newSeen);
        }
    }

    /**
     * Checks one pass: strictly monotone, nothing twice, every session in {@code existedAtStart} (none of
     * which is deleted or moved during the test) seen. Returns the other rows seen, which must be inserts.
     */
    private static Set<UUID> verifyPass(SortOrder sort, Set<UUID> existedAtStart, List<SessionSummary> seen) {
        Set<UUID> seenIds = new HashSet<>();
        for (int i = 0; i < seen.size(); i++) {
            SessionSummary row = seen.get(i);
            assertThat(seenIds.add(row.id())).as("%s repeated in a %s pass", row.id(), sort).isTrue();
            if (i > 0) {
                SessionSummary previous = seen.get(i - 1);
                int c = Keyset.compare(previous.startedAt(), previous.id(), row.startedAt(), row.id());
                assertThat(sort == SortOrder.NEWEST_FIRST ? c > 0 : c < 0)
                        .as("%s pass: row %d (%s %s) after (%s %s)", sort, i, row.startedAt(), row.id(),
                                previous.startedAt(), previous.id()).isTrue();
            }
        }
        Set<UUID> skipped = new HashSet<>(existedAtStart);
        skipped.removeAll(seenIds);
        assertThat(skipped).as("sessions that existed throughout but were skipped in a %s pass", sort).isEmpty();
        Set<UUID> extra = new HashSet<>(seenIds);
        extra.removeAll(existedAtStart);
        return extra;
    }

    /**
     * Waits until the writers have used their turns: one insert (and one more change) per writer between
     * two pages, so that a pass interleaves with the writers at the same pace on every store and ends.
     */
    private static void awaitInserts(AtomicInteger inserts, int target) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (inserts.get() < target && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    private static Set<UUID> ids(Workspace workspace, SortOrder sort) {
        List<UUID> all = new ArrayList<>();
        SessionQuery query = SessionQuery.builder().sort(sort).limit(SessionQuery.MAX_LIMIT).build();
        while (true) {
            Page<SessionSummary> page = workspace.list(query);
            page.items().forEach(s -> all.add(s.id()));
            if (!page.hasNext()) {
                assertThat(all).doesNotHaveDuplicates();
                return new HashSet<>(all);
            }
            query = query.withCursor(page.nextCursor());
        }
    }
}
