package dev.agentruns.benchmarks;

import java.util.List;
import java.util.stream.Stream;

/** Every benchmark run, in the order the suite runs them, with its quick and full parameters. */
final class Plans {
    private Plans() {
    }

    static List<Plan> all() {
        return List.of(
                Plan.of("append", AppendBenchmark.class).singleShot()
                        .param("impl", Implementations.writers())
                        .param("length", List.of("10", "1000", "10000")).build(),
                // Spring AI over JDBC rewrites the whole conversation on every add: an iteration at 1,000
                // messages takes seconds, so the quick profile takes fewer of them.
                Plan.of("append-peers", AppendBenchmark.class).singleShot().quickIterations(5)
                        .param("impl", Peers.names())
                        .param("length", List.of("10", "1000"), List.of("10", "1000", "10000")).build(),
                Plan.of("batch", BatchAppendBenchmark.class)
                        .param("impl", Implementations.writers())
                        .param("batch", List.of("100")).build(),
                Plan.of("load", LoadBenchmark.class)
                        .param("impl", concat(Implementations.ownAndRaw(), Peers.names()))
                        .param("length", List.of("10", "1000", "10000")).build(),
                Plan.of("concurrent", ConcurrentBenchmark.class).threads(1, 2, 4)
                        .param("impl", Implementations.writers()).build(),
                Plan.of("durability", DurabilityBenchmark.class)
                        .param("setting", DurabilityBenchmark.SETTINGS).build(),
                // Quick: 10,000 and 1,000,000 sessions, the size the targets name; full adds 100,000.
                // The first run on a machine generates the 1,000,000-session data sets (half a minute
                // on SQLite to two on H2; the notes say how long); they are cached and reused by every
                // later run. With cached sets the quick list run takes about 25 minutes on 2 cores,
                // ten of them H2 walking to page 200 at 1,000,000 sessions, where a page takes over a
                // second. 4 GB of heap: in memory 1,000,000 sessions take about 1.9 GB.
                Plan.of("list", ListBenchmark.class).heapGigabytes(4)
                        .param("impl", Implementations.ownAndRaw())
                        .param("sessions", List.of("10000", "1000000"), List.of("10000", "100000", "1000000"))
                        .build(),
                Plan.of("fork", ForkBenchmark.class)
                        .param("impl", Implementations.own())
                        .param("length", List.of("100", "10000")).build());
    }

    static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
