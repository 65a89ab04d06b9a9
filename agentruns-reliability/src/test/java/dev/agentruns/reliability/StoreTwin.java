package dev.agentruns.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.agentruns.ActivityEvent;
import dev.agentruns.AgentRunsException;
import dev.agentruns.ContentBlock;
import dev.agentruns.ForkOrigin;
import dev.agentruns.Message;
import dev.agentruns.NewMessage;
import dev.agentruns.Output;
import dev.agentruns.Page;
import dev.agentruns.Role;
import dev.agentruns.Session;
import dev.agentruns.SessionNotFoundException;
import dev.agentruns.SessionQuery;
import dev.agentruns.SessionStatus;
import dev.agentruns.SessionSummary;
import dev.agentruns.Usage;
import dev.agentruns.Workspace;
import dev.agentruns.spi.ContentCodec;
import dev.agentruns.testkit.MutableClock;

/**
 * The state of one try of {@link StoreModelPropertyTest}: the same workspace on the oracle (in memory)
 * and on the store under test, driven by one clock. Applies each step to both, then compares outcomes and
 * observable state and checks the invariants on both. Not thread-safe.
 */
final class StoreTwin {
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Set<String> CLIENT_IDS = Set.of("m1", "m2", "m3");
    /** Reads JSON as the JDBC store does, so that 0.5 compares equal whether held as a double or a decimal. */
    private static final ObjectMapper CANONICAL_JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private final StoreModelPropertyTest.Figures figures;
    private final MutableClock clock;
    private final Side oracle;
    private final Side subject;

    StoreTwin(StoreModelPropertyTest.Figures figures, MutableClock clock, Workspace oracle, Workspace subject) {
        this.figures = figures;
        this.clock = clock;
        this.oracle = new Side("in-memory oracle", oracle);
        this.subject = new Side("store under test", subject);
    }

    /** One verb with its arguments, run on one side. */
    interface Step {
        String description();

        Object run(Side side);

        default String verb() {
            return description().split("[(\\[ ]", 2)[0];
        }

        static Step of(String description, Function<Side, Object> action) {
            return new Step() {
                @Override
                public String description() {
                    return description;
                }

                @Override
                public Object run(Side side) {
                    return action.apply(side);
                }
            };
        }

        /** A verb on an existing session, chosen by {@code pick} modulo the number created so far. */
        static Step on(String description, int pick, BiFunction<Side, UUID, Object> action) {
            return of(description + " on #" + pick, side -> side.ids.isEmpty()
                    ? "no session yet" : action.apply(side, side.ids.get(pick % side.ids.size())));
        }
    }

    void apply(Step step, long advanceMicros) {
        clock.advance(Duration.ofNanos(advanceMicros * 1000));
        Object expected = run(oracle, step);
        Object actual = run(subject, step);
        register(oracle, expected);
        register(subject, actual);
        Object expectedOutcome = oracle.normalize(expected);
        assertThat(subject.normalize(actual)).as("outcome of %s", step.description()).isEqualTo(expectedOutcome);
        figures.record(step.verb(), !(expected instanceof AgentRunsException));
        compareState(step);
    }

    private static Object run(Side side, Step step) {
        side.pendingForkPrefix = null;
        try {
            return step.run(side);
        } catch (AgentRunsException e) {
            return e;
        }
    }

    private static void register(Side side, Object result) {
        if (result instanceof Session s && !side.index.containsKey(s.id())) {
            side.index.put(s.id(), side.ids.size());
            side.ids.add(s.id());
            if (s.summary().forkedFrom() != null) {
                side.forkPrefixes.put(side.ids.size() - 1, side.pendingForkPrefix);
            }
        }
    }

    private void compareState(Step step) {
        assertThat(subject.ids).hasSameSizeAs(oracle.ids);
        List<Stored> expectedSessions = oracle.readAll();
        List<Stored> actualSessions = subject.readAll();
        for (int i = 0; i < expectedSessions.size(); i++) {
            Stored expected = expectedSessions.get(i);
            Stored actual = actualSessions.get(i);
            assertThat(actual.session().map(subject::normalize)).as("session #%d after %s", i, step.description())
                    .isEqualTo(expected.session().map(oracle::normalize));
            assertThat(subject.mask(actual.messages())).as("messages of #%d after %s", i, step.description())
                    .isEqualTo(oracle.mask(expected.messages()));
            assertThat(actual.activity().stream().map(subject::mask).toList())
                    .as("activity of #%d after %s", i, step.description())
                    .isEqualTo(expected.activity().stream().map(oracle::mask).toList());
        }
        oracle.checkInvariants(expectedSessions);
        subject.checkInvariants(actualSessions);
        List<SessionQuery> expectedQueries = StoreModelPropertyTest.queries(oracle.ids.isEmpty() ? null : oracle.ids.get(0));
        List<SessionQuery> actualQueries = StoreModelPropertyTest.queries(subject.ids.isEmpty() ? null : subject.ids.get(0));
        for (int q = 0; q < expectedQueries.size(); q++) {
            assertThat(subject.listAll(actualQueries.get(q))).as("list %s after %s", expectedQueries.get(q),
                    step.description()).isEqualTo(oracle.listAll(expectedQueries.get(q)));
            assertThat(subject.workspace.count(actualQueries.get(q))).as("count %s after %s", expectedQueries.get(q),
                    step.description()).isEqualTo(oracle.workspace.count(expectedQueries.get(q)));
        }
    }

    @Override
    public String toString() {
        return "StoreTwin[" + oracle.ids.size() + " sessions, clock " + clock.instant() + "]";
    }

    /** What one store holds for a session: empty when it was deleted. */
    record Stored(Optional<Session> session, List<Message> messages, List<ActivityEvent> activity) {
    }

    /** A message with ids masked: the session as its creation index, generated message ids as "generated". */
    record MaskedMessage(String id, int session, long seq, Role role, Instant createdAt, List<ContentBlock> content,
                         Usage usage) {
    }

    /** An event with ids masked, in its summary and details too. */
    record MaskedEvent(int session, long seq, Instant at, String type, String summary, String details) {
    }

    /** A session with ids masked. */
    record MaskedSession(SessionSummary summary, JsonNode outputSchema, Output output) {
    }

    /** One store's workspace and the ids it gave, in creation order. */
    static final class Side {
        private final String name;
        private final Workspace workspace;
        private final List<UUID> ids = new ArrayList<>();
        private final Map<UUID, Integer> index = new HashMap<>();
        private final Map<Integer, List<MaskedMessage>> forkPrefixes = new HashMap<>();
        private final Map<Integer, SessionStatus> ended = new HashMap<>();
        private List<MaskedMessage> pendingForkPrefix;

        Side(String name, Workspace workspace) {
            this.name = name;
            this.workspace = workspace;
        }

        Workspace workspace() {
            return workspace;
        }

        /** Forks at the message chosen by {@code at} modulo the transcript length, remembering the prefix. */
        Object fork(UUID sourceId, int at, NewMessage prompt) {
            List<Message> transcript;
            try {
                transcript = workspace.messages(sourceId);
            } catch (SessionNotFoundException e) {
                return workspace.fork(sourceId, "no-such-message", prompt);
            }
            Message m = transcript.get(at % transcript.size());
            pendingForkPrefix = mask(transcript.subList(0, (int) m.seq()));
            return workspace.fork(sourceId, m.id(), prompt);
        }

        /** Every page of the query, as session indexes, with each page's hasNext. */
        List<String> listAll(SessionQuery query) {
            List<String> rows = new ArrayList<>();
            SessionQuery q = query;
            while (true) {
                Page<SessionSummary> page = workspace.list(q);
                rows.add(page.items().stream().map(s -> "#" + indexOf(s.id())).toList() + (page.hasNext() ? "+" : ""));
                if (!page.hasNext()) {
                    return rows;
                }
                q = q.withCursor(page.nextCursor());
            }
        }

        /** Every session created so far, with transcript and timeline, in creation order. */
        List<Stored> readAll() {
            List<Stored> all = new ArrayList<>(ids.size());
            for (UUID id : ids) {
                Optional<Session> found = workspace.find(id);
                all.add(found.isEmpty() ? new Stored(found, List.of(), List.of())
                        : new Stored(found, workspace.messages(id), workspace.activity(id)));
            }
            return all;
        }

        void checkInvariants(List<Stored> stored) {
            for (int i = 0; i < stored.size(); i++) {
                Optional<Session> found = stored.get(i).session();
                if (found.isEmpty()) {
                    continue;
                }
                SessionSummary s = found.get().summary();
                SessionStatus endedAs = ended.get(i);
                if (endedAs != null) {
                    assertThat(s.status()).as("%s: #%d ended as %s and must stay so", name, i, endedAs)
                            .isEqualTo(endedAs);
                } else if (s.status().isTerminal()) {
                    ended.put(i, s.status());
                }
                List<Message> transcript = stored.get(i).messages();
                assertThat(transcript).as("%s: transcript of #%d", name, i).hasSize((int) s.messageCount());
                Set<String> messageIds = new HashSet<>();
                for (int seq = 1; seq <= transcript.size(); seq++) {
                    Message m = transcript.get(seq - 1);
                    assertThat(m.seq()).as("%s: #%d gapless seq", name, i).isEqualTo(seq);
                    assertThat(messageIds.add(m.id())).as("%s: #%d unique message id %s", name, i, m.id()).isTrue();
                }
                List<ActivityEvent> timeline = stored.get(i).activity();
                for (int seq = 1; seq <= timeline.size(); seq++) {
                    assertThat(timeline.get(seq - 1).seq()).as("%s: #%d gapless event seq", name, i).isEqualTo(seq);
                }
                List<MaskedMessage> prefix = forkPrefixes.get(i);
                if (prefix != null) {
                    ForkOrigin origin = s.forkedFrom();
                    assertThat(origin.messageSeq()).isEqualTo(prefix.size());
                    List<MaskedMessage> masked = mask(transcript);
                    assertThat(masked.subList(0, prefix.size())).as("%s: fork #%d keeps its prefix", name, i)
                            .isEqualTo(prefix);
                    assertThat(masked.get(prefix.size()).session()).as("%s: fork #%d's prompt is its own", name, i)
                            .isEqualTo(i);
                }
            }
        }

        Object normalize(Object result) {
            if (result instanceof Session s) {
                return normalize(s);
            }
            if (result instanceof Message m) {
                return mask(m);
            }
            if (result instanceof List<?> list) {
                return list.stream().map(this::normalize).toList();
            }
            if (result instanceof ActivityEvent e) {
                return mask(e);
            }
            if (result instanceof AgentRunsException e) {
                return e.getClass().getSimpleName() + ": " + maskText(e.getMessage());
            }
            return result;
        }

        MaskedSession normalize(Session session) {
            SessionSummary s = session.summary();
            ForkOrigin origin = s.forkedFrom() == null ? null : new ForkOrigin(maskedId(s.forkedFrom().sessionId()),
                    maskMessageId(s.forkedFrom().messageId()), s.forkedFrom().messageSeq());
            SessionSummary masked = new SessionSummary(maskedId(s.id()), s.workspaceId(), s.kind(), s.agent(), s.title(),
                    s.status(), s.waitReason(), s.startedAt(), s.statusChangedAt(), s.endedAt(), s.waitedTime(),
                    s.ticket(), s.archivedAt(), origin, s.messageCount(), s.lastActivityAt(), s.usage(),
                    s.outputStatus(), s.version());
            Output output = session.output() == null ? null
                    : new Output(canonical(session.output().value()), session.output().verdict());
            return new MaskedSession(masked, canonical(session.outputSchema()), output);
        }

        private List<MaskedMessage> mask(List<Message> messages) {
            return messages.stream().map(this::mask).toList();
        }

        private MaskedMessage mask(Message m) {
            return new MaskedMessage(maskMessageId(m.id()), indexOf(m.sessionId()), m.seq(), m.role(), m.createdAt(),
                    ContentCodec.read(ContentCodec.write(m.content())), m.usage());
        }

        private MaskedEvent mask(ActivityEvent e) {
            return new MaskedEvent(indexOf(e.sessionId()), e.seq(), e.at(), e.type().name(), maskText(e.summary()),
                    maskText(canonical(e.details()).toString()));
        }

        private static JsonNode canonical(JsonNode node) {
            try {
                return node == null ? null : CANONICAL_JSON.readTree(node.toString());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        private int indexOf(UUID id) {
            return index.getOrDefault(id, -1);
        }

        private UUID maskedId(UUID id) {
            return new UUID(0, indexOf(id));
        }

        private static String maskMessageId(String id) {
            return CLIENT_IDS.contains(id) ? id : "generated";
        }

        private String maskText(String text) {
            if (text == null) {
                return null;
            }
            Matcher m = UUID_TEXT.matcher(text);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                Integer i = index.get(UUID.fromString(m.group()));
                m.appendReplacement(sb, i == null ? "<uuid>" : "#" + i);
            }
            return m.appendTail(sb).toString();
        }
    }
}
