package dev.agentruns.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.zaxxer.hikari.HikariDataSource;

import dev.agentruns.ActivityEvent;
import dev.agentruns.AgentRuns;
import dev.agentruns.Message;
import dev.agentruns.NewMessage;
import dev.agentruns.Page;
import dev.agentruns.Role;
import dev.agentruns.Session;
import dev.agentruns.SessionQuery;
import dev.agentruns.SessionStatus;
import dev.agentruns.SessionSummary;
import dev.agentruns.StartSession;
import dev.agentruns.TimeWindow;
import dev.agentruns.WaitReason;
import dev.agentruns.Workspace;
import dev.agentruns.jdbc.JdbcSessionRepository;
import dev.agentruns.spi.Keyset;
import dev.agentruns.spi.SessionRepository;

/**
 * The list data set is valid for agentruns: what the generator wrote (through the SPI in memory,
 * with JDBC batches on SQLite and H2) reads back through the public API as the generator describes
 * it, takes writes, and on the databases holds exactly the rows agentruns itself writes for the same
 * sessions.
 */
class ListDataTest {
    private static final int N = 10_000;

    @TempDir
    static Path dir;
    private static String previousDir;

    @BeforeAll
    static void useTempDir() {
        previousDir = System.getProperty("agentruns.bench.dir");
        System.setProperty("agentruns.bench.dir", dir.toString());
    }

    @AfterAll
    static void restore() {
        if (previousDir == null) {
            System.clearProperty("agentruns.bench.dir");
        } else {
            System.setProperty("agentruns.bench.dir", previousDir);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "sqlite", "h2"})
    void dataSetReadsBackThroughTheApi(String store) {
        HikariDataSource pool = null;
        SessionRepository repository;
        if (store.equals("memory")) {
            repository = ListDataSets.inMemory(N);
        } else {
            ListDataSets.Cached data = ListDataSets.cached(Database.ofKey(store), N);
            assertThat(ListDataSets.cached(Database.ofKey(store), N).reused()).as("second call reuses the set").isTrue();
            pool = data.open(2);
            repository = JdbcSessionRepository.builder().dataSource(pool).tablePrefix(data.prefix()).build();
        }
        try {
            check(ListData.workspace(repository));
        } finally {
            repository.close();
            if (pool != null) {
                pool.close();
            }
        }
    }

    private static void check(Workspace ws) {
        List<ListData.Spec> specs = new ArrayList<>(N);
        ListData.generate(N, specs::add);
        long expected = ListData.expectedMatches(N);
        assertThat(expected).isBetween(1_000L, 2_000L);

        // The benchmark's query: count, and every page by cursor.
        SessionQuery query = ListData.query();
        assertThat(ws.count(query)).isEqualTo(expected);
        Set<UUID> listed = new HashSet<>();
        Instant lastAt = null;
        UUID lastId = null;
        String cursor = null;
        int pages = 0;
        do {
            Page<SessionSummary> page = ws.list(query.withCursor(cursor));
            pages++;
            for (SessionSummary s : page.items()) {
                assertThat(s.agent().id()).isEqualTo(ListData.FILTER_AGENT);
                assertThat(s.status()).isEqualTo(SessionStatus.COMPLETED);
                assertThat(s.startedAt()).isBetween(ListData.MONTH_START, ListData.NOW);
                if (lastAt != null) {
                    assertThat(Keyset.compare(s.startedAt(), s.id(), lastAt, lastId)).isNegative();
                }
                lastAt = s.startedAt();
                lastId = s.id();
                listed.add(s.id());
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(listed).hasSize((int) expected);
        assertThat(pages).isEqualTo((int) ((expected + ListData.PAGE - 1) / ListData.PAGE));
        Set<UUID> matching = new HashSet<>();
        specs.stream().filter(ListData::matches).forEach(s -> matching.add(s.id()));
        assertThat(listed).isEqualTo(matching);

        // Counts by status over all time, and this month.
        Map<SessionStatus, Long> byStatus = new EnumMap<>(SessionStatus.class);
        specs.forEach(s -> byStatus.merge(s.status(), 1L, Long::sum));
        for (SessionStatus status : SessionStatus.values()) {
            assertThat(ws.count(SessionQuery.builder().statuses(status).build())).as(status.name())
                    .isEqualTo(byStatus.getOrDefault(status, 0L));
        }
        assertThat(ws.count(SessionQuery.all())).isEqualTo(N);
        long thisMonth = specs.stream().filter(s -> !s.startedAt().isBefore(ListData.MONTH_START)).count();
        assertThat(ws.count(SessionQuery.builder().window(TimeWindow.THIS_MONTH).build())).isEqualTo(thisMonth);

        // Single sessions of every status: get, messages, activity.
        for (SessionStatus status : SessionStatus.values()) {
            ListData.Spec spec = specs.stream().filter(s -> s.status() == status).skip(7).findFirst().orElseThrow();
            Session session = ws.get(spec.id());
            SessionSummary s = session.summary();
            assertThat(s.agent()).isEqualTo(spec.agent());
            assertThat(s.title()).isEqualTo(spec.prompt());
            assertThat(s.status()).isEqualTo(status);
            assertThat(s.startedAt()).isEqualTo(spec.startedAt());
            assertThat(s.statusChangedAt()).isEqualTo(spec.changedAt());
            assertThat(s.endedAt()).isEqualTo(status.isTerminal() ? spec.changedAt() : null);
            assertThat(s.waitReason()).isEqualTo(status == SessionStatus.WAITING ? WaitReason.INPUT : null);
            assertThat(s.messageCount()).isEqualTo(1);
            assertThat(s.lastActivityAt()).isEqualTo(spec.changedAt());
            assertThat(s.version()).isEqualTo(status == SessionStatus.RUNNING ? 1 : 2);
            List<Message> messages = ws.messages(spec.id());
            assertThat(messages).hasSize(1);
            assertThat(messages.get(0).id()).isEqualTo(spec.messageId());
            assertThat(messages.get(0).role()).isEqualTo(Role.USER);
            assertThat(messages.get(0).text()).isEqualTo(spec.prompt());
            assertThat(messages.get(0).createdAt()).isEqualTo(spec.startedAt());
            List<ActivityEvent> activity = ws.activity(spec.id());
            assertThat(activity).hasSize(spec.eventCount());
            assertThat(activity.get(0).type().name()).isEqualTo("SESSION_STARTED");
            assertThat(activity.get(0).details().path("agentId").asText()).isEqualTo(spec.agent().id());
        }

        // The rows take writes: append to a running session, fork a finished one.
        ListData.Spec running = specs.stream().filter(s -> s.status() == SessionStatus.RUNNING).findFirst().orElseThrow();
        ws.append(running.id(), NewMessage.assistant("on it"));
        assertThat(ws.messages(running.id())).extracting(Message::seq).containsExactly(1L, 2L);
        ListData.Spec done = specs.stream().filter(s -> s.status() == SessionStatus.COMPLETED).findFirst().orElseThrow();
        Session fork = ws.fork(done.id(), done.messageId(), NewMessage.user("again"));
        assertThat(ws.messages(fork.id())).extracting(Message::text).containsExactly(done.prompt(), "again");
    }

    /**
     * On SQLite and H2 the generator's rows are, column by column (ids aside), the rows agentruns
     * writes when the same sessions are started and moved to their status through the API.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2"})
    void generatedRowsAreTheRowsAgentRunsWrites(String store) throws SQLException {
        Database database = Database.ofKey(store);
        String url = database.freshUrl("");
        List<ListData.Spec> specs = new ArrayList<>();
        ListData.generate(200, specs::add);
        List<ListData.Spec> chosen = new ArrayList<>();
        for (SessionStatus status : SessionStatus.values()) {
            chosen.add(specs.stream().filter(s -> s.status() == status).findFirst().orElseThrow());
        }
        Set<Integer> indexes = new HashSet<>();
        chosen.forEach(s -> indexes.add(s.index()));
        ListDataSets.generate(database, url, "gen_", 200, s -> indexes.contains(s.index()));

        try (HikariDataSource pool = Pools.open(database, url, 2);
             JdbcSessionRepository api = JdbcSessionRepository.builder().dataSource(pool).tablePrefix("api_").build()) {
            MutableClock clock = new MutableClock();
            Workspace ws = AgentRuns.builder(api).clock(clock).zone(ListData.ZONE).build().workspace(ListData.WORKSPACE);
            Map<UUID, UUID> apiIdOf = new LinkedHashMap<>();
            for (ListData.Spec s : chosen) {
                clock.now = s.startedAt();
                UUID id = ws.start(StartSession.of(s.agent(), s.prompt())).id();
                clock.now = s.changedAt();
                switch (s.status()) {
                    case RUNNING -> { }
                    case WAITING -> ws.waitFor(id, WaitReason.INPUT);
                    case COMPLETED -> ws.complete(id);
                    case FAILED -> ws.fail(id, ListData.FAILURE);
                    case CANCELLED -> ws.cancel(id);
                }
                apiIdOf.put(s.id(), id);
            }
            try (Connection c = pool.getConnection()) {
                for (ListData.Spec s : chosen) {
                    UUID apiId = apiIdOf.get(s.id());
                    assertThat(rows(c, "gen_", "sessions", "id", s.id()))
                            .as(s.status() + " session row").isEqualTo(rows(c, "api_", "sessions", "id", apiId));
                    assertThat(rows(c, "gen_", "messages", "session_id", s.id()))
                            .as(s.status() + " message rows").isEqualTo(rows(c, "api_", "messages", "session_id", apiId));
                    assertThat(rows(c, "gen_", "activity", "session_id", s.id()))
                            .as(s.status() + " activity rows").isEqualTo(rows(c, "api_", "activity", "session_id", apiId));
                    if (database == Database.H2) {
                        assertThat(rows(c, "gen_", "session_counters", "session_id", s.id()))
                                .as(s.status() + " counters row")
                                .isEqualTo(rows(c, "api_", "session_counters", "session_id", apiId));
                    }
                }
            }
        }
    }

    /** The rows of a table for one session, as text, without the columns that hold ids. */
    private static List<Map<String, String>> rows(Connection c, String prefix, String table, String key, UUID id)
            throws SQLException {
        Set<String> ids = Set.of("id", "session_id", "message_id", "event_id");
        List<Map<String, String>> out = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM " + prefix + table + " WHERE " + key + " = '" + id + "'"
                     + (table.equals("messages") || table.equals("activity") ? " ORDER BY seq" : ""))) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    String column = md.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT);
                    if (!ids.contains(column)) {
                        row.put(column, rs.getString(i));
                    }
                }
                out.add(row);
            }
        }
        assertThat(out).as(prefix + table + " rows of " + id).isNotEmpty();
        return out;
    }

    private static final class MutableClock extends Clock {
        Instant now = ListData.NOW;

        @Override
        public ZoneId getZone() {
            return ListData.ZONE;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
