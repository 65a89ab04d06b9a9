package dev.agentruns.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariDataSource;

import dev.agentruns.ContentBlock;
import dev.agentruns.spi.ContentCodec;

/**
 * The physical limit of a database for this data: plain {@link PreparedStatement}s into the tables
 * and indexes agentruns creates, one connection and one prepared statement per thread, seqs counted
 * in memory, no session row kept up to date and no checks ({@code raw-<db>}). With
 * {@link #withTransaction} ({@code raw-tx-<db>}) each append runs the statements agentruns runs: add to
 * the session's counters (which locks its row, checks its status and yields the seqs; a separate SELECT
 * of the counters on MariaDB), insert, commit; the limit of that design on the database, without
 * agentruns's Java code. Set-up ({@link #create}) goes through agentruns so all
 * start from the same rows. Thread-safe.
 */
public final class RawJdbcStore implements ConversationStore {
    private final Database database;
    private final HikariDataSource pool;
    private final AgentRunsStore setup;
    private final String url;
    private final String prefix;
    private final String insert;
    private final String selectAll;
    private final String selectLast;
    private final String addToCounters;
    private final String selectCounters;
    private final boolean sessionTransaction;
    private final Map<String, AtomicLong> seqs = new ConcurrentHashMap<>();
    private final Queue<Lane> lanes = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<Lane> lane = ThreadLocal.withInitial(this::openLane);

    private RawJdbcStore(Database database, String settings, boolean sessionTransaction) {
        this.database = database;
        this.sessionTransaction = sessionTransaction;
        this.url = database.freshUrl(settings);
        this.prefix = Database.uniquePrefix();
        this.pool = Pools.open(database, url, 4);
        this.setup = AgentRunsStore.jdbc(pool, prefix);
        String messages = prefix + "messages";
        String sessionParameter = database == Database.POSTGRESQL ? "CAST(? AS uuid)" : "?";
        this.insert = "INSERT INTO " + messages + " (session_id, seq, message_id, role, created_at, content)"
                + " VALUES (" + sessionParameter + ", ?, ?, ?, ?, ?)";
        String columns = "session_id, seq, message_id, origin_session_id, role, created_at, content, usage_model,"
                + " input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens";
        this.selectAll = "SELECT " + columns + " FROM " + messages + " WHERE session_id = " + sessionParameter
                + " ORDER BY seq";
        this.selectLast = "SELECT " + columns + " FROM " + messages + " WHERE session_id = " + sessionParameter
                + " ORDER BY seq DESC LIMIT ?";
        String sessions = prefix + "sessions";
        // On H2 agentruns keeps the counters in a table of their own, with a copy of the status.
        boolean countersApart = database == Database.H2;
        String matching = countersApart
                ? " WHERE session_id = ? AND EXISTS (SELECT 1 FROM " + sessions
                        + " WHERE id = session_id AND workspace_id = ?) AND session_status IN (?, ?)"
                : " WHERE id = " + sessionParameter + " AND workspace_id = ? AND status IN (?, ?)";
        String counters = countersApart ? prefix + "session_counters" : sessions;
        String update = "UPDATE " + counters
                + " SET message_count = message_count + ?,"
                + " activity_count = activity_count + ?, last_activity_at = "
                + (database == Database.SQLITE ? "MAX" : "GREATEST") + "(last_activity_at, ?),"
                + " input_tokens = input_tokens + ?, output_tokens = output_tokens + ?,"
                + " cache_read_tokens = cache_read_tokens + ?, cache_creation_tokens = cache_creation_tokens + ?"
                + matching;
        this.addToCounters = switch (database) {
            case SQLITE, POSTGRESQL -> update + " RETURNING message_count";
            case H2 -> "SELECT message_count FROM FINAL TABLE (" + update + ")";
            case MARIADB -> update;
        };
        this.selectCounters = "SELECT message_count FROM " + counters + " WHERE " + (countersApart ? "session_id" : "id")
                + " = " + sessionParameter;
    }

    /** Raw JDBC on a new database (or new tables on a server) with the given URL settings. */
    public static RawJdbcStore open(Database database, String settings) {
        return new RawJdbcStore(database, settings, false);
    }

    /** Raw JDBC running agentruns's append transaction on a new database with the given URL settings. */
    public static RawJdbcStore withTransaction(Database database, String settings) {
        return new RawJdbcStore(database, settings, true);
    }

    @Override
    public String create(List<String> history) {
        String id = setup.create(history);
        seqs.put(id, new AtomicLong(history.size()));
        return id;
    }

    @Override
    public void append(String conversation, String text) {
        Lane l = lane.get();
        boolean transaction = sessionTransaction || !l.autoCommit();
        try {
            if (transaction) {
                l.begin();
            }
            long count = addToCounters(l, conversation, 1);
            bindInsert(l.insert, conversation, count, text);
            l.insert.executeUpdate();
            if (transaction) {
                l.commit();
            }
        } catch (SQLException e) {
            throw rollback(l, e);
        }
    }

    @Override
    public void appendAll(String conversation, List<String> texts) {
        Lane l = lane.get();
        try {
            l.begin();
            long count = addToCounters(l, conversation, texts.size()) - texts.size();
            for (String text : texts) {
                bindInsert(l.insert, conversation, ++count, text);
                l.insert.addBatch();
            }
            l.insert.executeBatch();
            l.commit();
        } catch (SQLException e) {
            throw rollback(l, e);
        }
    }

    @Override
    public int load(String conversation) {
        return read(lane.get().selectAll, conversation, -1);
    }

    @Override
    public int loadLast(String conversation, int count) {
        return read(lane.get().selectLast, conversation, count);
    }

    private int read(PreparedStatement st, String conversation, int limit) {
        Lane l = lane.get();
        try {
            st.setString(1, conversation);
            if (limit > 0) {
                st.setInt(2, limit);
            }
            int rows = 0;
            long checksum = 0;
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows++;
                    checksum += rs.getLong(2);
                    checksum += rs.getString(3).length() + rs.getString(5).length() + rs.getLong(6);
                    checksum += rs.getString(7).length();
                }
            }
            if (!l.autoCommit()) {
                l.connection.commit();
            }
            return checksum == 0 ? 0 : rows;
        } catch (SQLException e) {
            throw rollback(l, e);
        }
    }

    /**
     * Adds {@code messages} to the session's counters and returns its message count after that
     * ({@code raw-tx} only); the in-memory count after the append otherwise.
     */
    private long addToCounters(Lane l, String conversation, int messages) throws SQLException {
        if (!sessionTransaction) {
            return seqs.get(conversation).addAndGet(messages);
        }
        PreparedStatement st = l.addToCounters;
        st.setLong(1, messages);
        st.setLong(2, 0);
        st.setLong(3, System.currentTimeMillis() * 1000);
        for (int i = 4; i <= 7; i++) {
            st.setLong(i, 0);
        }
        st.setString(8, conversation);
        st.setString(9, AgentRunsStore.WORKSPACE);
        st.setString(10, "RUNNING");
        st.setString(11, "WAITING");
        if (database == Database.MARIADB) {
            if (st.executeUpdate() != 1) {
                throw new IllegalStateException("no session " + conversation);
            }
            st = l.selectCounters;
            st.setString(1, conversation);
        }
        try (ResultSet rs = st.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("no session " + conversation);
            }
            return rs.getLong(1);
        }
    }

    private void bindInsert(PreparedStatement st, String conversation, long seq, String text) throws SQLException {
        st.setString(1, conversation);
        st.setLong(2, seq);
        st.setString(3, UUID.randomUUID().toString());
        st.setString(4, "ASSISTANT");
        st.setLong(5, System.currentTimeMillis() * 1000);
        String content = ContentCodec.write(List.of(new ContentBlock.Text(text)));
        if (database == Database.POSTGRESQL) {
            st.setObject(6, content, Types.OTHER);
        } else {
            st.setString(6, content);
        }
    }

    private Lane openLane() {
        try {
            Connection c = pool.getConnection();
            // SQLite: the driver would begin the next (deferred) transaction at once after each commit,
            // and a deferred transaction that reads before it writes fails when another connection wrote
            // in between; so auto-commit, with BEGIN IMMEDIATE where a transaction spans statements, as
            // agentruns does.
            boolean autoCommit = database == Database.SQLITE;
            c.setAutoCommit(autoCommit);
            Lane l = new Lane(c, autoCommit, c.prepareStatement(insert), c.prepareStatement(selectAll),
                    c.prepareStatement(selectLast), c.prepareStatement(addToCounters), c.prepareStatement(selectCounters),
                    autoCommit ? c.prepareStatement("BEGIN IMMEDIATE") : null,
                    autoCommit ? c.prepareStatement("COMMIT") : null);
            lanes.add(l);
            return l;
        } catch (SQLException e) {
            throw new IllegalStateException("raw JDBC on " + database + ": cannot open a connection", e);
        }
    }

    private static IllegalStateException rollback(Lane l, SQLException e) {
        try {
            if (!l.autoCommit()) {
                l.connection.rollback();
            } else {
                try (Statement st = l.connection.createStatement()) {
                    st.execute("ROLLBACK");
                } catch (SQLException noTransaction) {
                    // the failure came before BEGIN or after COMMIT: nothing to roll back
                }
            }
        } catch (SQLException suppressed) {
            e.addSuppressed(suppressed);
        }
        return new IllegalStateException("raw JDBC statement failed: " + e.getMessage(), e);
    }

    @Override
    public void close() {
        for (Lane l : lanes) {
            try {
                l.connection.close();
            } catch (SQLException ignored) {
                // closing the pool below closes it anyway
            }
        }
        setup.close();
        pool.close();
        database.discard(url, prefix);
    }

    /**
     * One thread's connection and statements. With {@code autoCommit} (SQLite) a transaction is an
     * explicit BEGIN IMMEDIATE ... COMMIT; otherwise the connection is always in one and commits.
     */
    private record Lane(Connection connection, boolean autoCommit, PreparedStatement insert,
                        PreparedStatement selectAll, PreparedStatement selectLast, PreparedStatement addToCounters,
                        PreparedStatement selectCounters, PreparedStatement beginImmediate, PreparedStatement commitNow) {
        void begin() throws SQLException {
            if (autoCommit) {
                beginImmediate.execute();
            }
        }

        void commit() throws SQLException {
            if (autoCommit) {
                commitNow.execute();
            } else {
                connection.commit();
            }
        }
    }
}
