package dev.agentruns.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruns.ActivityType;
import dev.agentruns.AgentRunsException;
import dev.agentruns.IllegalSessionStateException;
import dev.agentruns.IllegalStatusTransitionException;
import dev.agentruns.Message;
import dev.agentruns.NewMessage;
import dev.agentruns.Page;
import dev.agentruns.Session;
import dev.agentruns.SessionQuery;
import dev.agentruns.SessionStatus;
import dev.agentruns.SessionSummary;
import dev.agentruns.SortOrder;
import dev.agentruns.StartSession;
import dev.agentruns.StatusConflictException;
import dev.agentruns.Workspace;
import dev.agentruns.spi.Keyset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Concurrent writers on one session and one workspace: gapless seqs, idempotent retries, exactly one
 * winner per race, and keyset paging that stays exact while sessions are inserted. Threads start
 * together from a latch; nothing sleeps and nothing is timed.
 */
abstract class ConcurrencyContract extends ContractFixture {

    /** What one racer got: the session it produced, or the exception it lost with. */
    record Outcome(SessionStatus target, Session session, AgentRunsException error) {
        boolean won() {
            return session != null;
        }
    }

    /** Runs every task on its own thread, all released at once; returns their results in order. */
    static <T> List<T> together(List<Callable<T>> tasks) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch ready = new CountDownLatch(tasks.size());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return task.call();
                }));
            }
            ready.await();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                try {
                    results.add(f.get());
                } catch (ExecutionException e) {
                    throw new AssertionError("a concurrent task failed: " + e.getCause(), e.getCause());
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    static Callable<Outcome> racer(SessionStatus target, Supplier<Session> transition) {
        return () -> {
            try {
                return new Outcome(target, transition.get(), null);
            } catch (AgentRunsException e) {
                return new Outcome(target, null, e);
            }
        };
    }

    @Test
    void concurrentAppendsGetSeqsOneToNWithNothingLostOrDuplicated() throws Exception {
        int threads = 32;
        int perThread = 50;
        Session s = start("p");
        List<Callable<List<Message>>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            tasks.add(() -> {
                List<Message> mine = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    mine.add(ws.append(s.id(), NewMessage.assistant("t" + thread + "-" + i)));
                }
                return mine;
            });
        }
        List<List<Message>> returned = together(tasks);

        long total = 1 + (long) threads * perThread;
        List<Message> all = ws.messages(s.id());
        assertThat(all).extracting(Message::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        Set<String> expectedTexts = new HashSet<>();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                expectedTexts.add("t" + t + "-" + i);
            }
        }
        assertThat(all.subList(1, all.size())).extracting(Message::text).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expectedTexts);
        assertThat(messageIds(all)).doesNotHaveDuplicates();
        assertThat(ws.get(s.id()).summary().messageCount()).isEqualTo(total);
        for (List<Message> mine : returned) {
            assertThat(mine).extracting(Message::seq).isSorted().doesNotHaveDuplicates();
            for (Message m : mine) {
                assertThat(all.get((int) m.seq() - 1)).isEqualTo(m);
            }
        }
    }

    @Test
    void concurrentRetriesWithTheSameClientIdsStoreEachMessageOnce() throws Exception {
        int threads = 8;
        int ids = 25;
        Session s = start("p");
        List<Callable<Map<String, Message>>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < ids; i++) {
                order.add(i);
            }
            Collections.shuffle(order, new Random(t));
            tasks.add(() -> {
                Map<String, Message> got = new HashMap<>();
                for (int i : order) {
                    Message m = ws.append(s.id(), NewMessage.assistant("text " + i).withId("retry-" + i));
                    got.put(m.id(), m);
                }
                return got;
            });
        }
        List<Map<String, Message>> returned = together(tasks);

        List<Message> all = ws.messages(s.id());
        assertThat(all).hasSize(1 + ids);
        assertThat(all).extracting(Message::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 1 + ids).boxed().toList());
        Map<String, Message> byId = all.stream().collect(Collectors.toMap(Message::id, m -> m));
        for (int i = 0; i < ids; i++) {
            assertThat(byId.get("retry-" + i).text()).isEqualTo("text " + i);
        }
        for (Map<String, Message> got : returned) {
            assertThat(got).hasSize(ids);
            got.forEach((id, m) -> assertThat(m).isEqualTo(byId.get(id)));
        }
        assertThat(ws.get(s.id()).summary().messageCount()).isEqualTo(1 + ids);
    }

    @Test
    void appendsRacingCompleteAreEitherStoredOrRejected() throws Exception {
        Session s = start("p");
        List<Callable<List<Object>>> tasks = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            int thread = t;
            tasks.add(() -> {
                List<Object> results = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    try {
                        results.add(ws.append(s.id(), NewMessage.assistant("a" + thread + "-" + i)
                                .withId("a" + thread + "-" + i)));
                    } catch (IllegalSessionStateException e) {
                        results.add(e);
                    }
                }
                return results;
            });
        }
        tasks.add(() -> List.<Object>of(ws.complete(s.id(), "{\"done\":true}")));
        List<List<Object>> returned = together(tasks);

        List<Message> all = ws.messages(s.id());
        assertThat(all).extracting(Message::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, all.size()).boxed().toList());
        Set<String> storedIds = new HashSet<>(messageIds(all.subList(1, all.size())));
        Set<String> acceptedIds = new HashSet<>();
        for (List<Object> results : returned.subList(0, 6)) {
            for (Object r : results) {
                if (r instanceof Message m) {
                    acceptedIds.add(m.id());
                } else {
                    assertThat(((IllegalSessionStateException) r).status()).isEqualTo(SessionStatus.COMPLETED);
                }
            }
        }
        assertThat(storedIds).isEqualTo(acceptedIds);
        assertThat(ws.get(s.id()).status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(ws.get(s.id()).summary().messageCount()).isEqualTo(all.size());
        assertThat(eventsOf(ws, s.id(), ActivityType.SESSION_ENDED)).hasSize(1);
    }

    @Test
    void completeRacingCancelHasExactlyOneWinner() throws Exception {
        for (int round = 0; round < 20; round++) {
            UUID id = start("round " + round).id();
            String output = "{\"round\":" + round + "}";
            List<Outcome> outcomes = together(List.of(
                    racer(SessionStatus.COMPLETED, () -> ws.complete(id, output)),
                    racer(SessionStatus.CANCELLED, () -> ws.cancel(id, "raced"))));
            assertOneWinner(id, outcomes);
            Session after = ws.get(id);
            if (after.status() == SessionStatus.COMPLETED) {
                assertThat(after.output().value()).isEqualTo(json(output));
                assertThat(eventsOf(ws, id, ActivityType.OUTPUT_RECORDED)).hasSize(1);
            } else {
                assertThat(after.output()).isNull();
                assertThat(eventsOf(ws, id, ActivityType.OUTPUT_RECORDED)).isEmpty();
            }
        }
    }

    @Test
    void manyRacingEndingsHaveExactlyOneWinner() throws Exception {
        for (int round = 0; round < 5; round++) {
            UUID id = start("round " + round).id();
            List<Callable<Outcome>> racers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                racers.add(racer(SessionStatus.COMPLETED, () -> ws.complete(id, "{\"by\":\"complete\"}")));
                racers.add(racer(SessionStatus.FAILED, () -> ws.fail(id, "failed by racer")));
            }
            racers.add(racer(SessionStatus.CANCELLED, () -> ws.cancel(id)));
            racers.add(racer(SessionStatus.CANCELLED, () -> ws.cancel(id, "by racer")));
            List<Outcome> outcomes = together(racers);
            assertOneWinner(id, outcomes);
            SessionStatus won = ws.get(id).status();
            assertThat(eventsOf(ws, id, ActivityType.ERROR)).hasSize(won == SessionStatus.FAILED ? 1 : 0);
        }
    }

    @Test
    void racingWaitAndCancelEndConsistently() throws Exception {
        for (int round = 0; round < 10; round++) {
            UUID id = start("round " + round).id();
            List<Outcome> outcomes = together(List.of(
                    racer(SessionStatus.WAITING, () -> ws.waitFor(id, dev.agentruns.WaitReason.INPUT)),
                    racer(SessionStatus.CANCELLED, () -> ws.cancel(id))));
            Outcome wait = outcomes.get(0);
            Outcome cancel = outcomes.get(1);
            Session after = ws.get(id);
            assertThat(wait.won() || cancel.won()).as("someone wins").isTrue();
            if (cancel.won()) {
                // WAITING -> CANCELLED is legal, so both may win, the wait first.
                assertThat(after.status()).isEqualTo(SessionStatus.CANCELLED);
                assertThat(after.summary().version()).isEqualTo(wait.won() ? 3 : 2);
            } else {
                // The cancel read RUNNING and lost its compare-and-set to the wait.
                assertThat(after.status()).isEqualTo(SessionStatus.WAITING);
                assertThat(after.summary().version()).isEqualTo(2);
                assertThat(cancel.error()).isInstanceOf(StatusConflictException.class);
                StatusConflictException e = (StatusConflictException) cancel.error();
                assertThat(e.expected()).isEqualTo(SessionStatus.RUNNING);
                assertThat(e.found()).isEqualTo(SessionStatus.WAITING);
            }
            if (!wait.won()) {
                assertThat(wait.error()).isInstanceOf(IllegalStatusTransitionException.class);
                assertThat(((IllegalStatusTransitionException) wait.error()).from()).isEqualTo(SessionStatus.CANCELLED);
            }
            assertThat(eventsOf(ws, id, ActivityType.SESSION_ENDED)).hasSize(cancel.won() ? 1 : 0);
            assertThat(eventsOf(ws, id, ActivityType.STATUS_CHANGED)).hasSize(wait.won() ? 1 : 0);
        }
    }

    void assertOneWinner(UUID id, List<Outcome> outcomes) {
        List<Outcome> winners = outcomes.stream().filter(Outcome::won).toList();
        assertThat(winners).as("winners").hasSize(1);
        Outcome winner = winners.get(0);
        Session after = ws.get(id);
        assertThat(after.status()).isEqualTo(winner.target());
        assertThat(winner.session()).isEqualTo(after);
        assertThat(after.summary().version()).isEqualTo(2);
        for (Outcome loser : outcomes) {
            if (loser.won()) {
                continue;
            }
            assertThat(loser.error()).isInstanceOf(IllegalStatusTransitionException.class);
            IllegalStatusTransitionException e = (IllegalStatusTransitionException) loser.error();
            assertThat(e.sessionId()).isEqualTo(id);
            assertThat(e.from()).isEqualTo(winner.target());
            assertThat(e.to()).isEqualTo(loser.target());
            assertThat(e.getMessage()).contains(id.toString()).contains(winner.target().name());
            if (e instanceof StatusConflictException conflict) {
                assertThat(conflict.expected()).isEqualTo(SessionStatus.RUNNING);
                assertThat(conflict.found()).isEqualTo(winner.target());
            }
        }
        assertThat(eventsOf(ws, id, ActivityType.SESSION_ENDED)).as("SESSION_ENDED events").hasSize(1);
        assertThat(eventsOf(ws, id, ActivityType.SESSION_ENDED).get(0).details().path("to").asText())
                .isEqualTo(winner.target().name());
    }

    @Test
    void concurrentStartsInOneWorkspaceAreAllStoredAndListed() throws Exception {
        List<Callable<List<UUID>>> tasks = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int thread = t;
            tasks.add(() -> {
                List<UUID> mine = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    mine.add(ws.start(StartSession.of(AGENT, "t" + thread + "-" + i)).id());
                }
                return mine;
            });
        }
        Set<UUID> started = new HashSet<>();
        together(tasks).forEach(started::addAll);
        assertThat(started).hasSize(160);
        assertThat(ws.count(SessionQuery.all())).isEqualTo(160);
        assertThat(listIds(ws, SessionQuery.builder().limit(37).build())).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(started);
    }

    /** Pre-existing sessions one second apart, with ties in groups of two. */
    List<SessionSummary> preexisting(int n) {
        List<SessionSummary> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clock.set(T0.plusSeconds(i / 2 * 2L));
            rows.add(start("pre " + i).summary());
        }
        return rows;
    }

    static void assertStrictlyInOrder(List<SessionSummary> rows, SortOrder sort) {
        for (int i = 1; i < rows.size(); i++) {
            SessionSummary a = rows.get(i - 1);
            SessionSummary b = rows.get(i);
            int c = Keyset.compare(a.startedAt(), a.id(), b.startedAt(), b.id());
            assertThat(sort == SortOrder.OLDEST_FIRST ? c < 0 : c > 0).as("row %d is in %s order", i, sort).isTrue();
        }
    }

    @Test
    void pagesStayExactWhenSessionsAreInsertedBetweenThem() {
        List<SessionSummary> existing = preexisting(30);
        MutableClock writerClock = new MutableClock(T0);
        Workspace writer = builder().clock(writerClock).build().workspace(ws.id());
        for (SortOrder sort : SortOrder.values()) {
            SessionQuery q = SessionQuery.builder().sort(sort).limit(4).build();
            List<SessionSummary> seen = new ArrayList<>();
            int inserted = 0;
            while (true) {
                Page<SessionSummary> page = ws.list(q);
                assertAdvances(seen.isEmpty() ? null : seen.get(seen.size() - 1), page, sort);
                seen.addAll(page.items());
                if (!page.hasNext()) {
                    break;
                }
                assertThat(inserted).as("paging did not end").isLessThan(3 * MAX_PAGES);
                SessionSummary last = page.items().get(page.items().size() - 1);
                for (long offset : new long[] {-3, 0, 3}) {
                    writerClock.set(last.startedAt().plusSeconds(offset));
                    writer.start(StartSession.of(AGENT, "inserted " + inserted++));
                }
                q = q.withCursor(page.nextCursor());
            }
            assertThat(seen).extracting(SessionSummary::id).doesNotHaveDuplicates()
                    .containsAll(existing.stream().map(SessionSummary::id).toList());
            assertStrictlyInOrder(seen, sort);
        }
    }

    @Test
    void keysetPagingReturnsEveryExistingSessionOnceWhileOthersAreInserted() throws Exception {
        List<SessionSummary> existing = preexisting(60);
        Set<UUID> existingIds = existing.stream().map(SessionSummary::id).collect(Collectors.toSet());
        for (SortOrder sort : SortOrder.values()) {
            MutableClock writerClock = new MutableClock(T0);
            Workspace writer = builder().clock(writerClock).build().workspace(ws.id());
            Callable<List<SessionSummary>> pager = () -> listAll(ws, SessionQuery.builder().sort(sort).limit(7).build());
            Callable<List<SessionSummary>> inserter = () -> {
                for (int i = 0; i < 60; i++) {
                    writerClock.set(T0.plusMillis(i * 1000L + (i % 3 == 0 ? 0 : 500)));
                    writer.start(StartSession.of(AGENT_B, "concurrent " + i));
                }
                return List.of();
            };
            List<SessionSummary> seen = together(List.of(pager, inserter)).get(0);
            assertThat(seen).extracting(SessionSummary::id).doesNotHaveDuplicates();
            assertThat(seen.stream().map(SessionSummary::id).filter(existingIds::contains).count())
                    .isEqualTo(existing.size());
            assertStrictlyInOrder(seen, sort);
        }
        assertThat(ws.count(SessionQuery.all())).isEqualTo(60 + 2 * 60);
    }
}
