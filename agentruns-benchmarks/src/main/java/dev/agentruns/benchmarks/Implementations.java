package dev.agentruns.benchmarks;

import java.util.List;

/**
 * Every implementation by the name the benchmarks' {@code impl} parameter uses:
 * {@code agentruns-memory}, {@code agentruns-<db>}, {@code raw-<db>} and {@code raw-tx-<db>} (see
 * {@link RawJdbcStore}; db: sqlite, h2, postgresql, mariadb) and the peers (see {@link Peers}).
 */
public final class Implementations {
    private Implementations() {
    }

    /** A new, empty store for the implementation {@code name}. */
    public static ConversationStore open(String name) {
        return open(name, "");
    }

    /**
     * A new, empty store for {@code name} with database URL {@code settings} (the durability matrix),
     * which only agentruns and raw JDBC stores take.
     */
    public static ConversationStore open(String name, String settings) {
        if (name.equals("agentruns-memory")) {
            return AgentRunsStore.inMemory();
        }
        if (name.startsWith("agentruns-")) {
            return AgentRunsStore.jdbc(Database.ofKey(name.substring("agentruns-".length())), settings);
        }
        if (name.startsWith("raw-tx-")) {
            return RawJdbcStore.withTransaction(Database.ofKey(name.substring("raw-tx-".length())), settings);
        }
        if (name.startsWith("raw-")) {
            return RawJdbcStore.open(Database.ofKey(name.substring("raw-".length())), settings);
        }
        if (!settings.isEmpty()) {
            throw new IllegalArgumentException("settings apply to agentruns and raw JDBC only, not to " + name);
        }
        return Peers.open(name);
    }

    /** Whether {@code name} runs on a database server. */
    public static boolean needsServer(String name) {
        return name.endsWith("postgresql") || name.endsWith("mariadb");
    }

    /** Names of every agentruns implementation. */
    public static List<String> own() {
        return List.of("agentruns-memory", "agentruns-sqlite", "agentruns-h2", "agentruns-postgresql",
                "agentruns-mariadb");
    }

    /** Names of every agentruns and raw JDBC ({@code raw-<db>}) implementation. */
    public static List<String> ownAndRaw() {
        return List.of("agentruns-memory", "agentruns-sqlite", "agentruns-h2", "agentruns-postgresql",
                "agentruns-mariadb", "raw-sqlite", "raw-h2", "raw-postgresql", "raw-mariadb");
    }

    /** {@link #ownAndRaw()} and raw JDBC running agentruns's append transaction ({@code raw-tx-<db>}). */
    public static List<String> writers() {
        return List.of("agentruns-memory", "agentruns-sqlite", "agentruns-h2", "agentruns-postgresql",
                "agentruns-mariadb", "raw-sqlite", "raw-h2", "raw-postgresql", "raw-mariadb", "raw-tx-sqlite",
                "raw-tx-h2", "raw-tx-postgresql", "raw-tx-mariadb");
    }
}
