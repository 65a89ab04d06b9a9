package dev.agentruns.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * The peer libraries' conversation stores, by name: {@code springai-memory-all},
 * {@code langchain4j-memory}, {@code adk-memory}, and per database (sqlite, h2, postgresql, mariadb)
 * {@code springai-jdbc-all-<db>} and {@code springai-jdbc-20-<db>}. See {@link SpringAiStore},
 * {@link LangChain4jStore} and {@link AdkStore}.
 */
final class Peers {
    private static final String SPRING_JDBC_ALL = "springai-jdbc-all-";
    private static final String SPRING_JDBC_20 = "springai-jdbc-20-";

    private Peers() {
    }

    /** Names of every peer implementation: the in-memory ones, then the JDBC ones database by database. */
    static List<String> names() {
        List<String> names = new ArrayList<>(inMemory());
        names.addAll(jdbc());
        return List.copyOf(names);
    }

    /** Names of the in-memory peers. */
    static List<String> inMemory() {
        return List.of("springai-memory-all", "langchain4j-memory", "adk-memory");
    }

    /** Names of the JDBC peers, database by database. */
    static List<String> jdbc() {
        List<String> names = new ArrayList<>();
        for (Database database : Database.values()) {
            names.add(SPRING_JDBC_ALL + database.key());
            names.add(SPRING_JDBC_20 + database.key());
        }
        return List.copyOf(names);
    }

    static ConversationStore open(String name) {
        switch (name) {
            case "springai-memory-all":
                return SpringAiStore.inMemory(SpringAiStore.WHOLE_HISTORY);
            case "langchain4j-memory":
                return new LangChain4jStore();
            case "adk-memory":
                return new AdkStore();
            default:
                break;
        }
        if (name.startsWith(SPRING_JDBC_ALL)) {
            return SpringAiStore.jdbc(database(name, SPRING_JDBC_ALL), SpringAiStore.WHOLE_HISTORY);
        }
        if (name.startsWith(SPRING_JDBC_20)) {
            return SpringAiStore.jdbc(database(name, SPRING_JDBC_20), SpringAiStore.DEFAULT_WINDOW);
        }
        throw new IllegalArgumentException("no implementation named '" + name + "'");
    }

    private static Database database(String name, String prefix) {
        String key = name.substring(prefix.length());
        for (Database database : Database.values()) {
            if (database.key().equals(key)) {
                return database;
            }
        }
        throw new IllegalArgumentException("no implementation named '" + name + "'");
    }

    /** The last {@code count} elements of {@code list}, copied as a caller would keep them. */
    static <T> List<T> last(List<T> list, int count) {
        int size = list.size();
        return new ArrayList<>(list.subList(Math.max(0, size - count), size));
    }
}
