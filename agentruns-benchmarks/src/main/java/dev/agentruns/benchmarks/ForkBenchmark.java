package dev.agentruns.benchmarks;

import java.util.List;
import java.util.UUID;
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

import dev.agentruns.Message;
import dev.agentruns.NewMessage;
import dev.agentruns.Session;
import dev.agentruns.Workspace;

/**
 * Scenario 5, fork: a session of {@code length} messages forked at its middle message (seq
 * {@code length/2}). {@code fork} makes a new fork per call ({@link Workspace#fork}, with its new
 * prompt); {@code loadFork} reads a fork's whole transcript ({@code length/2 + 1} messages, all but
 * one of them shared with the source); {@code loadPlain} reads a session of the same length that is
 * not a fork, for comparison. Sampled, so the results carry the median as well as the mean. Bytes
 * stored per fork are measured by {@link ForkStorage}, not here.
 *
 * <p>The in-memory store is made again before every iteration, so that the forks made by
 * {@code fork} do not pile up in the heap; database stores keep theirs. H2 runs with
 * {@link Database#readSettings()}, so that the loads measure reading, not H2's result cache.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ForkBenchmark {
    static final String PROMPT = "Try the other approach: keep the cache and retry the request";

    @Param("agentruns-memory")
    public String impl;

    @Param("100")
    public int length;

    private AgentRunsStore store;
    private Workspace workspace;
    private UUID source;
    private String atMessageId;
    private UUID fork;
    private UUID plain;
    private NewMessage prompt;

    @Setup(Level.Trial)
    public void open() {
        if (!impl.startsWith("agentruns-")) {
            throw new IllegalArgumentException("fork is measured on agentruns stores only, not '" + impl + "'");
        }
        build();
    }

    @Setup(Level.Iteration)
    public void freshMemory() {
        if (impl.equals("agentruns-memory") && workspace != null) {
            store.close();
            build();
        }
    }

    private void build() {
        Database db = impl.equals("agentruns-memory") ? null : Database.ofKey(impl.substring("agentruns-".length()));
        store = db == null ? AgentRunsStore.inMemory() : AgentRunsStore.jdbc(db, db.readSettings());
        workspace = store.workspace();
        List<String> history = Texts.history(length);
        source = UUID.fromString(store.create(history));
        int k = length / 2;
        atMessageId = workspace.messages(source, k, k).get(0).id();
        prompt = NewMessage.user(PROMPT);
        fork = workspace.fork(source, atMessageId, prompt).id();
        plain = UUID.fromString(store.create(Texts.history(k + 1)));
        List<Message> forked = workspace.messages(fork);
        List<Message> same = workspace.messages(plain);
        if (forked.size() != k + 1 || same.size() != k + 1) {
            throw new IllegalStateException("the fork holds " + forked.size() + " and the plain session "
                    + same.size() + " messages, not " + (k + 1));
        }
        for (int i = 0; i < k; i++) {
            if (!forked.get(i).text().equals(history.get(i)) || forked.get(i).seq() != i + 1) {
                throw new IllegalStateException("message " + (i + 1) + " of the fork is not the source's");
            }
        }
        if (!forked.get(k).text().equals(PROMPT)) {
            throw new IllegalStateException("the fork's last message is not its new prompt");
        }
    }

    @Benchmark
    public Session fork() {
        return workspace.fork(source, atMessageId, prompt);
    }

    @Benchmark
    public int loadFork() {
        return workspace.messages(fork).size();
    }

    @Benchmark
    public int loadPlain() {
        return workspace.messages(plain).size();
    }

    @TearDown(Level.Trial)
    public void close() {
        store.close();
    }
}
