package dev.agentruns.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Retained-heap measurements for the footprint programs: heap in use once garbage collection has settled. */
final class Heap {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final long SETTLED_BYTES = 256 * 1024;

    private Heap() {
    }

    /**
     * Heap in use after full collections: collects (System.gc() and a pause) until two readings in a
     * row differ by less than 256 KiB, at most 20 times.
     */
    static long usedAfterGc() {
        long previous = Long.MAX_VALUE;
        long used = 0;
        int stable = 0;
        for (int i = 0; i < 20 && stable < 2; i++) {
            System.gc();
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            used = MEMORY.getHeapMemoryUsage().getUsed();
            stable = Math.abs(used - previous) < SETTLED_BYTES ? stable + 1 : 0;
            previous = used;
        }
        return used;
    }

    /**
     * The first {@code lines} lines of this JVM's class histogram of live objects ({@code jcmd <pid>
     * GC.class_histogram}), or a line saying why there is none.
     */
    static List<String> histogram(int lines) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> out = new ArrayList<>();
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(ProcessHandle.current().pid()),
                    "GC.class_histogram").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            boolean table = false;
            for (String line : text.split("\n")) {
                table |= line.contains("num ") && line.contains("#bytes");
                if (table) {
                    out.add(line.stripTrailing());
                }
                if (out.size() >= lines + 2) {
                    break;
                }
            }
        } catch (IOException e) {
            out.add("(no class histogram: " + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }
}
