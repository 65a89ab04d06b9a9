package dev.agentruns.jdbc;

import java.util.Locale;

/**
 * The database families {@link JdbcSessionRepository} supports. Each has its own migration
 * scripts under {@code dev/agentruns/jdbc/<resourceDirectory>/} and its own SQL overrides.
 * Detected from {@link java.sql.DatabaseMetaData#getDatabaseProductName()} unless set on the
 * builder. Immutable and thread-safe.
 */
public enum Dialect {
    /** SQLite 3.35+ (through sqlite-jdbc): the embedded default. */
    SQLITE("sqlite"),
    /** H2 2.x, file or in-memory. */
    H2("h2"),
    /** PostgreSQL 13+. */
    POSTGRESQL("postgresql"),
    /** MariaDB 10.6+ (InnoDB, utf8mb4). */
    MARIADB("mariadb"),
    /** MySQL 8+ (InnoDB, utf8mb4); shares MariaDB's SQL, with its own scripts. */
    MYSQL("mysql");

    private final String resourceDirectory;

    Dialect(String resourceDirectory) {
        this.resourceDirectory = resourceDirectory;
    }

    /** The folder of this dialect's migration scripts below {@code dev/agentruns/jdbc/}. */
    public String resourceDirectory() {
        return resourceDirectory;
    }

    /**
     * The dialect for a database product as JDBC metadata names it.
     *
     * @param productName    {@code DatabaseMetaData.getDatabaseProductName()}
     * @param productVersion {@code DatabaseMetaData.getDatabaseProductVersion()}, may be null
     * @throws IllegalArgumentException naming the product when it is not supported
     */
    public static Dialect detect(String productName, String productVersion) {
        String name = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        String version = productVersion == null ? "" : productVersion.toLowerCase(Locale.ROOT);
        if (name.contains("sqlite")) {
            return SQLITE;
        }
        if (name.equals("h2")) {
            return H2;
        }
        if (name.contains("postgresql")) {
            return POSTGRESQL;
        }
        if (name.contains("mariadb") || (name.contains("mysql") && version.contains("mariadb"))) {
            return MARIADB;
        }
        if (name.contains("mysql")) {
            return MYSQL;
        }
        throw new IllegalArgumentException("unsupported database '" + productName + "' (version " + productVersion
                + "); agentruns-jdbc supports SQLite, H2, PostgreSQL, MariaDB and MySQL. "
                + "Set the dialect on the builder only if the database is compatible with one of them");
    }
}
