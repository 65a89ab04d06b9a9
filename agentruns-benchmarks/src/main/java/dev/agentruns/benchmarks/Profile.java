package dev.agentruns.benchmarks;

import java.util.Locale;

import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * How much of the suite runs: a smoke check, a quick run of a few minutes on the embedded default
 * and in memory, or the full run of every implementation at every size.
 */
public enum Profile {
    /** One short iteration in the calling JVM, every implementation: proves each benchmark still runs. */
    SMOKE,
    /**
     * The implementations on SQLite (the embedded default) and in memory, peers included, at the
     * sizes the targets name ({@link Plans}): every target on those stores, in a few minutes on 2 cores.
     */
    QUICK,
    /** Every implementation at every size, with one more measured iteration per timed benchmark. */
    FULL;

    public static Profile of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /**
     * Whether this profile runs the implementation or durability setting {@code name} when none are
     * chosen by name: the quick profile only those in memory and on SQLite.
     */
    boolean covers(String name) {
        return this != QUICK || name.contains("memory") || name.contains("sqlite");
    }

    /** Applies this profile's forks and iterations. */
    ChainedOptionsBuilder apply(ChainedOptionsBuilder options, boolean singleShot) {
        return switch (this) {
            case SMOKE -> options.forks(0).warmupIterations(0).measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(50)).verbosity(VerboseMode.SILENT);
            case QUICK, FULL -> singleShot
                    ? options.forks(1).warmupIterations(5).measurementIterations(10)
                    : options.forks(1).warmupIterations(1).warmupTime(TimeValue.seconds(1))
                            .measurementIterations(this == QUICK ? 2 : 3).measurementTime(TimeValue.seconds(1));
        };
    }
}
