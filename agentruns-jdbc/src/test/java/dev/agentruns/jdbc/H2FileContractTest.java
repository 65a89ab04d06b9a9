package dev.agentruns.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("contract: H2 (a temporary file)")
class H2FileContractTest extends JdbcContractTest {
    H2FileContractTest() {
        super(TestDatabase.H2_FILE, "chf");
    }
}
