package dev.agentruns.reliability;

import dev.agentruns.inmemory.InMemorySessionRepository;
import dev.agentruns.spi.SessionRepository;
import dev.agentruns.testkit.AbstractSessionRepositoryContractTest;

/**
 * The contract kit on the in-memory store. Run only by the pom's zone executions (JVM default zone
 * +13:00 and -03:30); the default run leaves it to agentruns-inmemory.
 */
class ContractKitInMemoryTest extends AbstractSessionRepositoryContractTest {
    @Override
    protected SessionRepository createRepository() {
        return new InMemorySessionRepository();
    }
}
