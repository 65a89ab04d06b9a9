package dev.agentruns.jdbc.internal;

import dev.agentruns.jdbc.Dialect;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite: no row locks (a write transaction locks the database), so writes start with
 * {@code BEGIN IMMEDIATE}, which takes the write lock up front and waits for it under the busy
 * timeout instead of failing later when a read transaction tries to upgrade. DDL is transactional,
 * so a migration runs in one such transaction. Reads run in a deferred transaction, so a read of
 * several statements sees one snapshot.
 *
 * <p>Transactions are SQL statements here, invisible to the pool: a connection whose ROLLBACK failed
 * goes back to the pool still in its transaction, holding the write lock and showing its uncommitted
 * rows to whoever reads on it. Every transaction therefore starts by checking for such a leftover
 * (BEGIN fails inside a transaction) and rolls it back first. Immutable and thread-safe.
 */
final class SqliteStatements extends Statements {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteStatements.class);

    SqliteStatements(String prefix) {
        super(Dialect.SQLITE, prefix);
    }

    @Override
    protected String forUpdate() {
        return "";
    }

    @Override
    protected String greatest(String a, String b) {
        return "MAX(" + a + ", " + b + ")";
    }

    @Override
    public boolean readsInTransaction() {
        return true;
    }

    @Override
    public void beginRead(Handle h) {
        begin(h, "BEGIN");
    }

    @Override
    public void beginWrite(Handle h) {
        begin(h, "BEGIN IMMEDIATE");
    }

    private static void begin(Handle h, String begin) {
        try {
            PlainJdbc.update(h, begin, List.of());
        } catch (JdbiException e) {
            if (e.getCause() == null || e.getCause().getMessage() == null
                    || !e.getCause().getMessage().contains("cannot start a transaction within a transaction")) {
                throw e;
            }
            LOG.warn("A pooled SQLite connection was still in a transaction (an earlier rollback failed); rolling it back");
            PlainJdbc.update(h, "ROLLBACK", List.of());
            PlainJdbc.update(h, begin, List.of());
        }
    }

    @Override
    public void commit(Handle h) {
        PlainJdbc.update(h, "COMMIT", List.of());
    }

    @Override
    public void rollback(Handle h) {
        PlainJdbc.update(h, "ROLLBACK", List.of());
    }

    @Override
    public void withMigrationLock(Jdbi jdbi, Handle h, Runnable body) {
        beginWrite(h);
        try {
            body.run();
            commit(h);
        } catch (RuntimeException e) {
            rollback(h);
            throw e;
        }
    }

    @Override
    public String explain(String sql) {
        return "EXPLAIN QUERY PLAN " + sql;
    }
}
