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
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The performance targets, each computed as a ratio of two scores taken in the same run,
 * with whether it is met. Reads JMH's JSON results; a target whose scores are missing is reported
 * as not measured.
 */
final class Targets {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> JDBC = List.of("sqlite", "h2", "postgresql", "mariadb");

    /** One JMH result: its class and method ({@code AppendBenchmark.append}), parameters and score (median too, for sampled modes). */
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
                    all.add(new Score(r.path("benchmark").asText().replaceAll(".*\\.(\\w+\\.\\w+)$", "$1"), params,
                            m.path("score").asDouble(), m.path("scorePercentiles").path("50.0").asDouble(Double.NaN),
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
        return t.out.toString();
    }

    private Optional<Score> find(String method, Predicate<Score> where) {
        return scores.stream().filter(s -> s.method().equals(method) && where.test(s)).findFirst();
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
        for (String impl : Stream.concat(Stream.of("agentruns-memory"), JDBC.stream().map(d -> "agentruns-" + d)).toList()) {
            Optional<Score> at10 = find("AppendBenchmark.append", s -> s.param("impl").equals(impl) && s.param("length").equals("10"));
            Optional<Score> at10k = find("AppendBenchmark.append", s -> s.param("impl").equals(impl) && s.param("length").equals("10000"));
            double ratio = at10.isPresent() && at10k.isPresent() ? at10k.get().score() / at10.get().score() : Double.NaN;
            row("append at 10,000 ÷ at 10 ≤ 1.3, " + impl,
                    at10.isPresent() && at10k.isPresent() ? us(at10k.get().score() / AppendBenchmark.APPENDS) + " vs "
                            + us(at10.get().score() / AppendBenchmark.APPENDS) + " per append" : "",
                    ratio, ratio <= 1.3);
        }
    }

    private void singleAppendNearRaw() {
        for (String setting : DurabilityBenchmark.SETTINGS) {
            Optional<Score> own = find("DurabilityBenchmark.append", s -> s.param("setting").equals(setting)
                    && s.param("store").equals("agentruns"));
            Optional<Score> raw = find("DurabilityBenchmark.append", s -> s.param("setting").equals(setting) && s.param("store").equals("raw"));
            double ratio = own.isPresent() && raw.isPresent() ? own.get().score() / raw.get().score() : Double.NaN;
            row("single append ≥ 0.7 × raw insert + commit, " + setting,
                    own.isPresent() && raw.isPresent() ? Report.format(own.get().score()) + " vs "
                            + Report.format(raw.get().score()) + " appends/s" : "",
                    ratio, ratio >= 0.7);
        }
    }

    private void batchNearRaw() {
        for (String db : JDBC) {
            Optional<Score> own = find("BatchAppendBenchmark.appendAll", s -> s.param("impl").equals("agentruns-" + db));
            Optional<Score> raw = find("BatchAppendBenchmark.appendAll", s -> s.param("impl").equals("raw-" + db));
            double ratio = own.isPresent() && raw.isPresent() ? raw.get().score() / own.get().score() : Double.NaN;
            row("batch of 100 ≥ 0.7 × raw JDBC batch, " + db,
                    own.isPresent() && raw.isPresent() ? us(own.get().score()) + " vs " + us(raw.get().score()) : "",
                    ratio, ratio >= 0.7);
        }
    }

    private void aheadOfSpringJdbc() {
        for (String db : JDBC) {
            Optional<Score> own = find("AppendBenchmark.append", s -> s.param("impl").equals("agentruns-" + db)
                    && s.param("length").equals("1000"));
            Optional<Score> spring = find("AppendBenchmark.append", s -> s.param("impl").equals("springai-jdbc-all-" + db)
                    && s.param("length").equals("1000"));
            double ratio = own.isPresent() && spring.isPresent() ? spring.get().score() / own.get().score() : Double.NaN;
            row("append at 1,000 ≥ 20 × Spring AI JDBC (whole history), " + db,
                    own.isPresent() && spring.isPresent() ? us(own.get().score() / AppendBenchmark.APPENDS) + " vs "
                            + us(spring.get().score() / AppendBenchmark.APPENDS) + " per append" : "",
                    ratio, ratio >= 20);
        }
    }

    private void inMemoryAheadOfPeers() {
        for (String peer : Peers.names().stream().filter(n -> !Implementations.needsServer(n) && !n.contains("jdbc"))
                .toList()) {
            for (String length : List.of("10", "1000", "10000")) {
                Optional<Score> own = find("AppendBenchmark.append", s -> s.param("impl").equals("agentruns-memory")
                        && s.param("length").equals(length));
                Optional<Score> other = find("AppendBenchmark.append", s -> s.param("impl").equals(peer)
                        && s.param("length").equals(length));
                double ratio = own.isPresent() && other.isPresent() ? other.get().score() / own.get().score()
                        : Double.NaN;
                row("in memory at least as fast as " + peer + ", append at " + length,
                        own.isPresent() && other.isPresent() ? us(own.get().score() / AppendBenchmark.APPENDS) + " vs "
                                + us(other.get().score() / AppendBenchmark.APPENDS) + " per append" : "",
                        ratio, ratio >= 1);
            }
        }
    }
}
