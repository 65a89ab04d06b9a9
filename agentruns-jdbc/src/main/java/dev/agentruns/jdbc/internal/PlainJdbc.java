package dev.agentruns.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/**
 * Runs the statements of every append (and SQLite's BEGIN, COMMIT and ROLLBACK) with plain JDBC on a
 * handle's connection, in the handle's transaction. JDBI's set-up of each statement (a copy of its
 * configuration, an argument factory looked up for every parameter) costs more than SQLite or H2 take
 * to run such a statement. Statements come
 * from the handle's {@link CachingStatementBuilder} where it has one. Parameters are what
 * {@link Statements#bind} takes. A failure is thrown as a {@link JdbiException} with the
 * {@link SQLException} as its cause, as JDBI throws it, so {@link Transactor} handles both alike.
 */
final class PlainJdbc {
    private PlainJdbc() {
    }

    /** An INSERT, UPDATE or DELETE; the number of rows it changed. */
    static int update(Handle h, String sql, List<Object> args) {
        return run(h, sql, st -> {
            bind(st, args);
            return st.executeUpdate();
        });
    }

    /** One statement run with each list of parameters, as one JDBC batch where there is more than one. */
    static void batch(Handle h, String sql, List<List<Object>> rows) {
        run(h, sql, st -> {
            if (rows.size() == 1) {
                bind(st, rows.get(0));
                return st.executeUpdate();
            }
            for (List<Object> row : rows) {
                bind(st, row);
                st.addBatch();
            }
            return st.executeBatch().length;
        });
    }

    /** The first {@code columns} columns of a query's first row as longs; empty when it yields no row. */
    static Optional<long[]> longs(Handle h, String sql, List<Object> args, int columns) {
        return run(h, sql, st -> {
            bind(st, args);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long[] values = new long[columns];
                for (int i = 0; i < columns; i++) {
                    values[i] = rs.getLong(i + 1);
                }
                return Optional.of(values);
            }
        });
    }

    /** The first column of every row of a query, as longs. */
    static List<Long> column(Handle h, String sql, List<Object> args) {
        return run(h, sql, st -> {
            bind(st, args);
            List<Long> values = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getLong(1));
                }
            }
            return values;
        });
    }

    private interface Work<T> {
        T run(PreparedStatement statement) throws SQLException;
    }

    private static <T> T run(Handle h, String sql, Work<T> work) {
        Connection connection = h.getConnection();
        CachingStatementBuilder cache = h.getStatementBuilder() instanceof CachingStatementBuilder c ? c : null;
        try {
            PreparedStatement statement = cache == null ? connection.prepareStatement(sql) : cache.prepare(connection, sql);
            T result;
            try {
                result = work.run(statement);
            } catch (SQLException | RuntimeException e) {
                try {
                    release(cache, connection, sql, statement);
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            release(cache, connection, sql, statement);
            return result;
        } catch (SQLException e) {
            throw new Failure(e);
        }
    }

    private static void release(CachingStatementBuilder cache, Connection connection, String sql,
                                PreparedStatement statement) throws SQLException {
        if (cache == null) {
            statement.close();
        } else {
            cache.close(connection, sql, statement);
        }
    }

    private static void bind(PreparedStatement statement, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Statements.argument(args.get(i)).apply(i + 1, statement, null);
        }
    }

    /** A failed statement, as JDBI reports one. */
    static final class Failure extends JdbiException {
        private static final long serialVersionUID = 1L;

        Failure(SQLException cause) {
            super(cause);
        }
    }
}
