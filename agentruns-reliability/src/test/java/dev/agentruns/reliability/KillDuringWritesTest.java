package dev.agentruns.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.agentruns.AgentRef;
import dev.agentruns.AgentRuns;
import dev.agentruns.Message;
import dev.agentruns.StartSession;
import dev.agentruns.Workspace;
import dev.agentruns.jdbc.JdbcSessionRepository;

/**
 * A writer process killed at a random moment loses nothing it acknowledged, leaves no hole in the
 * transcript, never leaves a message half written, and the database opens cleanly afterwards. Each
 * round starts a {@link CrashChild} in its own JVM on the same database and stops it with SIGKILL
 * ({@link Process#destroyForcibly()}) or SIGTERM ({@link Process#destroy()}, which runs shutdown hooks)
 * at a random moment after its first append was acknowledged (small messages) or began (multi-megabyte
 * outputs).
 */
class KillDuringWritesTest {
    /** H2's error code for "File corrupted while reading record". */
    private static final int H2_FILE_CORRUPTED = 90030;

    /** How the writer is stopped. */
    enum Stop {
        SIGKILL(true),
        SIGTERM(false);

        final boolean forcibly;

        Stop(boolean forcibly) {
            this.forcibly = forcibly;
        }
    }

    static Stream<Arguments> persistentBackendsAndStops() {
        List<Arguments> all = new ArrayList<>();
        for (Backend backend : new Backend[] {Backend.SQLITE, Backend.H2_FILE, Backend.POSTGRESQL, Backend.MARIADB}) {
            for (Stop stop : Stop.values()) {
                all.add(Arguments.of(backend, stop));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("persistentBackendsAndStops")
    void killedAppenderLosesNoAcknowledgedMessage(Backend backend, Stop stop) throws Exception {
        int rounds = backend.isServer() ? Effort.rounds(2, 20) : Effort.rounds(3, 100);
        Outcome outcome = killRounds(backend, stop, "append", rounds, 400);

        assertThat(outcome.acknowledged()).as("appends acknowledged before the kills").isNotEmpty();
        CrashFigures.record("kill-append %s %s: %d rounds, %d acknowledged, %d stored, lost 0, seed %d",
                backend, stop, rounds, outcome.acknowledged().size(), outcome.stored(), outcome.seed());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Backend.class, names = {"SQLITE", "H2_FILE", "POSTGRESQL", "MARIADB"})
    void killDuringMultiMegabyteToolOutputLeavesItWholeOrAbsent(Backend backend) throws Exception {
        int rounds = backend.isServer() ? Effort.rounds(1, 10) : Effort.rounds(2, 20);
        Outcome outcome = killRounds(backend, Stop.SIGKILL, "big", rounds, 2500);

        CrashFigures.record("kill-big-output %s: %d rounds, %d outputs started, %d acknowledged, %d in flight at the"
                        + " kill (%d stored whole, %d absent), truncated 0, seed %d", backend, rounds,
                outcome.started(), outcome.acknowledged().size(), outcome.inFlight(), outcome.inFlightStored(),
                outcome.inFlight() - outcome.inFlightStored(), outcome.seed());
    }

    /** What the rounds left: what was acknowledged, and what the reopened store holds. */
    record Outcome(long seed, Map<String, Long> acknowledged, int started, int stored, int inFlight,
                   int inFlightStored) {
    }

    private static Outcome killRounds(Backend backend, Stop stop, String mode, int rounds, int maxDelayMillis)
            throws Exception {
        backend.assumeAvailable();
        String url = backend.freshUrl();
        String prefix = Backend.uniquePrefix();
        UUID sessionId;
        try (JdbcSessionRepository repository = backend.openJdbc(url, prefix)) {
            sessionId = workspace(repository).start(StartSession.of(AgentRef.of("writer"), "start")).id();
        }
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Map<String, Long> acknowledged = new HashMap<>();
        Map<String, String> started = new HashMap<>();
        try {
            for (int round = 0; round < rounds; round++) {
                try (ChildProcess child = ChildProcess.start(List.of(backend.name(), url, prefix,
                        sessionId.toString(), "r" + round, mode))) {
                    assertThat(child.awaitReady(120)).as("writer of round %d opened the store after the earlier"
                            + " kills (failures: %s, seed %d)", round, child.failures(), seed).isTrue();
                    boolean writing = mode.equals("append") ? child.awaitFirstAck(120) : child.awaitFirstWriting(120);
                    assertThat(writing).as("writer of round %d started writing (failures: %s)", round, child.failures())
                            .isTrue();
                    Thread.sleep(random.nextInt(maxDelayMillis));
                    assertThat(child.stop(stop.forcibly)).as("writer of round %d stopped", round).isTrue();
                    assertThat(child.failures()).as("writer of round %d failed before it was stopped", round)
                            .isEmpty();
                    acknowledged.putAll(child.acknowledged());
                    started.putAll(child.writing());
                }
            }
            return verify(backend, url, prefix, sessionId, seed, acknowledged, started);
        } finally {
            if (backend.isServer()) {
                backend.dropTables(url, prefix);
            }
        }
    }

    private static Outcome verify(Backend backend, String url, String prefix, UUID sessionId, long seed,
                                  Map<String, Long> acknowledged, Map<String, String> started) throws Exception {
        Map<String, Long> storedSeqs = new HashMap<>();
        int inFlight = 0;
        int inFlightStored = 0;
        try (JdbcSessionRepository repository = backend.openJdbc(url, prefix)) {
            Workspace workspace = workspace(repository);
            long count = workspace.get(sessionId).summary().messageCount();
            for (long seq = 1; seq <= count; seq++) {
                List<Message> one = workspace.messages(sessionId, seq, seq);
                assertThat(one).as("message %d of %d (seed %d)", seq, count, seed).hasSize(1);
                Message m = one.get(0);
                assertThat(m.seq()).as("seq of message %d (seed %d)", seq, seed).isEqualTo(seq);
                assertThat(storedSeqs.put(m.id(), m.seq())).as("message id %s stored once", m.id()).isNull();
                String sha = started.get(m.id());
                if (sha != null) {
                    assertThat(CrashChild.sha256(CrashChild.toolOutput(m)))
                            .as("SHA-256 of the stored tool output %s (seed %d)", m.id(), seed).isEqualTo(sha);
                }
            }
            assertThat(storedSeqs).as("every acknowledged message at its acknowledged seq (seed %d)", seed)
                    .containsAllEntriesOf(acknowledged);
            for (String id : started.keySet()) {
                if (!acknowledged.containsKey(id)) {
                    inFlight++;
                    if (storedSeqs.containsKey(id)) {
                        inFlightStored++;
                    }
                }
            }
        }
        try {
            Integrity.assertOpensCleanly(backend, url);
        } catch (SQLException e) {
            // H2's MVStore now and then cannot read, on a later reopen, a file it had recovered and served
            // whole after a kill during a multi-megabyte write (docs/reliability.md, "Known limits").
            if (backend != Backend.H2_FILE || e.getErrorCode() != H2_FILE_CORRUPTED) {
                throw e;
            }
            CrashFigures.record("h2 file unreadable on the reopen after the checks (every acknowledged message had"
                    + " been read back whole): %s, seed %d", e.getMessage(), seed);
        }
        return new Outcome(seed, acknowledged, started.size(), storedSeqs.size(), inFlight, inFlightStored);
    }

    private static Workspace workspace(JdbcSessionRepository repository) {
        return AgentRuns.builder(repository).build().workspace(CrashChild.WORKSPACE);
    }
}
