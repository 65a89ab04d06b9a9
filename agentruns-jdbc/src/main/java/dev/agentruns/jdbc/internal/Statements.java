package dev.agentruns.jdbc.internal;

import dev.agentruns.ArchivedFilter;
import dev.agentruns.ForkOrigin;
import dev.agentruns.SessionStatus;
import dev.agentruns.SortOrder;
import dev.agentruns.internal.Json;
import dev.agentruns.jdbc.Dialect;
import dev.agentruns.spi.Keyset;
import dev.agentruns.spi.SessionCriteria;
import dev.agentruns.spi.SessionDraft;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Every SQL statement the JDBC repository runs, for one dialect and one table prefix: the portable
 * text here, dialect differences in small subclasses ({@link #forDialect}). SQL is built only from
 * constants, the validated table prefix and enum-chosen fragments; every value is a bound
 * parameter. Also owns how values of each column kind are bound and read, since that differs by
 * dialect (UUID and JSON types, NUL handling). Immutable and thread-safe.
 */
public class Statements {

    /** Columns of a list row: everything but the output value and schema. */
    static final String SUMMARY_COLUMNS = "id, workspace_id, kind, agent_id, agent_name, agent_icon, title, status,"
            + " wait_reason, started_at, status_changed_at, ended_at, waited_micros, ticket_system, ticket_key,"
            + " ticket_title, ticket_url, archived_at, fork_source_id, fork_message_id, fork_seq, message_count,"
            + " last_activity_at, input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens,"
            + " output_verdict, version";
    static final String FULL_COLUMNS = SUMMARY_COLUMNS + ", output_json, output_errors, output_schema";
    static final String HEAD_COLUMNS = "status, message_count, activity_count, last_activity_at, base_session_id,"
            + " base_seq, version";
    static final String MESSAGE_COLUMNS = "session_id, seq, message_id, origin_session_id, role, created_at,"
            + " content, usage_model, input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens";
    static final String ACTIVITY_COLUMNS = "session_id, seq, event_id, occurred_at, event_type, summary, details";

    /** The session columns a new session sets, {@link #INSERT_VALUES} their values. */
    static final String INSERT_COLUMNS = "id, workspace_id, kind, agent_id, agent_name, agent_icon, title,"
            + " status, wait_reason, started_at, status_changed_at, ended_at, waited_micros, ticket_system,"
            + " ticket_key, ticket_title, ticket_url, archived_at, archived, fork_source_id, fork_message_id,"
            + " fork_seq, base_session_id, base_seq, output_verdict, output_errors, output_json, output_schema,"
            + " version";
    static final String INSERT_VALUES = "?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, NULL, 0, ?, ?, ?, ?, NULL, 0,"
            + " ?, ?, ?, ?, ?, NULL, NULL, NULL, ?, 1";

    private final Dialect dialect;
    private final String prefix;
    protected final String sessions;
    protected final String messages;
    protected final String activity;
    protected final String versions;

    protected Statements(Dialect dialect, String prefix) {
        this.dialect = dialect;
        this.prefix = prefix;
        this.sessions = prefix + "sessions";
        this.messages = prefix + "messages";
        this.activity = prefix + "activity";
        this.versions = prefix + "schema_version";
    }

    /** The statements of a dialect; {@code prefix} must already be validated. */
    public static Statements forDialect(Dialect dialect, String prefix) {
        return switch (dialect) {
            case SQLITE -> new SqliteStatements(prefix);
            case H2 -> new H2Statements(prefix);
            case POSTGRESQL -> new PostgresStatements(prefix);
            case MARIADB, MYSQL -> new MariaDbStatements(dialect, prefix);
        };
    }

    public Dialect dialect() {
        return dialect;
    }

    public String prefix() {
        return prefix;
    }

    public String sessionsTable() {
        return sessions;
    }

    public String messagesTable() {
        return messages;
    }

    public String activityTable() {
        return activity;
    }

    public String versionTable() {
        return versions;
    }

    // ------------------------------------------------------------------ dialect hooks

    /** Appended to a SELECT that must lock the rows it reads until the transaction ends. */
    protected String forUpdate() {
        return " FOR UPDATE";
    }

    /** A parameter in a select list that yields a session id (some databases need its type spelled out). */
    protected String idParameter() {
        return "CAST(? AS CHAR(36))";
    }

    /**
     * Whether reads run in a transaction of their own ({@link #beginRead}); where they do, a read sees
     * one snapshot and a connection left in a transaction by a failed rollback is noticed before use.
     */
    public boolean readsInTransaction() {
        return false;
    }

    /** Starts a read transaction on a handle in auto-commit mode; only where {@link #readsInTransaction()}. */
    public void beginRead(Handle h) {
        throw new UnsupportedOperationException(dialect + " reads without a transaction");
    }

    /** Starts a write transaction on a handle in auto-commit mode. */
    public void beginWrite(Handle h) {
        h.begin();
    }

    public void commit(Handle h) {
        h.commit();
    }

    public void rollback(Handle h) {
        h.rollback();
    }

    /** Whether a failure is a deadlock or serialization failure after which the transaction may be retried. */
    public boolean isRetryable(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.equals("40001") || state.equals("40P01"));
    }

    /** A session id parameter. */
    public Argument id(UUID id) {
        return (pos, st, ctx) -> {
            if (id == null) {
                st.setNull(pos, Types.VARCHAR);
            } else {
                st.setString(pos, id.toString());
            }
        };
    }

    /** A free-text parameter (names, titles, ids chosen by callers). */
    public Argument text(String value) {
        return (pos, st, ctx) -> {
            if (value == null) {
                st.setNull(pos, Types.VARCHAR);
            } else {
                st.setString(pos, value);
            }
        };
    }

    /** A JSON text parameter. */
    public Argument json(String value) {
        return text(value);
    }

    /** A nullable BIGINT parameter. */
    public Argument bigint(Long value) {
        return (pos, st, ctx) -> {
            if (value == null) {
                st.setNull(pos, Types.BIGINT);
            } else {
                st.setLong(pos, value);
            }
        };
    }

    public UUID readId(ResultSet rs, String column) throws SQLException {
        String s = rs.getString(column);
        return s == null ? null : UUID.fromString(s);
    }

    public String readText(ResultSet rs, String column) throws SQLException {
        return rs.getString(column);
    }

    public String readJson(ResultSet rs, String column) throws SQLException {
        return rs.getString(column);
    }

    /** A nullable BIGINT column. */
    public static Long readBigint(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    // ------------------------------------------------------------------ migrations

    /** Creates the version table when it is missing. */
    public String createVersionTable() {
        return "CREATE TABLE IF NOT EXISTS " + versions + " (version INT NOT NULL PRIMARY KEY,"
                + " description VARCHAR(200) NOT NULL, checksum INT NOT NULL, installed_at BIGINT NOT NULL)";
    }

    public String selectVersions() {
        return "SELECT version, description, checksum FROM " + versions + " WHERE version > 0 ORDER BY version";
    }

    public String insertVersion() {
        return "INSERT INTO " + versions + " (version, description, checksum, installed_at) VALUES (?, ?, ?, ?)";
    }

    /**
     * Runs {@code body} on {@code h} holding a lock that no other process migrating the same tables
     * holds at the same time; where DDL is transactional, body runs in that one transaction.
     */
    public void withMigrationLock(Jdbi jdbi, Handle h, Runnable body) {
        h.begin();
        try {
            body.run();
            h.commit();
        } catch (RuntimeException e) {
            h.rollback();
            throw e;
        }
    }

    // ------------------------------------------------------------------ sessions

    /**
     * Inserts a new session in status RUNNING with its counters at their start: no events, no tokens,
     * last activity at its start, and for a fork the source's first {@code messageSeq} messages as its
     * transcript's prefix.
     */
    public BoundSql insertSession(SessionDraft d) {
        return new BoundSql("INSERT INTO " + sessions + " (" + INSERT_COLUMNS + ", message_count, activity_count,"
                + " last_activity_at, input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens)"
                + " VALUES (" + INSERT_VALUES + ", ?, 0, ?, 0, 0, 0, 0)",
                insertArgs(d, List.of(baseSeq(d), Micros.of(d.startedAt()))));
    }

    /** The parameters of {@link #INSERT_VALUES} for a draft, then {@code more}. */
    protected List<Object> insertArgs(SessionDraft d, List<Object> more) {
        ForkOrigin fork = d.forkedFrom();
        List<Object> args = new ArrayList<>(List.of(id(d.id()), text(d.workspaceId()), d.kind().name(),
                text(d.agent().id()), text(d.agent().displayName()), text(d.agent().icon()), text(d.title()),
                SessionStatus.RUNNING.name(), Micros.of(d.startedAt()), Micros.of(d.startedAt()),
                text(d.ticket() == null ? null : d.ticket().system()),
                text(d.ticket() == null ? null : d.ticket().key()),
                text(d.ticket() == null ? null : d.ticket().title()),
                text(d.ticket() == null ? null : d.ticket().url()),
                id(fork == null ? null : fork.sessionId()), text(fork == null ? null : fork.messageId()),
                bigint(fork == null ? null : fork.messageSeq()), id(fork == null ? null : fork.sessionId()),
                baseSeq(d), json(d.outputSchema() == null ? null : Json.write(d.outputSchema()))));
        args.addAll(more);
        return args;
    }

    /** How many messages a new session's transcript starts with: a fork's shared prefix, else none. */
    private static long baseSeq(SessionDraft d) {
        return d.forkedFrom() == null ? 0 : d.forkedFrom().messageSeq();
    }

    /**
     * What the reads of a session's counters select from: the sessions table, or where the counters
     * live in a table of their own, the two joined. Column names in it are unique, so they need no
     * table name.
     */
    protected String sessionRows() {
        return sessions;
    }

    /** Full row of a session in a workspace. */
    public String selectSession() {
        return "SELECT " + FULL_COLUMNS + " FROM " + sessionRows() + " WHERE id = ? AND workspace_id = ?";
    }

    /** Full row of a session in a workspace, locked. */
    public String lockSession() {
        return selectSession() + forUpdate();
    }

    /** What appends and transcript reads need of a session in a workspace. */
    public String selectHead() {
        return "SELECT " + HEAD_COLUMNS + " FROM " + sessionRows() + " WHERE id = ? AND workspace_id = ?";
    }

    /**
     * {@link #selectHead()} with the base's own link, for reads of a fork's transcript: base_found (the
     * base's id, null when it is gone or there is none), base_base_session_id and base_base_seq.
     */
    public String selectHeadAndBase() {
        return "SELECT s." + HEAD_COLUMNS.replace(", ", ", s.") + ", b.id AS base_found,"
                + " b.base_session_id AS base_base_session_id, b.base_seq AS base_base_seq FROM " + sessions
                + " s LEFT JOIN " + sessions + " b ON b.id = s.base_session_id WHERE s.id = ? AND s.workspace_id = ?";
    }

    /** {@link #selectHead()}, locked (the counters' row too): serialises appends to one session. */
    public String lockHead() {
        return selectHead() + forUpdate();
    }

    /** The next link of a transcript chain. */
    public String selectBase() {
        return "SELECT base_session_id, base_seq FROM " + sessions + " WHERE id = ?";
    }

    /**
     * Adds to a session's counters (messages, events, tokens) and moves its last activity forward to
     * a time if that is later, where the session is in the workspace and, when {@code statuses} is not
     * 0, in one of that many statuses. Parameters: messages, events, time, the four token counts,
     * session id, workspace id, then the statuses.
     */
    public String addToCounters(int statuses) {
        return "UPDATE " + sessions + countersSet() + " WHERE id = ? AND workspace_id = ?"
                + (statuses == 0 ? "" : " AND status IN (" + placeholders(statuses) + ")");
    }

    /** The SET clause of {@link #addToCounters}, with its seven parameters. */
    protected String countersSet() {
        return " SET message_count = message_count + ?, activity_count = activity_count + ?,"
                + " last_activity_at = " + greatest("last_activity_at", "?") + ", input_tokens = input_tokens + ?,"
                + " output_tokens = output_tokens + ?, cache_read_tokens = cache_read_tokens + ?,"
                + " cache_creation_tokens = cache_creation_tokens + ?";
    }

    /**
     * Whether {@link #addToCountersReturning} is available; where it is not, {@link #addToCounters}
     * runs and {@link #selectCounters} reads the counters after it.
     */
    public boolean returnsFromUpdate() {
        return true;
    }

    /** {@link #addToCounters} as a query yielding the session's message_count and activity_count after it. */
    public String addToCountersReturning(int statuses) {
        return addToCounters(statuses) + " RETURNING message_count, activity_count";
    }

    /**
     * The most messages {@link #appendInOneStatement} takes, 0 where it is not available: an append
     * that commits itself, one round trip to a server instead of three.
     */
    public int maxInOneStatement() {
        return 0;
    }

    /**
     * {@link #addToCounters} with {@code count} new messages and no events, and the insert of those
     * messages after the session's last seq, as one statement; it yields the seq of each message it
     * inserted, none when the session did not match. Parameters: those of {@link #addToCounters}, then
     * for each message those of {@link #insertMessage} with, in place of its seq, how many messages come
     * after it in this append.
     */
    public String appendInOneStatement(int statuses, int count) {
        throw new UnsupportedOperationException(dialect + " cannot append in one statement");
    }

    /** A session's message_count and activity_count. */
    public String selectCounters() {
        return "SELECT message_count, activity_count FROM " + sessionRows() + " WHERE id = ?";
    }

    /** The larger of two values. */
    protected String greatest(String a, String b) {
        return "GREATEST(" + a + ", " + b + ")";
    }

    /** Compare-and-set of the mutable state; matches no row when the version moved on. */
    public String updateState() {
        return "UPDATE " + sessions + " SET status = ?, wait_reason = ?, status_changed_at = ?, ended_at = ?,"
                + " waited_micros = ?, ticket_system = ?, ticket_key = ?, ticket_title = ?, ticket_url = ?,"
                + " archived_at = ?, archived = ?, output_verdict = ?, output_errors = ?, output_json = ?,"
                + " version = version + 1 WHERE id = ? AND workspace_id = ? AND version = ?";
    }

    /**
     * Whether a session's counters live in a table of their own, with a copy of its status that
     * {@link #copyStatusToCounters} keeps, rather than in the session row.
     */
    public boolean countersApart() {
        return false;
    }

    /**
     * Copies a session's status into its counters' row, which appends check; parameter: the session
     * id. Only where {@link #countersApart()}.
     */
    public String copyStatusToCounters() {
        throw new UnsupportedOperationException(dialect + " keeps the counters in the session row");
    }

    /** Sessions whose transcript reads a prefix from the given one, locked, in id order. */
    public String lockChildren() {
        return "SELECT id, base_seq FROM " + sessions + " WHERE base_session_id = ? ORDER BY id" + forUpdate();
    }

    public String updateBase() {
        return "UPDATE " + sessions + " SET base_session_id = ?, base_seq = ? WHERE id = ?";
    }

    /**
     * Copies a session's own messages with seq in (from, to] into another session, keeping the
     * session that appended each one as its origin.
     */
    public String copyMessages() {
        return "INSERT INTO " + messages + " (" + MESSAGE_COLUMNS + ") SELECT " + idParameter() + ", seq, message_id,"
                + " COALESCE(origin_session_id, session_id), role, created_at, content, usage_model, input_tokens,"
                + " output_tokens, cache_read_tokens, cache_creation_tokens FROM " + messages
                + " WHERE session_id = ? AND seq > ? AND seq <= ?";
    }

    public String deleteMessages() {
        return "DELETE FROM " + messages + " WHERE session_id = ?";
    }

    public String deleteActivity() {
        return "DELETE FROM " + activity + " WHERE session_id = ?";
    }

    /** Deletes a session's row (and its counters' row, where that is apart). */
    public String deleteSession() {
        return "DELETE FROM " + sessions + " WHERE id = ?";
    }

    // ------------------------------------------------------------------ messages and activity

    public String insertMessage() {
        return "INSERT INTO " + messages + " (" + MESSAGE_COLUMNS + ") VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    /** Messages of one session with seq &lt;= ? whose id is one of {@code count} values. */
    public String selectMessagesById(int count) {
        return "SELECT " + MESSAGE_COLUMNS + " FROM " + messages + " WHERE session_id = ? AND seq <= ? AND message_id IN ("
                + placeholders(count) + ")";
    }

    /**
     * The messages in {@code count} ranges, each a session id and the lowest and highest seq, in no
     * particular order: a transcript (a fork's segments too) in one round trip.
     */
    public String selectMessageRanges(int count) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < count; i++) {
            sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT ").append(MESSAGE_COLUMNS).append(" FROM ")
                    .append(messages).append(" WHERE session_id = ? AND seq >= ? AND seq <= ?");
        }
        return sql.toString();
    }

    public String insertActivity() {
        return "INSERT INTO " + activity + " (" + ACTIVITY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)";
    }

    /** Up to ? events of a session in a workspace with seq &gt; ?, in seq order. */
    public String selectActivity() {
        return "SELECT " + ACTIVITY_COLUMNS + " FROM " + activity + " WHERE session_id = ? AND seq > ?"
                + " AND EXISTS (SELECT 1 FROM " + sessions + " s WHERE s.id = ? AND s.workspace_id = ?)"
                + " ORDER BY seq LIMIT ?";
    }

    // ------------------------------------------------------------------ lists

    /** SQL text with its parameters, in order. */
    public record BoundSql(String sql, List<Object> args) {
    }

    /** The page query for {@code criteria}: filters, keyset, order and limit. */
    public BoundSql selectSessions(String workspaceId, SessionCriteria criteria) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(SUMMARY_COLUMNS).append(" FROM ").append(sessionRows())
                .append(indexHint(criteria));
        boolean newestFirst = criteria.sort() == SortOrder.NEWEST_FIRST;
        Keyset after = criteria.after();
        // With a cursor, the window's bound on the side the cursor moves towards is bound once, merged
        // with the cursor's: two bounds on started_at make some optimizers (SQLite) range over the
        // looser one and skip the rows in between one by one.
        where(sql, args, workspaceId, criteria, after != null && newestFirst, after != null && !newestFirst);
        if (after != null) {
            long at = Micros.of(after.startedAt());
            if (newestFirst) {
                Long before = criteria.startedBefore() == null ? null : Micros.of(criteria.startedBefore());
                if (before != null && before <= at) {
                    sql.append(" AND started_at < ?");
                    args.add(before);
                } else {
                    sql.append(" AND started_at <= ?");
                    args.add(at);
                }
                sql.append(" AND (started_at < ? OR id < ?)");
            } else {
                long from = criteria.startedFrom() == null ? at : Math.max(at, Micros.of(criteria.startedFrom()));
                sql.append(" AND started_at >= ?");
                args.add(from);
                sql.append(" AND (started_at > ? OR id > ?)");
            }
            args.add(at);
            args.add(id(after.id()));
        }
        sql.append(orderBy(criteria, newestFirst));
        sql.append(" LIMIT ?");
        args.add(criteria.limit());
        return new BoundSql(sql.toString(), args);
    }

    /** An index hint after the table name of a page query, where the dialect needs one; empty here. */
    protected String indexHint(SessionCriteria c) {
        return "";
    }

    /** The ORDER BY clause of a page: by start, then id. */
    protected String orderBy(SessionCriteria c, boolean newestFirst) {
        return newestFirst ? " ORDER BY started_at DESC, id DESC" : " ORDER BY started_at ASC, id ASC";
    }

    /** The count query for {@code criteria}: filters only. */
    public BoundSql countSessions(String workspaceId, SessionCriteria criteria) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM ").append(sessions);
        where(sql, args, workspaceId, criteria, false, false);
        return new BoundSql(sql.toString(), args);
    }

    private void where(StringBuilder sql, List<Object> args, String workspaceId, SessionCriteria c,
                       boolean upperBoundMerged, boolean lowerBoundMerged) {
        sql.append(" WHERE workspace_id = ?");
        args.add(text(workspaceId));
        if (!c.agentIds().isEmpty()) {
            sql.append(" AND agent_id IN (").append(placeholders(c.agentIds().size())).append(')');
            c.agentIds().stream().sorted().forEach(a -> args.add(text(a)));
        }
        if (!c.statuses().isEmpty()) {
            sql.append(" AND status IN (").append(placeholders(c.statuses().size())).append(')');
            c.statuses().stream().sorted().map(SessionStatus::name).forEach(args::add);
        }
        if (c.startedFrom() != null && !lowerBoundMerged) {
            sql.append(" AND started_at >= ?");
            args.add(Micros.of(c.startedFrom()));
        }
        if (c.startedBefore() != null && !upperBoundMerged) {
            sql.append(" AND started_at < ?");
            args.add(Micros.of(c.startedBefore()));
        }
        if (c.ticketSystem() != null) {
            sql.append(" AND ticket_system = ? AND ticket_key = ?");
            args.add(text(c.ticketSystem()));
            args.add(text(c.ticketKey()));
        }
        if (c.kind() != null) {
            sql.append(" AND kind = ?");
            args.add(c.kind().name());
        }
        if (c.archived() == ArchivedFilter.EXCLUDE) {
            sql.append(" AND archived = 0");
        } else if (c.archived() == ArchivedFilter.ONLY) {
            sql.append(" AND archived = 1");
        }
        if (c.forkedFrom() != null) {
            sql.append(" AND fork_source_id = ?");
            args.add(id(c.forkedFrom()));
        }
    }

    /** The EXPLAIN statement for a query in this dialect. */
    public String explain(String sql) {
        return "EXPLAIN " + sql;
    }

    // ------------------------------------------------------------------ binding

    /** Binds {@code args} positionally: {@link Argument}s as they are, other values by their Java type. */
    public static <S extends SqlStatement<S>> S bind(S statement, List<Object> args) {
        for (int i = 0; i < args.size(); i++) {
            statement.bind(i, argument(args.get(i)));
        }
        return statement;
    }

    /** A parameter as {@link #bind} takes it: an {@link Argument}, a long, an int or a string. */
    static Argument argument(Object a) {
        if (a instanceof Argument argument) {
            return argument;
        }
        if (a instanceof Long l) {
            return (pos, st, ctx) -> st.setLong(pos, l);
        }
        if (a instanceof Integer n) {
            return (pos, st, ctx) -> st.setInt(pos, n);
        }
        if (a instanceof String s) {
            return (pos, st, ctx) -> st.setString(pos, s);
        }
        throw new IllegalArgumentException("unsupported parameter type " + a);
    }

    /** As {@link #bind(SqlStatement, List)}. */
    public static <S extends SqlStatement<S>> S bind(S statement, Object... args) {
        return bind(statement, Arrays.asList(args));
    }

    static String placeholders(int count) {
        StringBuilder sb = new StringBuilder(count * 3);
        for (int i = 0; i < count; i++) {
            sb.append(i == 0 ? "?" : ", ?");
        }
        return sb.toString();
    }
}
