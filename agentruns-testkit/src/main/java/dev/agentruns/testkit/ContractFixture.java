package dev.agentruns.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.agentruns.ActivityEvent;
import dev.agentruns.ActivityType;
import dev.agentruns.AgentRef;
import dev.agentruns.AgentRuns;
import dev.agentruns.ArchivedFilter;
import dev.agentruns.InvalidInputException;
import dev.agentruns.Message;
import dev.agentruns.NewMessage;
import dev.agentruns.Page;
import dev.agentruns.Session;
import dev.agentruns.SessionQuery;
import dev.agentruns.SessionSummary;
import dev.agentruns.SortOrder;
import dev.agentruns.StartSession;
import dev.agentruns.Workspace;
import dev.agentruns.spi.Keyset;
import dev.agentruns.spi.SessionRepository;
import java.io.UncheckedIOException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * What every capability group of the kit starts from: a fresh workspace (random id) over the
 * adapter's shared repository, a {@link MutableClock} standing at {@link #T0}, zone Europe/Berlin and
 * weeks from Monday; plus helpers. One instance per test, so tests of a group may run in parallel.
 */
@TestInstance(TestInstance.Lifecycle.PER_METHOD)
abstract class ContractFixture {
    /** Where every test's clock starts; microsecond precision, so nothing is lost when stored. */
    static final Instant T0 = Instant.parse("2026-03-10T09:15:30.123456Z");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    static final AgentRef AGENT = new AgentRef("agent-a", "Agent A", "🤖");
    static final AgentRef AGENT_B = new AgentRef("agent-b", "Agent B", null);
    static final AgentRef AGENT_C = new AgentRef("agent-c", "Agent C", "icons/c.svg");

    /** Parses JSON as the core does: floats as exact BigDecimals, so numbers compare exactly. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    /** Every session of a workspace, archived ones included, across pages. */
    static final SessionQuery EVERYTHING = SessionQuery.builder().archived(ArchivedFilter.INCLUDE)
            .limit(SessionQuery.MAX_LIMIT).build();

    SessionRepository repository;
    MutableClock clock;
    AgentRuns runs;
    Workspace ws;

    /** The repository under test, shared by every test of the class. */
    abstract SessionRepository repositoryUnderTest();

    @BeforeEach
    final void freshWorkspace() {
        repository = repositoryUnderTest();
        clock = new MutableClock(T0);
        runs = builder().build();
        ws = runs.workspace(newWorkspaceId());
    }

    /** A builder over the repository with this test's clock, zone Europe/Berlin and Monday weeks. */
    AgentRuns.Builder builder() {
        return AgentRuns.builder(repository).clock(clock).zone(BERLIN).weekStart(DayOfWeek.MONDAY);
    }

    static String newWorkspaceId() {
        return "ws-" + UUID.randomUUID();
    }

    /** Another fresh workspace over the same repository and clock. */
    Workspace otherWorkspace() {
        return runs.workspace(newWorkspaceId());
    }

    // ------------------------------------------------------------------ sessions

    Session start() {
        return ws.start(StartSession.of(AGENT, "Review PR #42"));
    }

    Session start(String prompt) {
        return ws.start(StartSession.of(AGENT, prompt));
    }

    Session start(AgentRef agent, String prompt) {
        return ws.start(StartSession.of(agent, prompt));
    }

    Session startAt(Instant at) {
        clock.set(at);
        return start();
    }

    Session startAt(String isoOffsetDateTime) {
        return startAt(OffsetDateTime.parse(isoOffsetDateTime).toInstant());
    }

    /** A completed session of workspace {@code w} with a small output. */
    Session completed(Workspace w) {
        Session s = w.start(StartSession.of(AGENT, "Summarise the build log"));
        w.append(s.id(), NewMessage.assistant("The build is green."));
        return w.complete(s.id(), json("{\"summary\":\"green\",\"failures\":0}"));
    }

    Session completed() {
        return completed(ws);
    }

    /**
     * A session whose transcript is the prompt (id {@code prefix + "1"}) and {@code n - 1} assistant
     * messages with ids {@code prefix + "2"} .. {@code prefix + n}.
     */
    Session withMessages(Workspace w, int n, String prefix) {
        Session s = w.start(StartSession.builder(AGENT, NewMessage.user("prompt " + prefix + "1").withId(prefix + "1"))
                .build());
        for (int i = 2; i <= n; i++) {
            clock.advanceSeconds(1);
            w.append(s.id(), NewMessage.assistant("reply " + prefix + i).withId(prefix + i));
        }
        return w.get(s.id());
    }

    Session withMessages(int n, String prefix) {
        return withMessages(ws, n, prefix);
    }

    // ------------------------------------------------------------------ reading

    List<ActivityType> types(UUID sessionId) {
        return types(ws, sessionId);
    }

    static List<ActivityType> types(Workspace w, UUID sessionId) {
        return w.activity(sessionId).stream().map(ActivityEvent::type).toList();
    }

    static List<ActivityEvent> eventsOf(Workspace w, UUID sessionId, ActivityType type) {
        return w.activity(sessionId).stream().filter(e -> e.type().equals(type)).toList();
    }

    static ActivityEvent lastEvent(Workspace w, UUID sessionId) {
        List<ActivityEvent> all = w.activity(sessionId);
        return all.get(all.size() - 1);
    }

    static List<String> texts(List<Message> messages) {
        return messages.stream().map(Message::text).toList();
    }

    static List<String> messageIds(List<Message> messages) {
        return messages.stream().map(Message::id).toList();
    }

    /** Every row of every page of {@code query}, checking each page's size and that paging advances. */
    static List<SessionSummary> listAll(Workspace w, SessionQuery query) {
        List<SessionSummary> all = new ArrayList<>();
        SessionQuery q = query;
        for (int pages = 1; ; pages++) {
            Page<SessionSummary> page = w.list(q);
            assertThat(page.items().size()).isLessThanOrEqualTo(q.limit());
            assertAdvances(all.isEmpty() ? null : all.get(all.size() - 1), page, q.sort());
            all.addAll(page.items());
            if (!page.hasNext()) {
                return all;
            }
            assertThat(page.items()).as("a page with a next cursor is full").hasSize(q.limit());
            assertThat(pages).as("paging did not end").isLessThan(MAX_PAGES);
            q = q.withCursor(page.nextCursor());
        }
    }

    /** More pages than any test ever lists: a cursor that does not advance fails instead of looping. */
    static final int MAX_PAGES = 2_000;

    /** Asserts that every row of {@code page} lies strictly after {@code previous} and its predecessor in sort order. */
    static void assertAdvances(SessionSummary previous, Page<SessionSummary> page, SortOrder sort) {
        SessionSummary prev = previous;
        for (SessionSummary row : page.items()) {
            if (prev != null) {
                int c = Keyset.compare(prev.startedAt(), prev.id(), row.startedAt(), row.id());
                assertThat(sort == SortOrder.OLDEST_FIRST ? c < 0 : c > 0)
                        .as("row %s comes strictly after row %s in %s order", row.id(), prev.id(), sort).isTrue();
            }
            prev = row;
        }
    }

    static List<UUID> listIds(Workspace w, SessionQuery query) {
        return listAll(w, query).stream().map(SessionSummary::id).toList();
    }

    /** The query lists exactly these sessions in this order (all pages), and counts as many. */
    static void assertQuery(Workspace w, SessionQuery query, Session... expected) {
        List<UUID> ids = new ArrayList<>();
        for (Session s : expected) {
            ids.add(s.id());
        }
        assertThat(listIds(w, query)).as("list(%s)", query).containsExactlyElementsOf(ids);
        assertThat(w.count(query)).as("count(%s)", query).isEqualTo(ids.size());
    }

    static SessionQuery.Builder query() {
        return SessionQuery.builder();
    }

    // ------------------------------------------------------------------ snapshots

    /** Everything stored for one session. */
    record Stored(Session session, List<Message> messages, List<ActivityEvent> activity) {
    }

    /** Everything stored in a workspace, by session id. */
    static Map<UUID, Stored> snapshot(Workspace w) {
        Map<UUID, Stored> all = new LinkedHashMap<>();
        for (SessionSummary row : listAll(w, EVERYTHING)) {
            all.put(row.id(), stored(w, row.id()));
        }
        return all;
    }

    static Stored stored(Workspace w, UUID id) {
        return new Stored(w.get(id), w.messages(id), w.activity(id));
    }

    /** Runs a call that must fail, asserting it left this test's workspace exactly as it was; returns what it threw. */
    Throwable rejected(ThrowingCallable call) {
        return rejectedIn(List.of(ws), call);
    }

    static Throwable rejectedIn(List<Workspace> workspaces, ThrowingCallable call) {
        List<Map<UUID, Stored>> before = workspaces.stream().map(ContractFixture::snapshot).toList();
        Throwable t = catchThrowable(call);
        assertThat(t).as("the call should have been rejected").isNotNull();
        List<Map<UUID, Stored>> after = workspaces.stream().map(ContractFixture::snapshot).toList();
        assertThat(after).as("store after the rejected call (%s)", t).isEqualTo(before);
        return t;
    }

    /** A rejected call that left the store unchanged and threw {@code type}. */
    <T extends Throwable> T rejected(Class<T> type, ThrowingCallable call) {
        Throwable t = rejected(call);
        assertThat(t).isInstanceOf(type);
        return type.cast(t);
    }

    /** A rejected call that left the store unchanged and threw an InvalidInputException naming {@code field}. */
    InvalidInputException rejectedInput(String field, ThrowingCallable call) {
        InvalidInputException e = rejected(InvalidInputException.class, call);
        assertThat(e.field()).as("field of: %s", e.getMessage()).isEqualTo(field);
        return e;
    }

    static <T extends Throwable> T thrown(Class<T> type, ThrowingCallable call) {
        Throwable t = catchThrowable(call);
        assertThat(t).as("expected %s", type.getSimpleName()).isInstanceOf(type);
        return type.cast(t);
    }

    /** The InvalidInputException of a call that builds or validates a value, naming {@code field}. */
    static InvalidInputException invalidInput(String field, ThrowingCallable call) {
        InvalidInputException e = thrown(InvalidInputException.class, call);
        assertThat(e.field()).as("field of: %s", e.getMessage()).isEqualTo(field);
        return e;
    }

    // ------------------------------------------------------------------ JSON

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A JSON value in the form it has after being written and read back, so that values built in
     * code (a long in an int's range, say) compare equal to what storage returns.
     */
    static JsonNode canonical(JsonNode node) {
        try {
            return JSON.readTree(JSON.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts two events are the same, comparing details as JSON values. */
    static void assertSameEvent(ActivityEvent actual, ActivityEvent expected) {
        assertThat(actual.id()).isEqualTo(expected.id());
        assertThat(actual.sessionId()).isEqualTo(expected.sessionId());
        assertThat(actual.seq()).isEqualTo(expected.seq());
        assertThat(actual.at()).isEqualTo(expected.at());
        assertThat(actual.type()).isEqualTo(expected.type());
        assertThat(actual.summary()).isEqualTo(expected.summary());
        assertThat(canonical(actual.details())).isEqualTo(canonical(expected.details()));
    }

    /** A summary with lastActivityAt cleared, for comparing sessions whose timeline grew. */
    static SessionSummary withoutLastActivity(SessionSummary s) {
        return new SessionSummary(s.id(), s.workspaceId(), s.kind(), s.agent(), s.title(), s.status(), s.waitReason(),
                s.startedAt(), s.statusChangedAt(), s.endedAt(), s.waitedTime(), s.ticket(), s.archivedAt(),
                s.forkedFrom(), s.messageCount(), null, s.usage(), s.outputStatus(), s.version());
    }

    /** A message without its sessionId, for comparing transcripts whose prefix is shared. */
    record MessageContent(String id, long seq, dev.agentruns.Role role, Instant createdAt,
                          List<dev.agentruns.ContentBlock> content, dev.agentruns.Usage usage) {
        static MessageContent of(Message m) {
            return new MessageContent(m.id(), m.seq(), m.role(), m.createdAt(), m.content(), m.usage());
        }
    }

    static List<MessageContent> contentOf(List<Message> messages) {
        return messages.stream().map(MessageContent::of).toList();
    }
}
