package dev.agentruns.benchmarks;

import java.util.List;
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
 * Batch append: {@code batch} messages in one call (one transaction; a JDBC batch for raw JDBC) to a
 * conversation that grows as the benchmark runs. The score is the time of one call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BatchAppendBenchmark {
    @Param("agentruns-memory")
    public String impl;

    @Param("100")
    public int batch;

    private ConversationStore store;
    private String conversation;
    private List<String> texts;

    @Setup(Level.Trial)
    public void open() {
        store = Implementations.open(impl);
        conversation = store.create(Texts.history(10));
        texts = Texts.history(batch);
    }

    @Benchmark
    public void appendAll() {
        store.appendAll(conversation, texts);
    }

    @TearDown(Level.Trial)
    public void close() {
        store.close();
    }
}
