package dev.agentruns.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AppendWrites} still measures, on SQLite (Linux only: it reads /proc/self/io). Not a measurement. */
class AppendWritesTest {

    @Test
    void countsTheBytesEachAppendWrites(@TempDir Path data, @TempDir Path notes) throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/io")), "no /proc/self/io on this system");
        String dataDir = System.getProperty("agentruns.bench.dir");
        String notesDir = System.getProperty(Notes.PROPERTY);
        System.setProperty("agentruns.bench.dir", data.toString());
        System.setProperty(Notes.PROPERTY, notes.toString());
        try {
            List<AppendWrites.Result> results = AppendWrites.run(List.of("agentruns-sqlite", "raw-sqlite"));
            AppendWrites.write(results);

            assertThat(results).extracting(AppendWrites.Result::impl).containsExactly("agentruns-sqlite", "raw-sqlite");
            for (AppendWrites.Result r : results) {
                // Every append commits, and a commit in WAL mode writes at least one page to the log.
                assertThat(r.writesPerAppend()).as(r.impl() + " write calls per append").isGreaterThanOrEqualTo(1);
                assertThat(r.bytesPerAppend()).as(r.impl() + " bytes per append").isGreaterThanOrEqualTo(4096);
            }
            assertThat(Files.readString(notes.resolve("append-writes.md")))
                    .contains("| agentruns-sqlite |", "| raw-sqlite |");
        } finally {
            restore("agentruns.bench.dir", dataDir);
            restore(Notes.PROPERTY, notesDir);
        }
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
