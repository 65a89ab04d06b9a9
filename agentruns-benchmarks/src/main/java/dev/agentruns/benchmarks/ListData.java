package dev.agentruns.benchmarks;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Consumer;

import dev.agentruns.AgentRef;
import dev.agentruns.AgentRuns;
import dev.agentruns.SessionQuery;
import dev.agentruns.SessionStatus;
import dev.agentruns.TimeWindow;
import dev.agentruns.Workspace;
import dev.agentruns.jdbc.internal.Micros;
import dev.agentruns.spi.SessionRepository;

/**
 * The session list data set of scenario 4, the same for every store: {@code n} sessions of
 * {@value #AGENT_COUNT} agents, started over a year that ends at the fixed clock {@link #NOW}, each
 * with its one prompt message and the activity events agentruns writes for its status. Deterministic:
 * the same {@code n} always gives the same sessions (ids, times, texts), so a data set cached on
 * disk and one built in memory hold the same rows.
 *
 * <ul>
 *   <li>agent: one of {@value #AGENT_COUNT}, uniformly;</li>
 *   <li>status: 70% COMPLETED, 10% FAILED, 5% CANCELLED, 10% RUNNING, 5% WAITING;</li>
 *   <li>start: 80% uniformly in the current month of the clock (from its first day to an hour
 *       before {@link #NOW}), 20% uniformly over the 11 months before it; sessions are numbered in
 *       start order, as they would have been recorded;</li>
 *   <li>end (or wait): 10 s to 20 min after the start, never after {@link #NOW}.</li>
 * </ul>
 *
 * <p>The benchmark's filter, {@link #query()}, is agent {@value #FILTER_AGENT}, status COMPLETED,
 * this month, newest first, 50 a page: about 14% of the sessions.
 */
public final class ListData {
    /** The clock every list benchmark runs at. */
    public static final Instant NOW = Instant.parse("2025-06-20T12:00:00Z");
    /** The zone THIS_MONTH is computed in. */
    public static final ZoneId ZONE = ZoneOffset.UTC;
    /** The workspace every session is in. */
    public static final String WORKSPACE = "bench";
    /** Bumped whenever what the generator writes changes, so cached data sets are rebuilt. */
    public static final int GENERATOR_VERSION = 1;
    public static final int AGENT_COUNT = 4;
    public static final String FILTER_AGENT = "agent-1";
    public static final SessionStatus FILTER_STATUS = SessionStatus.COMPLETED;
    public static final int PAGE = 50;

    /** First instant of the clock's month, and of the next. */
    public static final Instant MONTH_START = Instant.parse("2025-06-01T00:00:00Z");
    public static final Instant MONTH_END = Instant.parse("2025-07-01T00:00:00Z");
    private static final Instant YEAR_START = Instant.parse("2024-07-01T00:00:00Z");

    static final List<AgentRef> AGENTS = List.of(new AgentRef("agent-1", "Code reviewer", null),
            new AgentRef("agent-2", "Test fixer", null), new AgentRef("agent-3", "Release planner", null),
            new AgentRef("agent-4", "Doc writer", null));
    static final String FAILURE = "Tool call timed out after 300 s";
    private static final String[] TASKS = {"Review the pull request", "Fix the flaky test", "Plan the release",
        "Update the API docs", "Bump the dependencies", "Triage the new issues"};

    private ListData() {
    }

    /** The fixed clock of the list benchmarks. */
    public static Clock clock() {
        return Clock.fixed(NOW, ZONE);
    }

    /** The workspace of {@code repository} as the list benchmarks see it: fixed clock, UTC. */
    public static Workspace workspace(SessionRepository repository) {
        return AgentRuns.builder(repository).clock(clock()).zone(ZONE).build().workspace(WORKSPACE);
    }

    /** The benchmark's query: agent {@value #FILTER_AGENT}, COMPLETED, this month, newest first, 50 a page. */
    public static SessionQuery query() {
        return SessionQuery.builder().agents(FILTER_AGENT).statuses(FILTER_STATUS).window(TimeWindow.THIS_MONTH)
                .limit(PAGE).build();
    }

    /** Whether a session matches {@link #query()}. */
    static boolean matches(Spec s) {
        return s.agent().id().equals(FILTER_AGENT) && s.status() == FILTER_STATUS
                && s.startedMicros() >= Micros.of(MONTH_START) && s.startedMicros() < Micros.of(MONTH_END);
    }

    /** One generated session. Times are microseconds since the epoch. */
    public record Spec(int index, UUID id, AgentRef agent, SessionStatus status, long startedMicros,
                       long changedMicros, String messageId, UUID[] eventIds, String prompt) {

        public Instant startedAt() {
            return Micros.toInstant(startedMicros);
        }

        public Instant changedAt() {
            return Micros.toInstant(changedMicros);
        }

        /** Number of activity events agentruns records for this session's history. */
        public int eventCount() {
            return switch (status) {
                case RUNNING -> 1;
                case FAILED -> 3;
                default -> 2;
            };
        }
    }

    /** Calls {@code out} with the {@code n} sessions, in start order. */
    public static void generate(int n, Consumer<Spec> out) {
        SplittableRandom random = new SplittableRandom(0x11575EEDL + n);
        long monthStart = Micros.of(MONTH_START);
        long lastStart = Micros.of(NOW) - 3_600_000_000L;
        long yearStart = Micros.of(YEAR_START);
        long[] starts = new long[n];
        for (int i = 0; i < n; i++) {
            starts[i] = random.nextInt(100) < 80 ? random.nextLong(monthStart, lastStart)
                    : random.nextLong(yearStart, monthStart);
        }
        Arrays.sort(starts);
        long now = Micros.of(NOW);
        for (int i = 0; i < n; i++) {
            long started = starts[i];
            AgentRef agent = AGENTS.get(random.nextInt(AGENT_COUNT));
            int p = random.nextInt(100);
            SessionStatus status = p < 70 ? SessionStatus.COMPLETED : p < 80 ? SessionStatus.FAILED
                    : p < 85 ? SessionStatus.CANCELLED : p < 95 ? SessionStatus.RUNNING : SessionStatus.WAITING;
            long changed = status == SessionStatus.RUNNING ? started
                    : Math.min(now, started + random.nextLong(10_000_000L, 1_200_000_000L));
            UUID id = uuid7(started / 1000, random);
            String messageId = uuid7(started / 1000, random).toString();
            UUID[] events = new UUID[3];
            events[0] = uuid7(started / 1000, random);
            events[1] = uuid7(changed / 1000, random);
            events[2] = uuid7(changed / 1000, random);
            String prompt = TASKS[random.nextInt(TASKS.length)] + " of service " + random.nextInt(500)
                    + " (request " + (i + 1) + ")";
            out.accept(new Spec(i, id, agent, status, started, changed, messageId, events, prompt));
        }
    }

    /** How many of the {@code n} sessions {@link #query()} matches. */
    public static long expectedMatches(int n) {
        long[] count = {0};
        generate(n, s -> {
            if (matches(s)) {
                count[0]++;
            }
        });
        return count[0];
    }

    /** An RFC 9562 version 7 UUID for {@code millis}, as agentruns makes them, with seeded random bits. */
    static UUID uuid7(long millis, SplittableRandom random) {
        long msb = (millis << 16) | 0x7000L | random.nextInt(0x1000);
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
