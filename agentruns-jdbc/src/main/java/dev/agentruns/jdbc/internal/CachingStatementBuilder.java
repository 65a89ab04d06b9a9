package dev.agentruns.jdbc.internal;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilderFactory;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Keeps each physical connection's prepared statements open across handles, so an embedded database
 * (SQLite, H2), where preparing means parsing and planning in this JVM on every call, prepares each
 * statement text once per connection. Statements are prepared on the connection under the pool's
 * proxy (which would close them when the handle gives the connection back) and live until that
 * connection closes (the cache forgets a closed connection when it meets a new one); at most
 * {@value #PER_CONNECTION} per connection, least recently used first out. A connection is used by
 * one thread at a time, so its statements are too. Thread-safe.
 */
public final class CachingStatementBuilder implements StatementBuilder {
    static final int PER_CONNECTION = 64;

    private static final StatementBuilder DEFAULT = new DefaultStatementBuilder();

    private final Map<Connection, Map<String, PreparedStatement>> byConnection = new IdentityHashMap<>();

    /** A factory handing every handle the same builder, so the cache outlives handles. */
    public static StatementBuilderFactory factory() {
        CachingStatementBuilder builder = new CachingStatementBuilder();
        return connection -> builder;
    }

    @Override
    public Statement create(Connection conn, StatementContext ctx) throws SQLException {
        return DEFAULT.create(conn, ctx);
    }

    @Override
    public PreparedStatement create(Connection conn, String sql, StatementContext ctx) throws SQLException {
        if (ctx.isReturningGeneratedKeys() || ctx.isConcurrentUpdatable()) {
            return DEFAULT.create(conn, sql, ctx);
        }
        return prepare(conn, sql);
    }

    /**
     * The statement kept for {@code sql} on the physical connection under {@code conn}, prepared if
     * there is none yet; give it back with {@link #close(Connection, String, Statement)}.
     */
    PreparedStatement prepare(Connection conn, String sql) throws SQLException {
        Connection physical = conn.unwrap(Connection.class);
        Map<String, PreparedStatement> statements = statementsOf(physical);
        PreparedStatement cached = statements.remove(sql);
        if (cached != null) {
            try {
                cached.clearParameters();
                statements.put(sql, cached);
                return cached;
            } catch (SQLException unusable) {
                // The driver closed it (SQLite does after some failures): prepare it again.
                closeQuietly(cached);
            }
        }
        PreparedStatement prepared = physical.prepareStatement(sql);
        statements.put(sql, prepared);
        return prepared;
    }

    @Override
    public CallableStatement createCall(Connection conn, String sql, StatementContext ctx) throws SQLException {
        return DEFAULT.createCall(conn, sql, ctx);
    }

    @Override
    public void close(Connection conn, String sql, Statement stmt) throws SQLException {
        if (sql != null && !stmt.isClosed()) {
            Map<String, PreparedStatement> statements = cachedOf(conn.unwrap(Connection.class));
            if (statements != null && statements.get(sql) == stmt) {
                return;
            }
        }
        DEFAULT.close(conn, sql, stmt);
    }

    private synchronized Map<String, PreparedStatement> cachedOf(Connection physical) {
        return byConnection.get(physical);
    }

    private synchronized Map<String, PreparedStatement> statementsOf(Connection physical) throws SQLException {
        Map<String, PreparedStatement> statements = byConnection.get(physical);
        if (statements == null) {
            for (var it = byConnection.keySet().iterator(); it.hasNext(); ) {
                if (it.next().isClosed()) {
                    it.remove();
                }
            }
            statements = lru();
            byConnection.put(physical, statements);
        }
        return statements;
    }

    private static Map<String, PreparedStatement> lru() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                if (size() <= PER_CONNECTION) {
                    return false;
                }
                closeQuietly(eldest.getValue());
                return true;
            }
        };
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException ignored) {
            // the statement is dropped from the cache either way
        }
    }

    /** Statements cached for the physical connection under {@code conn}; for tests. */
    int cachedFor(Connection conn) throws SQLException {
        Map<String, PreparedStatement> statements = cachedOf(conn.unwrap(Connection.class));
        return statements == null ? 0 : statements.size();
    }
}
