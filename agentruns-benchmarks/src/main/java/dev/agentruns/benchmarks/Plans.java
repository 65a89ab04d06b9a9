package dev.agentruns.benchmarks;

import java.util.List;
import java.util.stream.Stream;

/** Every benchmark run, in the order the suite runs them, with its quick and full parameters. */
final class Plans {
    private Plans() {
    }

    static List<Plan> all() {
        // The quick profile measures each scenario at the sizes the targets name, on the implementations
        // in memory and on SQLite (Profile.covers); the full profile adds the other sizes, the other
        // databases and raw-tx beside every writer.
        return List.of(
                Plan.of("append", AppendBenchmark.class).singleShot()
                        .param("impl", withoutMemory(Implementations.ownAndRaw()),
                                withoutMemory(Implementations.writers()))
                        .param("length", List.of("10", "1000", "10000")).build(),
                // In memory 100 appends take tens of microseconds, near what a single shot can time on
                // a noisy machine: many more shots, on a conversation of its own each, and six JVMs, as
                // the JVMs' scores of one implementation differ by up to twice (the quick profile takes
                // one). Warm-up shots of 20,000 appends on scratch conversations, so that the measured
                // shots do not run JMH's loop interpreted.
                Plan.of("append-memory", AppendBenchmark.class).singleShot().iterations(10, 40).forks(6)
                        .warmupBatches(200).heapGigabytes(4)
                        .param("impl", concat(List.of("agentruns-memory"), Peers.inMemory()))
                        .param("length", List.of("10", "1000", "10000")).build(),
                // Spring AI over JDBC rewrites the whole conversation on every add: an iteration at 1,000
                // messages takes seconds (at 10,000 tens of seconds), so this plan takes fewer of them.
                Plan.of("append-peers", AppendBenchmark.class).singleShot().iterations(3, 3)
                        .param("impl", Peers.jdbc())
                        .param("length", List.of("10", "1000"), List.of("10", "1000", "10000")).build(),
                Plan.of("batch", BatchAppendBenchmark.class)
                        .param("impl", Implementations.writers())
                        .param("batch", List.of("100")).build(),
                Plan.of("load", LoadBenchmark.class)
                        .param("impl", concat(Implementations.ownAndRaw(), Peers.names()))
                        .param("length", List.of("1000"), List.of("10", "1000", "10000")).build(),
                // Quick: 1 and 4 threads; full: 2 as well.
                Plan.of("concurrent", ConcurrentBenchmark.class).threads(List.of(1, 4), List.of(1, 2, 4))
                        .param("impl", Implementations.ownAndRaw(), Implementations.writers()).build(),
                // On H2 agentruns and raw JDBC alike reach their compiled speed only after several seconds
                // of appends, and H2's writes of its store make some seconds several times slower than others.
                Plan.of("durability", DurabilityBenchmark.class).iterations(6, 6)
                        .param("setting", DurabilityBenchmark.SETTINGS).build(),
                // Quick: 1,000,000 sessions, the size the targets name; full adds 10,000 and 100,000.
                // The first run on a machine generates the data sets (half a minute on SQLite to minutes
                // on the servers; the notes say how long); they are cached and reused by every later
                // run. 4 GB of heap: in memory 1,000,000 sessions take about 1.9 GB.
                Plan.of("list", ListBenchmark.class).heapGigabytes(4)
                        .param("impl", Implementations.ownAndRaw())
                        .param("sessions", List.of("1000000"), List.of("10000", "100000", "1000000"))
                        .build(),
                // Reading 5,000-10,000 messages is still being compiled after one warm-up second: one JVM
                // read a plain session of 10,000 messages at a median of 38 ms and another a fork at 10 ms,
                // the same reads that take 11 ms in both once compiled.
                Plan.of("fork", ForkBenchmark.class).iterations(4, 3)
                        .param("impl", Implementations.own())
                        .param("length", List.of("100", "10000")).build());
    }

    private static List<String> withoutMemory(List<String> implementations) {
        return implementations.stream().filter(name -> !name.equals("agentruns-memory")).toList();
    }

    static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
