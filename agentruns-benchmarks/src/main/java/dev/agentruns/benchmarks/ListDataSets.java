package dev.agentruns.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;

import dev.agentruns.ActivityType;
import dev.agentruns.ContentBlock;
import dev.agentruns.Role;
import dev.agentruns.SessionKind;
import dev.agentruns.SessionStatus;
import dev.agentruns.WaitReason;
import dev.agentruns.inmemory.InMemorySessionRepository;
import dev.agentruns.jdbc.JdbcSessionRepository;
import dev.agentruns.spi.ActivityDraft;
import dev.agentruns.spi.ContentCodec;
import dev.agentruns.spi.MessageDraft;
import dev.agentruns.spi.SessionDraft;
import dev.agentruns.spi.SessionState;
import dev.agentruns.spi.UpdateResult;

/**
 * Builds the {@link ListData} data sets. In memory through the repository SPI ({@code create} then,
 * for a session that has moved on, {@code update}), as the core would. On a database with JDBC batch
 * inserts in large transactions, writing exactly the rows agentruns-jdbc writes for a session started
 * through {@code Workspace.start} (one prompt message, SESSION_STARTED) and then moved to its status
 * ({@code complete}, {@code fail}, {@code cancel} or {@code waitFor}): see {@code SessionStore.create},
 * {@code SessionStore.update}, {@code Statements.insertSession/insertMessage/insertActivity/updateState}
 * and {@code Workspace.start/complete/fail/cancel/waitFor}. The tables are made by agentruns' own
 * migration.
 *
 * <p>Database data sets are cached: embedded ones in {@code list-<n>} files under
 * {@link Database#dataDirectory()}, server ones in tables with the prefix {@code benchlist_<n>_}. A
 * marker table written in the last transaction says the set is complete (with the generator version
 * and its generation time); a set without it is deleted and generated again. Cached sets are never
 * dropped by the benchmarks.
 */
public final class ListDataSets {
    private static final int BATCH = 2_000;
    private static final int COMMIT_EVERY = 50_000;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ListDataSets() {
    }

    /** A data set on a database, ready to be read. */
    public record Cached(Database database, String url, String prefix, int sessions, long expected,
                         Duration generation, boolean reused) {

        /** A pool on the data set, with the settings agentruns uses and {@link Database#readSettings()}. */
        HikariDataSource open(int size) {
            return Pools.open(database, readUrl(), size);
        }

        /** The data set's URL with {@link Database#readSettings()}. */
        String readUrl() {
            String settings = database.readSettings();
            return settings.isEmpty() ? url : url + ";" + settings;
        }

        String describe() {
            return String.format(Locale.ROOT, "%s %,d sessions: %s (generation took %.1f s)", database.key(), sessions,
                    reused ? "reused the cached data set" : "generated now", generation.toMillis() / 1000.0);
        }
    }

    /**
     * Generates (or finds) the cached data sets ahead of a run:
     * {@code java -cp benchmarks.jar dev.agentruns.benchmarks.ListDataSets sqlite,h2,postgresql,mariadb
     * 10000,100000,1000000}.
     */
    public static void main(String[] args) {
        List<String> databases = List.of((args.length > 0 ? args[0] : "sqlite,h2,postgresql,mariadb").split(","));
        List<String> sizes = List.of((args.length > 1 ? args[1] : "10000,100000,1000000").split(","));
        for (String size : sizes) {
            for (String db : databases) {
                System.out.println("# " + cached(Database.ofKey(db), Integer.parseInt(size)).describe());
            }
        }
    }

    /** Table prefix of the cached data set of {@code n} sessions. */
    public static String prefix(int n) {
        return "benchlist_" + n + "_";
    }

    // ------------------------------------------------------------------ in memory

    /** A new in-memory repository holding the {@code n} sessions. */
    public static InMemorySessionRepository inMemory(int n) {
        InMemorySessionRepository repository = new InMemorySessionRepository();
        ListData.generate(n, s -> storeThroughSpi(repository, s));
        return repository;
    }

    private static void storeThroughSpi(InMemorySessionRepository repository, ListData.Spec s) {
        SessionDraft draft = new SessionDraft(s.id(), ListData.WORKSPACE, SessionKind.AGENT_RUN, s.agent(), s.prompt(),
                s.startedAt(), null, null, null);
        MessageDraft prompt = new MessageDraft(s.messageId(), Role.USER, s.startedAt(),
                List.of(ContentBlock.text(s.prompt())), null, false);
        ActivityDraft started = new ActivityDraft(s.eventIds()[0], s.startedAt(), ActivityType.SESSION_STARTED,
                s.agent().displayName() + " started",
                JSON.objectNode().put("agentId", s.agent().id()).put("kind", SessionKind.AGENT_RUN.name()));
        repository.create(draft, List.of(prompt), List.of(started));
        if (s.status() == SessionStatus.RUNNING) {
            return;
        }
        List<ActivityDraft> events = new ArrayList<>(2);
        for (Event e : endEvents(s)) {
            events.add(new ActivityDraft(e.id(), s.changedAt(), new ActivityType(e.type()), e.summary(), e.details()));
        }
        boolean terminal = s.status().isTerminal();
        SessionState state = new SessionState(s.status(), terminal ? null : WaitReason.INPUT, s.changedAt(),
                terminal ? s.changedAt() : null, Duration.ZERO, null, null, null);
        UpdateResult r = repository.update(ListData.WORKSPACE, s.id(), 1, state, List.of(), events);
        if (!(r instanceof UpdateResult.Updated)) {
            throw new IllegalStateException("could not move session " + s.id() + " to " + s.status() + ": " + r);
        }
    }

    /** An activity event after the start, as Workspace's transitions write it. */
    record Event(UUID id, String type, String summary, ObjectNode details) {
    }

    /** The events the transition to the session's status writes (none for RUNNING). */
    static List<Event> endEvents(ListData.Spec s) {
        UUID[] ids = s.eventIds();
        return switch (s.status()) {
            case RUNNING -> List.of();
            case WAITING -> List.of(new Event(ids[1], ActivityType.STATUS_CHANGED.name(), "Waiting for input",
                    fromTo(s.status()).put("reason", WaitReason.INPUT.name())));
            case COMPLETED -> List.of(new Event(ids[1], ActivityType.SESSION_ENDED.name(), "Completed",
                    fromTo(s.status())));
            case CANCELLED -> List.of(new Event(ids[1], ActivityType.SESSION_ENDED.name(), "Cancelled",
                    fromTo(s.status())));
            case FAILED -> List.of(new Event(ids[1], ActivityType.ERROR.name(), ListData.FAILURE, JSON.objectNode()),
                    new Event(ids[2], ActivityType.SESSION_ENDED.name(), "Failed", fromTo(s.status())));
        };
    }

    private static ObjectNode fromTo(SessionStatus to) {
        return JSON.objectNode().put("from", SessionStatus.RUNNING.name()).put("to", to.name());
    }

    // ------------------------------------------------------------------ on a database

    /** The cached data set of {@code n} sessions on {@code database}, generated first if it is missing. */
    public static Cached cached(Database database, int n) {
        String url = database.namedUrl("list-" + n);
        String prefix = prefix(n);
        long expected = ListData.expectedMatches(n);
        Long millis = marker(database, url, prefix, n, expected);
        if (millis != null) {
            migrate(database, url, prefix);
            return new Cached(database, url, prefix, n, expected, Duration.ofMillis(millis), true);
        }
        System.out.printf(Locale.ROOT, "# list data set: generating %,d sessions on %s...%n", n, database.key());
        remove(database, url, prefix, n);
        long t0 = System.nanoTime();
        generate(database, url, prefix, n, spec -> true);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        writeMarker(database, url, prefix, n, expected, took.toMillis());
        System.out.printf(Locale.ROOT, "# list data set: %,d sessions on %s generated in %.1f s%n", n, database.key(),
                took.toMillis() / 1000.0);
        return new Cached(database, url, prefix, n, expected, took, false);
    }

    /**
     * Makes the agentruns tables with {@code prefix} (through agentruns' migration) and writes the
     * sessions of {@code n} that {@code which} accepts. For the cache and for tests.
     */
    static void generate(Database database, String url, String prefix, int n,
                         java.util.function.Predicate<ListData.Spec> which) {
        migrate(database, url, prefix);
        try (Connection c = DriverManager.getConnection(loadUrl(database, url), database.user(), database.password())) {
            c.setAutoCommit(false);
            Writer writer = new Writer(database, c, prefix);
            int[] written = {0};
            ListData.generate(n, s -> {
                if (which.test(s)) {
                    writer.add(s);
                    if (++written[0] % COMMIT_EVERY == 0) {
                        writer.flush();
                        commit(c);
                    }
                }
            });
            writer.flush();
            c.commit();
            writer.close();
            afterLoad(database, c, prefix);
        } catch (SQLException e) {
            throw new IllegalStateException("could not write the list data set to " + database, e);
        }
    }

    /**
     * Brings the tables with {@code prefix} to agentruns's current schema through its own migration:
     * creates them, or moves a data set cached by an earlier schema on as a user's database would be.
     */
    private static void migrate(Database database, String url, String prefix) {
        // Two connections: H2 migrates holding a lock row on a second one.
        try (HikariDataSource pool = Pools.open(database, url, 2)) {
            JdbcSessionRepository.builder().dataSource(pool).tablePrefix(prefix).build().close();
        }
    }

    private static void commit(Connection c) {
        try {
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The URL for bulk loading: the same database, with the driver's batch rewriting where it has one. */
    private static String loadUrl(Database database, String url) {
        return switch (database) {
            case POSTGRESQL -> url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
            case MARIADB -> url + (url.contains("?") ? "&" : "?") + "useBulkStmts=true";
            default -> url;
        };
    }

    /**
     * After the bulk load: what the database's own background work would soon do to a table that
     * grew this much (PostgreSQL's autovacuum: VACUUM ANALYZE; InnoDB's persistent statistics:
     * ANALYZE TABLE), so plans do not depend on when it runs. H2 gathers statistics by itself as rows
     * change; SQLite keeps none unless ANALYZE is run, and agentruns does not run it, so neither is
     * touched. SQLite's WAL is checkpointed into the file.
     */
    private static void afterLoad(Database database, Connection c, String prefix) throws SQLException {
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            for (String table : new String[] {"sessions", "messages", "activity"}) {
                switch (database) {
                    case POSTGRESQL -> st.execute("VACUUM ANALYZE " + prefix + table);
                    case MARIADB -> st.execute("ANALYZE TABLE " + prefix + table);
                    default -> {
                    }
                }
            }
            if (database == Database.SQLITE) {
                st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
    }

    /** Batched inserts of whole sessions; values bound as agentruns-jdbc binds them on each dialect. */
    private static final class Writer {
        private final Database database;
        private final boolean countersApart;
        private final PreparedStatement sessions;
        private final PreparedStatement counters;
        private final PreparedStatement messages;
        private final PreparedStatement activity;
        private int pending;

        Writer(Database database, Connection c, String prefix) throws SQLException {
            this.database = database;
            // Every column of Statements.insertSession, with the values SessionStore.create and then
            // SessionStore.update (Statements.updateState, addToCounters, copyStatusToCounters) leave in the
            // row; on H2 the counters in a row of their own (H2Statements).
            this.countersApart = database == Database.H2;
            String counted = countersApart ? "" : " message_count, activity_count, last_activity_at, input_tokens,"
                    + " output_tokens, cache_read_tokens, cache_creation_tokens,";
            String countedValues = countersApart ? "" : " 1, ?, ?, 0, 0, 0, 0,";
            this.sessions = c.prepareStatement("INSERT INTO " + prefix + "sessions (id, workspace_id, kind, agent_id,"
                    + " agent_name, agent_icon, title, status, wait_reason, started_at, status_changed_at, ended_at,"
                    + " waited_micros, ticket_system, ticket_key, ticket_title, ticket_url, archived_at, archived,"
                    + " fork_source_id, fork_message_id, fork_seq, base_session_id, base_seq," + counted
                    + " output_verdict, output_errors, output_json, output_schema, version)"
                    + " VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, 0, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL,"
                    + " NULL, NULL, 0," + countedValues + " NULL, NULL, NULL, NULL, ?)");
            this.counters = countersApart ? c.prepareStatement("INSERT INTO " + prefix + "session_counters (session_id,"
                    + " session_status, message_count, activity_count, last_activity_at, input_tokens, output_tokens,"
                    + " cache_read_tokens, cache_creation_tokens) VALUES (?, ?, 1, ?, ?, 0, 0, 0, 0)") : null;
            // Statements.insertMessage with the prompt's values.
            this.messages = c.prepareStatement("INSERT INTO " + prefix + "messages (session_id, seq, message_id,"
                    + " origin_session_id, role, created_at, content, usage_model, input_tokens, output_tokens,"
                    + " cache_read_tokens, cache_creation_tokens) VALUES (?, 1, ?, NULL, 'USER', ?, ?, NULL, NULL,"
                    + " NULL, NULL, NULL)");
            // Statements.insertActivity.
            this.activity = c.prepareStatement("INSERT INTO " + prefix + "activity (session_id, seq, event_id,"
                    + " occurred_at, event_type, summary, details) VALUES (?, ?, ?, ?, ?, ?, ?)");
        }

        void add(ListData.Spec s) {
            try {
                SessionStatus status = s.status();
                boolean moved = status != SessionStatus.RUNNING;
                int i = 1;
                id(sessions, i++, s.id());
                sessions.setString(i++, ListData.WORKSPACE);
                sessions.setString(i++, SessionKind.AGENT_RUN.name());
                sessions.setString(i++, s.agent().id());
                sessions.setString(i++, s.agent().displayName());
                sessions.setString(i++, s.prompt());
                sessions.setString(i++, status.name());
                if (status == SessionStatus.WAITING) {
                    sessions.setString(i++, WaitReason.INPUT.name());
                } else {
                    sessions.setNull(i++, Types.VARCHAR);
                }
                sessions.setLong(i++, s.startedMicros());
                sessions.setLong(i++, s.changedMicros());
                if (status.isTerminal()) {
                    sessions.setLong(i++, s.changedMicros());
                } else {
                    sessions.setNull(i++, Types.BIGINT);
                }
                if (countersApart) {
                    id(counters, 1, s.id());
                    counters.setString(2, status.name());
                    counters.setLong(3, s.eventCount());
                    counters.setLong(4, s.changedMicros());
                    counters.addBatch();
                } else {
                    sessions.setLong(i++, s.eventCount());
                    sessions.setLong(i++, s.changedMicros());
                }
                sessions.setLong(i, moved ? 2 : 1);
                sessions.addBatch();

                id(messages, 1, s.id());
                messages.setString(2, s.messageId());
                messages.setLong(3, s.startedMicros());
                json(messages, 4, ContentCodec.write(List.of(ContentBlock.text(s.prompt()))));
                messages.addBatch();

                event(s, 1, s.eventIds()[0], s.startedMicros(), ActivityType.SESSION_STARTED.name(),
                        s.agent().displayName() + " started",
                        "{\"agentId\":\"" + s.agent().id() + "\",\"kind\":\"" + SessionKind.AGENT_RUN.name() + "\"}");
                int seq = 2;
                for (Event e : endEvents(s)) {
                    event(s, seq++, e.id(), s.changedMicros(), e.type(), e.summary(), e.details().toString());
                }
                if (++pending == BATCH) {
                    flush();
                }
            } catch (SQLException e) {
                throw new IllegalStateException("could not batch session " + s.index(), e);
            }
        }

        private void event(ListData.Spec s, int seq, UUID id, long at, String type, String summary, String details)
                throws SQLException {
            id(activity, 1, s.id());
            activity.setLong(2, seq);
            id(activity, 3, id);
            activity.setLong(4, at);
            activity.setString(5, type);
            activity.setString(6, summary);
            json(activity, 7, details);
            activity.addBatch();
        }

        /** Sessions first: the other two tables reference them. */
        void flush() {
            if (pending == 0) {
                return;
            }
            try {
                sessions.executeBatch();
                if (countersApart) {
                    counters.executeBatch();
                }
                messages.executeBatch();
                activity.executeBatch();
                pending = 0;
            } catch (SQLException e) {
                throw new IllegalStateException("batch insert failed on " + database, e);
            }
        }

        void close() throws SQLException {
            sessions.close();
            if (countersApart) {
                counters.close();
            }
            messages.close();
            activity.close();
        }

        /** As PostgresStatements.id and Statements.id bind ids. */
        private void id(PreparedStatement st, int index, UUID id) throws SQLException {
            if (database == Database.POSTGRESQL) {
                st.setObject(index, id);
            } else {
                st.setString(index, id.toString());
            }
        }

        /** As PostgresStatements.json and Statements.json bind JSON text. */
        private void json(PreparedStatement st, int index, String json) throws SQLException {
            if (database == Database.POSTGRESQL) {
                st.setObject(index, json, Types.OTHER);
            } else {
                st.setString(index, json);
            }
        }
    }

    // ------------------------------------------------------------------ the cache marker

    /** The generation time in the complete marker of this data set, or null when it is missing or stale. */
    private static Long marker(Database database, String url, String prefix, int n, long expected) {
        if (!database.isServer() && !Files.exists(mainFile(database, n))) {
            return null;
        }
        try (Connection c = DriverManager.getConnection(url, database.user(), database.password());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT sessions, expected, generator, millis FROM " + prefix
                     + "bench_marker")) {
            if (rs.next() && rs.getLong(1) == n && rs.getLong(2) == expected
                    && rs.getInt(3) == ListData.GENERATOR_VERSION) {
                return rs.getLong(4);
            }
            return null;
        } catch (SQLException e) {
            return null;
        }
    }

    private static void writeMarker(Database database, String url, String prefix, int n, long expected, long millis) {
        try (Connection c = DriverManager.getConnection(url, database.user(), database.password());
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + prefix + "bench_marker (sessions BIGINT NOT NULL, expected BIGINT NOT NULL,"
                    + " generator INT NOT NULL, millis BIGINT NOT NULL)");
            st.execute("INSERT INTO " + prefix + "bench_marker VALUES (" + n + ", " + expected + ", "
                    + ListData.GENERATOR_VERSION + ", " + millis + ")");
        } catch (SQLException e) {
            throw new IllegalStateException("could not mark the list data set on " + database + " complete", e);
        }
    }

    /** Removes whatever an earlier, unfinished generation left. */
    private static void remove(Database database, String url, String prefix, int n) {
        if (database.isServer()) {
            database.dropTables(url, prefix);
            try (Connection c = DriverManager.getConnection(url, database.user(), database.password());
                 Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + prefix + "bench_marker");
            } catch (SQLException e) {
                throw new IllegalStateException("could not drop " + prefix + "bench_marker on " + database, e);
            }
            return;
        }
        Path dir = Database.dataDirectory();
        String base = "list-" + n;
        List<String> files = database == Database.SQLITE
                ? List.of(base + ".db", base + ".db-wal", base + ".db-shm")
                : List.of(base + ".mv.db", base + ".trace.db");
        try {
            for (String f : files) {
                Files.deleteIfExists(dir.resolve(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path mainFile(Database database, int n) {
        return Database.dataDirectory().resolve("list-" + n + (database == Database.SQLITE ? ".db" : ".mv.db"));
    }
}
