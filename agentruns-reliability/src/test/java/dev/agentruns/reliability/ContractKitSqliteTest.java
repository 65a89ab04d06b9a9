package dev.agentruns.reliability;

import dev.agentruns.spi.SessionRepository;
import dev.agentruns.testkit.AbstractSessionRepositoryContractTest;

/**
 * The contract kit on SQLite (a temporary file). Run only by the pom's zone executions (JVM default
 * zone +13:00 and -03:30); the default run leaves it to agentruns-jdbc.
 */
class ContractKitSqliteTest extends AbstractSessionRepositoryContractTest {
    private Backend.Store store;

    @Override
    protected SessionRepository createRepository() {
        store = Backend.SQLITE.open();
        return store.repository();
    }

    @Override
    protected void closeRepository(SessionRepository repository) throws Exception {
        store.close();
    }
}
