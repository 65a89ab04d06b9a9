package dev.agentruns.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.agentruns.AgentRef;
import dev.agentruns.AgentRuns;
import dev.agentruns.NewMessage;
import dev.agentruns.StartSession;
import dev.agentruns.Workspace;

class H2InPlaceContentTest {
    @TempDir
    Path dir;

    @Test
    void aPoolOfItsOwnKeepsMessageContentInItsRow() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("inplace");
        String text = "a message longer than H2's default of 256 bytes in place: " + "x".repeat(2_000);
        try (JdbcSessionRepository repository = JdbcSessionRepository.builder().url(url, "sa", "").build()) {
            Workspace ws = AgentRuns.builder(repository).build().workspace("w");
            var session = ws.start(StartSession.of(new AgentRef("a", "A", null), "go"));
            ws.append(session.id(), NewMessage.assistant(text));
            assertThat(ws.messages(session.id())).last().satisfies(m -> assertThat(m.content().toString()).contains(text));
        }
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                     + " WHERE SETTING_NAME = 'MAX_LENGTH_INPLACE_LOB'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(JdbcSessionRepository.H2_INPLACE_LOB_BYTES);
        }
    }
}
