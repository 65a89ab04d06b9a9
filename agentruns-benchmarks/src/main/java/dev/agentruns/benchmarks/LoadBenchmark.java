package dev.agentruns.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Scenario 2: reading a whole conversation of {@code length} messages, and its last 50. A store that
 * keeps only a window of the latest messages ({@link ConversationStore#window()}) holds and reads that
 * many.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LoadBenchmark {
    @Param("agentruns-memory")
    public String impl;

    @Param("10")
    public int length;

    private ConversationStore store;
    private String conversation;

    @Setup(Level.Trial)
    public void open() {
        store = Implementations.open(impl);
        conversation = store.create(Texts.history(length));
        int read = store.load(conversation);
        int expected = Math.min(length, store.window());
        if (read != expected) {
            throw new IllegalStateException(impl + " read " + read + " of " + expected + " messages");
        }
    }

    @Benchmark
    public int loadAll() {
        return store.load(conversation);
    }

    @Benchmark
    public int loadLast50() {
        return store.loadLast(conversation, 50);
    }

    @TearDown(Level.Trial)
    public void close() {
        store.close();
    }
}
