package dev.agentruns.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.agentruns.AgentRef;
import dev.agentruns.AgentRuns;
import dev.agentruns.ContentBlock;
import dev.agentruns.Message;
import dev.agentruns.NewActivity;
import dev.agentruns.NewMessage;
import dev.agentruns.PayloadTooLargeException;
import dev.agentruns.Role;
import dev.agentruns.Session;
import dev.agentruns.StartSession;
import dev.agentruns.Workspace;
import dev.agentruns.internal.Json;
import dev.agentruns.spi.ContentCodec;
import dev.agentruns.spi.SessionRepository;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.IntFunction;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Case 14: payloads of 64 KiB ± 1, 1 MiB and the configured maximum ± 1 byte, with the default
 * maximum (10 MiB) and a small configured one. At or below the maximum a message, an output and
 * activity details read back exactly; above it the call fails with {@link PayloadTooLargeException}
 * naming the field and the sizes, and neither the repository nor the database saw a single call
 * (counted by wrappers around the repository and around the DataSource the repository uses). The
 * pool has no connection left checked out and keeps working afterwards.
 */
class PayloadLadderTest {
    static final long KIB = 1024;
    static final long MIB = 1024 * KIB;
    static final long SMALL_MAX = 100_000;
    /** {@code [{"type":"text","text":""}]}: the JSON around a single text block's characters. */
    static final int TEXT_BLOCK_OVERHEAD = ContentCodec.write(List.of(ContentBlock.text(""))).length();
    static final AgentRef AGENT = AgentRef.of("agent");

    static List<Arguments> backendsAndLimits() {
        List<Arguments> out = new ArrayList<>();
        for (Backend backend : Backend.values()) {
            out.add(Arguments.of(backend, AgentRuns.DEFAULT_MAX_PAYLOAD_BYTES));
            out.add(Arguments.of(backend, SMALL_MAX));
        }
        return out;
    }

    @DisplayName("payload ladder: exact below the maximum, PayloadTooLargeException before any SQL above it")
    @ParameterizedTest(name = "{0}, maximum {1} bytes")
    @MethodSource("backendsAndLimits")
    void payloadsRoundTripUpToTheMaximumAndAreRejectedBeforeAnySqlAbove(Backend backend, long max) throws Exception {
        Counting counting = new Counting();
        HikariDataSource pool = null;
        Backend.Store store;
        SessionRepository repository;
        if (backend.isJdbc()) {
            backend.assumeAvailable();
            String url = backend.freshUrl();
            String prefix = Backend.uniquePrefix();
            pool = pool(backend, url);
            repository = backend.openJdbc(counting.dataSource(pool), prefix);
            store = new Backend.Store(backend, repository, url, prefix);
        } else {
            store = backend.open();
            repository = store.repository();
        }
        try (Rig rig = Rig.wrap(backend, store, counting.repository(repository), max)) {
            Workspace ws = rig.workspace("w-" + UUID.randomUUID());
            int accepted = 0;
            int rejected = 0;
            for (long size : ladder(max)) {
                if (size <= max) {
                    roundTripsExactly(ws, size, counting, backend);
                    accepted++;
                } else {
                    rejectedBeforeAnySql(ws, size, max, counting, backend);
                    rejected++;
                }
            }
            Session after = ws.start(StartSession.of(AGENT, "still healthy"));
            assertThat(ws.messages(after.id())).extracting(Message::text).containsExactly("still healthy");
            if (pool != null) {
                assertThat(pool.getHikariPoolMXBean().getActiveConnections()).as("connections still checked out")
                        .isZero();
            }
            System.out.printf("payload ladder on %s, maximum %d: %d sizes stored exactly, %d rejected before any SQL,"
                    + " %d statements run%n", backend, max, accepted, rejected, counting.statements.get());
        } finally {
            if (pool != null) {
                pool.close();
            }
        }
    }

    /** 64 KiB ± 1, 1 MiB and max ± 1, for message content; output and details at max and max + 1. */
    static TreeSet<Long> ladder(long max) {
        return new TreeSet<>(List.of(64 * KIB - 1, 64 * KIB, 64 * KIB + 1, MIB, max - 1, max, max + 1));
    }

    private static void roundTripsExactly(Workspace ws, long size, Counting counting, Backend backend) {
        long before = counting.statements.get();
        String text = "x".repeat((int) (size - TEXT_BLOCK_OVERHEAD));
        assertThat(utf8(ContentCodec.write(List.of(ContentBlock.text(text))))).isEqualTo(size);
        Session s = ws.start(StartSession.of(AGENT, "prompt"));
        Message appended = ws.append(s.id(), NewMessage.assistant(text));
        assertThat(ws.messages(s.id(), 2, 2)).singleElement().satisfies(m -> {
            assertThat(m.text()).as("message of %d bytes", size).isEqualTo(text);
            assertThat(m).isEqualTo(appended);
        });
        if (backend.isJdbc()) {
            assertThat(counting.statements.get()).as("the counter sees SQL").isGreaterThan(before);
        }
    }

    private static void rejectedBeforeAnySql(Workspace ws, long size, long max, Counting counting, Backend backend) {
        Session s = ws.start(StartSession.of(AGENT, "prompt"));
        int chars = (int) (size - TEXT_BLOCK_OVERHEAD);
        nothingReachesStorage(counting, () -> ws.append(s.id(), NewMessage.assistant("x".repeat(chars))),
                "message.content", size, max);
        nothingReachesStorage(counting, () -> ws.append(s.id(), NewMessage.of(Role.ASSISTANT,
                ContentBlock.toolUse("t1", "tool", Json.object().put("q", "x".repeat(chars))))),
                "message.content", -1, max);
        JsonNode output = TextNode.valueOf("x".repeat((int) (size - 2)));
        nothingReachesStorage(counting, () -> ws.complete(s.id(), output), "output", size, max);
        IntFunction<JsonNode> details = n -> Json.object().put("d", "x".repeat(n));
        int detailsOverhead = Json.write(details.apply(0)).length();
        nothingReachesStorage(counting, () -> ws.record(s.id(), NewActivity.custom("note", "big",
                details.apply((int) (size - detailsOverhead)))), "activity.details", size, max);
        JsonNode schema = Json.object().put("type", "object").put("description", "x".repeat((int) size));
        nothingReachesStorage(counting, () -> ws.start(StartSession.builder(AGENT, "prompt").outputSchema(schema)
                .build()), "outputSchema", -1, max);
        nothingReachesStorage(counting, () -> ws.start(StartSession.builder(AGENT,
                NewMessage.of(Role.USER, ContentBlock.text("x".repeat(chars)))).build()), "prompt.content", size, max);

        // The same session takes a payload of exactly the maximum afterwards.
        String exact = "x".repeat((int) (max - TEXT_BLOCK_OVERHEAD));
        ws.append(s.id(), NewMessage.assistant(exact));
        assertThat(ws.lastMessages(s.id(), 1)).singleElement().extracting(Message::text).isEqualTo(exact);
        JsonNode exactOutput = TextNode.valueOf("x".repeat((int) (max - 2)));
        ws.complete(s.id(), exactOutput);
        assertThat(ws.get(s.id()).output().value()).isEqualTo(exactOutput);
    }

    private static void nothingReachesStorage(Counting counting, ThrowingCallable call, String field, long size,
                                              long max) {
        long statements = counting.statements.get();
        long calls = counting.repositoryCalls.get();
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as(field).isExactlyInstanceOf(PayloadTooLargeException.class);
        PayloadTooLargeException e = (PayloadTooLargeException) thrown;
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.maxBytes()).isEqualTo(max);
        if (size > 0) {
            assertThat(e.sizeBytes()).isEqualTo(size);
        } else {
            assertThat(e.sizeBytes()).isGreaterThan(max);
        }
        assertThat(counting.statements.get()).as("SQL statements run for a rejected " + field).isEqualTo(statements);
        assertThat(counting.repositoryCalls.get()).as("repository calls for a rejected " + field).isEqualTo(calls);
    }

    /** A pool configured as the repository configures its own (the settings each database needs). */
    static HikariDataSource pool(Backend backend, String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(backend.user());
        config.setPassword(backend.password());
        config.setMaximumPoolSize(4);
        switch (backend) {
            case SQLITE -> {
                config.addDataSourceProperty("journal_mode", "WAL");
                config.addDataSourceProperty("synchronous", "NORMAL");
                config.addDataSourceProperty("busy_timeout", "30000");
                config.addDataSourceProperty("foreign_keys", "true");
            }
            case H2_FILE -> config.setConnectionInitSql("SET LOCK_TIMEOUT 10000");
            case MARIADB -> config.addDataSourceProperty("useServerPrepStmts", "true");
            default -> {
            }
        }
        return new HikariDataSource(config);
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
