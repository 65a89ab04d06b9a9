package dev.agentruns.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.agentruns.ActivityEvent;
import dev.agentruns.ActivityType;
import dev.agentruns.AgentRef;
import dev.agentruns.AgentRuns;
import dev.agentruns.IllegalStatusTransitionException;
import dev.agentruns.Session;
import dev.agentruns.SessionStatus;
import dev.agentruns.StartSession;
import dev.agentruns.StatusConflictException;
import dev.agentruns.WaitReason;
import dev.agentruns.Workspace;

/**
 * Complete, fail and cancel race on one session, from several threads and from two JVMs: exactly one
 * wins, the session has exactly one SESSION_ENDED event (matching the winner), and every loser gets a
 * typed transition error ({@link StatusConflictException} when it lost the compare-and-set,
 * {@link IllegalStatusTransitionException} when it read the session already ended or, from WAITING,
 * asked to complete).
 */
class TerminalTransitionRaceTest {
    private static final Set<String> TYPED_LOSSES = Set.of(StatusConflictException.class.getSimpleName(),
            IllegalStatusTransitionException.class.getSimpleName());

    @ParameterizedTest
    @EnumSource(Backend.class)
    void endingsRacedFromSixThreadsHaveExactlyOneWinner(Backend backend) throws Exception {
        int rounds = Effort.rounds(30, 300);
        try (Backend.Store store = backend.open()) {
            Workspace workspace = AgentRuns.builder(store.repository()).build().workspace("race-end");
            Tally tally = new Tally();
            for (int round = 0; round < rounds; round++) {
                Session session = startContender(workspace, round);
                CompletableFuture<String[]> other = CompletableFuture.supplyAsync(() -> race(workspace, session.id()));
                List<String> outcomes = new ArrayList<>(Arrays.asList(race(workspace, session.id())));
                outcomes.addAll(Arrays.asList(other.get(60, TimeUnit.SECONDS)));
                tally.add(verifyOneWinner(workspace, session, outcomes), outcomes);
            }
            System.out.printf("race-end %s: %d rounds x 6 threads, %s%n", backend, rounds, tally);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"SQLITE", "H2_FILE", "POSTGRESQL", "MARIADB"})
    void endingsRacedFromTwoJvmsHaveExactlyOneWinner(Backend backend) throws Exception {
        backend.assumeAvailable();
        int rounds = Effort.rounds(15, 150);
        String url = backend == Backend.H2_FILE ? backend.freshUrl() + ";AUTO_SERVER=TRUE" : backend.freshUrl();
        String prefix = Backend.uniquePrefix();
        String workspaceId = "race-end-2jvm";
        Path childErrors = Files.createTempFile("terminal-contest-child", ".log");
        try (Backend.Store store = new Backend.Store(backend, backend.openJdbc(url, prefix), url, prefix)) {
            Workspace workspace = AgentRuns.builder(store.repository()).build().workspace(workspaceId);
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    TerminalContestChild.class.getName(), backend.name(), url, prefix, workspaceId)
                    .redirectError(childErrors.toFile()).start();
            try (BufferedReader fromChild = new BufferedReader(
                         new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                 BufferedWriter toChild = new BufferedWriter(
                         new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8))) {
                assertThat(fromChild.readLine()).as("child start; its stderr: " + read(childErrors.toFile()))
                        .isEqualTo("READY");
                Tally tally = new Tally();
                int childWins = 0;
                for (int round = 0; round < rounds; round++) {
                    Session session = startContender(workspace, round);
                    toChild.write("GO " + session.id() + "\n");
                    toChild.flush();
                    List<String> outcomes = new ArrayList<>(Arrays.asList(race(workspace, session.id())));
                    List<String> childOutcomes = new ArrayList<>();
                    String line;
                    while (!("DONE " + session.id()).equals(line = fromChild.readLine())) {
                        assertThat(line).as("child output; its stderr: " + read(childErrors.toFile())).isNotNull()
                                .startsWith("RESULT " + session.id() + " ");
                        childOutcomes.add(line.split(" ", 4)[3]);
                    }
                    if (childOutcomes.stream().anyMatch(o -> o.startsWith("WON:"))) {
                        childWins++;
                    }
                    outcomes.addAll(childOutcomes);
                    tally.add(verifyOneWinner(workspace, session, outcomes), outcomes);
                }
                toChild.write("EXIT\n");
                toChild.flush();
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(child.exitValue()).as("child exit; its stderr: " + read(childErrors.toFile())).isZero();
                System.out.printf("race-end-2jvm %s: %d rounds x (3 threads here + 3 in a child JVM), child JVM won %d, %s%n",
                        backend, rounds, childWins, tally);
            } finally {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
        } finally {
            Files.deleteIfExists(childErrors);
        }
    }

    /** A RUNNING session, or every third round a WAITING one (from which complete is not allowed). */
    private static Session startContender(Workspace workspace, int round) {
        Session session = workspace.start(StartSession.builder(AgentRef.of("racer"), "round " + round)
                .outputSchema("{\"type\": \"object\"}").build());
        return round % 3 == 2 ? workspace.waitFor(session.id(), WaitReason.INPUT) : session;
    }

    private static String[] race(Workspace workspace, UUID sessionId) {
        try {
            return TerminalContest.race(workspace, sessionId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static SessionStatus verifyOneWinner(Workspace workspace, Session before, List<String> outcomes) {
        List<String> winners = outcomes.stream().filter(o -> o.startsWith("WON:")).toList();
        assertThat(winners).as("winners among " + outcomes).hasSize(1);
        assertThat(outcomes.stream().filter(o -> !o.startsWith("WON:")).toList())
                .as("losers among " + outcomes).allMatch(TYPED_LOSSES::contains);
        SessionStatus won = SessionStatus.valueOf(winners.get(0).substring("WON:".length()));
        if (before.status() == SessionStatus.WAITING) {
            assertThat(won).isNotEqualTo(SessionStatus.COMPLETED);
        }
        Session after = workspace.get(before.id());
        assertThat(after.status()).isEqualTo(won);
        assertThat(after.summary().version()).isEqualTo(before.summary().version() + 1);
        List<ActivityEvent> timeline = workspace.activity(before.id());
        List<ActivityEvent> ended = timeline.stream().filter(e -> e.type().equals(ActivityType.SESSION_ENDED)).toList();
        assertThat(ended).as("SESSION_ENDED events").hasSize(1);
        assertThat(ended.get(0).details().path("to").asText()).isEqualTo(won.name());
        assertThat(count(timeline, ActivityType.ERROR)).isEqualTo(won == SessionStatus.FAILED ? 1 : 0);
        assertThat(count(timeline, ActivityType.OUTPUT_RECORDED)).isEqualTo(won == SessionStatus.COMPLETED ? 1 : 0);
        assertThat(after.output() != null).isEqualTo(won == SessionStatus.COMPLETED);
        return won;
    }

    private static long count(List<ActivityEvent> timeline, ActivityType type) {
        return timeline.stream().filter(e -> e.type().equals(type)).count();
    }

    private static String read(File file) {
        try {
            return Files.readString(file.toPath());
        } catch (Exception e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Winners by status and losers by error, for the report line. */
    private static final class Tally {
        private int completed;
        private int failed;
        private int cancelled;
        private int conflicts;
        private int illegal;

        void add(SessionStatus won, List<String> outcomes) {
            switch (won) {
                case COMPLETED -> completed++;
                case FAILED -> failed++;
                case CANCELLED -> cancelled++;
                default -> throw new AssertionError("not an ending: " + won);
            }
            for (String o : outcomes) {
                if (o.equals(StatusConflictException.class.getSimpleName())) {
                    conflicts++;
                } else if (o.equals(IllegalStatusTransitionException.class.getSimpleName())) {
                    illegal++;
                }
            }
        }

        @Override
        public String toString() {
            return "winners: completed " + completed + ", failed " + failed + ", cancelled " + cancelled
                    + "; losers: StatusConflictException " + conflicts + ", IllegalStatusTransitionException " + illegal;
        }
    }
}
