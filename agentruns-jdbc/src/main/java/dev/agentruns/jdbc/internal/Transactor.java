package dev.agentruns.jdbc.internal;

import dev.agentruns.StorageException;
import java.sql.SQLException;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs units of work on a handle: writes in one transaction each (retried after a deadlock or
 * serialization failure, which the database rolled back), reads without one. Turns database failures
 * into {@link StorageException}s that name the operation, never the data. Where the database allows
 * one writer at a time (SQLite), writers of this JVM queue on a lock instead of on the database's
 * busy timeout. Thread-safe.
 */
public final class Transactor {
    private static final Logger LOG = LoggerFactory.getLogger(Transactor.class);
    private static final int MAX_ATTEMPTS = 5;

    private final Jdbi jdbi;
    private final Statements sql;
    private final Lock writeLock;

    public Transactor(Jdbi jdbi, Statements sql, boolean serialiseWriters) {
        this.jdbi = jdbi;
        this.sql = sql;
        this.writeLock = serialiseWriters ? new ReentrantLock(true) : null;
    }

    /** Runs {@code work} in a write transaction; {@code what} names the operation in errors. */
    public <T> T write(String what, Function<Handle, T> work) {
        for (int attempt = 1; ; attempt++) {
            if (writeLock != null) {
                writeLock.lock();
            }
            try (Handle h = jdbi.open()) {
                return inTransaction(h, work);
            } catch (JdbiException e) {
                SQLException cause = sqlCause(e);
                if (cause != null && sql.isRetryable(cause) && attempt < MAX_ATTEMPTS) {
                    LOG.debug("{} hit {} (SQLState {}); retrying, attempt {}", what, cause.getClass().getSimpleName(),
                            cause.getSQLState(), attempt + 1);
                    continue;
                }
                throw new StorageException(what + " failed: " + describe(e), e.getCause() != null ? e.getCause() : e);
            } finally {
                if (writeLock != null) {
                    writeLock.unlock();
                }
            }
        }
    }

    /** Runs {@code work} on a handle in auto-commit mode. */
    public <T> T read(String what, Function<Handle, T> work) {
        try (Handle h = jdbi.open()) {
            return work.apply(h);
        } catch (JdbiException e) {
            throw new StorageException(what + " failed: " + describe(e), e.getCause() != null ? e.getCause() : e);
        }
    }

    private <T> T inTransaction(Handle h, Function<Handle, T> work) {
        sql.beginWrite(h);
        T result;
        try {
            result = work.apply(h);
        } catch (RuntimeException | Error e) {
            rollbackQuietly(h, e);
            throw e;
        }
        try {
            sql.commit(h);
        } catch (RuntimeException e) {
            rollbackQuietly(h, e);
            throw e;
        }
        return result;
    }

    private void rollbackQuietly(Handle h, Throwable failure) {
        try {
            sql.rollback(h);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }

    private static String describe(JdbiException e) {
        SQLException cause = sqlCause(e);
        if (cause == null) {
            return e.getClass().getSimpleName();
        }
        return "SQLState " + cause.getSQLState() + ", error " + cause.getErrorCode();
    }
}
