package dev.agentruns.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the suite: {@code java -jar benchmarks.jar quick|full [--only plan,plan] [--impl regex]
 * [--out dir]}, then writes the summary and the plots ({@link Report}); {@code report <dir>} writes
 * them again from the results in a directory. JMH's JSON results go to
 * {@code <out>/<plan>.json}. Implementations on a server that does not answer are left out with a
 * warning. {@code --impl} chooses implementations (and durability settings) by name in any profile;
 * without it the quick profile runs those {@link Profile#covers} names. Besides the plans
 * ({@link Plans}) the quick and full profiles run three measuring programs, which {@code --only}
 * names too: {@value #FORK_STORAGE} ({@link ForkStorage}), {@value #APPEND_WRITES}
 * ({@link AppendWrites}) and {@value #HEAP} ({@link HeapFootprint}, in a JVM of its own with a 3 GB
 * heap); they write notes that the summary includes. Any other first argument is handed to JMH as it
 * is ({@code java -jar benchmarks.jar ListBenchmark -p sessions=10000 -f 1}).
 */
public final class Main {
    /** The step name of {@link ForkStorage} for {@code --only}. */
    static final String FORK_STORAGE = "fork-storage";
    /** The step name of {@link AppendWrites} for {@code --only}. */
    static final String APPEND_WRITES = "append-writes";
    /** The step name of {@link HeapFootprint} for {@code --only}. */
    static final String HEAP = "heap";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("report")) {
            Path results = Path.of(args[1]);
            Report.write(results, Path.of(System.getProperty("agentruns.bench.plots", results.toString())));
            return;
        }
        if (args.length > 0 && !isProfile(args[0])) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        Profile profile = args.length > 0 ? Profile.of(args[0]) : Profile.QUICK;
        Set<String> only = Set.of();
        Pattern impl = null;
        Path out = Path.of("results", profile.name().toLowerCase(java.util.Locale.ROOT));
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--only" -> only = Set.of(args[++i].split(","));
                case "--impl" -> impl = Pattern.compile(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "'; usage: smoke|quick|full [--only plan-or-step,...] [--impl regex] [--out dir],"
                        + " or a JMH command line");
            }
        }
        Files.createDirectories(out);
        System.setProperty(Notes.PROPERTY, out.resolve("notes").toAbsolutePath().toString());
        Map<Database, Boolean> up = serversUp();
        Pattern chosen = impl;
        java.util.function.Predicate<String> implChosen = name -> (chosen == null ? profile.covers(name)
                : chosen.matcher(name).matches()) && available(name, up);
        for (Plan plan : Plans.all()) {
            if (!only.isEmpty() && !only.contains(plan.name())) {
                continue;
            }
            long start = System.nanoTime();
            run(plan, profile, out, implChosen);
            System.out.printf("# %s took %d s%n", plan.name(), (System.nanoTime() - start) / 1_000_000_000L);
        }
        // The measuring programs: not JMH, and not part of the smoke check.
        if (profile != Profile.SMOKE && (only.isEmpty() || only.contains(FORK_STORAGE))) {
            List<String> impls = ForkStorage.IMPLS.stream().filter(implChosen).toList();
            if (!impls.isEmpty()) {
                ForkStorage.write(ForkStorage.run(impls));
            }
        }
        if (profile != Profile.SMOKE && (only.isEmpty() || only.contains(APPEND_WRITES))) {
            List<String> impls = AppendWrites.IMPLS.stream().filter(implChosen).toList();
            if (!impls.isEmpty()) {
                AppendWrites.write(AppendWrites.run(impls));
            }
        }
        if (profile != Profile.SMOKE && (only.isEmpty() || only.contains(HEAP)) && implChosen.test("agentruns-memory")) {
            heapFootprint(out);
        }
        Report.write(out, Path.of(System.getProperty("agentruns.bench.plots", out.toString())));
    }

    /** Runs {@link HeapFootprint} in a JVM of its own with a 3 GB heap, writing its notes under {@code out}. */
    private static void heapFootprint(Path out) throws java.io.IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx3g", "-D" + Notes.PROPERTY + "=" + out.resolve("notes")
                .toAbsolutePath(), "-cp", System.getProperty("java.class.path"), HeapFootprint.class.getName())
                .inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("HeapFootprint failed with exit code " + p.exitValue());
        }
    }

    private static boolean isProfile(String arg) {
        return Arrays.stream(Profile.values()).anyMatch(p -> p.name().equalsIgnoreCase(arg));
    }

    /** Runs one plan; returns its results (empty when no implementation of it is chosen). */
    static List<RunResult> run(Plan plan, Profile profile, Path out, java.util.function.Predicate<String> implChosen)
            throws RunnerException {
        List<RunResult> results = new ArrayList<>();
        for (int threads : plan.threads(profile)) {
            ChainedOptionsBuilder options = new OptionsBuilder()
                    .include(Pattern.quote(plan.benchmark().getName()) + "\\..*")
                    .threads(threads)
                    .jvmArgsAppend(jvmArgs(plan, out))
                    .shouldFailOnError(true);
            boolean any = true;
            for (Map.Entry<String, List<String>> p : plan.params(profile).entrySet()) {
                List<String> values = Plan.IMPLEMENTATION_KEYS.contains(p.getKey())
                        ? p.getValue().stream().filter(implChosen).toList()
                        : p.getValue();
                if (values.isEmpty()) {
                    any = false;
                }
                options.param(p.getKey(), values.toArray(String[]::new));
            }
            if (!any) {
                System.out.println("# " + plan.name() + ": no implementation chosen, skipped");
                continue;
            }
            String file = plan.name() + (plan.multiThreaded() ? "-t" + threads : "") + ".json";
            if (profile != Profile.SMOKE) {
                options.result(out.resolve(file).toString()).resultFormat(ResultFormatType.JSON);
            }
            plan.applyIterations(options, profile);
            results.addAll(new Runner(options.build()).run());
        }
        return results;
    }

    /**
     * The forked JVMs' options: the plan's heap, touched in full at start, where the data and the notes
     * go. Untouched, the heap is handed out by the kernel page by page as the collector grows the young
     * generation: listing a page of 1,000,000 in-memory sessions took 15 µs instead of 3-5 µs for the
     * seconds that took, in the middle of a measurement.
     */
    private static String[] jvmArgs(Plan plan, Path out) {
        List<String> args = new ArrayList<>(plan.heap());
        args.add("-XX:+AlwaysPreTouch");
        args.add("-Dagentruns.bench.dir=" + Database.dataDirectory().toAbsolutePath());
        args.add("-D" + Notes.PROPERTY + "=" + out.resolve("notes").toAbsolutePath());
        return args.toArray(String[]::new);
    }

    /** Whether the server an implementation needs (if any) answers. */
    static boolean available(String name, Map<Database, Boolean> up) {
        for (Map.Entry<Database, Boolean> e : up.entrySet()) {
            if (name.contains(e.getKey().key()) && !e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Which servers answer; prints a warning for each one that does not. */
    static Map<Database, Boolean> serversUp() {
        Map<Database, Boolean> up = new EnumMap<>(Database.class);
        for (Database db : Arrays.asList(Database.POSTGRESQL, Database.MARIADB)) {
            String url = db.freshUrl("");
            try (Connection c = DriverManager.getConnection(url, db.user(), db.password())) {
                up.put(db, c.isValid(5));
            } catch (SQLException e) {
                System.out.println("# " + db + " does not answer at " + url + " (" + e.getMessage()
                        + "): its implementations are left out");
                up.put(db, false);
            }
        }
        return up;
    }
}
