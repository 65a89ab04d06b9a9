package dev.agentruns.jdbc.internal;

import dev.agentruns.jdbc.Dialect;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * H2 2.x. DDL commits the open transaction, so the migration lock is a row of the version table
 * (version 0) locked with {@code SELECT ... FOR UPDATE} on a second connection while the first
 * one migrates. Immutable and thread-safe.
 */
final class H2Statements extends Statements {
    private static final int MIGRATION_LOCK_TIMEOUT_MILLIS = 120_000;

    H2Statements(String prefix) {
        super(Dialect.H2, prefix);
    }

    @Override
    public void withMigrationLock(Jdbi jdbi, Handle h, Runnable body) {
        try (Handle lock = jdbi.open()) {
            lock.execute(createVersionTable());
            try {
                lock.execute("INSERT INTO " + versions + " (version, description, checksum, installed_at)"
                        + " SELECT 0, 'migration lock', 0, 0 FROM DUAL"
                        + " WHERE NOT EXISTS (SELECT 1 FROM " + versions + " WHERE version = 0)");
            } catch (JdbiException e) {
                // Another process inserted the lock row first: that is all we needed.
            }
            lock.execute("SET LOCK_TIMEOUT " + MIGRATION_LOCK_TIMEOUT_MILLIS);
            lock.begin();
            try {
                lock.createQuery("SELECT version FROM " + versions + " WHERE version = 0 FOR UPDATE")
                        .mapTo(Integer.class).one();
                body.run();
            } finally {
                lock.rollback();
            }
        }
    }
}
