package dev.agentruns.inmemory;

import dev.agentruns.spi.SessionRepository;
import dev.agentruns.testkit.AbstractSessionRepositoryContractTest;

/** The storage contract, run against the in-memory repository. */
class InMemorySessionRepositoryContractTest extends AbstractSessionRepositoryContractTest {

    @Override
    protected SessionRepository createRepository() {
        return new InMemorySessionRepository();
    }
}
