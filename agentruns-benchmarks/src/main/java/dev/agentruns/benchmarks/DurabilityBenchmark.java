package dev.agentruns.benchmarks;

import java.util.List;
import java.util.Map;
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
 * Scenario 6, the durability matrix: single appends (one message, one transaction) with each
 * database's durability settings, agentruns beside raw JDBC (and raw JDBC running agentruns's
 * transaction) on the same settings. The score is
 * appends per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DurabilityBenchmark {
    /** Each setting: its database and the URL options that make it. */
    static final Map<String, Setting> BY_NAME = Map.of(
            "sqlite-sync-normal", new Setting(Database.SQLITE, "synchronous=NORMAL"),
            "sqlite-sync-full", new Setting(Database.SQLITE, "synchronous=FULL"),
            "h2-write-delay-500", new Setting(Database.H2, "WRITE_DELAY=500"),
            "h2-write-delay-0", new Setting(Database.H2, "WRITE_DELAY=0"),
            "postgresql-sync-commit-on", new Setting(Database.POSTGRESQL, "options=-c%20synchronous_commit%3Don"),
            "postgresql-sync-commit-off", new Setting(Database.POSTGRESQL, "options=-c%20synchronous_commit%3Doff"));

    /** The settings in the order the report lists them. */
    static final List<String> SETTINGS = List.of("sqlite-sync-normal", "sqlite-sync-full", "h2-write-delay-500",
            "h2-write-delay-0", "postgresql-sync-commit-on", "postgresql-sync-commit-off");

    @Param("sqlite-sync-normal")
    public String setting;

    /** {@code agentruns}, {@code raw} or {@code raw-tx} (see {@link RawJdbcStore}). */
    @Param({"agentruns", "raw", "raw-tx"})
    public String store;

    private ConversationStore subject;
    private String conversation;
    private int next;

    @Setup(Level.Trial)
    public void open() {
        Setting s = BY_NAME.get(setting);
        if (s == null) {
            throw new IllegalArgumentException("no durability setting named '" + setting + "'; known: " + SETTINGS);
        }
        subject = Implementations.open(store + "-" + s.database().key(), s.urlOptions());
        // JMH's timed warm-up of one second is too short for agentruns's longer
        // path to be compiled; each store gets a second of appends first, as in the append plan.
        Warming.appends(subject);
        conversation = subject.create(Texts.history(10));
    }

    @Benchmark
    public void append() {
        subject.append(conversation, Warming.TEXTS.get(next++ % Warming.TEXTS.size()));
    }

    @TearDown(Level.Trial)
    public void close() {
        subject.close();
    }

    record Setting(Database database, String urlOptions) {
    }
}
