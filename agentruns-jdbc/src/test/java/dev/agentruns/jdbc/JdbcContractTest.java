package dev.agentruns.jdbc;

import dev.agentruns.spi.SessionRepository;
import dev.agentruns.testkit.AbstractSessionRepositoryContractTest;
import org.junit.jupiter.api.BeforeAll;

/**
 * The storage contract on one database, in tables of their own (a random prefix) that are dropped
 * afterwards. Skipped when the database's server does not answer, unless servers are required.
 */
abstract class JdbcContractTest extends AbstractSessionRepositoryContractTest {
    private final TestDatabase database;
    private final String url;
    private final String prefix;

    JdbcContractTest(TestDatabase database, String prefixTag) {
        this.database = database;
        this.url = database.url();
        this.prefix = TestDatabase.uniquePrefix(prefixTag);
    }

    @BeforeAll
    void serverAnswers() {
        database.assumeAvailable();
    }

    @Override
    protected SessionRepository createRepository() {
        return database.open(url, prefix);
    }

    @Override
    protected void closeRepository(SessionRepository repository) throws Exception {
        repository.close();
        database.dropTables(url, prefix);
    }
}
