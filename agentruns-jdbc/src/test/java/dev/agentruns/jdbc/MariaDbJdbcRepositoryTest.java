package dev.agentruns.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruns.AgentRef;
import dev.agentruns.Message;
import dev.agentruns.NewMessage;
import dev.agentruns.Session;
import dev.agentruns.StartSession;
import dev.agentruns.Workspace;
import org.junit.jupiter.api.Test;

class MariaDbJdbcRepositoryTest extends AbstractJdbcRepositoryTest {
    @Override
    protected TestDatabase database() {
        return TestDatabase.MARIADB;
    }

    @Override
    protected Dialect expectedDialect() {
        return Dialect.MARIADB;
    }

    @Test
    void maxAllowedPacketIsReported() {
        long packet = repo.jdbi().withHandle(h -> h.createQuery("SELECT @@max_allowed_packet").mapTo(Long.class).one());
        System.out.println("MariaDB max_allowed_packet = " + packet + " bytes");
        assertThat(packet).as("max_allowed_packet must exceed the largest message").isGreaterThan(10L * 1024 * 1024);
    }

    /**
     * Quotes and backslashes double twice: once in JSON, once more in the text protocol's escaping,
     * where this message would need 21 MB of packet. The pool the repository builds uses the binary
     * protocol (useServerPrepStmts), which sends the value as it is.
     */
    @Test
    void aTenMebibyteMessageOfQuotesAndBackslashesFitsTheDefaultPacket() {
        Workspace ws = workspace();
        Session s = ws.start(StartSession.of(AgentRef.of("a"), "p"));
        String text = "\\\"".repeat(2_600_000);
        ws.append(s.id(), NewMessage.assistant(text));
        Message read = ws.messages(s.id()).get(1);
        assertThat(read.text().equals(text)).isTrue();
    }
}
