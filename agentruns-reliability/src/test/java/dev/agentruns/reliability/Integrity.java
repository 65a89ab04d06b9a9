package dev.agentruns.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Whether a database file opens cleanly and reads back whole after a crash. */
final class Integrity {
    private Integrity() {
    }

    /**
     * SQLite: {@code PRAGMA integrity_check} answers "ok". H2: {@code SCRIPT TO} a temporary file reads
     * every row of every table. Servers: nothing to check beyond what the caller reads.
     */
    static void assertOpensCleanly(Backend backend, String url) throws Exception {
        if (backend == Backend.SQLITE) {
            try (Connection c = backend.connect(url); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                List<String> lines = new ArrayList<>();
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
                assertThat(lines).as("PRAGMA integrity_check of %s", url).containsExactly("ok");
            }
        } else if (backend == Backend.H2_FILE) {
            Path script = Files.createTempFile("agentruns-h2-script-", ".sql");
            try (Connection c = backend.connect(url); Statement st = c.createStatement()) {
                st.execute("SCRIPT TO '" + script.toAbsolutePath().toString().replace("'", "''") + "'");
                assertThat(Files.size(script)).as("H2 SCRIPT of %s", url).isPositive();
            } finally {
                Files.deleteIfExists(script);
            }
        }
    }
}
