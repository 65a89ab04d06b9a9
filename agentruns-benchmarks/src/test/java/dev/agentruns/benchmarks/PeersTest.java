package dev.agentruns.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every peer store does what the benchmarks ask of it: set-up, single and batch appends, whole and
 * partial loads, and a close that leaves nothing behind on a server. PostgreSQL and MariaDB peers are
 * skipped when their server does not answer, unless {@code AGENTRUNS_REQUIRE_SERVERS=true}.
 */
class PeersTest {
    private static final int HISTORY = 30;

    static List<String> peers() {
        return Peers.names();
    }

    @Test
    void namesListInMemoryPeersFirstThenEveryDatabase() {
        assertThat(Peers.names()).containsExactly("springai-memory-all", "langchain4j-memory", "adk-memory",
                "springai-jdbc-all-sqlite", "springai-jdbc-20-sqlite", "springai-jdbc-all-h2", "springai-jdbc-20-h2",
                "springai-jdbc-all-postgresql", "springai-jdbc-20-postgresql", "springai-jdbc-all-mariadb",
                "springai-jdbc-20-mariadb");
    }

    @ParameterizedTest
    @MethodSource("peers")
    void appendsAndLoads(String name) throws SQLException {
        Database server = serverOf(name);
        if (server != null) {
            assumeReachable(server);
        }
        List<String> conversations = new ArrayList<>();
        ConversationStore store = Implementations.open(name);
        try {
            String id = store.create(Texts.history(HISTORY));
            conversations.add(id);
            for (int i = 0; i < 5; i++) {
                store.append(id, Texts.message(1_000 + i));
            }
            store.appendAll(id, List.of(Texts.message(2_000), Texts.message(2_001), Texts.message(2_002)));

            int expected = name.contains("-20-") ? 20 : HISTORY + 8;
            assertThat(store.window()).isEqualTo(name.contains("-20-") ? 20 : Integer.MAX_VALUE);
            assertThat(store.load(id)).isEqualTo(expected);
            assertThat(store.loadLast(id, 10)).isEqualTo(10);
            assertThat(store.loadLast(id, 1_000)).isEqualTo(expected);

            String other = store.create(Texts.history(3));
            conversations.add(other);
            assertThat(store.load(other)).isEqualTo(3);
            assertThat(store.load(id)).isEqualTo(expected);
            if (server != null) {
                assertThat(rows(server, id)).isEqualTo(expected);
            }
        } finally {
            store.close();
        }
        if (server != null) {
            for (String id : conversations) {
                assertThat(rows(server, id)).as("rows of %s left after close", id).isZero();
            }
        }
    }

    private static Database serverOf(String name) {
        if (name.endsWith("-postgresql")) {
            return Database.POSTGRESQL;
        }
        if (name.endsWith("-mariadb")) {
            return Database.MARIADB;
        }
        return null;
    }

    private static long rows(Database database, String conversation) throws SQLException {
        try (Connection c = DriverManager.getConnection(database.freshUrl(""), database.user(), database.password());
             PreparedStatement st = c.prepareStatement(
                     "SELECT COUNT(*) FROM SPRING_AI_CHAT_MEMORY WHERE conversation_id = ?")) {
            st.setString(1, conversation);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void assumeReachable(Database database) {
        String url = database.freshUrl("");
        String timeout = database == Database.POSTGRESQL ? "connectTimeout=3" : "connectTimeout=3000";
        try (Connection c = DriverManager.getConnection(url + (url.contains("?") ? "&" : "?") + timeout,
                database.user(), database.password())) {
            c.isValid(5);
        } catch (SQLException e) {
            String where = database + " is not reachable at " + url + " (" + e.getMessage() + ")";
            if ("true".equalsIgnoreCase(System.getenv("AGENTRUNS_REQUIRE_SERVERS"))) {
                fail(where + " and AGENTRUNS_REQUIRE_SERVERS=true");
            }
            assumeTrue(false, where + ": skipping");
        }
    }
}
