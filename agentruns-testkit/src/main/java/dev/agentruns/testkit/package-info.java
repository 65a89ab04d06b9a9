/**
 * The contract test kit: the tests every {@link dev.agentruns.spi.SessionRepository} adapter runs
 * to show it keeps the storage contract, through the same public API hosts use.
 *
 * <h2>Running the kit against an adapter</h2>
 * Add {@code dev.agentruns:agentruns-testkit} with test scope (it brings JUnit Jupiter and AssertJ),
 * extend {@link dev.agentruns.testkit.AbstractSessionRepositoryContractTest} and implement its one
 * factory method:
 *
 * <pre>{@code
 * class PostgresSessionRepositoryContractTest extends AbstractSessionRepositoryContractTest {
 *     private static EmbeddedDatabase database;   // whatever your store needs
 *
 *     @BeforeAll
 *     static void startDatabase() {
 *         database = EmbeddedDatabase.start();   // runs before the kit creates the repository
 *     }
 *
 *     @Override
 *     protected SessionRepository createRepository() {
 *         return MyJdbcRepository.create(database.url());
 *     }
 *
 *     @Override
 *     protected void closeRepository(SessionRepository repository) throws Exception {
 *         super.closeRepository(repository);   // closes the repository
 *         database.stop();                       // then anything the repository needed
 *     }
 * }
 * }</pre>
 *
 * <ul>
 *   <li><b>Lifecycle.</b> {@code createRepository()} is called once per test class, lazily on the
 *       first test (so after the subclass's {@code @BeforeAll} methods), and the repository is
 *       shared by every test of every group. {@code closeRepository(..)} runs once at the end, after
 *       the subclass's own {@code @AfterAll} methods; override it (calling {@code super}) to tear down
 *       what the repository depended on. A second subclass gets its own repository.</li>
 *   <li><b>Isolation.</b> Every test works in a new workspace with a random id and only ever reads
 *       that workspace (and, for isolation tests, other new ones), so one database can serve the
 *       whole run without cleaning between tests, may already hold data, and the tests may run in
 *       parallel (each test has its own instance, clock and workspace).</li>
 *   <li><b>Time.</b> Each test drives a {@link dev.agentruns.testkit.MutableClock} and sets the zone
 *       and week start explicitly (Europe/Berlin and Monday unless a test says otherwise, including
 *       America/New_York and Sunday weeks), so durations, waiting times and TODAY/THIS_WEEK/THIS_MONTH
 *       across DST changes are exact. Nothing sleeps and nothing is timed.</li>
 *   <li><b>Groups.</b> The capabilities are {@code @Nested} classes with display names (start,
 *       append messages, record activity, status state machine and output, duration and waiting
 *       time, viewing, list and count, time windows, fork, tickets, archive and delete, bulk,
 *       workspace isolation, listeners, bad input, concurrency), as in Micrometer's
 *       {@code MeterRegistryCompatibilityKit}. A failing test names the behaviour that is broken,
 *       for example {@code forkOfForkKeepsBothPrefixes}.</li>
 *   <li><b>Cost.</b> The kit is sized for real databases: the largest loops are 32 threads appending
 *       50 messages each and 20 rounds of a complete/cancel race.</li>
 * </ul>
 *
 * <p>To run only some groups while developing an adapter, use your build tool's test filter on the
 * nested class names, for example {@code -Dtest='MyRepositoryContractTest$Fork'} with Maven Surefire.
 */
package dev.agentruns.testkit;
