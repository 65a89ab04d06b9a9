package dev.agentruns.jdbc.internal;

import dev.agentruns.jdbc.Dialect;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * SQLite: no row locks (a write transaction locks the database), so writes start with
 * {@code BEGIN IMMEDIATE}, which takes the write lock up front and waits for it under the busy
 * timeout instead of failing later when a read transaction tries to upgrade. DDL is transactional,
 * so a migration runs in one such transaction. Immutable and thread-safe.
 */
final class SqliteStatements extends Statements {

    SqliteStatements(String prefix) {
        super(Dialect.SQLITE, prefix);
    }

    @Override
    protected String forUpdate() {
        return "";
    }

    @Override
    public void beginWrite(Handle h) {
        h.execute("BEGIN IMMEDIATE");
    }

    @Override
    public void commit(Handle h) {
        h.execute("COMMIT");
    }

    @Override
    public void rollback(Handle h) {
        h.execute("ROLLBACK");
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
