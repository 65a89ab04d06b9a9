package dev.agentruns.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("contract: H2 in memory")
class H2MemContractTest extends JdbcContractTest {
    H2MemContractTest() {
        super(TestDatabase.H2_MEM, "chm");
    }
}
