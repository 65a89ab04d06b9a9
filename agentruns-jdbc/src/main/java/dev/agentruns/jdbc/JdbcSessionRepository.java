package dev.agentruns.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.agentruns.ActivityEvent;
import dev.agentruns.Message;
import dev.agentruns.Session;
import dev.agentruns.SessionStatus;
import dev.agentruns.SessionSummary;
import dev.agentruns.StorageException;
import dev.agentruns.jdbc.internal.CachingStatementBuilder;
import dev.agentruns.jdbc.internal.Migrator;
import dev.agentruns.jdbc.internal.SessionStore;
import dev.agentruns.jdbc.internal.Statements;
import dev.agentruns.jdbc.internal.Transactor;
import dev.agentruns.spi.ActivityDraft;
import dev.agentruns.spi.AppendResult;
import dev.agentruns.spi.Created;
import dev.agentruns.spi.ForkResult;
import dev.agentruns.spi.MessageDraft;
import dev.agentruns.spi.SessionCriteria;
import dev.agentruns.spi.SessionDraft;
import dev.agentruns.spi.SessionRepository;
import dev.agentruns.spi.SessionState;
import dev.agentruns.spi.UpdateResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.TemplateEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SessionRepository} on a relational database through JDBC (JDBI 3, HikariCP): SQLite (the
 * embedded default), H2, PostgreSQL 13+, MariaDB 10.6+ and MySQL 8.
 *
 * <pre>{@code
 * // one file, nothing to install:
 * SessionRepository repo = JdbcSessionRepository.embedded(Path.of("agentruns.db"));
 * // the host's pool (not closed by the repository):
 * SessionRepository repo = JdbcSessionRepository.builder().dataSource(hostDataSource).build();
 * // a pool of our own (closed by close()):
 * SessionRepository repo = JdbcSessionRepository.builder()
 *         .url("jdbc:postgresql://db/app", "app", secret).tablePrefix("runs_").build();
 * }</pre>
 *
 * <p><b>Schema.</b> On build, pending migrations (the scripts under
 * {@code dev/agentruns/jdbc/<dialect>/}) are applied under a lock unless switched off; a database
 * whose schema is newer than this library knows is refused with a {@link SchemaMigrationException}.
 * Tables are named with a prefix ({@value #DEFAULT_TABLE_PREFIX} by default), so several
 * repositories can share a database.
 *
 * <p><b>Storage.</b> Times are UTC microseconds in BIGINT columns; message content, output and
 * activity details are JSON text (PostgreSQL: {@code json}); free text keeps NUL and astral
 * characters exactly (on PostgreSQL through a reversible escape of U+0000, see the V1 script). A fork
 * stores a pointer to its source's transcript, not a copy; deleting a source copies into each fork
 * the source's messages that fork still reads, so forks stay whole. After that copy a message's
 * {@link Message#sessionId()} still names the session that appended it.
 *
 * <p><b>SQLite.</b> {@link #embedded(Path)} opens the file in WAL mode with {@code synchronous=NORMAL}
 * (a killed process loses no acknowledged write), a busy timeout and foreign keys on. Writers of one
 * repository queue on a lock; write transactions start with {@code BEGIN IMMEDIATE}, so writers in
 * other processes wait under the busy timeout instead of failing.
 *
 * <p><b>H2.</b> Interrupting a thread that does file I/O in H2 makes H2 close the database, so on H2
 * every call runs on a thread of the repository's own while the caller waits, uninterruptibly; the
 * caller's interrupt flag stays set for it to act on. Both sides of that hand-off yield for up to 50
 * microseconds before they park (on more than one processor), so calls in a row pay no thread
 * wake-up. On a pool of its own the repository raises
 * H2's {@code MAX_LENGTH_INPLACE_LOB} to 64 KiB so that message content is stored in its row
 * (H2 stores longer CLOB values apart, at many times the cost); on a host's pool it logs a warning
 * when the setting is lower.
 *
 * <p>Thread-safe. Close it to release the pool it built; a host's {@link DataSource} is left open.
 */
public final class JdbcSessionRepository implements SessionRepository {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcSessionRepository.class);

    /** H2's MAX_LENGTH_INPLACE_LOB the repository sets on a pool of its own. */
    static final int H2_INPLACE_LOB_BYTES = 65_536;

    /** The table prefix used unless another is set. */
    public static final String DEFAULT_TABLE_PREFIX = "agentruns_";

    private static final Pattern TABLE_PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,20}");

    private final Dialect dialect;
    private final Statements statements;
    private final Jdbi jdbi;
    private final Transactor transactor;
    private final SessionStore store;
    private final HikariDataSource ownedPool;
    private final AtomicBoolean closed = new AtomicBoolean();

    private JdbcSessionRepository(Dialect dialect, Statements statements, Jdbi jdbi, HikariDataSource ownedPool,
                                  boolean serialiseWriters) {
        this.dialect = dialect;
        this.statements = statements;
        this.jdbi = jdbi;
        this.ownedPool = ownedPool;
        this.transactor = new Transactor(jdbi, statements, serialiseWriters, dialect == Dialect.H2);
        this.store = new SessionStore(statements, transactor);
    }

    /**
     * An embedded SQLite database in {@code file} (created with its parent folders when missing),
     * with the default table prefix and migrations on.
     */
    public static JdbcSessionRepository embedded(Path file) {
        return builder().embedded(file).build();
    }

    /** A repository on the host's {@link DataSource} (which {@link #close()} leaves open), with defaults. */
    public static JdbcSessionRepository of(DataSource dataSource) {
        return builder().dataSource(dataSource).build();
    }

    /** A builder: choose the database with {@code embedded}, {@code url} or {@code dataSource}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The dialect in use. */
    public Dialect dialect() {
        return dialect;
    }

    /** The prefix of this repository's table names. */
    public String tablePrefix() {
        return statements.prefix();
    }

    Jdbi jdbi() {
        return jdbi;
    }

    Statements statements() {
        return statements;
    }

    @Override
    public Created create(SessionDraft session, List<MessageDraft> messages, List<ActivityDraft> events) {
        return store.create(session, messages, events);
    }

    @Override
    public ForkResult fork(SessionDraft fork, List<MessageDraft> messages, List<ActivityDraft> events,
                           List<ActivityDraft> sourceEvents) {
        return store.fork(fork, messages, events, sourceEvents);
    }

    @Override
    public AppendResult append(String workspaceId, UUID sessionId, Set<SessionStatus> requiredStatuses,
                               List<MessageDraft> messages, List<ActivityDraft> events) {
        return store.append(workspaceId, sessionId, requiredStatuses, messages, events);
    }

    @Override
    public UpdateResult update(String workspaceId, UUID sessionId, long expectedVersion, SessionState state,
                               List<MessageDraft> messages, List<ActivityDraft> events) {
        return store.update(workspaceId, sessionId, expectedVersion, state, messages, events);
    }

    @Override
    public boolean delete(String workspaceId, UUID sessionId) {
        return store.delete(workspaceId, sessionId);
    }

    @Override
    public Optional<Session> find(String workspaceId, UUID sessionId) {
        return store.find(workspaceId, sessionId);
    }

    @Override
    public Optional<Message> findMessage(String workspaceId, UUID sessionId, String messageId) {
        return store.findMessage(workspaceId, sessionId, messageId);
    }

    @Override
    public List<Message> messages(String workspaceId, UUID sessionId, long fromSeq, int limit) {
        return store.messages(workspaceId, sessionId, fromSeq, limit);
    }

    @Override
    public List<ActivityEvent> activity(String workspaceId, UUID sessionId, long afterSeq, int limit) {
        return store.activity(workspaceId, sessionId, afterSeq, limit);
    }

    @Override
    public List<SessionSummary> query(String workspaceId, SessionCriteria criteria) {
        return store.query(workspaceId, criteria);
    }

    @Override
    public long count(String workspaceId, SessionCriteria criteria) {
        return store.count(workspaceId, criteria);
    }

    /** Closes the connection pool this repository built; a host's {@link DataSource} stays open. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        transactor.close();
        if (ownedPool != null) {
            ownedPool.close();
            LOG.debug("Closed the agentruns connection pool {}", ownedPool.getPoolName());
        }
    }

    @Override
    public String toString() {
        return "JdbcSessionRepository[" + dialect + ", prefix '" + statements.prefix() + "']";
    }

    /**
     * Configures a {@link JdbcSessionRepository}. Exactly one source of connections: an embedded
     * SQLite file, the host's {@link DataSource}, or a JDBC URL (the last one set wins). Not
     * thread-safe; the repository it builds is.
     */
    public static final class Builder {
        private Path embeddedFile;
        private DataSource dataSource;
        private String url;
        private String user;
        private String password;
        private String tablePrefix = DEFAULT_TABLE_PREFIX;
        private boolean migrate = true;
        private Dialect dialect;
        private int maximumPoolSize;
        private Duration busyTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        /** An embedded SQLite database in {@code file}; the repository owns its pool. */
        public Builder embedded(Path file) {
            clearSource();
            this.embeddedFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /** The host's pool. The repository never closes it. */
        public Builder dataSource(DataSource dataSource) {
            clearSource();
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /**
         * A JDBC URL; the repository builds a HikariCP pool for it and closes it on {@link #close()}.
         * For {@code jdbc:sqlite:} URLs it applies the embedded settings (WAL, synchronous=NORMAL,
         * busy timeout, foreign keys) unless the URL sets them.
         *
         * @param user     may be null
         * @param password may be null
         */
        public Builder url(String url, String user, String password) {
            clearSource();
            this.url = Objects.requireNonNull(url, "url");
            this.user = user;
            this.password = password;
            return this;
        }

        /**
         * Prefix of every table and index name: a lower-case letter, then up to 20 lower-case
         * letters, digits or underscores. Default {@value JdbcSessionRepository#DEFAULT_TABLE_PREFIX}.
         */
        public Builder tablePrefix(String prefix) {
            Objects.requireNonNull(prefix, "tablePrefix");
            if (!TABLE_PREFIX.matcher(prefix).matches()) {
                throw new IllegalArgumentException("tablePrefix must match " + TABLE_PREFIX.pattern() + ", was '"
                        + prefix + "'");
            }
            this.tablePrefix = prefix;
            return this;
        }

        /**
         * Whether to apply pending schema migrations on build (default true). Switch it off when the
         * host applies the shipped scripts with its own tool (Flyway, Liquibase).
         */
        public Builder migrate(boolean migrate) {
            this.migrate = migrate;
            return this;
        }

        /** Overrides detection from the driver's metadata. */
        public Builder dialect(Dialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        /** Size of a pool the repository builds (default 4 for SQLite, 10 otherwise). */
        public Builder maximumPoolSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("maximumPoolSize must be at least 1, was " + size);
            }
            this.maximumPoolSize = size;
            return this;
        }

        /** How long SQLite waits for another process's write lock (default 30 s); for pools the repository builds. */
        public Builder busyTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "busyTimeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("busyTimeout must not be negative, was " + timeout);
            }
            this.busyTimeout = timeout;
            return this;
        }

        /**
         * Connects, detects the dialect, migrates (unless switched off) and returns the repository.
         *
         * @throws StorageException         when the database cannot be reached
         * @throws SchemaMigrationException when the schema is newer than this library or a migration fails
         * @throws IllegalArgumentException when the database is not supported
         * @throws IllegalStateException    when no source of connections was set
         */
        public JdbcSessionRepository build() {
            HikariDataSource owned = null;
            DataSource ds;
            if (embeddedFile != null) {
                owned = pool(sqliteUrl(embeddedFile), null, null);
                ds = owned;
            } else if (url != null) {
                owned = pool(url, user, password);
                ds = owned;
            } else if (dataSource != null) {
                ds = dataSource;
            } else {
                throw new IllegalStateException("set embedded(file), dataSource(ds) or url(url, user, password)");
            }
            try {
                return open(ds, owned);
            } catch (RuntimeException e) {
                if (owned != null) {
                    owned.close();
                }
                throw e;
            }
        }

        private JdbcSessionRepository open(DataSource ds, HikariDataSource owned) {
            Dialect detected = dialect;
            String product;
            try (Connection c = ds.getConnection()) {
                DatabaseMetaData meta = c.getMetaData();
                product = meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
                if (detected == null) {
                    detected = Dialect.detect(meta.getDatabaseProductName(), meta.getDatabaseProductVersion());
                }
            } catch (SQLException e) {
                throw new StorageException("cannot connect to the database: SQLState " + e.getSQLState(), e);
            }
            LOG.info("agentruns-jdbc on {}: dialect {}{}, table prefix '{}'", product, detected,
                    dialect != null ? " (set)" : " (detected)", tablePrefix);
            Statements statements = Statements.forDialect(detected, tablePrefix);
            Jdbi jdbi = Jdbi.create(ds);
            jdbi.getConfig(SqlStatements.class).setTemplateEngine(TemplateEngine.NOP);
            if (owned != null && (detected == Dialect.SQLITE || detected == Dialect.H2)) {
                // Preparing parses and plans in this JVM on every call; keep statements per connection.
                // Only on a pool of its own: a host's connections may be wrapped (tracing, fault
                // injection), and statements kept underneath the wrapper would bypass it.
                jdbi.setStatementBuilderFactory(CachingStatementBuilder.factory());
            }
            try {
                if (detected == Dialect.SQLITE) {
                    String mode = jdbi.withHandle(h -> h.createQuery("PRAGMA journal_mode").mapTo(String.class).one());
                    if (!"wal".equalsIgnoreCase(mode)) {
                        LOG.warn("SQLite journal_mode is {}, not WAL: readers and writers block each other; use "
                                + "embedded(file) or set journal_mode=WAL on the data source", mode);
                    }
                }
                if ((detected == Dialect.MARIADB || detected == Dialect.MYSQL) && owned == null) {
                    warnAboutPacketSize(jdbi);
                }
                if (detected == Dialect.H2) {
                    keepContentInRows(jdbi, owned != null);
                }
            } catch (JdbiException e) {
                throw new StorageException("checking the " + detected + " connection settings failed", e.getCause() != null
                        ? e.getCause() : e);
            }
            if (migrate) {
                try {
                    new Migrator(jdbi, statements).migrate();
                } catch (SchemaMigrationException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new SchemaMigrationException("migrating the agentruns schema (prefix '" + tablePrefix
                            + "') to version " + Migrator.latestVersion(detected) + " failed", e);
                }
            }
            return new JdbcSessionRepository(detected, statements, jdbi, owned, detected == Dialect.SQLITE);
        }

        /**
         * With the text protocol (MariaDB Connector/J's default) quotes and backslashes in a value are
         * escaped into the query, so a message near the 10 MiB limit may need twice that in one packet.
         */
        private static void warnAboutPacketSize(Jdbi jdbi) {
            long packet = jdbi.withHandle(h -> h.createQuery("SELECT @@max_allowed_packet").mapTo(Long.class).one());
            LOG.debug("max_allowed_packet is {} bytes", packet);
            if (packet < 32L * 1024 * 1024) {
                LOG.warn("max_allowed_packet is {} bytes: with the text protocol, messages near the 10 MiB limit may "
                        + "not fit; set useServerPrepStmts=true on the host's data source or max_allowed_packet to "
                        + "at least 32 MiB", packet);
            }
        }

        /**
         * H2 stores a CLOB value longer than {@code MAX_LENGTH_INPLACE_LOB} (256 bytes by default) outside
         * its row, which makes writing and reading ordinary messages an order of magnitude slower. On a
         * pool of its own the repository raises the (persistent, database-wide) setting to
         * 64 KiB; on a host's it only says so.
         */
        private static void keepContentInRows(Jdbi jdbi, boolean ownPool) {
            long inPlace = jdbi.withHandle(h -> h.createQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                    + " WHERE SETTING_NAME = 'MAX_LENGTH_INPLACE_LOB'").mapTo(Long.class).findOne().orElse(0L));
            if (inPlace >= H2_INPLACE_LOB_BYTES) {
                return;
            }
            if (ownPool) {
                try {
                    jdbi.useHandle(h -> h.execute("SET MAX_LENGTH_INPLACE_LOB " + H2_INPLACE_LOB_BYTES));
                    LOG.info("H2 MAX_LENGTH_INPLACE_LOB raised from {} to {} bytes", inPlace, H2_INPLACE_LOB_BYTES);
                    return;
                } catch (JdbiException e) {
                    LOG.debug("SET MAX_LENGTH_INPLACE_LOB failed", e);
                }
            }
            LOG.warn("H2 MAX_LENGTH_INPLACE_LOB is {} bytes: message content longer than that is stored outside its row, "
                    + "which makes appends and reads much slower; run SET MAX_LENGTH_INPLACE_LOB {} as an admin "
                    + "(the setting persists)", inPlace, H2_INPLACE_LOB_BYTES);
        }

        private HikariDataSource pool(String jdbcUrl, String user, String password) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(jdbcUrl);
            config.setUsername(user);
            config.setPassword(password);
            config.setPoolName("agentruns-" + tablePrefix.replaceAll("_+$", ""));
            boolean sqlite = jdbcUrl.startsWith("jdbc:sqlite:");
            config.setMaximumPoolSize(maximumPoolSize > 0 ? maximumPoolSize : sqlite ? 4 : 10);
            if (sqlite) {
                setUnlessInUrl(config, jdbcUrl, "journal_mode", "WAL");
                setUnlessInUrl(config, jdbcUrl, "synchronous", "NORMAL");
                setUnlessInUrl(config, jdbcUrl, "busy_timeout", Long.toString(busyTimeout.toMillis()));
                setUnlessInUrl(config, jdbcUrl, "foreign_keys", "true");
            } else if (jdbcUrl.startsWith("jdbc:h2:")) {
                config.setConnectionInitSql("SET LOCK_TIMEOUT 10000");
                if (!jdbcUrl.startsWith("jdbc:h2:mem:") && !jdbcUrl.toUpperCase(Locale.ROOT).contains("WRITE_DELAY")) {
                    // H2 buffers commits for up to 500 ms by default and forgets a SET WRITE_DELAY when the
                    // database reopens: in the URL it applies on every open, so a killed process loses nothing.
                    config.setJdbcUrl(jdbcUrl + ";WRITE_DELAY=0");
                }
            } else if (jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:")) {
                // Binary protocol: large values are sent as they are, not escaped into the query text.
                setUnlessInUrl(config, jdbcUrl, "useServerPrepStmts", "true");
            }
            try {
                return new HikariDataSource(config);
            } catch (RuntimeException e) {
                Throwable root = e;
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                String why = root == e || root.getMessage() == null ? "" : ": " + root.getMessage().lines().findFirst()
                        .orElse("");
                throw new StorageException("cannot open a connection pool for " + redact(jdbcUrl) + why, e);
            }
        }

        private static void setUnlessInUrl(HikariConfig config, String url, String key, String value) {
            if (!url.contains(key + "=")) {
                config.addDataSourceProperty(key, value);
            }
        }

        private static String sqliteUrl(Path file) {
            Path absolute = file.toAbsolutePath();
            try {
                if (absolute.getParent() != null) {
                    Files.createDirectories(absolute.getParent());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the folder of " + absolute, e);
            }
            return "jdbc:sqlite:" + absolute;
        }

        private static String redact(String url) {
            int query = url.indexOf('?');
            return query < 0 ? url : url.substring(0, query);
        }

        private void clearSource() {
            embeddedFile = null;
            dataSource = null;
            url = null;
            user = null;
            password = null;
        }
    }
}
