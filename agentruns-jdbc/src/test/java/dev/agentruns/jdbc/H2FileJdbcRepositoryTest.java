package dev.agentruns.jdbc;

class H2FileJdbcRepositoryTest extends AbstractJdbcRepositoryTest {
    @Override
    protected TestDatabase database() {
        return TestDatabase.H2_FILE;
    }

    @Override
    protected Dialect expectedDialect() {
        return Dialect.H2;
    }
}
