package dev.agentruns.testkit;

import dev.agentruns.spi.SessionRepository;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract every {@link SessionRepository} must meet, checked through the public API
 * ({@link dev.agentruns.AgentRuns} and {@link dev.agentruns.Workspace}), which holds the rules.
 * Extend it once per storage adapter and implement {@link #createRepository()}:
 *
 * <pre>{@code
 * class MyRepositoryContractTest extends AbstractSessionRepositoryContractTest {
 *     @Override
 *     protected SessionRepository createRepository() {
 *         return new MyRepository(...);
 *     }
 * }
 * }</pre>
 *
 * <p>The capability groups are {@link Nested} classes (start, append, activity, status machine,
 * timing, viewing, list and count, time windows, fork, tickets, archive and delete, bulk,
 * workspace isolation, listeners, bad input, concurrency). The repository is created once per test
 * class, on first use (after the subclass's own {@code @BeforeAll} methods, so a database started
 * there is ready), and closed by {@link #closeRepository(SessionRepository)} after every group has
 * run. Every test works in a fresh workspace with a random id, so the tests share one database
 * without cleaning up between them and may run in parallel. Every test sets its own
 * {@link MutableClock}; none sleeps or measures time.
 *
 * <p>The class runs with {@code @TestInstance(PER_CLASS)} so that one repository serves every
 * group; subclasses must not change the lifecycle. Nested groups get a new instance per test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AbstractSessionRepositoryContractTest {
    private SessionRepository repository;
    private boolean closed;

    /**
     * Creates the repository under test. Called once per test class, on first use. It may hold data
     * from earlier runs: the kit only ever reads workspaces it created.
     *
     * @return a repository; the kit closes it with {@link #closeRepository(SessionRepository)}
     * @throws Exception when the repository cannot be created (the tests then fail)
     */
    protected abstract SessionRepository createRepository() throws Exception;

    /**
     * Releases the repository after every test of the class has run; the default calls
     * {@link SessionRepository#close()}. Override to also drop a schema or stop a server: this runs
     * after the subclass's own {@code @AfterAll} methods.
     *
     * @param repository the repository {@link #createRepository()} returned
     * @throws Exception when releasing fails
     */
    protected void closeRepository(SessionRepository repository) throws Exception {
        repository.close();
    }

    /** The repository under test, created on first call. */
    protected final synchronized SessionRepository repository() {
        if (closed) {
            throw new IllegalStateException("the repository under test was already closed");
        }
        if (repository == null) {
            try {
                repository = Objects.requireNonNull(createRepository(), "createRepository() returned null");
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("createRepository() failed", e);
            }
        }
        return repository;
    }

    @AfterAll
    final synchronized void closeRepositoryAfterAllGroups() throws Exception {
        closed = true;
        if (repository != null) {
            SessionRepository r = repository;
            repository = null;
            closeRepository(r);
        }
    }

    @Nested
    @DisplayName("start")
    class Start extends StartContract {
        @Override
        SessionRepository repositoryUnderTest() {
            return repository();
        }
    }

    @Nested
    @DisplayName("append messages")
    class Append extends AppendContract {
        @Override
        SessionRepository repositoryUnderTest() {
            return repository();
        }
    }

    @Nested
    @DisplayName("record activity")
    class Activity extends ActivityContract {
        @Override
        SessionRepository repositoryUnderTest() {
            return repository();
        }
    }

    @Nested
    @DisplayName("status state machine and output")
    class Status extends StatusContract {
        @Override
        SessionRepository repositoryUnderTest() {
            return repository();
        }
    }

    @Nested
    @DisplayName("duration and waiting time")
    class Timing extends TimingContract {
        @Override
        SessionRepository repositoryUnderTest() {
            return repository();
        }
    }

    @Nested
    @DisplayName("viewing: session, messages, activity")
    class Viewing extends ViewContract {
        @Override
        SessionRepository repositoryUnderTest() {
            return repository();
        }
    }

    @Nested
    @DisplayName("list and count")
    class Listing extends QueryContract {
        @Override
        SessionRepository repositoryUnderTest() {
            return repository();
        }
    }

    @Nested
    @DisplayName("time windows, DST and week starts")
    class TimeWindows extends TimeWindowContract {
        @Override
        SessionRepository repositoryUnderTest() {
            return repository();
        }
    }

    @Nested
    @DisplayName("fork")
    class Fork extends ForkContract {
        @Override
        SessionRepository repositoryUnderTest() {
            return repository();
        }
    }

    @Nested
    @DisplayName("tickets")
    class Tickets extends TicketContract {
        @Override
        SessionRepository repositoryUnderTest() {
            return repository();
        }
    }

    @Nested
    @DisplayName("archive and delete")
    class ArchiveAndDelete extends ArchiveDeleteContract {
        @Override
        SessionRepository repositoryUnderTest() {
            return repository();
        }
    }

    @Nested
    @DisplayName("bulk archive, delete and export")
    class Bulk extends BulkContract {
        @Override
        SessionRepository repositoryUnderTest() {
            return repository();
        }
    }

    @Nested
    @DisplayName("workspace isolation")
    class WorkspaceIsolation extends IsolationContract {
        @Override
        SessionRepository repositoryUnderTest() {
            return repository();
        }
    }

    @Nested
    @DisplayName("listeners")
    class Listeners extends ListenerContract {
        @Override
        SessionRepository repositoryUnderTest() {
            return repository();
        }
    }

    @Nested
    @DisplayName("bad input")
    class BadInput extends BadInputContract {
        @Override
        SessionRepository repositoryUnderTest() {
            return repository();
        }
    }

    @Nested
    @DisplayName("concurrency")
    class Concurrency extends ConcurrencyContract {
        @Override
        SessionRepository repositoryUnderTest() {
            return repository();
        }
    }
}
