package dev.agentruns.jdbc;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The databases the tests run on, with connection settings from the environment:
 * {@code AGENTRUNS_PG_URL} / {@code AGENTRUNS_PG_USER} / {@code AGENTRUNS_PG_PASSWORD} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test}, user {@code postgres}, trust auth) and
 * {@code AGENTRUNS_MARIADB_URL} / {@code AGENTRUNS_MARIADB_USER} / {@code AGENTRUNS_MARIADB_PASSWORD}
 * (default {@code jdbc:mariadb://127.0.0.1:3306/test}, root, empty password). A server that does not
 * answer skips its tests, unless {@code AGENTRUNS_REQUIRE_SERVERS=true}.
 */
enum TestDatabase {
    SQLITE,
    H2_MEM,
    H2_FILE,
    POSTGRESQL,
    MARIADB;

    private static final Path TEMP = createTempRoot();

    /** A fresh table prefix, unique to this run: tests on shared servers never collide. */
    static String uniquePrefix(String what) {
        return (what + "_" + UUID.randomUUID().toString().substring(0, 8) + "_").toLowerCase(Locale.ROOT);
    }

    String url() {
        return switch (this) {
            case SQLITE -> "jdbc:sqlite:" + TEMP.resolve("sqlite-" + UUID.randomUUID() + ".db");
            case H2_MEM -> "jdbc:h2:mem:agentruns-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
            case H2_FILE -> "jdbc:h2:file:" + TEMP.resolve("h2-" + UUID.randomUUID());
            case POSTGRESQL -> env("AGENTRUNS_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
            case MARIADB -> env("AGENTRUNS_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test");
        };
    }

    String user() {
        return switch (this) {
            case SQLITE -> null;
            case H2_MEM, H2_FILE -> "sa";
            case POSTGRESQL -> env("AGENTRUNS_PG_USER", "postgres");
            case MARIADB -> env("AGENTRUNS_MARIADB_USER", "root");
        };
    }

    String password() {
        return switch (this) {
            case SQLITE -> null;
            case H2_MEM, H2_FILE -> "";
            case POSTGRESQL -> env("AGENTRUNS_PG_PASSWORD", "");
            case MARIADB -> env("AGENTRUNS_MARIADB_PASSWORD", "");
        };
    }

    boolean isServer() {
        return this == POSTGRESQL || this == MARIADB;
    }

    /**
     * For server databases: skips the calling tests (a JUnit assumption) when the server does not
     * answer, or fails them when {@code AGENTRUNS_REQUIRE_SERVERS=true}.
     */
    void assumeAvailable() {
        if (!isServer()) {
            return;
        }
        String problem = null;
        try (Connection c = connect(url())) {
            c.isValid(5);
        } catch (SQLException e) {
            problem = e.getMessage();
        }
        if (problem == null) {
            return;
        }
        String where = this + " is not reachable at " + url() + " as " + user() + " (" + problem + ")";
        if ("true".equalsIgnoreCase(System.getenv("AGENTRUNS_REQUIRE_SERVERS"))) {
            fail(where + " and AGENTRUNS_REQUIRE_SERVERS=true");
        }
        String message = where + ": skipping its tests. Start the server or point the environment at one;"
                + " AGENTRUNS_REQUIRE_SERVERS=true makes this a failure.";
        System.err.println("[agentruns-jdbc tests] " + message);
        assumeTrue(false, message);
    }

    /** A repository on a pool of its own with the given table prefix. */
    JdbcSessionRepository open(String url, String prefix) {
        return JdbcSessionRepository.builder().url(url, user(), password()).tablePrefix(prefix)
                .maximumPoolSize(4).build();
    }

    Connection connect(String url) throws SQLException {
        String u = url;
        if (this == POSTGRESQL && !u.contains("connectTimeout")) {
            u += (u.contains("?") ? "&" : "?") + "connectTimeout=3";
        } else if (this == MARIADB && !u.contains("connectTimeout")) {
            u += (u.contains("?") ? "&" : "?") + "connectTimeout=3000";
        }
        return DriverManager.getConnection(u, user(), password());
    }

    /** Drops every table with the prefix (children first). */
    void dropTables(String url, String prefix) throws SQLException {
        try (Connection c = connect(url); Statement st = c.createStatement()) {
            for (String table : new String[] {"activity", "messages", "session_counters", "sessions", "schema_version"}) {
                st.execute("DROP TABLE IF EXISTS " + prefix + table);
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static Path createTempRoot() {
        try {
            Path dir = Files.createTempDirectory("agentruns-jdbc-test");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
