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
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Scenario 1, append versus conversation length: each iteration appends {@value #APPENDS} messages,
 * one call each, to a conversation that already holds {@code length} messages. The score is the
 * time of those {@value #APPENDS} appends. Every iteration gets a conversation of its own, all made
 * before the first iteration, so that the writes of making them have settled by the time the
 * measured iterations run (warm-up iterations come first); then the append path is warmed on
 * scratch conversations and the heap collected.
 *
 * <p>A warm-up batch larger than the measured one makes the warm-up iterations append to scratch
 * conversations of {@value #SCRATCH_LENGTH} messages instead, {@value #APPENDS} appends to each, so
 * that JMH's loop and this class are compiled by the time the measured shots run (a few thousand
 * calls leave them to the interpreter, which costs an in-memory store more than its own append
 * does). The scratch conversations are made with the others, before the warming, and the first
 * shot runs in a later second than they were made (see {@link Warming#awaitNextSecond}). The heap is
 * collected again before the first measured iteration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(batchSize = AppendBenchmark.APPENDS)
@Measurement(batchSize = AppendBenchmark.APPENDS)
public class AppendBenchmark {
    static final int APPENDS = 100;
    static final int SCRATCH_LENGTH = 10;

    @Param("agentruns-memory")
    public String impl;

    @Param("10")
    public int length;

    private ConversationStore store;
    private final List<String> conversations = new ArrayList<>();
    private final List<String> scratch = new ArrayList<>();
    private boolean measuring;
    private String[] shot;
    private int iteration;
    private int scratchUsed;
    private int appended;
    private int next;

    @Setup(Level.Trial)
    public void open(BenchmarkParams params) {
        store = Implementations.open(impl);
        List<String> history = Texts.history(length);
        int warmupBatch = params.getWarmup().getBatchSize();
        boolean scratchWarmup = warmupBatch > params.getMeasurement().getBatchSize();
        int iterations = params.getMeasurement().getCount() + (scratchWarmup ? 0 : params.getWarmup().getCount());
        for (int i = 0; i < Math.max(1, iterations); i++) {
            conversations.add(store.create(history));
        }
        if (scratchWarmup) {
            int count = params.getWarmup().getCount() * ((warmupBatch + APPENDS - 1) / APPENDS);
            for (int i = 0; i < count; i++) {
                scratch.add(store.create(Warming.TEXTS.subList(0, SCRATCH_LENGTH)));
            }
        }
        long madeBy = System.currentTimeMillis();
        Warming.appends(store);
        // What making the conversations left to collect is collected now, not during a measured shot.
        System.gc();
        Warming.awaitNextSecond(madeBy);
    }

    /** The conversations of the next shot, {@value #APPENDS} appends to each. */
    @Setup(Level.Iteration)
    public void nextConversations(IterationParams params) {
        boolean warmup = params.getType() == IterationType.WARMUP;
        if (warmup && !scratch.isEmpty()) {
            int count = (params.getBatchSize() + APPENDS - 1) / APPENDS;
            shot = scratch.subList(scratchUsed, scratchUsed + count).toArray(String[]::new);
            scratchUsed += count;
        } else {
            if (!warmup && !measuring && !scratch.isEmpty()) {
                System.gc();
            }
            shot = new String[] {conversations.get(iteration++ % conversations.size())};
        }
        measuring = !warmup;
        appended = 0;
    }

    @Benchmark
    public void append() {
        store.append(shot[appended++ / APPENDS % shot.length], Warming.TEXTS.get(next++ % Warming.TEXTS.size()));
    }

    @TearDown(Level.Trial)
    public void close() {
        store.close();
    }
}
