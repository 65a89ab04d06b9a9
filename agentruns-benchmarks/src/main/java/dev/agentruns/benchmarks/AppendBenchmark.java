package dev.agentruns.benchmarks;

import java.util.ArrayList;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Scenario 1, append versus conversation length: each iteration appends {@value #APPENDS} messages,
 * one call each, to a conversation that already holds {@code length} messages. The score is the
 * time of those {@value #APPENDS} appends. Every iteration gets a conversation of its own, all made
 * before the first iteration, so that the writes of making them have settled by the time the
 * measured iterations run (warm-up iterations come first); then the append path is warmed on
 * scratch conversations and the heap collected.
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
    private final List<String> conversations = new ArrayList<>();
    private String conversation;
    private int iteration;
    private int next;

    @Setup(Level.Trial)
    public void open(BenchmarkParams params) {
        store = Implementations.open(impl);
        List<String> history = Texts.history(length);
        int iterations = params.getWarmup().getCount() + params.getMeasurement().getCount();
        for (int i = 0; i < Math.max(1, iterations); i++) {
            conversations.add(store.create(history));
        }
        Warming.appends(store);
        // What making the conversations left to collect is collected now, not during a measured shot.
        System.gc();
    }

    @Setup(Level.Iteration)
    public void nextConversation() {
        conversation = conversations.get(iteration++ % conversations.size());
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
