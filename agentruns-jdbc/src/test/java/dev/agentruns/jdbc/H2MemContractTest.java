package dev.agentruns.jdbc;

import dev.agentruns.spi.SessionRepository;
import dev.agentruns.testkit.AbstractSessionRepositoryContractTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/** The storage contract on H2 in memory, in tables of their own that are dropped afterwards. */
@DisplayName("contract: H2 in memory")
class H2MemContractTest extends AbstractSessionRepositoryContractTest {
    private static final TestDatabase DATABASE = TestDatabase.H2_MEM;
    private final String url = DATABASE.url();
    private final String prefix = TestDatabase.uniquePrefix("chm");

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
