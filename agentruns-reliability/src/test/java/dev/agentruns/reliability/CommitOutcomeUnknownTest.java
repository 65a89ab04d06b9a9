package dev.agentruns.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.zaxxer.hikari.HikariDataSource;

import dev.agentruns.AgentRef;
import dev.agentruns.AgentRuns;
import dev.agentruns.Message;
import dev.agentruns.NewMessage;
import dev.agentruns.StartSession;
import dev.agentruns.StorageException;
import dev.agentruns.Workspace;
import dev.agentruns.jdbc.JdbcSessionRepository;

/**
 * The commit succeeds but the caller sees an exception (the connection dies on the way back): the
 * append was stored, and retrying it with the same client message ids returns the stored messages
 * and stores nothing twice. The wrapper fails the commit the store really uses: {@code Connection.commit()}
 * (H2, PostgreSQL, MariaDB, whose writes turn auto-commit off) or the {@code COMMIT} statement that
 * ends SQLite's {@code BEGIN IMMEDIATE} (SQLite connections stay in auto-commit mode).
 */
class CommitOutcomeUnknownTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Backend.class, names = {"SQLITE", "H2_FILE", "POSTGRESQL", "MARIADB"})
    void aFailureReleasingTheConnectionAfterTheCommitIsNotReportedAsAFailedWrite(Backend backend) throws Exception {
        backend.assumeAvailable();
        String url = backend.freshUrl();
        String prefix = Backend.uniquePrefix();
        try (HikariDataSource pool = FaultInjectionTest.pool(backend, url)) {
            FaultyDataSource faults = FaultyDataSource.over(pool);
            try (JdbcSessionRepository repository = backend.openJdbc(faults.dataSource(), prefix)) {
                Workspace ws = AgentRuns.builder(repository).build().workspace("released");
                UUID session = ws.start(StartSession.of(AgentRef.of("writer"), "start")).id();
                faults.resetCount();
                ws.append(session, NewMessage.assistant("counted"));
                long lastCall = faults.count();

                faults.failAt(lastCall, false);
                Message stored = ws.append(session, NewMessage.assistant("last call fails"));
                faults.clear();

                assertThat(faults.injected()).as("the fault was injected").isEqualTo(1);
                assertThat(stored.seq()).isEqualTo(3);
                assertThat(ws.messages(session)).extracting(Message::seq).containsExactly(1L, 2L, 3L);
            } finally {
                if (backend.isServer()) {
                    backend.dropTables(url, prefix);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Backend.class, names = {"SQLITE", "H2_FILE", "POSTGRESQL", "MARIADB"})
    void retryingAnAppendWhoseCommitOutcomeWasUnknownStoresNothingTwice(Backend backend) throws Exception {
        backend.assumeAvailable();
        String url = backend.freshUrl();
        String prefix = Backend.uniquePrefix();
        try (HikariDataSource pool = FaultInjectionTest.pool(backend, url)) {
            FaultyDataSource faults = FaultyDataSource.over(pool);
            try (JdbcSessionRepository repository = backend.openJdbc(faults.dataSource(), prefix)) {
                Workspace ws = AgentRuns.builder(repository).build().workspace("commit-unknown");
                UUID session = ws.start(StartSession.of(AgentRef.of("writer"), "start")).id();
                int rounds = Effort.rounds(20, 200);
                for (int i = 0; i < rounds; i++) {
                    NewMessage one = NewMessage.assistant("single " + i).withId("single-" + i);
                    List<NewMessage> batch = List.of(NewMessage.assistant("first of batch " + i).withId("batch-a-" + i),
                            NewMessage.assistant("second of batch " + i).withId("batch-b-" + i));
                    long before = ws.get(session).summary().messageCount();

                    faults.failAfterCommit();
                    assertThatThrownBy(() -> ws.append(session, one)).isInstanceOf(StorageException.class)
                            .hasRootCauseInstanceOf(FaultyDataSource.InjectedFault.class);
                    assertThat(ws.get(session).summary().messageCount()).as("the commit took effect")
                            .isEqualTo(before + 1);
                    Message retried = ws.append(session, one);
                    assertThat(retried.seq()).isEqualTo(before + 1);

                    faults.failAfterCommit();
                    assertThatThrownBy(() -> ws.append(session, batch)).isInstanceOf(StorageException.class)
                            .hasRootCauseInstanceOf(FaultyDataSource.InjectedFault.class);
                    List<Message> retriedBatch = ws.append(session, batch);
                    assertThat(retriedBatch).extracting(Message::seq).containsExactly(before + 2, before + 3);
                }
                List<Message> all = ws.messages(session);
                assertThat(all).hasSize(1 + 3 * rounds);
                assertThat(all).extracting(Message::id).doesNotHaveDuplicates();
                for (int i = 0; i < all.size(); i++) {
                    assertThat(all.get(i).seq()).isEqualTo(i + 1);
                }
                assertThat(ws.get(session).summary().messageCount()).isEqualTo(all.size());
                CrashFigures.record("commit-unknown %s: %d appends and %d batch appends failed after their commit,"
                                + " %d faults injected, all retried: %d messages stored, 0 twice", backend, rounds, rounds,
                        faults.injected(), all.size());
            } finally {
                if (backend.isServer()) {
                    backend.dropTables(url, prefix);
                }
            }
        }
    }
}
