package dev.agentruns.jdbc.internal;

import dev.agentruns.ArchivedFilter;
import dev.agentruns.jdbc.Dialect;
import dev.agentruns.spi.SessionCriteria;
import dev.agentruns.spi.SessionDraft;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * H2 2.x. A session's counters live in a table of their own, {@code session_counters} (see the V2
 * script): H2 runs an UPDATE as a delete and an insert in every B-tree of the table, so an append
 * rewrites one narrow row there instead of the session row in all its indexes. The counters' row
 * holds a copy of the session's status, which appends check on the row they lock; every status
 * change copies it. DDL commits the open transaction, so the migration lock is a row of the version
 * table (version 0) locked with {@code SELECT ... FOR UPDATE} on a second connection while the first
 * one migrates. Immutable and thread-safe.
 */
final class H2Statements extends Statements {
    private static final int MIGRATION_LOCK_TIMEOUT_MILLIS = 120_000;

    private final String counters;

    H2Statements(String prefix) {
        super(Dialect.H2, prefix);
        this.counters = prefix + "session_counters";
    }

    @Override
    protected String sessionRows() {
        return sessions + " JOIN " + counters + " ON " + counters + ".session_id = " + sessions + ".id";
    }

    @Override
    public String selectHeadAndBase() {
        return "SELECT s.status, c.message_count, c.activity_count, c.last_activity_at, s.base_session_id, s.base_seq,"
                + " s.version, b.id AS base_found, b.base_session_id AS base_base_session_id, b.base_seq AS base_base_seq"
                + " FROM " + sessions + " s JOIN " + counters + " c ON c.session_id = s.id LEFT JOIN " + sessions
                + " b ON b.id = s.base_session_id WHERE s.id = ? AND s.workspace_id = ?";
    }

    @Override
    public BoundSql insertSession(SessionDraft d) {
        return new BoundSql("INSERT INTO " + counters + " (session_id, session_status, message_count, activity_count,"
                + " last_activity_at, input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens)"
                + " SELECT id, status, base_seq, 0, started_at, 0, 0, 0, 0 FROM FINAL TABLE (INSERT INTO " + sessions
                + " (" + INSERT_COLUMNS + ") VALUES (" + INSERT_VALUES + "))", insertArgs(d, List.of()));
    }

    /** The workspace is checked on the session row, which cannot change it; the status on the locked row. */
    @Override
    public String addToCounters(int statuses) {
        return "UPDATE " + counters + countersSet() + " WHERE session_id = ? AND EXISTS (SELECT 1 FROM " + sessions
                + " WHERE id = session_id AND workspace_id = ?)"
                + (statuses == 0 ? "" : " AND session_status IN (" + placeholders(statuses) + ")");
    }

    @Override
    public boolean countersApart() {
        return true;
    }

    @Override
    public String copyStatusToCounters() {
        return "UPDATE " + counters + " SET session_status = (SELECT status FROM " + sessions
                + " WHERE id = session_id) WHERE session_id = ?";
    }

    /**
     * H2 reads rows in index order, instead of sorting every match, only when the ORDER BY starts
     * like the index: so the columns a filter holds to one value, leading the index it reads (see the
     * V1 script), come first. The order of the rows is the same.
     */
    @Override
    protected String orderBy(SessionCriteria c, boolean newestFirst) {
        boolean oneAgent = c.agentIds().size() == 1;
        boolean oneStatus = c.statuses().size() == 1;
        if (c.ticketSystem() != null || c.forkedFrom() != null) {
            return super.orderBy(c, newestFirst);
        }
        if (oneAgent && oneStatus) {
            return newestFirst
                    ? " ORDER BY workspace_id DESC, agent_id DESC, status DESC, started_at DESC, id DESC"
                    : " ORDER BY workspace_id ASC, agent_id ASC, status ASC, started_at ASC, id ASC";
        }
        if (oneStatus && c.agentIds().isEmpty()) {
            return newestFirst
                    ? " ORDER BY workspace_id DESC, status DESC, started_at DESC, id DESC"
                    : " ORDER BY workspace_id ASC, status ASC, started_at ASC, id ASC";
        }
        if (c.agentIds().isEmpty() && c.statuses().isEmpty() && c.archived() != ArchivedFilter.INCLUDE) {
            return newestFirst
                    ? " ORDER BY workspace_id DESC, archived DESC, started_at DESC, id DESC"
                    : " ORDER BY workspace_id ASC, archived ASC, started_at ASC, id ASC";
        }
        return super.orderBy(c, newestFirst);
    }

    /**
     * The INSERT selects from the UPDATE's FINAL TABLE joined with the messages as typed VALUES (H2
     * cannot infer the types of parameters there).
     */
    @Override
    public int maxInOneStatement() {
        return 16;
    }

    @Override
    public String appendInOneStatement(int statuses, int count) {
        String row = "(CAST(? AS CHAR(36)), CAST(? AS BIGINT), CAST(? AS VARCHAR), CAST(? AS VARCHAR),"
                + " CAST(? AS BIGINT), CAST(? AS CLOB), CAST(? AS VARCHAR), CAST(? AS BIGINT), CAST(? AS BIGINT),"
                + " CAST(? AS BIGINT), CAST(? AS BIGINT))";
        StringBuilder sql = new StringBuilder("SELECT seq FROM FINAL TABLE (INSERT INTO ").append(messages)
                .append(" (").append(MESSAGE_COLUMNS).append(") SELECT v.session_id, counted.message_count - v.later,")
                .append(" v.message_id, NULL, v.role, v.created_at, v.content, v.usage_model, v.input_tokens,")
                .append(" v.output_tokens, v.cache_read_tokens, v.cache_creation_tokens FROM FINAL TABLE (")
                .append(addToCounters(statuses)).append(") counted CROSS JOIN (VALUES ").append(row);
        for (int i = 1; i < count; i++) {
            sql.append(", ").append(row);
        }
        return sql.append(") v(session_id, later, message_id, role, created_at, content, usage_model, input_tokens,"
                + " output_tokens, cache_read_tokens, cache_creation_tokens))").toString();
    }

    @Override
    public String addToCountersReturning(int statuses) {
        return "SELECT message_count, activity_count FROM FINAL TABLE (" + addToCounters(statuses) + ")";
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
