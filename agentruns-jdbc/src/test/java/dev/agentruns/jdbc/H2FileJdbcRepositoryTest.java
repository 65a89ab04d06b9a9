package dev.agentruns.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruns.AgentRef;
import dev.agentruns.AgentRuns;
import dev.agentruns.NewMessage;
import dev.agentruns.Session;
import dev.agentruns.StartSession;
import dev.agentruns.Workspace;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class H2FileJdbcRepositoryTest extends AbstractJdbcRepositoryTest {
    @Override
    protected TestDatabase database() {
        return TestDatabase.H2_FILE;
    }

    @Override
    protected Dialect expectedDialect() {
        return Dialect.H2;
    }

    @Test
    void commitsAreWrittenAtOnceEveryTimeTheFileIsOpened() throws Exception {
        String file = database().url();
        String prefix = newPrefix();
        for (int open = 0; open < 2; open++) {
            try (JdbcSessionRepository repository = database().open(file, prefix)) {
                assertThat(repository.dialect()).isEqualTo(Dialect.H2);
                assertThat(writeDelay(file)).as("WRITE_DELAY after open %d", open).isZero();
            }
        }
    }

    @Test
    void aCallerInterruptedDuringItsWritesDoesNotCloseTheDatabase() {
        try (JdbcSessionRepository repository = database().open(database().url(), newPrefix())) {
            Workspace ws = AgentRuns.builder(repository).build().workspace("w");
            Session session = ws.start(StartSession.of(AgentRef.of("a"), "hello"));
            for (int i = 0; i < 20; i++) {
                Thread.currentThread().interrupt();
                ws.append(session.id(), NewMessage.assistant("while interrupted " + i));
                assertThat(Thread.interrupted()).as("the caller's interrupt flag is kept").isTrue();
            }
            assertThat(ws.messages(session.id())).hasSize(21);
        }
    }

    private int writeDelay(String file) throws Exception {
        try (Connection c = database().connect(file); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(
                     "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
            assertThat(rs.next()).isTrue();
            return Integer.parseInt(rs.getString(1));
        }
    }
}
