package dev.agentruns.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;

/**
 * One JMH run of one benchmark class: its parameters in the quick and the full profile (the smoke
 * check takes every implementation and the first, smallest, value of each other full parameter). {@code singleShot} plans measure a fixed
 * amount of work per iteration and take iteration counts instead of times. {@code heap} is the forked
 * JVM's heap options ({@code -Xms2g -Xmx2g} unless a plan needs more). {@code iterations}, when its
 * values are positive, the warm-up and measured iterations of the quick and the full profile: fewer
 * for single-shot plans whose iterations take seconds, more for timed plans that one second of
 * warm-up leaves uncompiled or whose seconds differ widely, or for single-shot plans whose iterations
 * take microseconds; {@code forks}, when positive, the full profile's JVMs per parameter set, for
 * plans where one JVM's compilation decides the score more than its iterations' spread does;
 * {@code warmupBatches}, when above 1, how many of the benchmark's batches each warm-up shot of a
 * single-shot plan runs.
 */
public record Plan(String name, Class<?> benchmark, Map<String, List<String>> quick, Map<String, List<String>> full,
                   boolean singleShot, List<Integer> quickThreads, List<Integer> fullThreads, List<String> heap,
                   List<Integer> iterations, int forks, int warmupBatches) {

    /** Parameters that choose what runs rather than how much: the smoke check keeps all their values. */
    static final java.util.Set<String> IMPLEMENTATION_KEYS = java.util.Set.of("impl", "setting");

    /** A plan whose full profile adds values to the quick one's parameters. */
    public static Builder of(String name, Class<?> benchmark) {
        return new Builder(name, benchmark);
    }

    /** The parameters of {@code profile}. */
    public Map<String, List<String>> params(Profile profile) {
        return switch (profile) {
            case FULL -> full;
            case QUICK -> quick;
            case SMOKE -> {
                Map<String, List<String>> first = new LinkedHashMap<>();
                full.forEach((k, v) -> first.put(k, IMPLEMENTATION_KEYS.contains(k) ? v : List.of(v.get(0))));
                yield first;
            }
        };
    }

    /** The thread counts of {@code profile}, one JMH run each: the smoke check takes the full profile's last. */
    public List<Integer> threads(Profile profile) {
        return switch (profile) {
            case FULL -> fullThreads;
            case QUICK -> quickThreads;
            case SMOKE -> List.of(fullThreads.get(fullThreads.size() - 1));
        };
    }

    /** Whether the plan runs with more than one thread count in some profile (its result files name the count). */
    public boolean multiThreaded() {
        return fullThreads.size() > 1;
    }

    /**
     * Applies {@code profile}'s forks and iterations, then this plan's own counts where it sets them
     * (the smoke check takes a plan's long warm-up shots too, one of them).
     */
    void applyIterations(ChainedOptionsBuilder options, Profile profile) {
        profile.apply(options, singleShot);
        if (warmupBatches > 1) {
            options.warmupBatchSize(benchmark.getAnnotation(Measurement.class).batchSize() * warmupBatches);
            if (profile == Profile.SMOKE) {
                options.warmupIterations(1);
            }
        }
        if (profile == Profile.SMOKE) {
            return;
        }
        if (iterations.get(0) > 0) {
            options.warmupIterations(iterations.get(0)).measurementIterations(iterations.get(1));
        }
        if (profile == Profile.FULL && forks > 0) {
            options.forks(forks);
        }
    }

    /** Builds a {@link Plan}. */
    public static final class Builder {
        private final String name;
        private final Class<?> benchmark;
        private final Map<String, List<String>> quick = new LinkedHashMap<>();
        private final Map<String, List<String>> full = new LinkedHashMap<>();
        private boolean singleShot;
        private List<Integer> iterations = List.of(0, 0);
        private int forks;
        private int warmupBatches = 1;
        private List<Integer> quickThreads = List.of(1);
        private List<Integer> fullThreads = List.of(1);
        private List<String> heap = List.of("-Xms2g", "-Xmx2g");

        private Builder(String name, Class<?> benchmark) {
            this.name = name;
            this.benchmark = benchmark;
        }

        /** The same values in both profiles. */
        public Builder param(String key, List<String> values) {
            return param(key, values, values);
        }

        public Builder param(String key, List<String> quickValues, List<String> fullValues) {
            quick.put(key, List.copyOf(quickValues));
            full.put(key, List.copyOf(fullValues));
            return this;
        }

        public Builder singleShot() {
            this.singleShot = true;
            return this;
        }

        /** Runs the plan once per thread count, in each profile. */
        public Builder threads(List<Integer> quickCounts, List<Integer> fullCounts) {
            this.quickThreads = List.copyOf(quickCounts);
            this.fullThreads = List.copyOf(fullCounts);
            return this;
        }

        /** Warm-up and measured iterations of the quick and the full profile. */
        public Builder iterations(int warmup, int measured) {
            this.iterations = List.of(warmup, measured);
            return this;
        }

        /** JVMs per parameter set in the full profile; the score is over the iterations of all of them. */
        public Builder forks(int count) {
            this.forks = count;
            return this;
        }

        /**
         * Warm-up shots of {@code count} of the benchmark's batches each, the measured shots one: a
         * single-shot plan whose batch takes microseconds calls JMH's loop and the benchmark method
         * too few times in its warm-up for the JIT to compile them, and the interpreter then costs
         * more than the work measured.
         */
        public Builder warmupBatches(int count) {
            if (!singleShot) {
                throw new IllegalStateException(name + ": warm-up batches apply to single-shot plans");
            }
            this.warmupBatches = count;
            return this;
        }

        /** A fixed heap of {@code gigabytes} for the forked JVMs. */
        public Builder heapGigabytes(int gigabytes) {
            this.heap = List.of("-Xms" + gigabytes + "g", "-Xmx" + gigabytes + "g");
            return this;
        }

        public Plan build() {
            return new Plan(name, benchmark, Map.copyOf(quick), Map.copyOf(full), singleShot, quickThreads,
                    fullThreads, heap, iterations, forks, warmupBatches);
        }
    }
}
