package dev.agentruns.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an append writes (scenario 1 at 1,000 messages), not a JMH benchmark: on the embedded
 * databases, which write from this process, the bytes this process hands to write calls
 * ({@code wchar} of {@code /proc/self/io}, so Linux only) and the number of those calls, per append
 * of one message to a conversation of {@value #LENGTH}, for agentruns, raw JDBC ({@code raw-} and
 * {@code raw-tx-}) and Spring AI's JDBC memory (whole history). A count, not a time, so it does not
 * move with the machine's load; on H2, whose every commit writes each B-tree page it changed, it
 * is most of what an append costs.
 *
 * <pre>java -cp benchmarks.jar dev.agentruns.benchmarks.AppendWrites [impl,impl,...]</pre>
 *
 * Writes {@code append-writes.md/.json} as notes.
 */
public final class AppendWrites {
    static final List<String> IMPLS = List.of("agentruns-sqlite", "raw-sqlite", "raw-tx-sqlite",
            "springai-jdbc-all-sqlite", "agentruns-h2", "raw-h2", "raw-tx-h2", "springai-jdbc-all-h2");
    static final int LENGTH = 1_000;
    static final int WARMUP_APPENDS = 20;
    static final int APPENDS = 100;
    private static final Path PROC_IO = Path.of("/proc/self/io");

    private AppendWrites() {
    }

    /** One store: bytes and write calls per append. */
    record Result(String impl, double bytesPerAppend, double writesPerAppend) {
        String database() {
            return impl.substring(impl.lastIndexOf('-') + 1);
        }
    }

    public static void main(String[] args) {
        write(run(args.length > 0 ? Arrays.asList(args[0].split(",")) : IMPLS));
    }

    /** Measures each implementation; empty when this system has no {@code /proc/self/io}. */
    static List<Result> run(List<String> impls) {
        if (!Files.isReadable(PROC_IO)) {
            return List.of();
        }
        List<Result> results = new ArrayList<>();
        for (String impl : impls) {
            try (ConversationStore store = Implementations.open(impl)) {
                String conversation = store.create(Texts.history(LENGTH));
                for (int i = 0; i < WARMUP_APPENDS; i++) {
                    store.append(conversation, Warming.TEXTS.get(i));
                }
                Map<String, Long> before = io();
                for (int i = 0; i < APPENDS; i++) {
                    store.append(conversation, Warming.TEXTS.get(WARMUP_APPENDS + i));
                }
                Map<String, Long> after = io();
                results.add(new Result(impl, (after.get("wchar") - before.get("wchar")) / (double) APPENDS,
                        (after.get("syscw") - before.get("syscw")) / (double) APPENDS));
            }
        }
        return results;
    }

    private static Map<String, Long> io() {
        try {
            Map<String, Long> counters = new HashMap<>();
            for (String line : Files.readAllLines(PROC_IO)) {
                String[] parts = line.split(":\\s*");
                counters.put(parts[0], Long.parseLong(parts[1].trim()));
            }
            return counters;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(List<Result> results) {
        if (results.isEmpty()) {
            Notes.write("append-writes", "### Bytes written per append\n\nNot measured: this system has no "
                    + PROC_IO + ".");
            return;
        }
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "### Bytes written per append%n%n"
                + "One message appended to a conversation of %,d, %d times after %d appends of warm-up: bytes this"
                + " process handed to write calls (`wchar` of /proc/self/io: the WAL and database files on SQLite,"
                + " the store file on H2) and the number of those calls, per append.%n%n"
                + "| store | bytes per append | write calls per append | bytes ÷ agentruns's on the same database |%n"
                + "|---|---:|---:|---:|%n", LENGTH, APPENDS, WARMUP_APPENDS));
        StringBuilder json = new StringBuilder("[");
        for (Result r : results) {
            Result own = results.stream().filter(o -> o.impl().equals("agentruns-" + r.database())).findFirst()
                    .orElse(null);
            md.append(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %s |%n", r.impl(), r.bytesPerAppend(),
                    r.writesPerAppend(), own == null ? "" : String.format(Locale.ROOT, "%.2f",
                            r.bytesPerAppend() / own.bytesPerAppend())));
            json.append(json.length() > 1 ? ",\n " : "").append(String.format(Locale.ROOT,
                    "{\"impl\": \"%s\", \"length\": %d, \"bytesPerAppend\": %.1f, \"writesPerAppend\": %.2f}",
                    r.impl(), LENGTH, r.bytesPerAppend(), r.writesPerAppend()));
        }
        Notes.write("append-writes", md.toString());
        Notes.writeJson("append-writes", json.append("]").toString());
    }
}
