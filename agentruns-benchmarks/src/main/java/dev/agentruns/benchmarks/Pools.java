package dev.agentruns.benchmarks;

import java.util.Locale;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Connection pools with the settings {@code JdbcSessionRepository} applies to the pools it builds
 * (SQLite: WAL, busy timeout, foreign keys, synchronous=NORMAL unless the URL says otherwise; H2:
 * WRITE_DELAY=0 unless the URL says otherwise and content kept in rows up to 64 KiB; MariaDB:
 * server-side prepared statements). agentruns
 * and raw JDBC get their connections from the same kind of pool, so both run on the same settings.
 */
final class Pools {
    private Pools() {
    }

    static HikariDataSource open(Database database, String url, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(database.user());
        config.setPassword(database.password());
        config.setMaximumPoolSize(size);
        config.setPoolName("bench-" + database.key());
        switch (database) {
            case SQLITE -> {
                unlessInUrl(config, url, "journal_mode", "WAL");
                unlessInUrl(config, url, "synchronous", "NORMAL");
                unlessInUrl(config, url, "busy_timeout", "30000");
                unlessInUrl(config, url, "foreign_keys", "true");
            }
            case H2 -> {
                config.setConnectionInitSql("SET LOCK_TIMEOUT 10000");
                String h2 = url;
                if (!url.toUpperCase(Locale.ROOT).contains("WRITE_DELAY")) {
                    h2 += ";WRITE_DELAY=0";
                }
                config.setJdbcUrl(h2 + ";MAX_LENGTH_INPLACE_LOB=65536");
            }
            case MARIADB -> unlessInUrl(config, url, "useServerPrepStmts", "true");
            case POSTGRESQL -> {
            }
        }
        return new HikariDataSource(config);
    }

    private static void unlessInUrl(HikariConfig config, String url, String key, String value) {
        if (!url.contains(key + "=")) {
            config.addDataSourceProperty(key, value);
        }
    }
}
