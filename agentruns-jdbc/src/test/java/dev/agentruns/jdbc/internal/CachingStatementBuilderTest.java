package dev.agentruns.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

class CachingStatementBuilderTest {
    @TempDir
    Path dir;

    private HikariDataSource pool;
    private Jdbi jdbi;
    private final List<Statement> executed = new ArrayList<>();

    @BeforeEach
    void open() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + dir.resolve("cache.db"));
        config.setMaximumPoolSize(1);
        pool = new HikariDataSource(config);
        jdbi = Jdbi.create(pool);
        jdbi.setStatementBuilderFactory(CachingStatementBuilder.factory());
        jdbi.useHandle(h -> h.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)"));
    }

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void reusesOnePreparedStatementAcrossHandlesWithFreshParameters() throws Exception {
        for (int k = 1; k <= 3; k++) {
            int key = k;
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO t (k, v) VALUES (?, ?)").bind(0, key).bind(1, "v" + key)
                    .addCustomizer(recorder()).execute());
        }
        for (int k = 1; k <= 3; k++) {
            int key = k;
            String v = jdbi.withHandle(h -> h.createQuery("SELECT v FROM t WHERE k = ?").bind(0, key)
                    .addCustomizer(recorder()).mapTo(String.class).one());
            assertThat(v).isEqualTo("v" + key);
        }

        assertThat(executed).hasSize(6);
        assertThat(executed.get(1)).isSameAs(executed.get(0));
        assertThat(executed.get(2)).isSameAs(executed.get(0));
        assertThat(executed.get(4)).isSameAs(executed.get(3)).isNotSameAs(executed.get(0));
        assertThat(executed.get(0).isClosed()).isFalse();
    }

    @Test
    void keepsAtMostItsLimitPerConnectionAndClosesWhatItDrops() throws Exception {
        int statements = CachingStatementBuilder.PER_CONNECTION + 5;
        for (int i = 0; i < statements; i++) {
            String sql = "SELECT " + i + " FROM t";
            jdbi.useHandle(h -> h.createQuery(sql).addCustomizer(recorder()).mapTo(Integer.class).list());
        }

        assertThat(executed.get(0).isClosed()).as("least recently used statement").isTrue();
        assertThat(executed.get(statements - 1).isClosed()).isFalse();
        long open = executed.stream().filter(s -> !isClosed(s)).count();
        assertThat(open).isEqualTo(CachingStatementBuilder.PER_CONNECTION);
    }

    @Test
    void preparesAgainOnANewConnection() throws Exception {
        jdbi.useHandle(h -> h.createQuery("SELECT count(*) FROM t").addCustomizer(recorder()).mapTo(Integer.class).one());
        pool.getHikariPoolMXBean().softEvictConnections();
        jdbi.useHandle(h -> h.createQuery("SELECT count(*) FROM t").addCustomizer(recorder()).mapTo(Integer.class).one());

        assertThat(executed.get(1)).isNotSameAs(executed.get(0));
        assertThat(executed.get(1).isClosed()).isFalse();
    }

    private StatementCustomizer recorder() {
        return new StatementCustomizer() {
            @Override
            public void beforeExecution(PreparedStatement stmt, StatementContext ctx) {
                executed.add(stmt);
            }
        };
    }

    private static boolean isClosed(Statement s) {
        try {
            return s.isClosed();
        } catch (java.sql.SQLException e) {
            return true;
        }
    }
}
