package dev.agentruns.jdbc;

import dev.agentruns.AgentRuns;
import dev.agentruns.Message;
import dev.agentruns.NewMessage;
import dev.agentruns.Workspace;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The writing process of {@link SqliteKillDurabilityTest}: appends messages to one session of an
 * embedded SQLite database until it is killed, printing "ACK &lt;message id&gt; &lt;seq&gt;" after
 * each append returned (that is, was acknowledged).
 */
public final class DurabilityChild {
    private DurabilityChild() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        UUID sessionId = UUID.fromString(args[1]);
        String round = args[2];
        JdbcSessionRepository repo = JdbcSessionRepository.embedded(file);
        Workspace ws = AgentRuns.builder(repo).build().workspace(SqliteKillDurabilityTest.WORKSPACE);
        System.out.println("READY");
        System.out.flush();
        for (long i = 0; ; i++) {
            String id = round + "-" + i;
            Message m = ws.append(sessionId, NewMessage.assistant("payload " + id).withId(id));
            System.out.println("ACK " + id + " " + m.seq());
            System.out.flush();
        }
    }
}
