package dev.agentruns.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.agentruns.AgentRef;
import dev.agentruns.AgentRuns;
import dev.agentruns.NewMessage;
import dev.agentruns.StartSession;
import dev.agentruns.Workspace;

/**
 * A host's connections may be wrapped (tracing, fault injection): the repository prepares every
 * statement through them, keeping none underneath, even on SQLite where its own pools keep them.
 */
class HostConnectionsUnwrappedTest {
    @TempDir
    Path dir;

    @Test
    void everyAppendPreparesItsStatementsThroughTheHostsConnection() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + dir.resolve("host.db"));
        config.addDataSourceProperty("journal_mode", "WAL");
        AtomicInteger prepared = new AtomicInteger();
        try (HikariDataSource pool = new HikariDataSource(config);
             JdbcSessionRepository repository = JdbcSessionRepository.builder()
                     .dataSource(countingPrepares(pool, prepared)).build()) {
            Workspace ws = AgentRuns.builder(repository).build().workspace("w");
            var session = ws.start(StartSession.of(new AgentRef("a", "A", null), "go"));
            ws.append(session.id(), NewMessage.assistant("one"));
            int afterFirst = prepared.get();
            ws.append(session.id(), NewMessage.assistant("two"));

            assertThat(prepared.get() - afterFirst).as("statements prepared through the host's connection")
                    .isGreaterThanOrEqualTo(3);
        }
    }

    private static DataSource countingPrepares(DataSource target, AtomicInteger prepared) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(target, method, args);
                    if (result instanceof Connection c) {
                        return countingConnection(c, prepared);
                    }
                    return result;
                });
    }

    private static Connection countingConnection(Connection target, AtomicInteger prepared) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement")) {
                        prepared.incrementAndGet();
                    }
                    return invoke(target, method, args);
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
