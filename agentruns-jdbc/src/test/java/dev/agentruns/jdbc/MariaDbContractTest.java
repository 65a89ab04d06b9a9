package dev.agentruns.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("contract: MariaDB")
class MariaDbContractTest extends JdbcContractTest {
    MariaDbContractTest() {
        super(TestDatabase.MARIADB, "cmy");
    }
}
