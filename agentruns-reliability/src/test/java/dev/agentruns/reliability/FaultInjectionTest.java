package dev.agentruns.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.agentruns.AgentRef;
import dev.agentruns.AgentRuns;
import dev.agentruns.BulkResult;
import dev.agentruns.NewMessage;
import dev.agentruns.Session;
import dev.agentruns.StartSession;
import dev.agentruns.StorageException;
import dev.agentruns.TicketRef;
import dev.agentruns.WaitReason;
import dev.agentruns.Workspace;
import dev.agentruns.jdbc.JdbcSessionRepository;

/**
 * A JDBC call that fails at any point of a write leaves the workspace as it was (or, when the failure
 * came after the commit, as a clean run leaves it), reaches the caller as a {@link StorageException}
 * with the {@link java.sql.SQLException} in its cause chain, and once the fault clears the same
 * operation succeeds. For every operation a clean run counts its JDBC calls; then the fault is put
 * at each call N (every N under the {@code reliability-full} profile, a sample of them otherwise),
 * once and persistently (call N and every later one, until cleared).
 *
 * <p>The in-memory store makes no JDBC calls, so it has no place here.
 */
class FaultInjectionTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T09:00:00Z"), ZoneOffset.UTC);
    private static final TicketRef TICKET = new TicketRef("jira", "OPS-7", "Fault injection", null);

    /** The sessions every trial starts from, in a workspace of its own. */
    record Fixture(UUID running, UUID waiting, UUID completed, UUID forkedSource, UUID fork, String forkAt) {
        static Fixture create(Workspace ws) {
            AgentRef agent = AgentRef.of("faulty", "Faulty");
            UUID running = ws.start(StartSession.of(agent, "alpha")).id();
            ws.append(running, NewMessage.assistant("alpha one").withId("alpha-1"));
            ws.append(running, NewMessage.assistant("alpha two").withId("alpha-2"));
            UUID waiting = ws.start(StartSession.of(agent, "beta")).id();
            ws.waitFor(waiting, WaitReason.APPROVAL);
            UUID completed = ws.start(StartSession.of(agent, "gamma")).id();
            ws.append(completed, NewMessage.assistant("gamma one"));
            ws.complete(completed);
            UUID source = ws.start(StartSession.of(agent, "delta")).id();
            ws.append(source, NewMessage.assistant("delta one").withId("delta-1"));
            ws.append(source, NewMessage.assistant("delta two"));
            UUID fork = ws.fork(source, "delta-1", NewMessage.user("epsilon")).id();
            ws.complete(source);
            return new Fixture(running, waiting, completed, source, fork, "alpha-1");
        }
    }

    /** An operation under test. */
    enum Operation {
        START(ws -> f -> ws.start(StartSession.of(AgentRef.of("faulty", "Faulty"), "zeta"))),
        APPEND(ws -> f -> ws.append(f.running(), NewMessage.assistant("alpha three").withId("alpha-3"))),
        COMPLETE(ws -> f -> ws.complete(f.running(), "{\"ok\": true}")),
        FAIL(ws -> f -> ws.fail(f.running(), "broken")),
        CANCEL(ws -> f -> ws.cancel(f.running(), "not needed")),
        WAIT_FOR(ws -> f -> ws.waitFor(f.running(), WaitReason.INPUT)),
        RESUME(ws -> f -> ws.resume(f.waiting(), NewMessage.user("approved").withId("beta-approved"))),
        FORK(ws -> f -> ws.fork(f.running(), f.forkAt(), NewMessage.user("theta"))),
        LINK(ws -> f -> ws.linkTicket(f.running(), TICKET)),
        ARCHIVE(ws -> f -> ws.archive(f.completed(), TICKET)),
        BULK_DELETE(ws -> f -> {
            BulkResult result = ws.deleteAll(List.of(f.completed(), f.forkedSource()));
            assertThat(result.done() + result.notFound()).as("bulk delete outcomes").isEqualTo(2);
        });

        private final Function<Workspace, Consumer<Fixture>> action;

        Operation(Function<Workspace, Consumer<Fixture>> action) {
            this.action = action;
        }

        void run(Workspace ws, Fixture f) {
            action.apply(ws).accept(f);
        }
    }

    static Stream<Arguments> jdbcBackendsAndOperations() {
        List<Arguments> all = new ArrayList<>();
        for (Backend backend : new Backend[] {Backend.SQLITE, Backend.H2_FILE, Backend.POSTGRESQL, Backend.MARIADB}) {
            for (Operation op : Operation.values()) {
                all.add(Arguments.of(backend, op));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("jdbcBackendsAndOperations")
    void faultAtAnyJdbcCallLeavesNothingHalfDone(Backend backend, Operation op) throws Exception {
        backend.assumeAvailable();
        String url = backend.freshUrl();
        String prefix = Backend.uniquePrefix();
        try (HikariDataSource pool = pool(backend, url)) {
            FaultyDataSource faults = FaultyDataSource.over(pool);
            try (JdbcSessionRepository repository = backend.openJdbc(faults.dataSource(), prefix)) {
                AgentRuns runs = AgentRuns.builder(repository).clock(CLOCK).build();

                Workspace cleanWs = runs.workspace("clean");
                Fixture cleanFixture = Fixture.create(cleanWs);
                faults.resetCount();
                op.run(cleanWs, cleanFixture);
                long calls = faults.count();
                String clean = WorkspaceState.of(cleanWs);
                String partial = null;
                if (op == Operation.BULK_DELETE) {
                    Workspace partialWs = runs.workspace("partial");
                    Fixture f = Fixture.create(partialWs);
                    partialWs.delete(f.completed());
                    partial = WorkspaceState.of(partialWs);
                }
                assertThat(calls).as("JDBC calls of a clean %s", op).isPositive();

                long seed = System.nanoTime();
                int trials = 0;
                int reportedAfterCommit = 0;
                int absorbed = 0;
                TreeSet<String> failedCallsAfterCommit = new TreeSet<>();
                for (long n : positions(calls, new Random(seed))) {
                    for (boolean persistent : new boolean[] {false, true}) {
                        String where = op + " with a " + (persistent ? "persistent " : "") + "fault at JDBC call " + n
                                + " of " + calls + " on " + backend;
                        Workspace ws = runs.workspace("w" + n + (persistent ? "p" : "o"));
                        Fixture f = Fixture.create(ws);
                        String before = WorkspaceState.of(ws);
                        faults.failAt(n, persistent);
                        Throwable thrown = null;
                        try {
                            op.run(ws, f);
                        } catch (Throwable t) {
                            thrown = t;
                        } finally {
                            faults.clear();
                        }
                        trials++;
                        String after = WorkspaceState.of(ws);
                        if (thrown == null) {
                            // the fault hit a call whose failure the store may ignore (it was not needed)
                            assertThat(after).as("state after %s that did not fail", where).isEqualTo(clean);
                            absorbed++;
                            continue;
                        }
                        assertThat(thrown).as(where).isInstanceOf(StorageException.class);
                        assertThat(hasInjectedCause(thrown)).as("the SQLException is in the cause chain of %s: %s",
                                where, thrown).isTrue();
                        if (after.equals(clean)) {
                            reportedAfterCommit++;
                            failedCallsAfterCommit.add(injectedFault(thrown));
                            continue;
                        }
                        if (partial != null && after.equals(partial)) {
                            // a bulk delete is atomic per session: the first one went, the second did not
                            op.run(ws, f);
                        } else {
                            assertThat(after).as("state after %s", where).isEqualTo(before);
                            try {
                                op.run(ws, f);
                            } catch (RuntimeException e) {
                                fail("the same " + op + " after the fault cleared (" + where + ") failed", e);
                            }
                        }
                        assertThat(WorkspaceState.of(ws)).as("state after %s, cleared and retried", where)
                                .isEqualTo(clean);
                    }
                }
                CrashFigures.record("fault %s %s: %d JDBC calls in a clean run, %d positions x once/persistent ="
                                + " %d trials, %d faults injected, %d failed after the commit (state = clean run),"
                                + " %s, %d absorbed, half-done 0, seed %d", backend, op, calls, trials / 2, trials,
                        faults.injected(), reportedAfterCommit, failedCallsAfterCommit, absorbed, seed);
            } finally {
                if (backend.isServer()) {
                    backend.dropTables(url, prefix);
                }
            }
        }
    }

    /** Every call under the full profile; otherwise the first, the last and two others at random. */
    private static TreeSet<Long> positions(long calls, Random random) {
        TreeSet<Long> positions = new TreeSet<>();
        if (Effort.full()) {
            for (long n = 1; n <= calls; n++) {
                positions.add(n);
            }
            return positions;
        }
        positions.add(1L);
        positions.add(calls);
        while (positions.size() < Math.min(calls, 4)) {
            positions.add(1 + (long) random.nextInt((int) calls));
        }
        return positions;
    }

    private static String injectedFault(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof FaultyDataSource.InjectedFault f) {
                return f.getMessage().replaceAll(".*\\(|\\)", "");
            }
        }
        return "?";
    }

    private static boolean hasInjectedCause(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof FaultyDataSource.InjectedFault) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                if (s instanceof FaultyDataSource.InjectedFault) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The real pool under the faulty wrapper, configured as the repository would configure its own. */
    static HikariDataSource pool(Backend backend, String url) {
        HikariConfig config = new HikariConfig();
        config.setMaximumPoolSize(4);
        config.setUsername(backend.user());
        config.setPassword(backend.password());
        switch (backend) {
            case SQLITE -> config.setJdbcUrl(url + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=10000"
                    + "&foreign_keys=true");
            case H2_FILE -> config.setJdbcUrl(url + ";LOCK_TIMEOUT=10000");
            case MARIADB -> config.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + "useServerPrepStmts=true");
            default -> config.setJdbcUrl(url);
        }
        return new HikariDataSource(config);
    }
}
