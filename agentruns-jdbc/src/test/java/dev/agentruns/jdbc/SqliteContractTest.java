package dev.agentruns.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("contract: SQLite (a temporary file)")
class SqliteContractTest extends JdbcContractTest {
    SqliteContractTest() {
        super(TestDatabase.SQLITE, "cs");
    }
}
