package dev.agentruns.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentruns.AgentRef;
import dev.agentruns.AgentRuns;
import dev.agentruns.NewMessage;
import dev.agentruns.StartSession;
import dev.agentruns.StorageException;
import dev.agentruns.Workspace;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PostgresJdbcRepositoryTest extends AbstractJdbcRepositoryTest {
    @Override
    protected TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }

    @Override
    protected Dialect expectedDialect() {
        return Dialect.POSTGRESQL;
    }

    @Test
    void connectionsKilledMidUseGiveAStorageExceptionAndTheNextCallWorks() throws Exception {
        String application = "agentruns-fault-" + UUID.randomUUID().toString().substring(0, 8);
        String tagged = url + (url.contains("?") ? "&" : "?") + "ApplicationName=" + application;
        try (JdbcSessionRepository victim = database().open(tagged, newPrefix())) {
            Workspace ws = AgentRuns.builder(victim).build().workspace("fault");
            UUID id = ws.start(StartSession.of(AgentRef.of("reviewer"), "first")).id();

            int killed = terminateBackends(application);
            assertThat(killed).as("backends of the repository's pool").isPositive();

            boolean sawStorageException = false;
            for (int attempt = 0; attempt < killed + 1; attempt++) {
                try {
                    ws.append(id, NewMessage.user("after the outage").withId("m-after"));
                    break;
                } catch (StorageException e) {
                    sawStorageException = true;
                    assertThat(e).hasCauseInstanceOf(java.sql.SQLException.class);
                }
            }
            assertThat(sawStorageException).as("a call on a killed connection fails typed").isTrue();
            assertThat(ws.messages(id)).extracting(m -> m.text()).containsExactly("first", "after the outage");
        }
    }

    @Test
    void callsAfterCloseGiveAStorageException() throws Exception {
        String application = "agentruns-gone-" + UUID.randomUUID().toString().substring(0, 8);
        String tagged = url + (url.contains("?") ? "&" : "?") + "ApplicationName=" + application;
        JdbcSessionRepository victim = database().open(tagged, newPrefix());
        Workspace ws = AgentRuns.builder(victim).build().workspace("gone");
        UUID id = ws.start(StartSession.of(AgentRef.of("reviewer"), "first")).id();
        victim.close();
        assertThatThrownBy(() -> ws.append(id, NewMessage.user("too late")))
                .isInstanceOf(StorageException.class);
    }

    private int terminateBackends(String application) throws Exception {
        try (Connection c = database().connect(url);
             PreparedStatement st = c.prepareStatement("SELECT count(pg_terminate_backend(pid))"
                     + " FROM pg_stat_activity WHERE application_name = ?")) {
            st.setString(1, application);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
