package dev.agentruns.reliability;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.agentruns.AgentRef;
import dev.agentruns.AgentRuns;
import dev.agentruns.ArchivedFilter;
import dev.agentruns.ContentBlock;
import dev.agentruns.NewActivity;
import dev.agentruns.NewMessage;
import dev.agentruns.Role;
import dev.agentruns.SessionKind;
import dev.agentruns.SessionStatus;
import dev.agentruns.SortOrder;
import dev.agentruns.StartSession;
import dev.agentruns.TicketRef;
import dev.agentruns.TimeWindow;
import dev.agentruns.Usage;
import dev.agentruns.WaitReason;
import dev.agentruns.SessionQuery;
import dev.agentruns.inmemory.InMemorySessionRepository;
import dev.agentruns.testkit.MutableClock;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * A stateful property test: random sequences of every verb (start, append, record, wait, continue,
 * complete, fail, cancel, fork, link, unlink, archive, unarchive, delete) run on a store and, as the
 * oracle, on an in-memory store, through two {@link AgentRuns} sharing one {@link MutableClock}. After
 * every step both must show the same outcome (the same value or the same typed error) and the same
 * observable state: every session, transcript and timeline, and the rows and counts of a set of list
 * queries paged three at a time. Ids differ between the stores, so sessions are compared by creation
 * order and generated message and event ids are masked. Invariants are checked on both: gapless message
 * and event seqs, terminal statuses absorbing, a fork's transcript its source's prefix at the fork then
 * its prompt. jqwik shrinks a failing sequence to a minimal one.
 *
 * <p>Each try runs in a fresh workspace of one store per backend. Tries and steps: {@link #QUICK_TRIES}
 * of up to {@link #QUICK_STEPS} steps by default, {@link #FULL_TRIES} of up to {@link #FULL_STEPS} under
 * {@code reliability-full}.
 */
@AddLifecycleHook(StoreModelPropertyTest.EffortTries.class)
class StoreModelPropertyTest {
    static final int QUICK_TRIES = 8;
    static final int QUICK_STEPS = 20;
    static final int FULL_TRIES = 40;
    static final int FULL_STEPS = 50;

    private static final Map<Backend, Backend.Store> STORES = new EnumMap<>(Backend.class);
    private static final Map<Backend, Figures> FIGURES = new EnumMap<>(Backend.class);

    private static final TicketRef PAY_1 = new TicketRef("jira", "PAY-1", "Retry payments", null);
    private static final TicketRef PAY_1_RETITLED = new TicketRef("jira", "PAY-1", "Retry card payments", null);
    private static final TicketRef GH_7 = new TicketRef("github", "acme/app#7", null, "https://example.org/7");
    private static final String SCHEMA = "{\"type\": \"object\", \"required\": [\"verdict\"],"
            + " \"properties\": {\"verdict\": {\"type\": \"string\"}, \"score\": {\"type\": \"number\"}}}";

    @Property(shrinking = ShrinkingMode.FULL)
    void inMemoryStoreMatchesTheModel(@ForAll("inMemoryChains") ActionChain<StoreTwin> chain) {
        chain.run();
    }

    @Property(shrinking = ShrinkingMode.FULL)
    void sqliteStoreMatchesTheModel(@ForAll("sqliteChains") ActionChain<StoreTwin> chain) {
        chain.run();
    }

    @Property(shrinking = ShrinkingMode.FULL)
    void h2FileStoreMatchesTheModel(@ForAll("h2FileChains") ActionChain<StoreTwin> chain) {
        chain.run();
    }

    @Property(shrinking = ShrinkingMode.FULL)
    void postgresqlStoreMatchesTheModel(@ForAll("postgresqlChains") ActionChain<StoreTwin> chain) {
        chain.run();
    }

    @Property(shrinking = ShrinkingMode.FULL)
    void mariadbStoreMatchesTheModel(@ForAll("mariadbChains") ActionChain<StoreTwin> chain) {
        chain.run();
    }

    @Provide
    Arbitrary<ActionChain<StoreTwin>> inMemoryChains() {
        return chains(Backend.IN_MEMORY);
    }

    @Provide
    Arbitrary<ActionChain<StoreTwin>> sqliteChains() {
        return chains(Backend.SQLITE);
    }

    @Provide
    Arbitrary<ActionChain<StoreTwin>> h2FileChains() {
        return chains(Backend.H2_FILE);
    }

    @Provide
    Arbitrary<ActionChain<StoreTwin>> postgresqlChains() {
        return chains(Backend.POSTGRESQL);
    }

    @Provide
    Arbitrary<ActionChain<StoreTwin>> mariadbChains() {
        return chains(Backend.MARIADB);
    }

    @AfterContainer
    static void closeStoresAndReport() throws Exception {
        for (Backend.Store store : STORES.values()) {
            store.close();
        }
        STORES.clear();
        FIGURES.forEach((backend, figures) -> System.out.printf("model %s: %s%n", backend, figures));
    }

    private static Arbitrary<ActionChain<StoreTwin>> chains(Backend backend) {
        return ActionChain.<StoreTwin>startWith(() -> newTwin(backend))
                .withAction(3, step(start()))
                .withAction(5, step(append()))
                .withAction(1, step(record()))
                .withAction(2, step(waitFor()))
                .withAction(2, step(resume()))
                .withAction(2, step(complete()))
                .withAction(1, step(fail()))
                .withAction(2, step(cancel()))
                .withAction(3, step(fork()))
                .withAction(1, step(link()))
                .withAction(1, step(unlink()))
                .withAction(2, step(archive()))
                .withAction(1, step(unarchive()))
                .withAction(3, step(delete()))
                .withMaxTransformations(Effort.full() ? FULL_STEPS : QUICK_STEPS);
    }

    private static synchronized StoreTwin newTwin(Backend backend) {
        Backend.Store store = STORES.computeIfAbsent(backend, Backend::open);
        Figures figures = FIGURES.computeIfAbsent(backend, b -> new Figures());
        figures.tries++;
        MutableClock clock = new MutableClock(Instant.parse("2026-03-09T07:30:00.000001Z"));
        String workspaceId = "model-" + UUID.randomUUID();
        return new StoreTwin(figures, clock,
                agentRuns(new InMemorySessionRepository(), clock).workspace(workspaceId),
                agentRuns(store.repository(), clock).workspace(workspaceId));
    }

    private static AgentRuns agentRuns(dev.agentruns.spi.SessionRepository repository, MutableClock clock) {
        return AgentRuns.builder(repository).clock(clock).zone(ZoneOffset.UTC).weekStart(DayOfWeek.MONDAY).build();
    }

    /** One action: a generated step, applied to both stores after the clock moves by its advance. */
    private static Action.Independent<StoreTwin> step(Arbitrary<StoreTwin.Step> steps) {
        Arbitrary<Long> advances = Arbitraries.oneOf(
                Arbitraries.longs().between(1, 90_000_000L),
                Arbitraries.just(Duration.ofHours(20).toNanos() / 1000));
        return () -> Combinators.combine(steps, advances)
                .as((s, micros) -> Transformer.mutate(s.description() + " after " + micros + "µs",
                        twin -> twin.apply(s, micros)));
    }

    // ------------------------------------------------------------------ the verbs

    private static Arbitrary<Integer> picks() {
        return Arbitraries.integers().between(0, 1000);
    }

    /** A client message id from a small set (so retries and collisions happen), or null for a generated one. */
    private static Arbitrary<String> clientIds() {
        return Arbitraries.of("m1", "m2", "m3").injectNull(0.6);
    }

    private static Arbitrary<NewMessage> messages() {
        Arbitrary<ContentBlock> blocks = Arbitraries.oneOf(
                Arbitraries.strings().alpha().numeric().withChars(' ', 'é', '\u0000').ofMaxLength(12)
                        .map(ContentBlock::text),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6).map(name -> ContentBlock.toolUse(
                        "toolu_" + name, name, JsonNodeFactory.instance.objectNode().put("n", name.length())
                                .put("half", 0.5))),
                Arbitraries.just(ContentBlock.thinking("hmm 🤔", "sig")),
                Arbitraries.just(ContentBlock.toolResult("toolu_x", "done", false)));
        return Combinators.combine(Arbitraries.of(Role.class), blocks.list().ofMinSize(1).ofMaxSize(2), clientIds(),
                        Arbitraries.integers().between(0, 2))
                .as((role, content, id, usage) -> {
                    NewMessage m = new NewMessage(id, role, content, null);
                    return usage == 0 ? m : m.withUsage(Usage.of("model-" + usage, 100L * usage, 7L * usage));
                });
    }

    private static Arbitrary<StoreTwin.Step> start() {
        return Combinators.combine(Arbitraries.of("a1", "a2"), Arbitraries.of(SessionKind.class),
                        Arbitraries.of(PAY_1, GH_7).injectNull(0.6), Arbitraries.of(true, false), messages())
                .as((agent, kind, ticket, schema, prompt) -> StoreTwin.Step.of(
                        "start(" + agent + ", " + kind + (ticket == null ? "" : ", " + ticket.key())
                                + (schema ? ", schema" : "") + ", " + prompt + ")",
                        side -> {
                            StartSession.Builder b = StartSession.builder(AgentRef.of(agent, agent.toUpperCase()), prompt)
                                    .kind(kind).ticket(ticket);
                            return side.workspace().start((schema ? b.outputSchema(SCHEMA) : b).build());
                        }));
    }

    private static Arbitrary<StoreTwin.Step> append() {
        return Combinators.combine(picks(), messages().list().ofMinSize(1).ofMaxSize(2))
                .as((pick, batch) -> StoreTwin.Step.on("append" + batch, pick, (side, id) -> batch.size() == 1
                        ? side.workspace().append(id, batch.get(0))
                        : side.workspace().append(id, batch)));
    }

    private static Arbitrary<StoreTwin.Step> record() {
        Arbitrary<NewActivity> activities = Arbitraries.of(
                NewActivity.toolExecuted("grep", Duration.ofMillis(640), true),
                NewActivity.permissionRequested("push"),
                NewActivity.warning("careful"),
                NewActivity.custom("ci.result", "CI green", JsonNodeFactory.instance.objectNode().put("ok", true)));
        return Combinators.combine(picks(), activities)
                .as((pick, activity) -> StoreTwin.Step.on("record(" + activity.type().name() + ")", pick,
                        (side, id) -> side.workspace().record(id, activity)));
    }

    private static Arbitrary<StoreTwin.Step> waitFor() {
        return Combinators.combine(picks(), Arbitraries.of(WaitReason.class))
                .as((pick, reason) -> StoreTwin.Step.on("wait(" + reason + ")", pick,
                        (side, id) -> side.workspace().waitFor(id, reason)));
    }

    private static Arbitrary<StoreTwin.Step> resume() {
        return Combinators.combine(picks(), messages().injectNull(0.4))
                .as((pick, message) -> StoreTwin.Step.on("continue(" + message + ")", pick,
                        (side, id) -> side.workspace().resume(id, message)));
    }

    private static Arbitrary<StoreTwin.Step> complete() {
        Arbitrary<String> outputs = Arbitraries.of(
                "{\"verdict\": \"approve\", \"score\": 0.75}", "{\"score\": 3}", "[1, \"two\"]").injectNull(0.3);
        return Combinators.combine(picks(), outputs)
                .as((pick, output) -> StoreTwin.Step.on("complete(" + output + ")", pick,
                        (side, id) -> side.workspace().complete(id, output)));
    }

    private static Arbitrary<StoreTwin.Step> fail() {
        return picks().map(pick -> StoreTwin.Step.on("fail", pick,
                (side, id) -> side.workspace().fail(id, "exit code 1")));
    }

    private static Arbitrary<StoreTwin.Step> cancel() {
        return Combinators.combine(picks(), Arbitraries.of("user stopped it").injectNull(0.5))
                .as((pick, reason) -> StoreTwin.Step.on("cancel(" + reason + ")", pick,
                        (side, id) -> side.workspace().cancel(id, reason)));
    }

    private static Arbitrary<StoreTwin.Step> fork() {
        return Combinators.combine(picks(), picks(), messages())
                .as((pick, at, prompt) -> StoreTwin.Step.on("fork(at pick " + at + ", " + prompt + ")", pick,
                        (side, id) -> side.fork(id, at, prompt)));
    }

    private static Arbitrary<StoreTwin.Step> link() {
        return Combinators.combine(picks(), Arbitraries.of(PAY_1, PAY_1_RETITLED, GH_7))
                .as((pick, ticket) -> StoreTwin.Step.on("link(" + ticket.key() + ", " + ticket.title() + ")", pick,
                        (side, id) -> side.workspace().linkTicket(id, ticket)));
    }

    private static Arbitrary<StoreTwin.Step> unlink() {
        return picks().map(pick -> StoreTwin.Step.on("unlink", pick, (side, id) -> side.workspace().unlinkTicket(id)));
    }

    private static Arbitrary<StoreTwin.Step> archive() {
        return Combinators.combine(picks(), Arbitraries.of(PAY_1, GH_7).injectNull(0.6))
                .as((pick, ticket) -> StoreTwin.Step.on("archive(" + (ticket == null ? "" : ticket.key()) + ")", pick,
                        (side, id) -> side.workspace().archive(id, ticket)));
    }

    private static Arbitrary<StoreTwin.Step> unarchive() {
        return picks().map(pick -> StoreTwin.Step.on("unarchive", pick, (side, id) -> side.workspace().unarchive(id)));
    }

    private static Arbitrary<StoreTwin.Step> delete() {
        return picks().map(pick -> StoreTwin.Step.on("delete", pick, (side, id) -> {
            side.workspace().delete(id);
            return "deleted";
        }));
    }

    /** The list queries compared after every step; {@code firstSession} is the side's id of session 0. */
    static List<SessionQuery> queries(UUID firstSession) {
        List<SessionQuery> queries = new ArrayList<>(List.of(
                SessionQuery.all(),
                SessionQuery.builder().archived(ArchivedFilter.INCLUDE).sort(SortOrder.OLDEST_FIRST).build(),
                SessionQuery.builder().archived(ArchivedFilter.ONLY).build(),
                SessionQuery.builder().statuses(SessionStatus.RUNNING, SessionStatus.WAITING).build(),
                SessionQuery.builder().statuses(SessionStatus.COMPLETED, SessionStatus.FAILED, SessionStatus.CANCELLED)
                        .archived(ArchivedFilter.INCLUDE).sort(SortOrder.OLDEST_FIRST).build(),
                SessionQuery.builder().agents("a1").kind(SessionKind.CHAT).build(),
                SessionQuery.forTicket(PAY_1),
                SessionQuery.builder().window(TimeWindow.TODAY).archived(ArchivedFilter.INCLUDE).build()));
        if (firstSession != null) {
            queries.add(SessionQuery.builder().forkedFrom(firstSession).archived(ArchivedFilter.INCLUDE).build());
        }
        return queries.stream().map(q -> q.withLimit(3)).toList();
    }

    /** Counts for the report: tries, steps, and per verb how often it succeeded or raised a typed error. */
    static final class Figures {
        int tries;
        int steps;
        final Map<String, int[]> outcomes = new TreeMap<>();

        void record(String verb, boolean succeeded) {
            steps++;
            outcomes.computeIfAbsent(verb, v -> new int[2])[succeeded ? 0 : 1]++;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(tries + " tries, " + steps + " steps; ok/typed error per verb:");
            outcomes.forEach((verb, n) -> sb.append(' ').append(verb).append(' ').append(n[0]).append('/').append(n[1]));
            return sb.toString();
        }
    }

    /** Sets each property's tries from {@link Effort}: few by default, many under {@code reliability-full}. */
    public static final class EffortTries implements AroundPropertyHook {
        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            context.attributes().setTries(Effort.rounds(QUICK_TRIES, FULL_TRIES));
            return property.execute();
        }

        @Override
        public PropagationMode propagateTo() {
            return PropagationMode.DIRECT_DESCENDANTS;
        }
    }
}
