package dev.agentruns.benchmarks;

import java.util.List;

/** Every benchmark run, in the order the suite runs them, with its quick and full parameters. */
final class Plans {
    private Plans() {
    }

    static List<Plan> all() {
        return List.of(
                Plan.of("append", AppendBenchmark.class).singleShot()
                        .param("impl", Implementations.ownAndRaw())
                        .param("length", List.of("10", "1000", "10000")).build(),
                Plan.of("append-peers", AppendBenchmark.class).singleShot()
                        .param("impl", Peers.names())
                        .param("length", List.of("10", "1000"), List.of("10", "1000", "10000")).build(),
                Plan.of("batch", BatchAppendBenchmark.class)
                        .param("impl", Implementations.ownAndRaw())
                        .param("batch", List.of("100")).build(),
                Plan.of("load", LoadBenchmark.class)
                        .param("impl", concat(Implementations.ownAndRaw().stream().filter(n -> !n.startsWith("raw-tx-"))
                                .toList(), Peers.names()))
                        .param("length", List.of("10", "1000", "10000")).build(),
                Plan.of("concurrent", ConcurrentBenchmark.class).threads(1, 2, 4)
                        .param("impl", Implementations.ownAndRaw()).build(),
                Plan.of("durability", DurabilityBenchmark.class)
                        .param("setting", DurabilityBenchmark.SETTINGS).build());
    }

    static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
