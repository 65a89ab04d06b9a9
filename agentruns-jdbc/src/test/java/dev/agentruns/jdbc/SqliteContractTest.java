package dev.agentruns.jdbc;

import dev.agentruns.spi.SessionRepository;
import dev.agentruns.testkit.AbstractSessionRepositoryContractTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/** The storage contract on SQLite (a temporary file), in tables of their own that are dropped afterwards. */
@DisplayName("contract: SQLite (a temporary file)")
class SqliteContractTest extends AbstractSessionRepositoryContractTest {
    private static final TestDatabase DATABASE = TestDatabase.SQLITE;
    private final String url = DATABASE.url();
    private final String prefix = TestDatabase.uniquePrefix("cs");

    @BeforeAll
    void serverAnswers() {
        DATABASE.assumeAvailable();
    }

    @Override
    protected SessionRepository createRepository() {
        return DATABASE.open(url, prefix);
    }

    @Override
    protected void closeRepository(SessionRepository repository) throws Exception {
        repository.close();
        DATABASE.dropTables(url, prefix);
    }
}
