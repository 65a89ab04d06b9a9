package dev.agentruns.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.agentruns.AgentRef;
import dev.agentruns.AgentRuns;
import dev.agentruns.Message;
import dev.agentruns.NewMessage;
import dev.agentruns.Session;
import dev.agentruns.StartSession;
import dev.agentruns.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded SQLite default: file handling, pragmas, pool ownership, writers in two "processes". */
class SqliteEmbeddedTest {
    @TempDir
    Path dir;

    @Test
    void embeddedCreatesMissingFoldersAndUsesWalWithDurableSettings() throws Exception {
        Path file = dir.resolve("a/b/c/runs.db");
        try (JdbcSessionRepository repo = JdbcSessionRepository.embedded(file)) {
            assertThat(Files.exists(file)).isTrue();
            assertThat(repo.dialect()).isEqualTo(Dialect.SQLITE);
            assertThat(repo.tablePrefix()).isEqualTo(JdbcSessionRepository.DEFAULT_TABLE_PREFIX);
            repo.jdbi().useHandle(h -> {
                assertThat(h.createQuery("PRAGMA journal_mode").mapTo(String.class).one()).isEqualTo("wal");
                assertThat(h.createQuery("PRAGMA synchronous").mapTo(Integer.class).one()).isEqualTo(1);
                assertThat(h.createQuery("PRAGMA foreign_keys").mapTo(Integer.class).one()).isEqualTo(1);
                assertThat(h.createQuery("PRAGMA busy_timeout").mapTo(Integer.class).one()).isEqualTo(30_000);
            });
            Workspace ws = AgentRuns.builder(repo).build().workspace("w");
            Session s = ws.start(StartSession.of(AgentRef.of("a"), "persisted"));
            repo.close();
            try (JdbcSessionRepository again = JdbcSessionRepository.embedded(file)) {
                assertThat(AgentRuns.builder(again).build().workspace("w").messages(s.id()))
                        .extracting(Message::text).containsExactly("persisted");
            }
        }
    }

    @Test
    void aHostDataSourceIsUsedAndLeftOpen() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + dir.resolve("host.db"));
        config.addDataSourceProperty("journal_mode", "WAL");
        try (HikariDataSource host = new HikariDataSource(config)) {
            JdbcSessionRepository repo = JdbcSessionRepository.builder().dataSource(host).tablePrefix("host_").build();
            AgentRuns.builder(repo).build().workspace("w").start(StartSession.of(AgentRef.of("a"), "hi"));
            repo.close();
            assertThat(host.isClosed()).isFalse();
            try (Connection c = host.getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM host_sessions")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void twoRepositoriesOnOneFileAppendConcurrentlyWithoutGaps() throws Exception {
        Path file = dir.resolve("shared.db");
        int threadsPerRepository = 4;
        int appendsPerThread = 40;
        try (JdbcSessionRepository first = JdbcSessionRepository.embedded(file);
             JdbcSessionRepository second = JdbcSessionRepository.embedded(file)) {
            Workspace a = AgentRuns.builder(first).build().workspace("w");
            Workspace b = AgentRuns.builder(second).build().workspace("w");
            Session s = a.start(StartSession.of(AgentRef.of("a"), "start"));
            ExecutorService pool = Executors.newFixedThreadPool(2 * threadsPerRepository);
            try {
                List<Callable<Void>> tasks = new ArrayList<>();
                for (int t = 0; t < 2 * threadsPerRepository; t++) {
                    Workspace ws = t % 2 == 0 ? a : b;
                    String tag = "t" + t;
                    tasks.add(() -> {
                        for (int i = 0; i < appendsPerThread; i++) {
                            ws.append(s.id(), NewMessage.assistant(tag + "-" + i).withId(tag + "-" + i));
                        }
                        return null;
                    });
                }
                for (Future<Void> f : pool.invokeAll(tasks)) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            int expected = 1 + 2 * threadsPerRepository * appendsPerThread;
            List<Message> all = b.messages(s.id());
            assertThat(all).hasSize(expected);
            for (int i = 0; i < expected; i++) {
                assertThat(all.get(i).seq()).isEqualTo(i + 1);
            }
            assertThat(all).extracting(Message::id).doesNotHaveDuplicates();
            assertThat(a.get(s.id()).summary().messageCount()).isEqualTo(expected);
        }
    }

    @Test
    void aPooledConnectionLeftInATransactionIsRolledBackBeforeItsNextUse() {
        try (JdbcSessionRepository repo = JdbcSessionRepository.builder().embedded(dir.resolve("leftover.db"))
                .maximumPoolSize(1).build()) {
            Workspace ws = AgentRuns.builder(repo).build().workspace("w");
            Session session = ws.start(StartSession.of(AgentRef.of("a"), "hello"));
            // what a failed ROLLBACK leaves behind: the pool's only connection, back in the pool mid-transaction
            repo.jdbi().useHandle(h -> {
                h.execute("BEGIN IMMEDIATE");
                h.execute("UPDATE " + repo.tablePrefix() + "sessions SET title = 'uncommitted'");
            });

            assertThat(ws.get(session.id()).summary().title()).isEqualTo("hello");
            repo.jdbi().useHandle(h -> {
                h.execute("BEGIN IMMEDIATE");
                h.execute("UPDATE " + repo.tablePrefix() + "sessions SET title = 'uncommitted'");
            });
            Message appended = ws.append(session.id(), NewMessage.assistant("still works"));

            assertThat(appended.seq()).isEqualTo(2);
            assertThat(ws.get(session.id()).summary().title()).isEqualTo("hello");
            assertThat(ws.messages(session.id())).extracting(Message::seq).containsExactly(1L, 2L);
        }
    }

    @Test
    void invalidTablePrefixesAreRejected() {
        for (String bad : List.of("", "Upper", "1abc", "a-b", "a;drop table x", "abcdefghijklmnopqrstuv")) {
            assertThatThrownBy(() -> JdbcSessionRepository.builder().tablePrefix(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tablePrefix");
        }
        assertThat(JdbcSessionRepository.builder().tablePrefix("abcdefghijklmnopqrstu")).isNotNull();
    }

    @Test
    void anUnsupportedDatabaseIsNamed() {
        assertThatThrownBy(() -> Dialect.detect("Oracle", "19c"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'Oracle'");
        assertThat(Dialect.detect("MySQL", "10.11.6-MariaDB")).isEqualTo(Dialect.MARIADB);
        assertThat(Dialect.detect("MySQL", "8.0.36")).isEqualTo(Dialect.MYSQL);
        assertThat(Dialect.detect("PostgreSQL", "15.2")).isEqualTo(Dialect.POSTGRESQL);
    }

    @Test
    void buildingWithoutAConnectionSourceFails() {
        assertThatThrownBy(() -> JdbcSessionRepository.builder().build()).isInstanceOf(IllegalStateException.class);
    }
}
