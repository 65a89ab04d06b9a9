package dev.agentruns.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scenario 1, append versus conversation length: each iteration appends {@value #APPENDS} messages,
 * one call each, to a new conversation that already holds {@code length} messages. The score is the
 * time of those {@value #APPENDS} appends.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(batchSize = AppendBenchmark.APPENDS)
@Measurement(batchSize = AppendBenchmark.APPENDS)
public class AppendBenchmark {
    static final int APPENDS = 100;

    @Param("agentruns-memory")
    public String impl;

    @Param("10")
    public int length;

    private ConversationStore store;
    private List<String> history;
    private String conversation;
    private int next;

    @Setup(Level.Trial)
    public void open() {
        store = Implementations.open(impl);
        history = Texts.history(length);
        Warming.appends(store);
    }

    @Setup(Level.Iteration)
    public void newConversation() {
        conversation = store.create(history);
    }

    @Benchmark
    public void append() {
        store.append(conversation, Warming.TEXTS.get(next++ % Warming.TEXTS.size()));
    }

    @TearDown(Level.Trial)
    public void close() {
        store.close();
    }
}
