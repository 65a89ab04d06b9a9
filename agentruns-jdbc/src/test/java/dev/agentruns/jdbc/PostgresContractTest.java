package dev.agentruns.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("contract: PostgreSQL")
class PostgresContractTest extends JdbcContractTest {
    PostgresContractTest() {
        super(TestDatabase.POSTGRESQL, "cpg");
    }
}
