package dev.agentruns.benchmarks;

import java.util.Locale;

import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** How long each benchmark runs: a smoke check, a quick run of a few minutes, or the full run. */
public enum Profile {
    /** One short iteration in the calling JVM: proves each benchmark still runs. */
    SMOKE,
    /** One fork, short iterations, fewer sizes ({@link Plans}): about 20 minutes on 2 cores. */
    QUICK,
    /** Two forks, longer iterations. */
    FULL;

    public static Profile of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** Applies this profile's forks and iterations. */
    ChainedOptionsBuilder apply(ChainedOptionsBuilder options, boolean singleShot) {
        return switch (this) {
            case SMOKE -> options.forks(0).warmupIterations(0).measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(50)).verbosity(VerboseMode.SILENT);
            case QUICK -> singleShot
                    ? options.forks(1).warmupIterations(5).measurementIterations(10)
                    : options.forks(1).warmupIterations(1).warmupTime(TimeValue.seconds(1)).measurementIterations(2)
                            .measurementTime(TimeValue.seconds(1));
            case FULL -> singleShot
                    ? options.forks(2).warmupIterations(10).measurementIterations(30)
                    : options.forks(2).warmupIterations(3).warmupTime(TimeValue.seconds(2)).measurementIterations(5)
                            .measurementTime(TimeValue.seconds(2));
        };
    }
}
