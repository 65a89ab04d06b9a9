package dev.agentruns.reliability;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import dev.agentruns.AgentRuns;
import dev.agentruns.Workspace;
import dev.agentruns.jdbc.JdbcSessionRepository;

/**
 * The second JVM of {@link TerminalTransitionRaceTest}: opens the same tables, prints {@code READY},
 * then for each line {@code GO <sessionId>} races complete, fail and cancel on that session and prints
 * {@code RESULT <sessionId> <ending> <outcome>} per ending and {@code DONE <sessionId>}. Stops at
 * {@code EXIT} or end of input.
 *
 * <p>Arguments: backend name, JDBC URL, table prefix, workspace id.
 */
public final class TerminalContestChild {
    private TerminalContestChild() {
    }

    public static void main(String[] args) throws Exception {
        Backend backend = Backend.valueOf(args[0]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (JdbcSessionRepository repository = backend.openJdbc(args[1], args[2]);
             BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            Workspace workspace = AgentRuns.builder(repository).build().workspace(args[3]);
            out.println("READY");
            String line;
            while ((line = in.readLine()) != null && !line.equals("EXIT")) {
                UUID sessionId = UUID.fromString(line.substring("GO ".length()));
                String[] outcomes = TerminalContest.race(workspace, sessionId);
                for (int i = 0; i < outcomes.length; i++) {
                    out.println("RESULT " + sessionId + " " + TerminalContest.ENDINGS.get(i) + " "
                            + outcomes[i].replace('\n', ' '));
                }
                out.println("DONE " + sessionId);
            }
        }
    }
}
