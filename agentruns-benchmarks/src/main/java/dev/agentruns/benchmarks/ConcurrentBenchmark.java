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
 * Scenario 3, concurrent appends (run with 1, 2 and 4 threads): every thread on its own session, and
 * all threads on one session. The score is appends per millisecond across all threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ConcurrentBenchmark {
    @Param("agentruns-memory")
    public String impl;

    ConversationStore store;
    private String shared;

    @Setup(Level.Trial)
    public void open() {
        store = Implementations.open(impl);
        shared = store.create(Texts.history(10));
    }

    @TearDown(Level.Trial)
    public void close() {
        store.close();
    }

    /** A thread's own session. */
    @State(Scope.Thread)
    public static class Own {
        String conversation;
        int next;

        @Setup(Level.Trial)
        public void open(ConcurrentBenchmark bench) {
            conversation = bench.store.create(Texts.history(10));
        }
    }

    /** Where a thread is in the message texts when appending to the shared session. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Benchmark
    public void ownSession(Own own) {
        store.append(own.conversation, text(own.next++));
    }

    @Benchmark
    public void oneSession(Cursor cursor) {
        store.append(shared, text(cursor.next++));
    }

    private static String text(int n) {
        List<String> texts = Warming.TEXTS;
        return texts.get(n % texts.size());
    }
}
