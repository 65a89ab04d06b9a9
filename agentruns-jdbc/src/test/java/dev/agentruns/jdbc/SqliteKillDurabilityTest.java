package dev.agentruns.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruns.AgentRef;
import dev.agentruns.AgentRuns;
import dev.agentruns.Message;
import dev.agentruns.Session;
import dev.agentruns.StartSession;
import dev.agentruns.Workspace;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default loses no acknowledged write when its process is killed: a child JVM appends
 * and prints each acknowledged seq; the parent kills it (SIGKILL) at a random moment, 20 times; then
 * every acknowledged message must be stored at its seq, the transcript gapless, and SQLite's
 * integrity check clean.
 */
class SqliteKillDurabilityTest {
    static final String WORKSPACE = "durability";
    private static final int ROUNDS = 20;

    @TempDir
    Path dir;

    @Test
    void aKilledWriterLosesNoAcknowledgedAppend() throws Exception {
        Path file = dir.resolve("kill.db");
        Session session;
        try (JdbcSessionRepository repo = JdbcSessionRepository.embedded(file)) {
            session = AgentRuns.builder(repo).build().workspace(WORKSPACE)
                    .start(StartSession.of(AgentRef.of("writer"), "start"));
        }
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int round = 0; round < ROUNDS; round++) {
            Process child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                    "-cp", System.getProperty("java.class.path"), DurabilityChild.class.getName(),
                    file.toString(), session.id().toString(), "r" + round)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            CountDownLatch ready = new CountDownLatch(1);
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        if (line.equals("READY")) {
                            ready.countDown();
                        } else if (line.startsWith("ACK ")) {
                            String[] parts = line.split(" ");
                            if (parts.length == 3) {
                                acknowledged.put(parts[1], Long.parseLong(parts[2]));
                            }
                        }
                    }
                } catch (java.io.IOException e) {
                    // the child died: that is the point
                }
            });
            reader.start();
            assertThat(ready.await(60, TimeUnit.SECONDS)).as("child of round %d started", round).isTrue();
            Thread.sleep(50 + random.nextInt(400));
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
            reader.join(10_000);
        }
        assertThat(acknowledged).as("acknowledged appends (seed %d)", seed).isNotEmpty();

        try (JdbcSessionRepository repo = JdbcSessionRepository.embedded(file)) {
            Workspace ws = AgentRuns.builder(repo).build().workspace(WORKSPACE);
            List<Message> all = ws.messages(session.id());
            for (int i = 0; i < all.size(); i++) {
                assertThat(all.get(i).seq()).isEqualTo(i + 1);
            }
            Map<String, Long> stored = new java.util.HashMap<>();
            all.forEach(m -> stored.put(m.id(), m.seq()));
            assertThat(stored).as("every acknowledged append is stored at its seq (seed %d)", seed)
                    .containsAllEntriesOf(acknowledged);
            String integrity = repo.jdbi().withHandle(h -> h.createQuery("PRAGMA integrity_check")
                    .mapTo(String.class).one());
            assertThat(integrity).isEqualTo("ok");
            System.out.println("kill -9 durability: " + ROUNDS + " kills, " + acknowledged.size()
                    + " acknowledged appends, " + all.size() + " messages stored, integrity " + integrity);
        }
    }
}
