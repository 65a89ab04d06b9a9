package dev.agentruns.inmemory;

import static dev.agentruns.inmemory.Fixtures.T0;
import static dev.agentruns.inmemory.Fixtures.WS;
import static dev.agentruns.inmemory.Fixtures.criteria;
import static dev.agentruns.inmemory.Fixtures.event;
import static dev.agentruns.inmemory.Fixtures.forkOf;
import static dev.agentruns.inmemory.Fixtures.message;
import static dev.agentruns.inmemory.Fixtures.positionOf;
import static dev.agentruns.inmemory.Fixtures.session;
import static dev.agentruns.inmemory.Fixtures.state;
import static dev.agentruns.inmemory.Fixtures.stateWithOutput;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruns.ActivityEvent;
import dev.agentruns.ActivityType;
import dev.agentruns.ArchivedFilter;
import dev.agentruns.Message;
import dev.agentruns.OutputVerdict;
import dev.agentruns.Session;
import dev.agentruns.SessionKind;
import dev.agentruns.SessionStatus;
import dev.agentruns.SessionSummary;
import dev.agentruns.SortOrder;
import dev.agentruns.TicketRef;
import dev.agentruns.Usage;
import dev.agentruns.UsageTotals;
import dev.agentruns.spi.AppendResult;
import dev.agentruns.spi.ForkResult;
import dev.agentruns.spi.Keyset;
import dev.agentruns.spi.MessageDraft;
import dev.agentruns.spi.SessionCriteria;
import dev.agentruns.spi.UpdateResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Behaviour specific to the in-memory store: shared fork prefixes, index maintenance and locking.
 * The generic contract is checked by the test kit.
 */
class InMemorySessionRepositoryTest {
    private final InMemorySessionRepository repository = new InMemorySessionRepository();

    @AfterEach
    void close() {
        repository.close();
    }

    private UUID newSession(String agent, Instant startedAt, String... messageIds) {
        UUID id = UUID.randomUUID();
        repository.create(session(id, agent, startedAt), drafts(messageIds),
                List.of(event(ActivityType.SESSION_STARTED, startedAt)));
        return id;
    }

    private static List<MessageDraft> drafts(String... ids) {
        return java.util.Arrays.stream(ids).map(Fixtures::message).collect(Collectors.toList());
    }

    private UUID fork(UUID source, String atMessageId, long seq, String... ownIds) {
        ForkResult result = repository.fork(forkOf(source, atMessageId, seq, T0.plusSeconds(1)), drafts(ownIds),
                List.of(event(ActivityType.FORKED, T0)), List.of(event(ActivityType.FORKED, T0)));
        assertThat(result).isInstanceOf(ForkResult.Forked.class);
        return ((ForkResult.Forked) result).fork().id();
    }

    private List<String> transcriptIds(UUID sessionId) {
        return repository.messages(WS, sessionId, 1, Integer.MAX_VALUE).stream().map(Message::id)
                .collect(Collectors.toList());
    }

    private SessionSummary summary(UUID id) {
        return repository.find(WS, id).orElseThrow().summary();
    }

    private void update(UUID id, SessionStatus status, TicketRef ticket, Instant archivedAt) {
        long version = summary(id).version();
        UpdateResult r = repository.update(WS, id, version, state(status, ticket, archivedAt), List.of(), List.of());
        assertThat(r).isInstanceOf(UpdateResult.Updated.class);
    }

    private List<UUID> ids(SessionCriteria c) {
        return repository.query(WS, c).stream().map(SessionSummary::id).collect(Collectors.toList());
    }

    @Nested
    @DisplayName("Forks share their prefix")
    class Forks {

        @Test
        void forkSeesSourcePrefixOnlyUpToForkPoint() {
            UUID source = newSession("coder", T0, "a", "b", "c");
            UUID fork = fork(source, "b", 2, "x");
            repository.append(WS, source, Set.of(), drafts("d"), List.of());

            List<Message> messages = repository.messages(WS, fork, 1, 10);
            assertThat(messages).extracting(Message::id).containsExactly("a", "b", "x");
            assertThat(messages).extracting(Message::seq).containsExactly(1L, 2L, 3L);
            assertThat(messages).extracting(Message::sessionId).containsExactly(source, source, fork);
            assertThat(repository.findMessage(WS, fork, "a")).get().extracting(Message::sessionId)
                    .isEqualTo(source);
            assertThat(repository.findMessage(WS, fork, "c")).isEmpty();
            assertThat(repository.findMessage(WS, fork, "d")).isEmpty();
            assertThat(transcriptIds(source)).containsExactly("a", "b", "c", "d");
        }

        @Test
        void forkSharesTheSourcesMessageObjectsInsteadOfCopyingThem() {
            UUID source = newSession("coder", T0, "a", "b");
            UUID fork = fork(source, "b", 2);

            assertThat(repository.messages(WS, fork, 1, 2).get(1))
                    .isSameAs(repository.messages(WS, source, 2, 1).get(0));
        }

        @Test
        void forkOfForkReadsEveryAncestorRange() {
            UUID s = newSession("coder", T0, "s1", "s2", "s3", "s4");
            UUID f1 = fork(s, "s3", 3, "f4", "f5");
            UUID f2 = fork(f1, "f4", 4, "g5", "g6");

            assertThat(transcriptIds(f2)).containsExactly("s1", "s2", "s3", "f4", "g5", "g6");
            assertThat(repository.messages(WS, f2, 2, 3)).extracting(Message::id).containsExactly("s2", "s3", "f4");
            assertThat(repository.messages(WS, f2, 3, 3)).extracting(Message::sessionId).containsExactly(s, f1, f2);
            assertThat(repository.messages(WS, f2, 6, 10)).extracting(Message::id).containsExactly("g6");
            assertThat(repository.messages(WS, f2, 7, 10)).isEmpty();
            assertThat(repository.messages(WS, f2, 0, 1)).extracting(Message::id).containsExactly("s1");
            assertThat(repository.findMessage(WS, f2, "f5")).isEmpty();
            assertThat(repository.findMessage(WS, f2, "s4")).isEmpty();
            assertThat(summary(f2).messageCount()).isEqualTo(6);
        }

        @Test
        void forkInsideAnInheritedPrefixReadsTheOriginalSource() {
            UUID s = newSession("coder", T0, "s1", "s2", "s3");
            UUID f1 = fork(s, "s3", 3, "f4");
            UUID f2 = fork(f1, "s2", 2, "g3");

            assertThat(repository.messages(WS, f2, 1, 10)).extracting(Message::sessionId).containsExactly(s, s, f2);
            assertThat(transcriptIds(f2)).containsExactly("s1", "s2", "g3");
        }

        @Test
        void deletingSourcesKeepsForksWhole() {
            UUID s = newSession("coder", T0, "s1", "s2");
            UUID f1 = fork(s, "s2", 2, "f3");
            UUID f2 = fork(f1, "f3", 3, "g4");

            assertThat(repository.delete(WS, s)).isTrue();
            assertThat(repository.delete(WS, f1)).isTrue();

            assertThat(repository.find(WS, s)).isEmpty();
            assertThat(repository.messages(WS, s, 1, 10)).isEmpty();
            assertThat(transcriptIds(f2)).containsExactly("s1", "s2", "f3", "g4");
            assertThat(repository.findMessage(WS, f2, "s1")).get().extracting(Message::sessionId).isEqualTo(s);
            assertThat(repository.append(WS, f2, Set.of(), drafts("g5"), List.of()))
                    .isInstanceOf(AppendResult.Appended.class);
            assertThat(summary(f2).messageCount()).isEqualTo(5);
            assertThat(repository.query(WS, criteria().forkedFrom(f1).build())).extracting(SessionSummary::id)
                    .containsExactly(f2);
        }

        @Test
        void forkPointBeyondTheSourceTranscriptIsSourceNotFoundAndStoresNothing() {
            UUID s = newSession("coder", T0, "s1", "s2");
            long eventsBefore = repository.activity(WS, s, 0, 100).size();

            ForkResult result = repository.fork(forkOf(s, "s3", 3, T0), drafts("x"), List.of(),
                    List.of(event(ActivityType.FORKED, T0)));

            assertThat(result).isInstanceOf(ForkResult.SourceNotFound.class);
            assertThat(repository.activity(WS, s, 0, 100)).hasSize((int) eventsBefore);
            assertThat(repository.count(WS, criteria().build())).isEqualTo(1);
        }

        @Test
        void forkOfASessionInAnotherWorkspaceIsSourceNotFound() {
            UUID other = UUID.randomUUID();
            repository.create(session(other, "elsewhere", "coder", SessionKind.CHAT, T0, null), drafts("a"),
                    List.of());

            assertThat(repository.fork(forkOf(other, "a", 1, T0), List.of(), List.of(), List.of()))
                    .isInstanceOf(ForkResult.SourceNotFound.class);
        }

        @Test
        void forkRecordsEventsOnBothTimelines() {
            UUID s = newSession("coder", T0, "s1");
            ForkResult.Forked forked = (ForkResult.Forked) repository.fork(forkOf(s, "s1", 1, T0.plusSeconds(5)),
                    drafts("x"), List.of(event(ActivityType.SESSION_STARTED, T0.plusSeconds(5))),
                    List.of(event(ActivityType.FORKED, T0.plusSeconds(5))));

            assertThat(forked.messages()).extracting(Message::id, Message::seq).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("x", 2L));
            assertThat(forked.events()).extracting(ActivityEvent::seq).containsExactly(1L);
            assertThat(forked.sourceEvents()).extracting(ActivityEvent::seq).containsExactly(2L);
            assertThat(repository.activity(WS, s, 1, 10)).extracting(ActivityEvent::type)
                    .containsExactly(ActivityType.FORKED);
            assertThat(summary(s).lastActivityAt()).isEqualTo(T0.plusSeconds(5));
            assertThat(summary(s).version()).isEqualTo(1);
        }

        @Test
        void appendingAnInheritedIdToAForkReturnsTheInheritedMessage() {
            UUID s = newSession("coder", T0, "s1", "s2");
            UUID f = fork(s, "s1", 1);
            repository.append(WS, s, Set.of(), drafts("late"), List.of());

            AppendResult.Appended retry = (AppendResult.Appended) repository.append(WS, f, Set.of(),
                    drafts("s1", "s2", "late"), List.of());

            assertThat(retry.messages()).extracting(Message::id, Message::sessionId, Message::seq).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("s1", s, 1L),
                    org.assertj.core.groups.Tuple.tuple("s2", f, 2L),
                    org.assertj.core.groups.Tuple.tuple("late", f, 3L));
            assertThat(retry.inserted()).extracting(Message::id).containsExactly("s2", "late");
        }

        @Test
        void forkCountsItsPrefixButOnlyItsOwnUsage() {
            UUID s = UUID.randomUUID();
            repository.create(session(s, "coder", T0),
                    List.of(message("s1", T0.plusSeconds(1), Usage.of("m", 100, 10))), List.of());
            ForkResult.Forked forked = (ForkResult.Forked) repository.fork(forkOf(s, "s1", 1, T0.plusSeconds(2)),
                    List.of(message("f2", T0.plusSeconds(3), Usage.of("m", 7, 3))), List.of(), List.of());

            SessionSummary fork = forked.fork().summary();
            assertThat(fork.messageCount()).isEqualTo(2);
            assertThat(fork.usage()).isEqualTo(new UsageTotals(7, 3, 0, 0));
            assertThat(fork.lastActivityAt()).isEqualTo(T0.plusSeconds(3));
            assertThat(fork.forkedFrom().sessionId()).isEqualTo(s);
            assertThat(summary(s).usage()).isEqualTo(new UsageTotals(100, 10, 0, 0));
        }
    }

    @Nested
    @DisplayName("Counters and state")
    class Counters {

        @Test
        void idempotentRetriesAddNoUsageAndNoCount() {
            UUID s = newSession("coder", T0);
            List<MessageDraft> batch = List.of(message("m1", T0.plusSeconds(1), Usage.of("m", 5, 5)));
            repository.append(WS, s, Set.of(), batch, List.of());
            AppendResult.Appended retry = (AppendResult.Appended) repository.append(WS, s, Set.of(), batch,
                    List.of());

            assertThat(retry.inserted()).isEmpty();
            assertThat(retry.messages()).extracting(Message::seq).containsExactly(1L);
            assertThat(summary(s).messageCount()).isEqualTo(1);
            assertThat(summary(s).usage().totalTokens()).isEqualTo(10);
        }

        @Test
        void appendKeepsVersionAndUpdateIncrementsIt() {
            UUID s = newSession("coder", T0);
            repository.append(WS, s, Set.of(SessionStatus.RUNNING), drafts("m1"), List.of());
            assertThat(summary(s).version()).isEqualTo(1);

            UpdateResult.Updated updated = (UpdateResult.Updated) repository.update(WS, s, 1,
                    stateWithOutput(SessionStatus.RUNNING, OutputVerdict.invalid(List.of("bad"))), drafts("m2"),
                    List.of(event(ActivityType.OUTPUT_RECORDED, T0.plusSeconds(9))));

            assertThat(updated.session().summary().version()).isEqualTo(2);
            assertThat(updated.session().summary().outputStatus()).isEqualTo(OutputVerdict.Status.INVALID);
            assertThat(updated.session().summary().messageCount()).isEqualTo(2);
            assertThat(updated.session().summary().lastActivityAt()).isEqualTo(T0.plusSeconds(9));
            assertThat(updated.events()).extracting(ActivityEvent::seq).containsExactly(2L);
            assertThat(repository.update(WS, s, 1, state(SessionStatus.FAILED, null, null), List.of(), List.of()))
                    .isInstanceOfSatisfying(UpdateResult.VersionConflict.class,
                            c -> assertThat(c.current().summary().version()).isEqualTo(2));
        }

        @Test
        void appendChecksRequiredStatuses() {
            UUID s = newSession("coder", T0);
            update(s, SessionStatus.COMPLETED, null, null);

            assertThat(repository.append(WS, s, Set.of(SessionStatus.RUNNING, SessionStatus.WAITING), drafts("m"),
                    List.of())).isEqualTo(new AppendResult.StatusNotAllowed(SessionStatus.COMPLETED));
            assertThat(summary(s).messageCount()).isZero();
            assertThat(repository.append(WS, s, Set.of(), List.of(), List.of(event(ActivityType.WARNING, T0))))
                    .isInstanceOf(AppendResult.Appended.class);
        }

        @Test
        void readersKeepTheSnapshotTheyWereGiven() {
            UUID s = newSession("coder", T0, "m1");
            Session before = repository.find(WS, s).orElseThrow();
            List<Message> messagesBefore = repository.messages(WS, s, 1, 10);

            repository.append(WS, s, Set.of(), drafts("m2"), List.of());
            update(s, SessionStatus.WAITING, null, null);

            assertThat(before.summary().messageCount()).isEqualTo(1);
            assertThat(before.status()).isEqualTo(SessionStatus.RUNNING);
            assertThat(messagesBefore).hasSize(1);
        }
    }

    @Nested
    @DisplayName("Workspaces")
    class Workspaces {

        @Test
        void aSessionOfAnotherWorkspaceIsAbsentForEveryMethod() {
            UUID id = newSession("coder", T0, "m1");
            String other = "other";

            assertThat(repository.find(other, id)).isEmpty();
            assertThat(repository.findMessage(other, id, "m1")).isEmpty();
            assertThat(repository.messages(other, id, 1, 10)).isEmpty();
            assertThat(repository.activity(other, id, 0, 10)).isEmpty();
            assertThat(repository.query(other, criteria().build())).isEmpty();
            assertThat(repository.count(other, criteria().build())).isZero();
            assertThat(repository.append(other, id, Set.of(), drafts("m2"), List.of()))
                    .isInstanceOf(AppendResult.NotFound.class);
            assertThat(repository.update(other, id, 1, state(SessionStatus.FAILED, null, null), List.of(),
                    List.of())).isInstanceOf(UpdateResult.NotFound.class);
            assertThat(repository.delete(other, id)).isFalse();

            assertThat(summary(id).messageCount()).isEqualTo(1);
            assertThat(summary(id).status()).isEqualTo(SessionStatus.RUNNING);
        }
    }

    @Nested
    @DisplayName("Indexes")
    class Indexes {

        @Test
        void queriesFollowStatusChanges() {
            UUID a = newSession("coder", T0);
            UUID b = newSession("coder", T0.plusSeconds(1));
            UUID c = newSession("reviewer", T0.plusSeconds(2));

            update(a, SessionStatus.WAITING, null, null);
            update(a, SessionStatus.RUNNING, null, null);
            update(a, SessionStatus.COMPLETED, null, null);
            update(c, SessionStatus.FAILED, null, null);

            assertThat(ids(criteria().statuses(SessionStatus.RUNNING).build())).containsExactly(b);
            assertThat(ids(criteria().statuses(SessionStatus.COMPLETED).agents("coder").build())).containsExactly(a);
            assertThat(ids(criteria().statuses(SessionStatus.WAITING).build())).isEmpty();
            assertThat(ids(criteria().statuses(SessionStatus.FAILED, SessionStatus.COMPLETED).build()))
                    .containsExactly(c, a);
            assertThat(repository.count(WS, criteria().agents("coder", "reviewer")
                    .statuses(SessionStatus.RUNNING, SessionStatus.FAILED).build())).isEqualTo(2);
        }

        @Test
        void queriesFollowTicketLinksAndArchiving() {
            TicketRef pay = TicketRef.of("jira", "PAY-1");
            TicketRef ops = new TicketRef("jira", "OPS-2", "Ops", null);
            UUID a = newSession("coder", T0);
            UUID b = newSession("coder", T0.plusSeconds(1));

            update(a, SessionStatus.RUNNING, pay, null);
            update(b, SessionStatus.RUNNING, pay, null);
            update(b, SessionStatus.RUNNING, ops, T0);
            assertThat(ids(criteria().ticket(TicketRef.of("jira", "PAY-1")).build())).containsExactly(a);
            assertThat(ids(criteria().ticket(ops).archived(ArchivedFilter.INCLUDE).build())).containsExactly(b);
            assertThat(ids(criteria().archived(ArchivedFilter.ONLY).build())).containsExactly(b);
            assertThat(ids(criteria().build())).containsExactly(a);

            update(b, SessionStatus.RUNNING, null, null);
            assertThat(ids(criteria().ticket(ops).archived(ArchivedFilter.INCLUDE).build())).isEmpty();
            assertThat(ids(criteria().archived(ArchivedFilter.ONLY).build())).isEmpty();
            assertThat(ids(criteria().build())).containsExactly(b, a);
        }

        @Test
        void deletedSessionsLeaveEveryIndex() {
            UUID s = newSession("coder", T0, "m1");
            UUID f = fork(s, "m1", 1);
            update(f, SessionStatus.WAITING, TicketRef.of("gh", "7"), T0);

            repository.delete(WS, f);

            SessionCriteria all = criteria().archived(ArchivedFilter.INCLUDE).build();
            assertThat(ids(all)).containsExactly(s);
            assertThat(ids(criteria().forkedFrom(s).archived(ArchivedFilter.INCLUDE).build())).isEmpty();
            assertThat(ids(criteria().ticket(TicketRef.of("gh", "7")).archived(ArchivedFilter.INCLUDE).build()))
                    .isEmpty();
            assertThat(ids(criteria().statuses(SessionStatus.WAITING).archived(ArchivedFilter.INCLUDE).build()))
                    .isEmpty();
            assertThat(repository.delete(WS, f)).isFalse();
        }

        @Test
        void equalStartTimesAreOrderedByUnsignedId() {
            UUID low = new UUID(0x0000_0000_0000_7000L, 1);
            UUID high = new UUID(0x8000_0000_0000_7000L, 1);
            repository.create(session(low, "coder", T0), List.of(), List.of());
            repository.create(session(high, "coder", T0), List.of(), List.of());

            assertThat(ids(criteria().sort(SortOrder.OLDEST_FIRST).build())).containsExactly(low, high);
            assertThat(ids(criteria().build())).containsExactly(high, low);
            assertThat(ids(criteria().after(new Keyset(T0, high)).build())).containsExactly(low);
        }

        @Test
        void timeWindowAndCursorBoundTheScan() {
            List<UUID> byMinute = IntStream.range(0, 10)
                    .mapToObj(i -> newSession("coder", T0.plus(Duration.ofMinutes(i)))).collect(Collectors.toList());

            SessionCriteria window = criteria().window(T0.plus(Duration.ofMinutes(2)), T0.plus(Duration.ofMinutes(5)))
                    .sort(SortOrder.OLDEST_FIRST).build();
            assertThat(ids(window)).containsExactlyElementsOf(byMinute.subList(2, 5));
            assertThat(repository.count(WS, window)).isEqualTo(3);

            SessionCriteria newestPage = criteria().window(T0.plus(Duration.ofMinutes(2)), null)
                    .after(new Keyset(T0.plus(Duration.ofMinutes(7)), byMinute.get(7))).limit(2).build();
            assertThat(ids(newestPage)).containsExactly(byMinute.get(6), byMinute.get(5));

            SessionCriteria emptyWindow = criteria().window(T0.plus(Duration.ofMinutes(5)),
                    T0.plus(Duration.ofMinutes(5))).build();
            assertThat(ids(emptyWindow)).isEmpty();
            SessionCriteria cursorBeforeWindow = criteria().window(T0.plus(Duration.ofMinutes(5)), null)
                    .after(new Keyset(T0, byMinute.get(0))).build();
            assertThat(ids(cursorBeforeWindow)).isEmpty();
        }

        @Test
        void pagingThroughMergedIndexesReturnsEverySessionOnce() {
            List<UUID> expected = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                UUID id = newSession(i % 2 == 0 ? "coder" : "reviewer", T0.plusSeconds(i));
                SessionStatus status = SessionStatus.values()[i % 3];
                if (status != SessionStatus.RUNNING) {
                    update(id, status, null, null);
                }
                expected.add(0, id);
            }
            Fixtures.Criteria c = criteria().agents("coder", "reviewer")
                    .statuses(SessionStatus.RUNNING, SessionStatus.WAITING, SessionStatus.COMPLETED).limit(7);

            List<UUID> seen = new ArrayList<>();
            Keyset after = null;
            while (true) {
                List<SessionSummary> page = repository.query(WS, c.after(after).build());
                if (page.isEmpty()) {
                    break;
                }
                page.forEach(s -> seen.add(s.id()));
                after = positionOf(page.get(page.size() - 1));
            }
            assertThat(seen).containsExactlyElementsOf(expected);
        }

        @Test
        void randomisedQueriesMatchAFullScan() {
            Random random = new Random(42);
            String[] agents = {"coder", "reviewer", "planner"};
            TicketRef[] tickets = {null, TicketRef.of("jira", "A-1"), TicketRef.of("jira", "A-2")};
            List<UUID> all = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                UUID id = UUID.randomUUID();
                Instant startedAt = T0.plusSeconds(random.nextInt(120));
                UUID source = all.isEmpty() || random.nextInt(5) > 0 ? null : all.get(random.nextInt(all.size()));
                if (source != null && repository.find(WS, source).isPresent()) {
                    id = fork(source, "m1", 1);
                } else {
                    repository.create(session(id, WS, agents[random.nextInt(3)],
                            SessionKind.values()[random.nextInt(2)], startedAt, tickets[random.nextInt(3)]),
                            drafts("m1"), List.of());
                }
                all.add(id);
                for (int changes = random.nextInt(3); changes > 0; changes--) {
                    update(id, SessionStatus.values()[random.nextInt(5)], tickets[random.nextInt(3)],
                            random.nextBoolean() ? T0 : null);
                }
                if (random.nextInt(20) == 0) {
                    repository.delete(WS, all.get(random.nextInt(all.size())));
                }
            }
            List<SessionSummary> stored = all.stream().distinct().map(id -> repository.find(WS, id))
                    .flatMap(java.util.Optional::stream).map(Session::summary).collect(Collectors.toList());

            int nonEmpty = 0;
            for (int q = 0; q < 300; q++) {
                Fixtures.Criteria c = criteria().limit(1 + random.nextInt(20))
                        .sort(SortOrder.values()[random.nextInt(2)])
                        .archived(ArchivedFilter.values()[random.nextInt(3)]);
                if (random.nextBoolean()) {
                    c.agents(random.nextBoolean() ? new String[] {agents[random.nextInt(3)]} : agents);
                }
                if (random.nextBoolean()) {
                    c.statuses(SessionStatus.values()[random.nextInt(5)], SessionStatus.values()[random.nextInt(5)]);
                }
                if (random.nextInt(4) == 0) {
                    c.ticket(tickets[1 + random.nextInt(2)]);
                }
                if (random.nextInt(4) == 0) {
                    c.kind(SessionKind.values()[random.nextInt(2)]);
                }
                if (random.nextInt(6) == 0) {
                    c.forkedFrom(all.get(random.nextInt(all.size())));
                }
                if (random.nextBoolean()) {
                    c.window(T0.plusSeconds(random.nextInt(60)), random.nextBoolean() ? null
                            : T0.plusSeconds(60 + random.nextInt(60)));
                }
                nonEmpty += assertPagesMatchFullScan(c, stored) > 0 ? 1 : 0;
            }
            assertThat(nonEmpty).as("queries with results").isGreaterThan(100);
        }

        private int assertPagesMatchFullScan(Fixtures.Criteria c, List<SessionSummary> stored) {
            SessionCriteria first = c.after(null).build();
            Comparator<SessionSummary> order = (x, y) -> Keyset.compare(x.startedAt(), x.id(), y.startedAt(),
                    y.id());
            List<UUID> expected = stored.stream().filter(first::matches)
                    .sorted(first.sort() == SortOrder.NEWEST_FIRST ? order.reversed() : order)
                    .map(SessionSummary::id).collect(Collectors.toList());

            assertThat(repository.count(WS, first)).as("count of %s", first).isEqualTo(expected.size());
            List<UUID> paged = new ArrayList<>();
            Keyset after = null;
            for (int guard = 0; guard <= expected.size(); guard++) {
                List<SessionSummary> page = repository.query(WS, c.after(after).build());
                assertThat(page.size()).isLessThanOrEqualTo(first.limit());
                if (page.isEmpty()) {
                    break;
                }
                page.forEach(s -> paged.add(s.id()));
                after = positionOf(page.get(page.size() - 1));
            }
            assertThat(paged).as("pages of %s", first).containsExactlyElementsOf(expected);
            return expected.size();
        }
    }

    @Nested
    @DisplayName("Concurrency")
    class Concurrency {
        private final ExecutorService pool = Executors.newFixedThreadPool(8);

        @AfterEach
        void stopPool() throws InterruptedException {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }

        private void runConcurrently(int tasks, IntConsumerTask task) throws Exception {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < tasks; t++) {
                int n = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    task.run(n);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        }

        @Test
        void concurrentAppendsToOneSessionGiveGaplessSeqs() throws Exception {
            UUID s = newSession("coder", T0);
            int threads = 8;
            int perThread = 250;

            runConcurrently(threads, t -> {
                for (int i = 0; i < perThread; i++) {
                    List<MessageDraft> batch = i % 5 == 0
                            ? drafts("t" + t + "-" + i, "t" + t + "-" + i + "b") : drafts("t" + t + "-" + i);
                    repository.append(WS, s, Set.of(), batch, List.of(event(ActivityType.TOOL_EXECUTED, T0)));
                }
            });

            int expectedMessages = threads * (perThread + perThread / 5);
            List<Message> messages = repository.messages(WS, s, 1, Integer.MAX_VALUE);
            assertThat(messages).extracting(Message::seq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, expectedMessages).boxed()
                            .collect(Collectors.toList()));
            assertThat(messages.stream().map(Message::id).collect(Collectors.toSet())).hasSize(expectedMessages);
            assertThat(repository.activity(WS, s, 0, Integer.MAX_VALUE)).extracting(ActivityEvent::seq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 1 + threads * perThread).boxed()
                            .collect(Collectors.toList()));
            assertThat(summary(s).messageCount()).isEqualTo(expectedMessages);
        }

        @Test
        void concurrentRetriesOfOneMessageStoreItOnce() throws Exception {
            UUID s = newSession("coder", T0);

            runConcurrently(8, t -> {
                for (int i = 0; i < 100; i++) {
                    repository.append(WS, s, Set.of(), drafts("m" + i), List.of());
                }
            });

            assertThat(transcriptIds(s)).containsExactlyElementsOf(
                    IntStream.range(0, 100).mapToObj(i -> "m" + i).collect(Collectors.toList()));
        }

        @Test
        void racingUpdatesHaveExactlyOneWinner() throws Exception {
            UUID s = newSession("coder", T0);
            List<Boolean> wins = java.util.Collections.synchronizedList(new ArrayList<>());

            runConcurrently(8, t -> wins.add(repository.update(WS, s, 1,
                    state(SessionStatus.values()[1 + t % 4], null, null), drafts("u" + t), List.of())
                    instanceof UpdateResult.Updated));

            assertThat(wins).containsOnlyOnce(true);
            assertThat(summary(s).version()).isEqualTo(2);
            assertThat(summary(s).messageCount()).isEqualTo(1);
        }

        @Test
        void forksTakenWhileTheSourceGrowsSeeExactlyTheirPrefix() throws Exception {
            UUID s = newSession("coder", T0, "m1");
            List<UUID> forks = java.util.Collections.synchronizedList(new ArrayList<>());

            runConcurrently(4, t -> {
                for (int i = 0; i < 100; i++) {
                    if (t == 0) {
                        repository.append(WS, s, Set.of(), drafts("m" + (i + 2)), List.of());
                    } else {
                        List<Message> tail = repository.messages(WS, s, summary(s).messageCount(), 1);
                        Message at = tail.get(0);
                        forks.add(fork(s, at.id(), at.seq(), "f" + t + "-" + i));
                    }
                }
            });

            List<String> source = transcriptIds(s);
            for (UUID f : forks) {
                SessionSummary fork = summary(f);
                int k = (int) fork.forkedFrom().messageSeq();
                List<String> expected = new ArrayList<>(source.subList(0, k));
                expected.add(repository.messages(WS, f, k + 1, 1).get(0).id());
                assertThat(transcriptIds(f)).containsExactlyElementsOf(expected);
                assertThat(fork.messageCount()).isEqualTo(k + 1);
            }
            assertThat(repository.activity(WS, s, 0, Integer.MAX_VALUE)).hasSize(1 + forks.size());
        }

        @Test
        void concurrentStatusChangesLeaveIndexesExact() throws Exception {
            List<UUID> sessions = IntStream.range(0, 64).mapToObj(i -> newSession("a" + i % 4, T0.plusSeconds(i)))
                    .collect(Collectors.toList());

            runConcurrently(8, t -> {
                Random random = new Random(t);
                for (int i = 0; i < 200; i++) {
                    UUID id = sessions.get(random.nextInt(sessions.size()));
                    SessionSummary current = summary(id);
                    repository.update(WS, id, current.version(),
                            state(SessionStatus.values()[random.nextInt(5)], null, null), List.of(), List.of());
                }
            });

            Set<UUID> seen = new HashSet<>();
            for (SessionStatus status : SessionStatus.values()) {
                for (String agent : List.of("a0", "a1", "a2", "a3")) {
                    List<SessionSummary> page = repository.query(WS,
                            criteria().agents(agent).statuses(status).limit(100).build());
                    for (SessionSummary s : page) {
                        assertThat(summary(s.id()).status()).isEqualTo(status);
                        assertThat(seen.add(s.id())).isTrue();
                    }
                }
            }
            assertThat(seen).hasSize(sessions.size());
        }
    }

    @FunctionalInterface
    private interface IntConsumerTask {
        void run(int n) throws Exception;
    }
}
