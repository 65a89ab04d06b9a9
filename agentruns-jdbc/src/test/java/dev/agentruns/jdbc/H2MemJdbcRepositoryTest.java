package dev.agentruns.jdbc;

class H2MemJdbcRepositoryTest extends AbstractJdbcRepositoryTest {
    @Override
    protected TestDatabase database() {
        return TestDatabase.H2_MEM;
    }

    @Override
    protected Dialect expectedDialect() {
        return Dialect.H2;
    }
}
