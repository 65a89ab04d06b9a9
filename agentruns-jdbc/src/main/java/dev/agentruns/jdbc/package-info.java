/**
 * A {@link dev.agentruns.spi.SessionRepository} on JDBC: {@link dev.agentruns.jdbc.JdbcSessionRepository},
 * on JDBI 3 and HikariCP, for SQLite (the embedded default), H2, PostgreSQL and MariaDB/MySQL.
 * Drivers are optional dependencies: hosts bring the one they use.
 */
package dev.agentruns.jdbc;
