package dev.agentruns.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentruns.AgentRuns;
import dev.agentruns.ContentBlock;
import dev.agentruns.IllegalSessionStateException;
import dev.agentruns.Message;
import dev.agentruns.NewMessage;
import dev.agentruns.Session;
import dev.agentruns.SessionStatus;
import dev.agentruns.Workspace;
import dev.agentruns.jdbc.Dialect;
import dev.agentruns.jdbc.JdbcSessionRepository;
import dev.agentruns.spi.ContentCodec;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** Sessions stored by schema version 1 on H2 keep their counters and status when V2 moves the counters. */
class H2SessionCountersMigrationTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String PREFIX = "agentruns_";

    @Test
    void version1SessionsKeepTheirCountersAndStatusAndGoOnAppending() {
        String url = "jdbc:h2:mem:counters-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Jdbi jdbi = Jdbi.create(url, "sa", "");
        try (Handle keepOpen = jdbi.open()) {
            new Migrator(jdbi, Statements.forDialect(Dialect.H2, PREFIX), 1).migrate();
            UUID completed = UUID.randomUUID();
            UUID running = UUID.randomUUID();
            insertVersion1Session(keepOpen, completed, SessionStatus.COMPLETED, 2);
            insertVersion1Session(keepOpen, running, SessionStatus.RUNNING, 1);

            try (JdbcSessionRepository repo = JdbcSessionRepository.builder().url(url, "sa", "").build()) {
                Workspace w = AgentRuns.builder(repo).build().workspace("w");
                Session done = w.get(completed);
                assertThat(done.status()).isEqualTo(SessionStatus.COMPLETED);
                assertThat(done.summary().messageCount()).isEqualTo(2);
                assertThat(done.summary().lastActivityAt()).isEqualTo(T0.plusSeconds(2));
                assertThat(done.summary().usage().inputTokens()).isEqualTo(20);
                assertThat(done.summary().usage().outputTokens()).isEqualTo(200);
                assertThat(w.messages(completed)).extracting(Message::text).containsExactly("message 1", "message 2");
                assertThatThrownBy(() -> w.append(completed, NewMessage.user("late")))
                        .isInstanceOf(IllegalSessionStateException.class);

                assertThat(w.append(running, NewMessage.user("next")).seq()).isEqualTo(2);
                assertThat(w.get(running).summary().messageCount()).isEqualTo(2);
                w.complete(running);
                assertThatThrownBy(() -> w.append(running, NewMessage.user("after completion")))
                        .isInstanceOf(IllegalSessionStateException.class);
                w.delete(completed);
                assertThat(w.find(completed)).isEmpty();
            }
            assertThat(keepOpen.createQuery("SELECT version FROM " + PREFIX + "schema_version WHERE version > 0"
                    + " ORDER BY version").mapTo(Integer.class).list()).containsExactly(1, 2);
            assertThat(keepOpen.createQuery("SELECT COUNT(*) FROM " + PREFIX + "session_counters")
                    .mapTo(Integer.class).one()).isEqualTo(1);
            assertThat(keepOpen.createQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = '"
                    + PREFIX.toUpperCase() + "SESSIONS' AND COLUMN_NAME = 'MESSAGE_COUNT'").mapTo(Integer.class).one())
                    .isZero();
        }
    }

    @Test
    void version2FinishesAfterAProcessStoppedBeforeItsLastStatement() throws Exception {
        String url = "jdbc:h2:mem:counters-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Jdbi jdbi = Jdbi.create(url, "sa", "");
        try (Handle keepOpen = jdbi.open()) {
            new Migrator(jdbi, Statements.forDialect(Dialect.H2, PREFIX), 1).migrate();
            UUID running = UUID.randomUUID();
            insertVersion1Session(keepOpen, running, SessionStatus.RUNNING, 3);
            String script;
            try (var in = Migrator.class.getResourceAsStream("/dev/agentruns/jdbc/h2/V2__session_counters_apart.sql")) {
                script = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).replace("${prefix}", PREFIX);
            }
            List<String> statements = Migrator.statements(script);
            keepOpen.execute(statements.get(0));
            keepOpen.execute(statements.get(1));

            try (JdbcSessionRepository repo = JdbcSessionRepository.builder().url(url, "sa", "").build()) {
                Workspace w = AgentRuns.builder(repo).build().workspace("w");
                assertThat(w.get(running).summary().messageCount()).isEqualTo(3);
                assertThat(w.append(running, NewMessage.user("next")).seq()).isEqualTo(4);
            }
            assertThat(keepOpen.createQuery("SELECT COUNT(*) FROM " + PREFIX + "session_counters")
                    .mapTo(Integer.class).one()).isEqualTo(1);
        }
    }

    /** A session row as version 1 stored it, counters in the row, with {@code messages} user messages. */
    private static void insertVersion1Session(Handle h, UUID id, SessionStatus status, int messages) {
        h.createUpdate("INSERT INTO " + PREFIX + "sessions (id, workspace_id, kind, agent_id, agent_name, agent_icon,"
                        + " title, status, wait_reason, started_at, status_changed_at, ended_at, waited_micros,"
                        + " ticket_system, ticket_key, ticket_title, ticket_url, archived_at, archived, fork_source_id,"
                        + " fork_message_id, fork_seq, base_session_id, base_seq, message_count, activity_count,"
                        + " last_activity_at, input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens,"
                        + " output_verdict, output_errors, output_json, output_schema, version)"
                        + " VALUES (?, 'w', 'AGENT_RUN', 'agent', 'Agent', NULL, 'title', ?, NULL, ?, ?, NULL, 0,"
                        + " NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL, 0, ?, 0, ?, ?, ?, 0, 0,"
                        + " NULL, NULL, NULL, NULL, 1)")
                .bind(0, id.toString()).bind(1, status.name()).bind(2, Micros.of(T0)).bind(3, Micros.of(T0))
                .bind(4, (long) messages).bind(5, Micros.of(T0.plusSeconds(messages)))
                .bind(6, 10L * messages).bind(7, 100L * messages).execute();
        for (int seq = 1; seq <= messages; seq++) {
            h.createUpdate("INSERT INTO " + PREFIX + "messages (session_id, seq, message_id, origin_session_id, role,"
                            + " created_at, content, usage_model, input_tokens, output_tokens, cache_read_tokens,"
                            + " cache_creation_tokens) VALUES (?, ?, ?, NULL, 'USER', ?, ?, 'model', 10, 100, 0, 0)")
                    .bind(0, id.toString()).bind(1, (long) seq).bind(2, "m" + seq)
                    .bind(3, Micros.of(T0.plusSeconds(seq)))
                    .bind(4, ContentCodec.write(List.of(ContentBlock.text("message " + seq)))).execute();
        }
    }
}
