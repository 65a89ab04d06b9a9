package dev.agentruns.jdbc.internal;

import dev.agentruns.jdbc.Dialect;
import dev.agentruns.spi.SessionCriteria;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * MariaDB 10.6+ and MySQL 8 (InnoDB, utf8mb4). DDL commits implicitly, so migrations are serialised
 * with a named lock ({@code GET_LOCK}) held by the migrating connection. Immutable and thread-safe.
 */
final class MariaDbStatements extends Statements {
    private static final int LOCK_TIMEOUT_SECONDS = 120;

    MariaDbStatements(Dialect dialect, String prefix) {
        super(dialect, prefix);
    }

    /**
     * With one agent and one status MariaDB 10.11 looks rows up by the first three columns of the
     * agent index and reads every match of the month before it finds a later page's rows (10,000 for
     * page 200); told to use that index it reads the range from the cursor on.
     */
    @Override
    protected String indexHint(SessionCriteria c) {
        if (c.agentIds().size() == 1 && c.statuses().size() == 1 && c.ticketSystem() == null
                && c.forkedFrom() == null) {
            return " FORCE INDEX (" + sessions + "_ws_agent)";
        }
        return "";
    }

    /** Neither MariaDB nor MySQL returns rows from an UPDATE. */
    @Override
    public boolean returnsFromUpdate() {
        return false;
    }

    @Override
    public String createVersionTable() {
        return super.createVersionTable() + " ENGINE=InnoDB";
    }

    @Override
    public void withMigrationLock(Jdbi jdbi, Handle h, Runnable body) {
        String name = "CONCAT('agentruns:', COALESCE(DATABASE(), ''), ':', ?)";
        Integer got = h.createQuery("SELECT GET_LOCK(" + name + ", ?)").bind(0, prefix())
                .bind(1, LOCK_TIMEOUT_SECONDS).mapTo(Integer.class).one();
        if (got == null || got != 1) {
            throw new IllegalStateException("could not get the migration lock within " + LOCK_TIMEOUT_SECONDS + " s");
        }
        try {
            body.run();
        } finally {
            h.createQuery("SELECT RELEASE_LOCK(" + name + ")").bind(0, prefix()).mapTo(Integer.class).one();
        }
    }
}
