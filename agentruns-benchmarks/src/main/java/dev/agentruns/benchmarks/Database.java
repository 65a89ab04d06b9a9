package dev.agentruns.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The databases the benchmarks run on. Embedded files go under {@link #dataDirectory()} (system
 * property {@code agentruns.bench.dir}, default {@code target/bench-data}); servers are read from
 * {@code AGENTRUNS_PG_URL}/{@code _USER}/{@code _PASSWORD} and
 * {@code AGENTRUNS_MARIADB_URL}/{@code _USER}/{@code _PASSWORD}, the same variables the tests use.
 */
public enum Database {
    SQLITE,
    H2,
    POSTGRESQL,
    MARIADB;

    /** Where embedded database files are written. */
    public static Path dataDirectory() {
        Path dir = Path.of(System.getProperty("agentruns.bench.dir", "target/bench-data"));
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lower-case name used in implementation names, such as {@code sqlite}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The database named by {@link #key()}. */
    public static Database ofKey(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }

    public boolean isServer() {
        return this == POSTGRESQL || this == MARIADB;
    }

    /**
     * A URL for a new database: a new file for the embedded ones, the shared test database for the
     * servers. {@code settings} are this database's URL options for the durability matrix (may be empty).
     */
    public String freshUrl(String settings) {
        String name = "bench-" + UUID.randomUUID();
        return switch (this) {
            case SQLITE -> "jdbc:sqlite:" + dataDirectory().resolve(name + ".db").toAbsolutePath() + query(settings);
            case H2 -> "jdbc:h2:file:" + dataDirectory().resolve(name).toAbsolutePath() + (settings.isEmpty() ? ""
                    : ";" + settings);
            case POSTGRESQL -> env("AGENTRUNS_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test") + query(settings);
            case MARIADB -> env("AGENTRUNS_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test") + query(settings);
        };
    }

    /**
     * URL settings for benchmarks that repeat one read with nothing written in between: H2 (with its
     * default OPTIMIZE_REUSE_RESULTS) hands back the previous result of a statement whose parameters
     * and tables did not change, so such a benchmark would time that cache (tens of microseconds)
     * instead of the query. A store that records sessions is written to all the time, which empties
     * that cache, so the read benchmarks turn it off. Empty for the other databases.
     */
    public String readSettings() {
        return this == H2 ? "OPTIMIZE_REUSE_RESULTS=FALSE" : "";
    }

    /** A URL for the named, reusable database (the cached list data sets). */
    public String namedUrl(String name) {
        return switch (this) {
            case SQLITE -> "jdbc:sqlite:" + dataDirectory().resolve(name + ".db").toAbsolutePath();
            case H2 -> "jdbc:h2:file:" + dataDirectory().resolve(name).toAbsolutePath();
            default -> freshUrl("");
        };
    }

    public String user() {
        return switch (this) {
            case SQLITE -> null;
            case H2 -> "sa";
            case POSTGRESQL -> env("AGENTRUNS_PG_USER", "postgres");
            case MARIADB -> env("AGENTRUNS_MARIADB_USER", "root");
        };
    }

    public String password() {
        return switch (this) {
            case SQLITE -> null;
            case H2 -> "";
            case POSTGRESQL -> env("AGENTRUNS_PG_PASSWORD", "");
            case MARIADB -> env("AGENTRUNS_MARIADB_PASSWORD", "");
        };
    }

    /** A table prefix no other trial uses. */
    public static String uniquePrefix() {
        return "bench_" + UUID.randomUUID().toString().substring(0, 8) + "_";
    }

    /** Drops the agentruns tables with {@code prefix} on a server; removes nothing for embedded files. */
    public void dropTables(String url, String prefix) {
        if (!isServer()) {
            return;
        }
        try (Connection c = DriverManager.getConnection(url, user(), password()); Statement st = c.createStatement()) {
            for (String table : new String[] {"activity", "messages", "sessions", "schema_version"}) {
                st.execute("DROP TABLE IF EXISTS " + prefix + table);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop the " + prefix + "* tables on " + this, e);
        }
    }

    /**
     * Removes what a store made by {@link #freshUrl} left once it is closed: its tables with
     * {@code prefix} on a server, its database files for an embedded database (a durability trial on
     * H2 writes gigabytes).
     */
    public void discard(String url, String prefix) {
        if (isServer()) {
            dropTables(url, prefix);
            return;
        }
        String path = this == SQLITE ? url.substring("jdbc:sqlite:".length()).split("\\?")[0]
                : url.substring("jdbc:h2:file:".length()).split(";")[0];
        List<String> suffixes = this == SQLITE ? List.of("", "-wal", "-shm", "-journal") : List.of(".mv.db", ".trace.db");
        for (String suffix : suffixes) {
            try {
                Files.deleteIfExists(Path.of(path + suffix));
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete the benchmark database " + path + suffix, e);
            }
        }
    }

    private String query(String settings) {
        if (settings.isEmpty()) {
            return "";
        }
        return "?" + settings;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
