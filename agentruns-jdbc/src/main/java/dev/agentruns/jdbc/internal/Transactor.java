package dev.agentruns.jdbc.internal;

import dev.agentruns.StorageException;
import java.sql.SQLException;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs units of work on a handle: writes in one transaction each (retried after a deadlock or
 * serialization failure, which the database rolled back), reads without one, or in a read
 * transaction where the dialect asks for it (SQLite). Turns database failures into
 * {@link StorageException}s that name the operation, never the data. Where the database allows
 * one writer at a time (SQLite), writers of this JVM queue on a lock instead of on the database's
 * busy timeout.
 *
 * <p>H2's file store does its I/O on a {@code FileChannel}, which the JVM closes when the thread
 * doing the I/O is interrupted; H2 then closes the whole database and every later call fails until it
 * is reopened. Where the database is H2, units of work therefore run on threads of the repository's
 * own ({@link InterruptShield}), and the caller waits for them without being interruptible; its
 * interrupt flag is kept for it. Thread-safe; {@link #close()} stops those threads.
 */
public final class Transactor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Transactor.class);
    private static final int MAX_ATTEMPTS = 5;

    private final Jdbi jdbi;
    private final Statements sql;
    private final Lock writeLock;
    private final InterruptShield shield;

    public Transactor(Jdbi jdbi, Statements sql, boolean serialiseWriters, boolean shieldFromInterrupts) {
        this.jdbi = jdbi;
        this.sql = sql;
        this.writeLock = serialiseWriters ? new ReentrantLock(true) : null;
        this.shield = shieldFromInterrupts ? new InterruptShield("agentruns-jdbc-io") : null;
    }

    /** Stops the threads that run work away from interrupts, if any. */
    @Override
    public void close() {
        if (shield != null) {
            shield.close();
        }
    }

    private <T> T shielded(Supplier<T> work) {
        return shield == null ? work.get() : shield.run(work);
    }

    /**
     * Runs {@code work} in a write transaction; {@code what} names the operation in errors. A failure
     * while releasing the connection after the commit (the work is stored) is logged, not thrown.
     */
    public <T> T write(String what, Function<Handle, T> work) {
        return shielded(() -> writeHere(what, work, true));
    }

    /**
     * Runs {@code work}, a single statement, in auto-commit mode, where the statement commits itself
     * (one round trip to a server fewer than BEGIN ... COMMIT around it); otherwise as {@link #write}.
     */
    public <T> T writeOneStatement(String what, Function<Handle, T> work) {
        return shielded(() -> writeHere(what, work, false));
    }

    private <T> T writeHere(String what, Function<Handle, T> work, boolean transaction) {
        for (int attempt = 1; ; attempt++) {
            if (writeLock != null) {
                writeLock.lock();
            }
            Outcome<T> outcome = new Outcome<>();
            try (Handle h = jdbi.open()) {
                if (transaction) {
                    return inTransaction(h, work, sql::beginWrite, outcome);
                }
                outcome.finish(work.apply(h));
                return outcome.result;
            } catch (JdbiException e) {
                if (outcome.finished) {
                    return released(what, e, outcome.result);
                }
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

    /**
     * Runs {@code work} on a handle in auto-commit mode, or in a read transaction where the dialect wants
     * one. A failure while releasing the connection after the work read everything is logged, not thrown.
     */
    public <T> T read(String what, Function<Handle, T> work) {
        return shielded(() -> readHere(what, work));
    }

    private <T> T readHere(String what, Function<Handle, T> work) {
        Outcome<T> outcome = new Outcome<>();
        try (Handle h = jdbi.open()) {
            if (sql.readsInTransaction()) {
                return inTransaction(h, work, sql::beginRead, outcome);
            }
            outcome.finish(work.apply(h));
            return outcome.result;
        } catch (JdbiException e) {
            if (outcome.finished) {
                return released(what, e, outcome.result);
            }
            throw new StorageException(what + " failed: " + describe(e), e.getCause() != null ? e.getCause() : e);
        }
    }

    /** The result of a unit of work once it is committed (or, for a read, complete). */
    private static final class Outcome<T> {
        private boolean finished;
        private T result;

        void finish(T value) {
            result = value;
            finished = true;
        }
    }

    private static <T> T released(String what, JdbiException e, T result) {
        LOG.warn("{} is done, but releasing its connection then failed: {}", what, describe(e));
        return result;
    }

    private <T> T inTransaction(Handle h, Function<Handle, T> work, Consumer<Handle> begin, Outcome<T> outcome) {
        begin.accept(h);
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
        outcome.finish(result);
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
