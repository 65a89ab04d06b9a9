package dev.agentruns.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentruns.AgentRef;
import dev.agentruns.AgentRuns;
import dev.agentruns.ContentBlock;
import dev.agentruns.IllegalSessionStateException;
import dev.agentruns.Message;
import dev.agentruns.NewActivity;
import dev.agentruns.NewMessage;
import dev.agentruns.Role;
import dev.agentruns.Session;
import dev.agentruns.SessionQuery;
import dev.agentruns.SessionStatus;
import dev.agentruns.StartSession;
import dev.agentruns.TicketRef;
import dev.agentruns.Usage;
import dev.agentruns.Workspace;
import dev.agentruns.internal.Json;
import dev.agentruns.jdbc.internal.Migrator;
import dev.agentruns.jdbc.internal.Statements;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the JDBC adapter must do on every dialect beyond the storage contract: migrations, table
 * prefixes, schema-version refusal and byte-exact payloads. One subclass per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractJdbcRepositoryTest {
    private final List<String> prefixes = new ArrayList<>();
    protected String url;
    protected JdbcSessionRepository repo;
    protected AgentRuns runs;

    protected abstract TestDatabase database();

    @BeforeAll
    void openRepository() {
        database().assumeAvailable();
        url = database().url();
        repo = open(newPrefix());
        runs = AgentRuns.builder(repo).build();
    }

    @AfterAll
    void dropEverything() throws Exception {
        if (repo != null) {
            repo.close();
        }
        for (String prefix : prefixes) {
            database().dropTables(url, prefix);
        }
    }

    protected String newPrefix() {
        String prefix = TestDatabase.uniquePrefix("j" + database().ordinal());
        prefixes.add(prefix);
        return prefix;
    }

    protected JdbcSessionRepository open(String prefix) {
        return database().open(url, prefix);
    }

    protected Workspace workspace() {
        return runs.workspace("ws-" + UUID.randomUUID());
    }

    @Test
    void migrationFromEmptyCreatesTheTablesAndRecordsEveryVersion() throws Exception {
        String prefix = newPrefix();
        try (JdbcSessionRepository r = open(prefix)) {
            assertThat(r.tablePrefix()).isEqualTo(prefix);
            assertThat(r.dialect()).isEqualTo(expectedDialect());
        }
        try (Connection c = database().connect(url); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT version, description, checksum FROM " + prefix
                    + "schema_version WHERE version > 0 ORDER BY version")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
                assertThat(rs.getString(2)).isEqualTo("create tables");
                for (int version = 2; version <= Migrator.latestVersion(expectedDialect()); version++) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(version);
                }
                assertThat(rs.next()).isFalse();
            }
            for (String table : List.of("sessions", "messages", "activity")) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + prefix + table)) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isZero();
                }
            }
        }
    }

    @Test
    void reopeningMigratesNothingAndKeepsTheData() throws Exception {
        String prefix = newPrefix();
        UUID id;
        try (JdbcSessionRepository r = open(prefix)) {
            id = AgentRuns.builder(r).build().workspace("w").start(StartSession.of(AgentRef.of("a"), "hello")).id();
        }
        try (JdbcSessionRepository r = open(prefix)) {
            assertThat(AgentRuns.builder(r).build().workspace("w").messages(id)).extracting(Message::text)
                    .containsExactly("hello");
        }
        assertThat(versionRows(prefix)).isEqualTo(Migrator.latestVersion(expectedDialect()));
    }

    @Test
    void repositoriesStartingTogetherMigrateOnce() throws Exception {
        String prefix = newPrefix();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<JdbcSessionRepository>> started = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                started.add(pool.submit(() -> open(prefix)));
            }
            for (Future<JdbcSessionRepository> f : started) {
                f.get().close();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(versionRows(prefix)).isEqualTo(Migrator.latestVersion(expectedDialect()));
    }

    @Test
    void aSchemaNewerThanTheLibraryIsRefusedNamingBothVersions() throws Exception {
        String prefix = newPrefix();
        open(prefix).close();
        execute("INSERT INTO " + prefix + "schema_version (version, description, checksum, installed_at)"
                + " VALUES (99, 'from the future', 0, 0)");
        assertThatThrownBy(() -> open(prefix))
                .isInstanceOf(SchemaMigrationException.class)
                .hasMessageContaining("version 99")
                .hasMessageContaining("version " + Migrator.latestVersion(expectedDialect()) + ",");
    }

    @Test
    void aChangedScriptChecksumIsRefused() throws Exception {
        String prefix = newPrefix();
        open(prefix).close();
        execute("UPDATE " + prefix + "schema_version SET checksum = checksum + 1 WHERE version = 1");
        assertThatThrownBy(() -> open(prefix))
                .isInstanceOf(SchemaMigrationException.class)
                .hasMessageContaining("V1__create_tables.sql")
                .hasMessageContaining("checksum");
    }

    @Test
    void withMigrationsOffNothingIsCreated() throws Exception {
        String prefix = newPrefix();
        JdbcSessionRepository.builder().url(url, database().user(), database().password()).tablePrefix(prefix)
                .migrate(false).build().close();
        try (Connection c = database().connect(url); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeQuery("SELECT COUNT(*) FROM " + prefix + "schema_version"))
                    .isInstanceOf(java.sql.SQLException.class);
        }
    }

    @Test
    void tablePrefixesKeepRepositoriesApart() {
        String other = newPrefix();
        try (JdbcSessionRepository second = open(other)) {
            Workspace a = runs.workspace("shared");
            Workspace b = AgentRuns.builder(second).build().workspace("shared");
            Session inA = a.start(StartSession.of(AgentRef.of("agent"), "only in a"));
            assertThat(b.find(inA.id())).isEmpty();
            assertThat(b.count(SessionQuery.all())).isZero();
        }
    }

    @Test
    void textWithNulAndAstralCharactersRoundTripsEverywhere() {
        String tricky = "nul\u0000 soh\u0001 emoji 😀👩‍👩‍👧 cjk 漢字 quote\" backslash\\ tab\t line\n end";
        Workspace ws = runs.workspace("ws-" + tricky + UUID.randomUUID());
        AgentRef agent = new AgentRef("agent-" + tricky, "Name " + tricky, "🤖" + tricky);
        TicketRef ticket = new TicketRef("sys" + tricky, "KEY-" + tricky, "title " + tricky, "https://x/" + tricky);
        JsonNode input = Json.parse("{\"s\":\"" + "nul\\u0000 😀" + "\",\"n\":1.50,\"big\":123456789012345678901234567890,"
                + "\"e\":1E+400,\"nested\":[{\"a\":null,\"b\":true}]}", "input");
        NewMessage prompt = NewMessage.of(Role.USER, ContentBlock.text(tricky),
                ContentBlock.thinking(tricky, "sig" + tricky), ContentBlock.toolUse("tu" + tricky, "tool", input),
                ContentBlock.toolResult("tu" + tricky, tricky, true)).withId("id-" + tricky)
                .withUsage(new Usage("model" + tricky, 1, 2, 3, 4));
        Session s = ws.start(StartSession.builder(agent, prompt).title("title " + tricky).ticket(ticket)
                .outputSchema("{\"type\":\"object\"}").build());
        ws.record(s.id(), new NewActivity(dev.agentruns.ActivityType.WARNING, "summary " + tricky, input));
        ws.complete(s.id(), Json.parse("{\"out\":\"" + "\\u0000 😀" + "\",\"n\":1.50}", "output"));

        Session read = ws.get(s.id());
        assertThat(read.summary().agent()).isEqualTo(agent);
        assertThat(read.summary().ticket()).isEqualTo(ticket);
        assertThat(read.summary().title()).isEqualTo("title " + tricky);
        assertThat(read.summary().workspaceId()).isEqualTo(ws.id());
        assertThat(read.output().value().get("out").asText()).isEqualTo("\u0000 😀");
        assertThat(read.output().value().get("n").decimalValue()).isEqualByComparingTo("1.50");
        assertThat(read.output().value().toString()).isEqualTo("{\"out\":\"\\u0000 😀\",\"n\":1.50}");
        Message m = ws.messages(s.id()).get(0);
        assertThat(m.id()).isEqualTo("id-" + tricky);
        assertThat(m.content()).isEqualTo(prompt.content());
        assertThat(m.usage()).isEqualTo(prompt.usage());
        assertThat(ws.activity(s.id())).anySatisfy(e -> {
            assertThat(e.summary()).isEqualTo("summary " + tricky);
            assertThat(e.details()).isEqualTo(input);
        });
        assertThat(ws.list(SessionQuery.builder().agents(agent.id()).ticket(ticket)
                .archived(dev.agentruns.ArchivedFilter.INCLUDE).build()).items())
                .extracting(r -> r.id()).containsExactly(s.id());
        Session fork = ws.fork(s.id(), "id-" + tricky, NewMessage.user("again"));
        assertThat(ws.append(fork.id(), prompt)).isEqualTo(m);
    }

    @Test
    void aTenMebibyteMessageRoundTripsByteExact() {
        long max = AgentRuns.DEFAULT_MAX_PAYLOAD_BYTES;
        String unit = "ascii \\ \" 😀 é 漢 \u0000\n";
        // The limit applies to the content's JSON text ([{"type":"text","text":"..."}], escapes included).
        long overhead = contentBytes("");
        long perUnit = contentBytes(unit + unit) - contentBytes(unit);
        String text = unit.repeat((int) ((max - overhead) / perUnit));
        assertThat(contentBytes(text)).isBetween(max - perUnit, max);
        Workspace ws = workspace();
        Session s = ws.start(StartSession.of(AgentRef.of("big"), "small prompt"));
        Message stored = ws.append(s.id(), NewMessage.assistant(text));
        Message read = ws.messages(s.id()).get(1);
        assertThat(read.seq()).isEqualTo(2);
        assertThat(read.text().length()).isEqualTo(text.length());
        assertThat(read.text().equals(text)).as("10 MiB text equal").isTrue();
        assertThat(read).isEqualTo(stored);
    }

    @Test
    void aForkStoresOnlyItsOwnMessagesAndReadsItsPrefixThroughItsSources() throws Exception {
        Workspace ws = workspace();
        Session a = ws.start(StartSession.of(AgentRef.of("f"), "a1"));
        for (int i = 2; i <= 50; i++) {
            ws.append(a.id(), NewMessage.assistant("a" + i).withId("a" + i));
        }
        Session b = ws.fork(a.id(), "a40", NewMessage.user("b41").withId("b41"));
        Session c = ws.fork(b.id(), "a30", NewMessage.user("c31").withId("c31"));
        Session d = ws.fork(c.id(), "c31", NewMessage.user("d32").withId("d32"));
        assertThat(storedRows(b.id())).isEqualTo(1);
        assertThat(storedRows(c.id())).isEqualTo(1);
        assertThat(storedRows(d.id())).isEqualTo(1);
        List<Message> dMessages = ws.messages(d.id());
        assertThat(dMessages).hasSize(32);
        assertThat(dMessages.get(0).sessionId()).isEqualTo(a.id());
        assertThat(dMessages.get(30).sessionId()).isEqualTo(c.id());
        assertThat(dMessages.get(31).sessionId()).isEqualTo(d.id());
        assertThat(ws.messages(d.id(), 29, 32)).extracting(Message::id).containsExactly("a29", "a30", "c31", "d32");
    }

    @Test
    void deletingSourcesCopiesOnlyWhatForksStillReadAndKeepsWhoWroteEachMessage() throws Exception {
        Workspace ws = workspace();
        Session a = ws.start(StartSession.of(AgentRef.of("f"), "a1"));
        for (int i = 2; i <= 10; i++) {
            ws.append(a.id(), NewMessage.assistant("a" + i).withId("a" + i));
        }
        Session b = ws.fork(a.id(), "a8", NewMessage.user("b9").withId("b9"));
        ws.append(b.id(), NewMessage.assistant("b10").withId("b10"));
        Session c = ws.fork(b.id(), "b10", NewMessage.user("c11").withId("c11"));
        Session e = ws.fork(b.id(), "a3", NewMessage.user("e4").withId("e4"));
        List<Message> cBefore = ws.messages(c.id());
        List<Message> eBefore = ws.messages(e.id());
        ws.cancel(b.id());

        ws.delete(b.id());

        assertThat(ws.messages(c.id())).isEqualTo(cBefore);
        assertThat(ws.messages(e.id())).isEqualTo(eBefore);
        assertThat(storedRows(c.id())).as("b9 and b10 copied into c").isEqualTo(3);
        assertThat(storedRows(e.id())).as("e reads a3 straight from a").isEqualTo(1);
        ws.cancel(a.id());
        ws.delete(a.id());
        assertThat(ws.messages(c.id())).isEqualTo(cBefore);
        assertThat(ws.messages(e.id())).isEqualTo(eBefore);
        assertThat(storedRows(c.id())).isEqualTo(11);
        assertThat(repo.findMessage(ws.id(), c.id(), "a2")).get().extracting(Message::sessionId).isEqualTo(a.id());
        assertThat(repo.findMessage(ws.id(), c.id(), "b9")).get().extracting(Message::sessionId).isEqualTo(b.id());
    }

    @Test
    void everyListQueryIsServedByAnIndex() {
        String prefix = newPrefix();
        try (JdbcSessionRepository r = open(prefix)) {
            QueryPlans.explainAll(r, QueryPlans.seed(r));
        }
    }

    @Test
    void readsOfAForkStayWholeWhileItsSourcesAreDeleted() throws Exception {
        Workspace ws = workspace();
        for (int round = 0; round < 8; round++) {
            Session a = ws.start(StartSession.of(AgentRef.of("f"), "a1"));
            for (int i = 2; i <= 6; i++) {
                ws.append(a.id(), NewMessage.assistant("a" + i).withId("a" + i));
            }
            Session b = ws.fork(a.id(), "a5", NewMessage.user("b6").withId("b6"));
            ws.append(b.id(), NewMessage.assistant("b7").withId("b7"));
            Session c = ws.fork(b.id(), "b7", NewMessage.user("c8").withId("c8"));
            Session d = ws.fork(c.id(), "c8", NewMessage.user("d9").withId("d9"));
            List<String> expected = ws.messages(d.id()).stream().map(Message::text).toList();
            ws.cancel(a.id());
            ws.cancel(b.id());
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<Integer> reader = pool.submit(() -> {
                    int reads = 0;
                    while (!done.get() || reads < 3) {
                        assertThat(ws.messages(d.id()).stream().map(Message::text).toList()).isEqualTo(expected);
                        assertThat(repo.findMessage(ws.id(), d.id(), "a2")).isPresent();
                        reads++;
                    }
                    return reads;
                });
                Future<Message> appender = pool.submit(() ->
                        ws.append(d.id(), NewMessage.assistant("again").withId("a3")));
                ws.delete(b.id());
                ws.delete(a.id());
                done.set(true);
                assertThat(reader.get()).isPositive();
                assertThat(appender.get().seq()).isEqualTo(3);
            } finally {
                pool.shutdown();
            }
            assertThat(ws.get(d.id()).summary().messageCount()).isEqualTo(9);
        }
    }

    @Test
    void timestampsKeepMicrosecondsAndInstantsBeforeTheEpoch() {
        for (Instant at : List.of(Instant.parse("2024-02-29T23:59:59.123456789Z"),
                Instant.parse("1969-12-31T23:59:59.000001Z"), Instant.parse("2262-04-11T23:47:16.854775Z"))) {
            AgentRuns fixed = AgentRuns.builder(repo).clock(Clock.fixed(at, ZoneOffset.UTC)).build();
            Workspace ws = fixed.workspace("ws-" + UUID.randomUUID());
            Session s = ws.start(StartSession.of(AgentRef.of("clock"), "tick"));
            Instant micros = at.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
            assertThat(ws.get(s.id()).summary().startedAt()).isEqualTo(micros);
            assertThat(ws.messages(s.id()).get(0).createdAt()).isEqualTo(micros);
            assertThat(ws.get(s.id()).summary().lastActivityAt()).isEqualTo(micros);
        }
    }

    @Test
    void concurrentAppendsToOneSessionStayGapless() throws Exception {
        Workspace ws = workspace();
        Session s = ws.start(StartSession.of(AgentRef.of("busy"), "go"));
        int threads = 4;
        int each = 25;
        inThreads(threads, thread -> {
            for (int i = 0; i < each; i++) {
                ws.append(s.id(), NewMessage.assistant("t" + thread + "-" + i).withId("t" + thread + "-" + i));
            }
        });
        List<Message> all = ws.messages(s.id());
        assertThat(all).hasSize(1 + threads * each);
        for (int i = 0; i < all.size(); i++) {
            assertThat(all.get(i).seq()).isEqualTo(i + 1);
        }
        assertThat(ws.get(s.id()).summary().messageCount()).isEqualTo(1 + threads * each);
    }

    @Test
    void appendsOfEverySizeTakeTheNextSeqsAndKeepTheCounters() throws Exception {
        Workspace ws = workspace();
        Session s = ws.start(StartSession.of(AgentRef.of("sizes"), "go"));
        List<String> expected = new ArrayList<>(List.of("go"));
        for (int size : new int[] {1, 3, 16, 17, 1}) {
            List<NewMessage> batch = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                String text = "m" + expected.size();
                expected.add(text);
                batch.add(NewMessage.assistant(text).withUsage(Usage.of("model", 2, 3)));
            }
            List<Message> stored = ws.append(s.id(), batch);
            for (int i = 0; i < size; i++) {
                assertThat(stored.get(i).seq()).isEqualTo(expected.size() - size + i + 1);
            }
        }
        int threads = 4;
        int each = 20;
        inThreads(threads, thread -> {
            for (int i = 0; i < each; i++) {
                ws.append(s.id(), NewMessage.assistant("concurrent").withUsage(Usage.of("model", 2, 3)));
            }
        });
        List<Message> all = ws.messages(s.id());
        int total = expected.size() + threads * each;
        assertThat(all).hasSize(total);
        for (int i = 0; i < total; i++) {
            assertThat(all.get(i).seq()).isEqualTo(i + 1);
            assertThat(all.get(i).text()).isEqualTo(i < expected.size() ? expected.get(i) : "concurrent");
        }
        Session after = ws.get(s.id());
        assertThat(after.summary().messageCount()).isEqualTo(total);
        assertThat(after.summary().usage().inputTokens()).isEqualTo(2L * (total - 1));
        assertThat(after.summary().usage().outputTokens()).isEqualTo(3L * (total - 1));
        assertThat(after.summary().lastActivityAt())
                .isEqualTo(all.stream().map(Message::createdAt).max(Instant::compareTo).orElseThrow());
        ws.complete(s.id());
        assertThatThrownBy(() -> ws.append(s.id(), NewMessage.assistant("late")))
                .isInstanceOf(IllegalSessionStateException.class);
        assertThat(ws.get(s.id()).summary().messageCount()).isEqualTo(total);
    }

    @Test
    void racingTransitionsHaveExactlyOneWinner() throws Exception {
        Workspace ws = workspace();
        for (int round = 0; round < 5; round++) {
            Session s = ws.start(StartSession.of(AgentRef.of("race"), "go"));
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<Boolean> a = pool.submit(() -> succeeds(() -> ws.complete(s.id())));
                Future<Boolean> b = pool.submit(() -> succeeds(() -> ws.fail(s.id(), "boom")));
                assertThat(a.get() ^ b.get()).isTrue();
            } finally {
                pool.shutdown();
            }
            assertThat(ws.get(s.id()).status()).isIn(SessionStatus.COMPLETED, SessionStatus.FAILED);
        }
    }

    private static long contentBytes(String text) {
        return dev.agentruns.internal.Payloads.utf8Length(
                dev.agentruns.spi.ContentCodec.write(List.of(ContentBlock.text(text))), "content");
    }

    private static boolean succeeds(Runnable r) {
        try {
            r.run();
            return true;
        } catch (dev.agentruns.AgentRunsException e) {
            return false;
        }
    }

    protected abstract Dialect expectedDialect();

    protected int versionRows(String prefix) throws Exception {
        try (Connection c = database().connect(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + prefix + "schema_version WHERE version > 0")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    protected long storedRows(UUID sessionId) {
        return repo.jdbi().withHandle(h -> Statements.bind(h.createQuery("SELECT COUNT(*) FROM "
                + repo.statements().messagesTable() + " WHERE session_id = ?"), repo.statements().id(sessionId))
                .mapTo(Long.class).one());
    }

    /** Runs {@code work} on {@code threads} threads at once, each given its number, and waits for all. */
    private static void inThreads(int threads, IntConsumer work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                tasks.add(() -> {
                    work.accept(thread);
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(tasks)) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    protected void execute(String sql) throws Exception {
        try (Connection c = database().connect(url); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
