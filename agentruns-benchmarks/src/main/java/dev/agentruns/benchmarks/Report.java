package dev.agentruns.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns JMH's JSON results into {@code summary.md} (one table per result file: a row per benchmark
 * method and parameter set, a column per implementation; sampled benchmarks show their median) and
 * one bar chart per file ({@code <file>.png}, log scale), followed by the notes under
 * {@code notes/} ({@link Notes}).
 */
public final class Report {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Report() {
    }

    /** Reads every {@code *.json} in {@code results}; writes the summary there and the plots to {@code plots}. */
    public static void write(Path results, Path plots) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(results)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        Files.createDirectories(plots);
        StringBuilder md = new StringBuilder("# Benchmark results\n\n");
        for (Path file : files) {
            String name = file.getFileName().toString().replace(".json", "");
            JsonNode runs = JSON.readTree(file.toFile());
            if (!runs.isArray()) {
                continue;
            }
            Table table = Table.of(runs);
            if (table.rows.isEmpty()) {
                continue;
            }
            md.append("## ").append(name).append(" (").append(table.unit).append(")\n\n").append(table.markdown())
                    .append('\n');
            table.plot(name, plots.resolve(name + ".png"));
        }
        notes(results.resolve("notes"), md);
        md.append("## Targets\n\n").append(Targets.markdown(results)).append('\n');
        Files.writeString(results.resolve("summary.md"), md);
        System.out.println("# summary: " + results.resolve("summary.md").toAbsolutePath());
    }

    /** Appends the notes the benchmarks and measuring programs wrote ({@link Notes}), in name order. */
    private static void notes(Path dir, StringBuilder md) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> notes;
        try (Stream<Path> s = Files.list(dir)) {
            notes = s.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
        if (notes.isEmpty()) {
            return;
        }
        md.append("## Notes\n\n");
        for (Path note : notes) {
            md.append(Files.readString(note).stripTrailing()).append("\n");
            if (!note.getFileName().toString().startsWith("list-")) {
                md.append('\n');
            }
        }
        md.append('\n');
    }

    /** One result file: row key (method and parameters but the implementation) to implementation to score. */
    record Table(Map<String, Map<String, double[]>> rows, Set<String> impls, String unit) {
        static Table of(JsonNode results) {
            Map<String, Map<String, double[]>> rows = new LinkedHashMap<>();
            Set<String> impls = new LinkedHashSet<>();
            String unit = "";
            for (JsonNode r : results) {
                String method = r.path("benchmark").asText().replaceAll(".*\\.", "");
                Map<String, String> params = new TreeMap<>();
                r.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
                String impl = params.containsKey("impl") ? params.remove("impl") : params.remove("store");
                if (impl == null) {
                    impl = method;
                }
                StringBuilder key = new StringBuilder(method);
                params.forEach((k, v) -> key.append(' ').append(k).append('=').append(v));
                if (r.path("threads").asInt(1) > 1) {
                    key.append(" threads=").append(r.path("threads").asInt());
                }
                JsonNode metric = r.path("primaryMetric");
                // Sampled benchmarks: the median, as the targets are medians (no error bar for it).
                boolean sampled = r.path("mode").asText().equals("sample");
                unit = metric.path("scoreUnit").asText() + (sampled ? ", median" : "");
                double score = sampled ? metric.path("scorePercentiles").path("50.0").asDouble()
                        : metric.path("score").asDouble();
                double error = sampled ? Double.NaN : metric.path("scoreError").asDouble();
                rows.computeIfAbsent(key.toString(), k -> new LinkedHashMap<>()).put(impl, new double[] {score, error});
                impls.add(impl);
            }
            return new Table(rows, impls, unit);
        }

        String markdown() {
            StringBuilder b = new StringBuilder("| |");
            impls.forEach(i -> b.append(' ').append(i).append(" |"));
            b.append("\n|---|");
            impls.forEach(i -> b.append("---:|"));
            b.append('\n');
            rows.forEach((key, byImpl) -> {
                b.append("| ").append(key).append(" |");
                for (String impl : impls) {
                    double[] s = byImpl.get(impl);
                    b.append(' ').append(s == null ? "" : format(s[0]) + (Double.isNaN(s[1]) ? "" : " ± "
                            + format(s[1]))).append(" |");
                }
                b.append('\n');
            });
            return b.toString();
        }

        /** {@code n} distinct colours: hues evenly spaced, every other one darker. */
        private static java.awt.Color[] palette(int n) {
            java.awt.Color[] colors = new java.awt.Color[Math.max(n, 1)];
            for (int i = 0; i < colors.length; i++) {
                colors[i] = java.awt.Color.getHSBColor((float) i / colors.length, 0.75f, i % 2 == 0 ? 0.95f : 0.65f);
            }
            return colors;
        }

        void plot(String title, Path png) {
            // Tall enough for a legend of every implementation, one colour each.
            CategoryChart chart = new CategoryChartBuilder().width(1100).height(Math.max(550, 120 + 32 * impls.size()))
                    .title(title).yAxisTitle(unit + " (log scale)").build();
            chart.getStyler().setSeriesColors(palette(impls.size()));
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
            chart.getStyler().setXAxisLabelRotation(20);
            chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
            chart.getStyler().setAvailableSpaceFill(0.9);
            List<String> keys = new ArrayList<>(rows.keySet());
            double min = Double.MAX_VALUE;
            double max = 0;
            for (String impl : impls) {
                List<Double> values = new ArrayList<>();
                for (String key : keys) {
                    double[] s = rows.get(key).get(impl);
                    values.add(s == null || s[0] <= 0 ? null : s[0]);
                    if (s != null && s[0] > 0) {
                        min = Math.min(min, s[0]);
                        max = Math.max(max, s[0]);
                    }
                }
                if (values.stream().anyMatch(v -> v != null)) {
                    chart.addSeries(impl, keys, values);
                }
            }
            if (max > 0) {
                // Whole decades: left to itself, XChart's axis range fails on some data over six of them.
                chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
                chart.getStyler().setYAxisMax(Math.pow(10, Math.ceil(Math.log10(max))));
            }
            try {
                BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static String format(double v) {
        if (v >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (v >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
