package dev.agentruns.reliability;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;

import dev.agentruns.inmemory.InMemorySessionRepository;
import dev.agentruns.jdbc.JdbcSessionRepository;
import dev.agentruns.spi.SessionRepository;

/**
 * Every store the suite runs against. Server settings come from the same environment variables the
 * JDBC tests read: {@code AGENTRUNS_PG_URL} / {@code _USER} / {@code _PASSWORD} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test}, postgres) and {@code AGENTRUNS_MARIADB_URL} /
 * {@code _USER} / {@code _PASSWORD} (default {@code jdbc:mariadb://127.0.0.1:3306/test}, root). A
 * server that does not answer skips its tests, unless {@code AGENTRUNS_REQUIRE_SERVERS=true}.
 */
enum Backend {
    IN_MEMORY,
    SQLITE,
    H2_FILE,
    POSTGRESQL,
    MARIADB;

    private static final Path TEMP = createTempRoot();

    boolean isJdbc() {
        return this != IN_MEMORY;
    }

    boolean isServer() {
        return this == POSTGRESQL || this == MARIADB;
    }

    boolean isEmbeddedFile() {
        return this == SQLITE || this == H2_FILE;
    }

    /** A fresh, empty store: its own file, or its own table prefix on a shared server. */
    Store open() {
        assumeAvailable();
        return switch (this) {
            case IN_MEMORY -> new Store(this, new InMemorySessionRepository(), null, null);
            default -> {
                String url = freshUrl();
                String prefix = uniquePrefix();
                yield new Store(this, openJdbc(url, prefix), url, prefix);
            }
        };
    }

    /** A JDBC repository on this database at {@code url} with the given table prefix, on a pool of its own. */
    JdbcSessionRepository openJdbc(String url, String prefix) {
        if (this == SQLITE) {
            return JdbcSessionRepository.builder().embedded(Path.of(url.substring("jdbc:sqlite:".length())))
                    .tablePrefix(prefix).build();
        }
        return JdbcSessionRepository.builder().url(url, user(), password()).tablePrefix(prefix)
                .maximumPoolSize(4).build();
    }

    /** A JDBC repository on a host-supplied {@link DataSource} (for example a fault-injecting wrapper). */
    JdbcSessionRepository openJdbc(DataSource dataSource, String prefix) {
        return JdbcSessionRepository.builder().dataSource(dataSource).tablePrefix(prefix).build();
    }

    /** A URL naming a new database file (embedded) or the shared server database. */
    String freshUrl() {
        return switch (this) {
            case IN_MEMORY -> throw new UnsupportedOperationException("the in-memory store has no URL");
            case SQLITE -> "jdbc:sqlite:" + TEMP.resolve("sqlite-" + UUID.randomUUID() + ".db");
            case H2_FILE -> "jdbc:h2:file:" + TEMP.resolve("h2-" + UUID.randomUUID()) + ";WRITE_DELAY=0";
            case POSTGRESQL -> env("AGENTRUNS_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
            case MARIADB -> env("AGENTRUNS_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test");
        };
    }

    String user() {
        return switch (this) {
            case IN_MEMORY, SQLITE -> null;
            case H2_FILE -> "sa";
            case POSTGRESQL -> env("AGENTRUNS_PG_USER", "postgres");
            case MARIADB -> env("AGENTRUNS_MARIADB_USER", "root");
        };
    }

    String password() {
        return switch (this) {
            case IN_MEMORY, SQLITE -> null;
            case H2_FILE -> "";
            case POSTGRESQL -> env("AGENTRUNS_PG_PASSWORD", "");
            case MARIADB -> env("AGENTRUNS_MARIADB_PASSWORD", "");
        };
    }

    /** A plain JDBC connection to {@code url} (auto-commit on), for checks made beside the store. */
    Connection connect(String url) throws SQLException {
        String u = url;
        if (this == POSTGRESQL && !u.contains("connectTimeout")) {
            u += (u.contains("?") ? "&" : "?") + "connectTimeout=3";
        } else if (this == MARIADB && !u.contains("connectTimeout")) {
            u += (u.contains("?") ? "&" : "?") + "connectTimeout=3000";
        }
        return DriverManager.getConnection(u, user(), password());
    }

    /**
     * Skips the calling test (a JUnit assumption) when this backend's server does not answer, or fails
     * it when {@code AGENTRUNS_REQUIRE_SERVERS=true}. Embedded backends are always available.
     */
    void assumeAvailable() {
        if (!isServer()) {
            return;
        }
        String problem = null;
        try (Connection c = connect(freshUrl())) {
            c.isValid(5);
        } catch (SQLException e) {
            problem = e.getMessage();
        }
        if (problem == null) {
            return;
        }
        String where = this + " is not reachable at " + freshUrl() + " as " + user() + " (" + problem + ")";
        if ("true".equalsIgnoreCase(System.getenv("AGENTRUNS_REQUIRE_SERVERS"))) {
            fail(where + " and AGENTRUNS_REQUIRE_SERVERS=true");
        }
        assumeTrue(false, where + ": skipping. AGENTRUNS_REQUIRE_SERVERS=true makes this a failure.");
    }

    /** A table prefix unique to this run, so tests on shared servers never collide. */
    static String uniquePrefix() {
        return ("rel_" + UUID.randomUUID().toString().substring(0, 8) + "_").toLowerCase(Locale.ROOT);
    }

    /** Drops every table with the prefix (children first). */
    void dropTables(String url, String prefix) {
        try (Connection c = connect(url); Statement st = c.createStatement()) {
            for (String table : new String[] {"activity", "messages", "session_counters", "sessions", "schema_version"}) {
                st.execute("DROP TABLE IF EXISTS " + prefix + table);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop " + prefix + "* tables on " + this, e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static Path createTempRoot() {
        try {
            Path root = Files.createTempDirectory("agentruns-reliability-");
            root.toFile().deleteOnExit();
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One open store: the repository and, for JDBC backends, where its tables live. Closing it closes
     * the repository and drops server tables.
     */
    record Store(Backend backend, SessionRepository repository, String url, String prefix) implements AutoCloseable {
        @Override
        public void close() {
            repository.close();
            if (backend.isServer()) {
                backend.dropTables(url, prefix);
            }
        }
    }
}
