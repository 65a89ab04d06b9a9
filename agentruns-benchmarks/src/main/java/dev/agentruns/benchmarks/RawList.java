package dev.agentruns.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import dev.agentruns.ArchivedFilter;
import dev.agentruns.SortOrder;
import dev.agentruns.jdbc.Dialect;
import dev.agentruns.jdbc.internal.Micros;
import dev.agentruns.jdbc.internal.Statements;
import dev.agentruns.spi.Keyset;
import dev.agentruns.spi.SessionCriteria;

/**
 * The list query of {@link ListData#query()} in plain JDBC: the SQL text agentruns-jdbc runs for it,
 * on one connection in auto-commit mode with its statements prepared once, every column of every row
 * read by index. The database's limit for that query. Not thread-safe.
 */
final class RawList implements AutoCloseable {
    /**
     * {@code Statements.SUMMARY_COLUMNS}, the columns of a list row.
     */
    private static final String COLUMNS = "id, workspace_id, kind, agent_id, agent_name, agent_icon, title, status,"
            + " wait_reason, started_at, status_changed_at, ended_at, waited_micros, ticket_system, ticket_key,"
            + " ticket_title, ticket_url, archived_at, fork_source_id, fork_message_id, fork_seq, message_count,"
            + " last_activity_at, input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens,"
            + " output_verdict, version";
    private static final int[] TEXT_COLUMNS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 14, 15, 16, 17, 19, 20, 28};
    private static final int[] NUMBER_COLUMNS = {10, 11, 12, 13, 18, 21, 22, 23, 24, 25, 26, 27, 29};

    /** The fetch size agentruns asks for: a page of 50 plus one row that tells whether there is a next page. */
    static final int FETCH = ListData.PAGE + 1;

    private final Database database;
    private final Connection connection;
    private final PreparedStatement first;
    private final PreparedStatement after;
    private final PreparedStatement count;
    private final long from = Micros.of(ListData.MONTH_START);
    private final long until = Micros.of(ListData.MONTH_END);

    /** One listed row: what the checks need, and a checksum over every column read. */
    record Row(String id, String agentId, String status, long startedAt, long checksum) {
    }

    RawList(Database database, DataSource dataSource, String prefix) {
        this.database = database;
        String sessions = prefix + "sessions";
        // Statements.selectSessions for (workspace, one agent, one status, a started_at range, not
        // archived, newest first, no cursor) and (the same, after a cursor inside the range, whose
        // bound replaces the range's upper one); Statements.countSessions for the same filters. H2
        // names the filter's constant index columns first in ORDER BY and joins the counters' table;
        // MariaDB is told the index. Written out here; checked against Statements below.
        String filters = " WHERE workspace_id = ? AND agent_id IN (?) AND status IN (?) AND started_at >= ?";
        String where = filters + " AND started_at < ? AND archived = 0";
        String order = database == Database.H2
                ? " ORDER BY workspace_id DESC, agent_id DESC, status DESC, started_at DESC, id DESC LIMIT ?"
                : " ORDER BY started_at DESC, id DESC LIMIT ?";
        String from = " FROM " + sessions + switch (database) {
            case MARIADB -> " FORCE INDEX (" + sessions + "_ws_agent)";
            case H2 -> " JOIN " + prefix + "session_counters ON " + prefix + "session_counters.session_id = "
                    + sessions + ".id";
            default -> "";
        };
        String firstSql = "SELECT " + COLUMNS + from + where + order;
        String afterSql = "SELECT " + COLUMNS + from + filters
                + " AND archived = 0 AND started_at <= ? AND (started_at < ? OR id < ?)" + order;
        String countSql = "SELECT COUNT(*) FROM " + sessions + where;
        checkSameAsAgentRuns(prefix, firstSql, afterSql, countSql);
        try {
            this.connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            this.first = connection.prepareStatement(firstSql);
            this.after = connection.prepareStatement(afterSql);
            this.count = connection.prepareStatement(countSql);
        } catch (SQLException e) {
            throw new IllegalStateException("raw list on " + database + ": cannot prepare", e);
        }
    }

    /** Fails when agentruns' Statements would run other SQL for this query than written above. */
    private void checkSameAsAgentRuns(String prefix, String firstSql, String afterSql, String countSql) {
        Statements statements = Statements.forDialect(Dialect.valueOf(database.name()), prefix);
        SessionCriteria criteria = new SessionCriteria(Set.of(ListData.FILTER_AGENT), Set.of(ListData.FILTER_STATUS),
                ListData.MONTH_START, ListData.MONTH_END, null, null, null, ArchivedFilter.EXCLUDE, null,
                SortOrder.NEWEST_FIRST, null, FETCH);
        SessionCriteria withCursor = new SessionCriteria(criteria.agentIds(), criteria.statuses(),
                criteria.startedFrom(), criteria.startedBefore(), null, null, null, ArchivedFilter.EXCLUDE, null,
                SortOrder.NEWEST_FIRST, new Keyset(ListData.NOW, new UUID(0, 1)), FETCH);
        same(firstSql, statements.selectSessions(ListData.WORKSPACE, criteria).sql());
        same(afterSql, statements.selectSessions(ListData.WORKSPACE, withCursor).sql());
        same(countSql, statements.countSessions(ListData.WORKSPACE, criteria).sql());
    }

    private static void same(String raw, String agentRuns) {
        if (!raw.equals(agentRuns)) {
            throw new IllegalStateException("the raw baseline's SQL is not agentruns' any more:\n  raw:       " + raw
                    + "\n  agentruns: " + agentRuns);
        }
    }

    /** The first page (up to {@link #FETCH} rows). */
    List<Row> firstPage() {
        try {
            bindFilters(first);
            first.setInt(6, FETCH);
            return read(first);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The page after the row at ({@code startedAt}, {@code id}). */
    List<Row> pageAfter(long startedAt, String id) {
        try {
            after.setString(1, ListData.WORKSPACE);
            after.setString(2, ListData.FILTER_AGENT);
            after.setString(3, ListData.FILTER_STATUS.name());
            after.setLong(4, from);
            after.setLong(5, startedAt);
            after.setLong(6, startedAt);
            if (database == Database.POSTGRESQL) {
                after.setObject(7, UUID.fromString(id));
            } else {
                after.setString(7, id);
            }
            after.setInt(8, FETCH);
            return read(after);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long count() {
        try {
            bindFilters(count);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void bindFilters(PreparedStatement st) throws SQLException {
        st.setString(1, ListData.WORKSPACE);
        st.setString(2, ListData.FILTER_AGENT);
        st.setString(3, ListData.FILTER_STATUS.name());
        st.setLong(4, from);
        st.setLong(5, until);
    }

    private static List<Row> read(PreparedStatement st) throws SQLException {
        List<Row> rows = new ArrayList<>(FETCH);
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                long checksum = 0;
                for (int c : TEXT_COLUMNS) {
                    String s = rs.getString(c);
                    checksum += s == null ? 0 : s.length();
                }
                for (int c : NUMBER_COLUMNS) {
                    checksum += rs.getLong(c);
                }
                rows.add(new Row(rs.getString(1), rs.getString(4), rs.getString(8), rs.getLong(10), checksum));
            }
        }
        return rows;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the pool is closed next anyway
        }
    }
}
