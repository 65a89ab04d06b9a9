package dev.agentruns.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import dev.agentruns.NewMessage;
import dev.agentruns.Workspace;

/**
 * Storage per fork (scenario 5), not a JMH benchmark: on each agentruns store, a session of 100 and
 * one of 10,000 messages, then {@value #FORKS} forks of it at its middle message; reports the rows
 * each fork adds to the three tables and, where the database tells, the bytes: SQLite's used pages
 * after a checkpoint, PostgreSQL's {@code pg_total_relation_size} (tables, indexes and TOAST), H2's
 * {@code DISK_SPACE_USED}, MariaDB's {@code data_length + index_length} after {@code ANALYZE TABLE}
 * (InnoDB's estimate, in 16 KiB pages), and in memory the retained heap. For scale it also reports
 * the bytes per message of the source, which is what a fork that copied its prefix would pay per
 * shared message. It also times loading the fork's transcript and a plain session's of the same
 * length in turns ({@link #interleavedLoads}), for the fork-load target on a shared machine.
 *
 * <pre>java -cp benchmarks.jar dev.agentruns.benchmarks.ForkStorage [impl,impl,...]</pre>
 *
 * Writes {@code fork-storage.md/.json} as notes.
 */
public final class ForkStorage {
    static final int FORKS = 200;
    static final List<Integer> LENGTHS = List.of(100, 10_000);
    static final List<String> IMPLS = List.of("agentruns-memory", "agentruns-sqlite", "agentruns-h2",
            "agentruns-postgresql", "agentruns-mariadb");
    private static final String[] TABLES = {"sessions", "messages", "activity"};

    private ForkStorage() {
    }

    /** One store and length: rows and bytes per fork, bytes per source message (null where unknown). */
    record Result(String impl, int length, double[] rowsPerFork, Double bytesPerFork, Double bytesPerMessage,
                  String bytesFrom, double loadForkMicros, double loadPlainMicros) {
    }

    public static void main(String[] args) {
        List<String> impls = args.length > 0 ? Arrays.asList(args[0].split(",")) : IMPLS;
        Map<Database, Boolean> up = Main.serversUp();
        write(run(impls.stream().filter(impl -> Main.available(impl, up)).toList()));
    }

    /** Measures every implementation at every length. */
    static List<Result> run(List<String> impls) {
        List<Result> results = new ArrayList<>();
        for (int length : LENGTHS) {
            for (String impl : impls) {
                Result r = measure(impl, length);
                System.out.println("# " + describe(r));
                results.add(r);
            }
        }
        return results;
    }

    static Result measure(String impl, int length) {
        boolean memory = impl.equals("agentruns-memory");
        Database db = memory ? null : Database.ofKey(impl.substring("agentruns-".length()));
        AgentRunsStore store = memory ? AgentRunsStore.inMemory() : AgentRunsStore.jdbc(db, db.readSettings());
        try {
            Workspace workspace = store.workspace();
            Measure m = memory ? null : new Measure(db, store.dataSource(), store.prefix());
            long empty = memory ? Heap.usedAfterGc() : m.bytes();
            UUID source = UUID.fromString(store.create(Texts.history(length)));
            String at = workspace.messages(source, length / 2, length / 2).get(0).id();
            // One fork first, so that what the first fork of a session creates once (index pages) is
            // not counted per fork.
            UUID fork = workspace.fork(source, at, NewMessage.user(ForkBenchmark.PROMPT)).id();
            long[] rowsBefore = memory ? new long[3] : m.rows();
            long before = memory ? Heap.usedAfterGc() : m.bytes();
            List<UUID> forks = new ArrayList<>(FORKS);
            for (int i = 0; i < FORKS; i++) {
                forks.add(workspace.fork(source, at, NewMessage.user(ForkBenchmark.PROMPT)).id());
            }
            long after = memory ? Heap.usedAfterGc() : m.bytes();
            long[] rowsAfter = memory ? new long[3] : m.rows();
            double[] rows = new double[3];
            for (int t = 0; t < 3; t++) {
                rows[t] = (rowsAfter[t] - rowsBefore[t]) / (double) FORKS;
            }
            boolean knowsBytes = empty >= 0;
            Double perFork = knowsBytes ? (after - before) / (double) FORKS : null;
            Double perMessage = knowsBytes ? (before - empty) / (double) length : null;
            java.lang.ref.Reference.reachabilityFence(forks);
            UUID plain = UUID.fromString(store.create(Texts.history(length / 2 + 1)));
            double[] loads = interleavedLoads(workspace, fork, plain);
            return new Result(impl, length, memory ? null : rows, perFork, perMessage,
                    memory ? "retained heap" : m.how(), loads[0], loads[1]);
        } catch (SQLException e) {
            throw new IllegalStateException("measuring forks on " + impl + " failed", e);
        } finally {
            store.close();
        }
    }

    /**
     * Median time of loading the fork and the plain session of the same length, measured in turns
     * (fork, plain, plain, fork, ...) so that both meet the same machine: on a shared machine the
     * separate JMH runs of loadFork and loadPlain can meet different loads. A sample is as many loads
     * as take about a millisecond; a second of warm-up first.
     */
    static double[] interleavedLoads(Workspace workspace, UUID fork, UUID plain) {
        long warmEnd = System.nanoTime() + 1_000_000_000L;
        long one = Long.MAX_VALUE;
        while (System.nanoTime() < warmEnd) {
            long t = System.nanoTime();
            workspace.messages(fork);
            workspace.messages(plain);
            one = Math.min(one, (System.nanoTime() - t) / 2);
        }
        int reps = (int) Math.max(1, Math.min(10_000, 1_000_000L / Math.max(one, 1)));
        int samples = (int) Math.max(20, Math.min(400, 3_000_000_000L / (2L * reps * Math.max(one, 1))));
        double[] forkTimes = new double[samples];
        double[] plainTimes = new double[samples];
        for (int i = 0; i < samples; i++) {
            boolean forkFirst = i % 2 == 0;
            double a = timeLoads(workspace, forkFirst ? fork : plain, reps);
            double b = timeLoads(workspace, forkFirst ? plain : fork, reps);
            forkTimes[i] = forkFirst ? a : b;
            plainTimes[i] = forkFirst ? b : a;
        }
        Arrays.sort(forkTimes);
        Arrays.sort(plainTimes);
        return new double[] {forkTimes[samples / 2], plainTimes[samples / 2]};
    }

    /** Microseconds per load of {@code reps} loads of the session's whole transcript. */
    private static double timeLoads(Workspace workspace, UUID session, int reps) {
        long t = System.nanoTime();
        int n = 0;
        for (int r = 0; r < reps; r++) {
            n += workspace.messages(session).size();
        }
        if (n == 0) {
            throw new IllegalStateException("loaded no messages of " + session);
        }
        return (System.nanoTime() - t) / 1000.0 / reps;
    }

    /** Sizes and row counts of the three agentruns tables of one store. */
    private record Measure(Database db, DataSource dataSource, String prefix) {
        String how() {
            return switch (db) {
                case SQLITE -> "(page_count - freelist_count) x page_size after a WAL checkpoint";
                case POSTGRESQL -> "pg_total_relation_size of the three tables";
                case H2 -> "DISK_SPACE_USED of the three tables and the counters' (H2's estimate; leaves out LOB"
                        + " storage)";
                case MARIADB -> "data_length + index_length after ANALYZE TABLE (estimate, 16 KiB pages)";
            };
        }

        long[] rows() throws SQLException {
            long[] out = new long[3];
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                for (int t = 0; t < 3; t++) {
                    try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + prefix + TABLES[t])) {
                        rs.next();
                        out[t] = rs.getLong(1);
                    }
                }
            }
            return out;
        }

        /** Bytes the three tables take, or -1 where the database does not tell. */
        long bytes() throws SQLException {
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                switch (db) {
                    case SQLITE -> {
                        st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                        return single(st, "PRAGMA page_size")
                                * (single(st, "PRAGMA page_count") - single(st, "PRAGMA freelist_count"));
                    }
                    case POSTGRESQL -> {
                        long sum = 0;
                        try (PreparedStatement ps = c.prepareStatement("SELECT pg_total_relation_size(?::regclass)")) {
                            for (String t : TABLES) {
                                ps.setString(1, prefix + t);
                                try (ResultSet rs = ps.executeQuery()) {
                                    rs.next();
                                    sum += rs.getLong(1);
                                }
                            }
                        }
                        return sum;
                    }
                    case H2 -> {
                        long sum = 0;
                        for (String t : List.of("sessions", "session_counters", "messages", "activity")) {
                            sum += single(st, "SELECT DISK_SPACE_USED('" + (prefix + t).toUpperCase(Locale.ROOT) + "')");
                        }
                        return sum;
                    }
                    case MARIADB -> {
                        for (String t : TABLES) {
                            st.execute("ANALYZE TABLE " + prefix + t);
                        }
                        return single(st, "SELECT SUM(data_length + index_length) FROM information_schema.tables"
                                + " WHERE table_schema = DATABASE() AND table_name IN ('" + prefix + "sessions', '"
                                + prefix + "messages', '" + prefix + "activity')");
                    }
                    default -> {
                        return -1;
                    }
                }
            }
        }

        private static long single(Statement st, String sql) throws SQLException {
            try (ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static String describe(Result r) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s, length %,d: load fork %s us, plain %s us"
                + " (%.2f); ", r.impl(), r.length(), fmtMicros(r.loadForkMicros()), fmtMicros(r.loadPlainMicros()),
                r.loadForkMicros() / r.loadPlainMicros()));
        if (r.rowsPerFork() != null) {
            b.append(String.format(Locale.ROOT, "rows per fork: sessions %.2f, messages %.2f, activity %.2f; ",
                    r.rowsPerFork()[0], r.rowsPerFork()[1], r.rowsPerFork()[2]));
        }
        if (r.bytesPerFork() != null) {
            b.append(String.format(Locale.ROOT, "%,.0f bytes per fork (%s); the source took %,.0f bytes per message, so"
                            + " copying the %,d-message prefix would take about %,.0f bytes",
                    r.bytesPerFork(), r.bytesFrom(), r.bytesPerMessage(), r.length() / 2,
                    r.bytesPerMessage() * (r.length() / 2)));
        }
        return b.toString();
    }

    static void write(List<Result> results) {
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "### Storage per fork (%d forks at the middle"
                + " message), and loading a fork beside a plain session%n%n"
                + "Rows and bytes each fork adds; the bytes per message the source took, and what a fork that"
                + " copied its prefix would take at that rate. Load: median microseconds to read the fork's"
                + " whole transcript (length/2 + 1 messages) and a plain session's of the same length, measured"
                + " in turns.%n%n"
                + "| store | length | sessions rows | messages rows | activity rows | bytes per fork |"
                + " bytes per source message | a copied prefix would take | load fork | load plain | fork / plain |"
                + " bytes measured as |%n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|%n", FORKS));
        StringBuilder json = new StringBuilder("[");
        for (Result r : results) {
            double[] rows = r.rowsPerFork();
            md.append(String.format(Locale.ROOT, "| %s | %,d | %s | %s | %s | %s | %s | %s | %s | %s | %.2f | %s |%n",
                    r.impl(), r.length(), rows == null ? "" : fmt(rows[0]), rows == null ? "" : fmt(rows[1]),
                    rows == null ? "" : fmt(rows[2]), r.bytesPerFork() == null ? "" : fmt0(r.bytesPerFork()),
                    r.bytesPerMessage() == null ? "" : fmt0(r.bytesPerMessage()),
                    r.bytesPerMessage() == null ? "" : fmt0(r.bytesPerMessage() * (r.length() / 2)),
                    fmtMicros(r.loadForkMicros()), fmtMicros(r.loadPlainMicros()),
                    r.loadForkMicros() / r.loadPlainMicros(), r.bytesFrom()));
            json.append(json.length() > 1 ? ",\n " : "").append(String.format(Locale.ROOT,
                    "{\"impl\": \"%s\", \"length\": %d, \"forks\": %d, \"rowsPerFork\": %s, \"bytesPerFork\": %s,"
                            + " \"bytesPerSourceMessage\": %s, \"bytesFrom\": \"%s\", \"loadForkMicros\": %.2f,"
                            + " \"loadPlainMicros\": %.2f}", r.impl(), r.length(), FORKS,
                    rows == null ? "null" : "{\"sessions\": " + rows[0] + ", \"messages\": " + rows[1]
                            + ", \"activity\": " + rows[2] + "}",
                    r.bytesPerFork(), r.bytesPerMessage(), r.bytesFrom(), r.loadForkMicros(), r.loadPlainMicros()));
        }
        json.append("]");
        Notes.write("fork-storage", md.toString());
        Notes.writeJson("fork-storage", json.toString());
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String fmtMicros(double v) {
        return v >= 100 ? fmt0(v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String fmt0(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }
}
