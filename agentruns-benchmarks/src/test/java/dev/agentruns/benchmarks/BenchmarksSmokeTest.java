package dev.agentruns.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.results.RunResult;

/**
 * Runs every benchmark of the suite once, in this JVM, with its smallest sizes and every
 * implementation (server ones when their server answers; with {@code AGENTRUNS_REQUIRE_SERVERS=true}
 * they must), so a benchmark that no longer runs fails the build. Not a measurement.
 */
class BenchmarksSmokeTest {
    private static Map<Database, Boolean> serversUp;

    @TempDir
    static Path dataDirectory;

    @BeforeAll
    static void setUp() {
        System.setProperty("agentruns.bench.dir", dataDirectory.toString());
        System.setProperty("agentruns.bench.warm.millis", "20");
        // Nothing is measured here, so a JMH run elsewhere on the machine need not wait for this one.
        System.setProperty("jmh.ignoreLock", "true");
        serversUp = Main.serversUp();
        if ("true".equalsIgnoreCase(System.getenv("AGENTRUNS_REQUIRE_SERVERS"))) {
            assertThat(serversUp).as("servers that answer (AGENTRUNS_REQUIRE_SERVERS=true)").doesNotContainValue(false);
        }
    }

    static List<Plan> plans() {
        return Plans.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plans")
    void runs(Plan plan, @TempDir Path out) throws Exception {
        List<RunResult> results = Main.run(plan, Profile.SMOKE, out, name -> Main.available(name, serversUp));

        assertThat(results).as("results of " + plan.name()).isNotEmpty();
        for (RunResult r : results) {
            double score = r.getPrimaryResult().getScore();
            assertThat(score).as(r.getParams().getBenchmark() + " " + r.getParams()).isPositive().isFinite();
        }
    }
}
