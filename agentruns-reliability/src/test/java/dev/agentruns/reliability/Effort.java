package dev.agentruns.reliability;

/**
 * How hard the long loops try. The default (what {@code ./mvnw verify} and CI run) is short; the Maven
 * profile {@code reliability-full} ({@code ./mvnw -Preliability-full -pl agentruns-reliability -am verify})
 * sets {@code agentruns.reliability.full=true} and runs the full rounds from docs/reliability.md.
 */
final class Effort {
    private Effort() {
    }

    /** True under the {@code reliability-full} profile. */
    static boolean full() {
        return Boolean.getBoolean("agentruns.reliability.full");
    }

    /** {@code full} rounds under the {@code reliability-full} profile, else {@code quick}. */
    static int rounds(int quick, int full) {
        return full() ? full : quick;
    }
}
