package dev.agentruns.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The performance targets, each computed as a ratio of two scores taken in the same run,
 * with whether it is met. Reads JMH's JSON results; a target whose scores are missing is reported
 * as not measured. Append targets compare median shots: a shot of 100 in-memory appends takes tens
 * of microseconds, and a garbage collection or a slow JVM among several moves a mean of them by
 * more than the difference measured (the scenario tables give the means).
 */
final class Targets {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> JDBC = List.of("sqlite", "h2", "postgresql", "mariadb");
    private static final String APPEND = "AppendBenchmark.append";
    private static final String DURABLE_APPEND = "DurabilityBenchmark.append";
    private static final String BATCH = "BatchAppendBenchmark.appendAll";

    /**
     * One JMH result: its class and method ({@code AppendBenchmark.append}), parameters and score
     * (the median too, for sampled and single-shot modes).
     */
    record Score(String method, Map<String, String> params, double score, double median, String unit) {
        String param(String key) {
            return params.getOrDefault(key, "");
        }
    }

    private final List<Score> scores;
    private final StringBuilder out = new StringBuilder();

    private Targets(List<Score> scores) {
        this.scores = scores;
    }

    static String markdown(Path results) throws IOException {
        List<Score> all = new ArrayList<>();
        try (Stream<Path> s = Files.list(results)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                for (JsonNode r : JSON.readTree(p.toFile())) {
                    Map<String, String> params = new HashMap<>();
                    r.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
                    params.put("threads", r.path("threads").asText("1"));
                    JsonNode m = r.path("primaryMetric");
                    String method = r.path("benchmark").asText().replaceAll(".*\\.(\\w+\\.\\w+)$", "$1");
                    double median = m.path("scorePercentiles").path("50.0").asDouble(Double.NaN);
                    all.add(new Score(method, params, m.path("score").asDouble(), median,
                            m.path("scoreUnit").asText()));
                }
            }
        }
        Targets t = new Targets(all);
        t.out.append("| Target | Measured | Ratio | Met |\n|---|---|---:|:---:|\n");
        t.appendIndependentOfLength();
        t.singleAppendNearRaw();
        t.batchNearRaw();
        t.aheadOfSpringJdbc();
        t.inMemoryAheadOfPeers();
        t.listPages();
        t.forks();
        t.heap(results.resolve("notes").resolve("heap-footprint.json"));
        return t.out.toString();
    }

    /** The score of {@code method} whose parameters include every {@code key, value} pair given. */
    private Optional<Score> find(String method, String... keyValues) {
        return scores.stream().filter(s -> s.method().equals(method) && matches(s, keyValues)).findFirst();
    }

    /** {@code top}'s score over {@code bottom}'s, or NaN when either is missing. */
    private static double over(Optional<Score> top, Optional<Score> bottom) {
        return top.isPresent() && bottom.isPresent() ? top.get().score() / bottom.get().score() : Double.NaN;
    }

    /** {@code top}'s median over {@code bottom}'s, or NaN when either is missing. */
    private static double overMedians(Optional<Score> top, Optional<Score> bottom) {
        return top.isPresent() && bottom.isPresent() ? top.get().median() / bottom.get().median() : Double.NaN;
    }

    /** "x µs vs y µs per append" from two medians of shots of {@link AppendBenchmark#APPENDS}. */
    private static String perAppend(Optional<Score> left, Optional<Score> right) {
        return left.isPresent() && right.isPresent() ? us(left.get().median() / AppendBenchmark.APPENDS) + " vs "
                + us(right.get().median() / AppendBenchmark.APPENDS) + " per append" : "";
    }

    private static boolean matches(Score s, String... keyValues) {
        for (int i = 0; i < keyValues.length; i += 2) {
            if (!s.param(keyValues[i]).equals(keyValues[i + 1])) {
                return false;
            }
        }
        return true;
    }

    private void row(String target, String measured, double ratio, boolean met) {
        out.append("| ").append(target).append(" | ").append(measured).append(" | ")
                .append(Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2f", ratio)).append(" | ")
                .append(Double.isNaN(ratio) ? "not measured" : met ? "yes" : "**no**").append(" |\n");
    }

    private static String us(double micros) {
        return Report.format(micros) + " µs";
    }

    private void appendIndependentOfLength() {
        for (String impl : Implementations.own()) {
            Optional<Score> at10 = find(APPEND, "impl", impl, "length", "10");
            Optional<Score> at10k = find(APPEND, "impl", impl, "length", "10000");
            double ratio = overMedians(at10k, at10);
            row("append at 10,000 ÷ at 10 ≤ 1.3 (medians), " + impl, perAppend(at10k, at10), ratio, ratio <= 1.3);
        }
    }

    private void singleAppendNearRaw() {
        for (String setting : DurabilityBenchmark.SETTINGS) {
            Optional<Score> own = find(DURABLE_APPEND, "setting", setting, "store", "agentruns");
            Optional<Score> raw = find(DURABLE_APPEND, "setting", setting, "store", "raw");
            double ratio = over(own, raw);
            row("single append ≥ 0.7 × raw insert + commit, " + setting,
                    own.isPresent() && raw.isPresent() ? Report.format(own.get().score()) + " vs "
                            + Report.format(raw.get().score()) + " appends/s" : "",
                    ratio, ratio >= 0.7);
        }
    }

    private void batchNearRaw() {
        for (String db : JDBC) {
            Optional<Score> own = find(BATCH, "impl", "agentruns-" + db);
            Optional<Score> raw = find(BATCH, "impl", "raw-" + db);
            double ratio = over(raw, own);
            row("batch of 100 ≥ 0.7 × raw JDBC batch, " + db,
                    own.isPresent() && raw.isPresent() ? us(own.get().score()) + " vs " + us(raw.get().score()) : "",
                    ratio, ratio >= 0.7);
        }
    }

    private void aheadOfSpringJdbc() {
        for (String db : JDBC) {
            Optional<Score> own = find(APPEND, "impl", "agentruns-" + db, "length", "1000");
            Optional<Score> spring = find(APPEND, "impl", "springai-jdbc-all-" + db, "length", "1000");
            double ratio = overMedians(spring, own);
            row("append at 1,000 ≥ 20 × Spring AI JDBC (whole history, medians), " + db, perAppend(own, spring),
                    ratio, ratio >= 20);
        }
    }

    private void listPages() {
        for (String impl : Implementations.own()) {
            double limit = impl.equals("agentruns-memory") ? 1_000 : 5_000;
            Optional<Score> page1 = find("ListBenchmark.page1", "impl", impl, "sessions", "1000000");
            Optional<Score> page200 = find("ListBenchmark.page200", "impl", impl, "sessions", "1000000");
            double median = page1.map(Score::median).orElse(Double.NaN);
            boolean named = !impl.equals("agentruns-mariadb");
            row("page of 50 over 1,000,000 sessions, median ≤ " + (limit / 1_000) + " ms, " + impl
                            + (named ? "" : " (not named by the target)"),
                    page1.isPresent() ? us(median) + " median" : "", median / limit, median <= limit);
            medianRatio("page 200 ÷ page 1 ≤ 1.5 (medians), 1,000,000 sessions, " + impl, page200, page1, 1.5);
        }
    }

    private void forks() {
        for (String impl : Implementations.own()) {
            Optional<Score> at100 = find("ForkBenchmark.fork", "impl", impl, "length", "100");
            Optional<Score> at10k = find("ForkBenchmark.fork", "impl", impl, "length", "10000");
            medianRatio("fork at 10,000 ÷ at 100 ≤ 1.5 (medians), " + impl, at10k, at100, 1.5);
            Optional<Score> fork = find("ForkBenchmark.loadFork", "impl", impl, "length", "10000");
            Optional<Score> plain = find("ForkBenchmark.loadPlain", "impl", impl, "length", "10000");
            medianRatio("loading a fork of 5,001 messages ≤ 1.2 × a plain session as long (medians), " + impl,
                    fork, plain, 1.2);
        }
    }

    /** A row for the target "median of {@code top} ÷ median of {@code bottom} ≤ {@code limit}". */
    private void medianRatio(String target, Optional<Score> top, Optional<Score> bottom, double limit) {
        double ratio = overMedians(top, bottom);
        row(target, Double.isNaN(ratio) ? "" : us(top.get().median()) + " vs " + us(bottom.get().median()), ratio,
                ratio <= limit);
    }

    private void heap(Path footprint) throws IOException {
        if (!Files.exists(footprint)) {
            row("1,000,000 messages of 1 KB in memory ≤ 1.5 GB of heap", "", Double.NaN, false);
            return;
        }
        JsonNode h = JSON.readTree(footprint.toFile());
        double bytes = h.path("retainedBytes").asDouble();
        double target = h.path("targetBytes").asDouble();
        row("1,000,000 messages of 1 KB in memory ≤ 1.5 GB of heap",
                String.format(Locale.ROOT, "%,.0f bytes (%,.0f per message)", bytes, h.path("bytesPerMessage")
                        .asDouble()), bytes / target, bytes <= target);
    }

    private void inMemoryAheadOfPeers() {
        for (String peer : Peers.names().stream().filter(n -> !Implementations.needsServer(n) && !n.contains("jdbc"))
                .toList()) {
            for (String length : List.of("10", "1000", "10000")) {
                Optional<Score> own = find(APPEND, "impl", "agentruns-memory", "length", length);
                Optional<Score> other = find(APPEND, "impl", peer, "length", length);
                double ratio = overMedians(other, own);
                row("in memory at least as fast as " + peer + ", append at " + length + " (medians)",
                        perAppend(own, other), ratio, ratio >= 1);
            }
        }
    }
}
