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
                // The first run on a machine generates the 1,000,000-session data sets (from half a
                // minute on SQLite to minutes on the servers; each trial prints how long it took);
                // they are cached and reused by every later run. 4 GB of heap: the in-memory store
                // holds 1,000,000 sessions in about 1.9 GB.
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
