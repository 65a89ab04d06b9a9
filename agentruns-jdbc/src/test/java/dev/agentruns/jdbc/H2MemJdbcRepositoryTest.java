package dev.agentruns.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class H2MemJdbcRepositoryTest extends AbstractJdbcRepositoryTest {
    @Override
    protected TestDatabase database() {
        return TestDatabase.H2_MEM;
    }

    @Override
    protected Dialect expectedDialect() {
        return Dialect.H2;
    }

    @Test
    void callsRunOnTheCallersThreadAsNoFileIsInvolved() {
        try (JdbcSessionRepository repository = database().open(database().url(), newPrefix())) {
            assertThat(repository.shieldsFromInterrupts()).isFalse();
        }
    }
}
