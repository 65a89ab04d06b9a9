package dev.agentruns.jdbc;

class SqliteJdbcRepositoryTest extends AbstractJdbcRepositoryTest {
    @Override
    protected TestDatabase database() {
        return TestDatabase.SQLITE;
    }

    @Override
    protected Dialect expectedDialect() {
        return Dialect.SQLITE;
    }
}
