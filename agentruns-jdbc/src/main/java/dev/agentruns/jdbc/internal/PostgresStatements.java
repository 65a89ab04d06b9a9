package dev.agentruns.jdbc.internal;

import dev.agentruns.jdbc.Dialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.Argument;

/**
 * PostgreSQL 13+: ids are {@code uuid} (whose order is the unsigned byte order the keyset needs),
 * content and other JSON values are {@code json} (kept as written, so NUL escapes in JSON strings are
 * accepted, unlike {@code jsonb}), free text goes through {@link NulEscape} because {@code text}
 * rejects U+0000. Migrations run in one transaction (DDL is transactional) under a transaction-level
 * advisory lock. Immutable and thread-safe.
 */
final class PostgresStatements extends Statements {
    /** First key of the advisory lock; the second is a hash of schema and prefix. */
    private static final int LOCK_NAMESPACE = 0x41474e54;

    PostgresStatements(String prefix) {
        super(Dialect.POSTGRESQL, prefix);
    }

    @Override
    protected String idParameter() {
        return "CAST(? AS uuid)";
    }

    /** A data-modifying WITH: the UPDATE of the counters yields the seqs the INSERT uses. */
    @Override
    public int maxInOneStatement() {
        return 16;
    }

    @Override
    public String appendInOneStatement(int statuses, int count) {
        String row = "SELECT " + idParameter() + ", counted.message_count - ?, ?, CAST(NULL AS uuid), ?, ?,"
                + " CAST(? AS json), ?, ?, ?, ?, ? FROM counted";
        StringBuilder sql = new StringBuilder("WITH counted AS (").append(addToCounters(statuses))
                .append(" RETURNING message_count) INSERT INTO ").append(messages).append(" (").append(MESSAGE_COLUMNS)
                .append(") ").append(row);
        for (int i = 1; i < count; i++) {
            sql.append(" UNION ALL ").append(row);
        }
        return sql.append(" RETURNING seq").toString();
    }

    @Override
    public Argument id(UUID id) {
        return (pos, st, ctx) -> {
            if (id == null) {
                st.setNull(pos, Types.OTHER);
            } else {
                st.setObject(pos, id);
            }
        };
    }

    @Override
    public Argument text(String value) {
        return super.text(NulEscape.encode(value));
    }

    @Override
    public Argument json(String value) {
        return (pos, st, ctx) -> {
            if (value == null) {
                st.setNull(pos, Types.OTHER);
            } else {
                st.setObject(pos, value, Types.OTHER);
            }
        };
    }

    @Override
    public String readText(ResultSet rs, String column) throws SQLException {
        return NulEscape.decode(rs.getString(column));
    }

    @Override
    public void withMigrationLock(Jdbi jdbi, Handle h, Runnable body) {
        h.begin();
        try {
            h.createQuery("SELECT pg_advisory_xact_lock(?, hashtext(COALESCE(current_schema(), '') || '.' || ?))")
                    .bind(0, LOCK_NAMESPACE).bind(1, prefix()).map((rs, ctx) -> 1).one();
            body.run();
            h.commit();
        } catch (RuntimeException e) {
            h.rollback();
            throw e;
        }
    }
}
