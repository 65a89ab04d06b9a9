package dev.agentruns.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Facts a benchmark learns while it sets up (data set sizes, generation times, which page a
 * benchmark really measured) or that a measuring program finds (bytes per fork, heap per message),
 * written as small markdown files to the directory named by the system property
 * {@code agentruns.bench.notes} (the runner sets it to {@code <results>/notes}), from which
 * {@link Report} copies them into the summary. Without the property notes are only printed.
 */
final class Notes {
    static final String PROPERTY = "agentruns.bench.notes";

    private Notes() {
    }

    /** The notes directory, or null when none is set. */
    static Path directory() {
        String dir = System.getProperty(PROPERTY);
        if (dir == null || dir.isBlank()) {
            return null;
        }
        try {
            return Files.createDirectories(Path.of(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Prints {@code markdown} and writes it as {@code <name>.md} (replacing an earlier one). */
    static void write(String name, String markdown) {
        System.out.println(markdown);
        Path dir = directory();
        if (dir != null) {
            writeFile(dir.resolve(name + ".md"), markdown);
        }
    }

    /** Writes {@code json} as {@code <name>.json} next to the notes, when there is a notes directory. */
    static void writeJson(String name, String json) {
        Path dir = directory();
        if (dir != null) {
            writeFile(dir.resolve(name + ".json"), json);
        }
    }

    private static void writeFile(Path file, String text) {
        try {
            Files.writeString(file, text.endsWith("\n") ? text : text + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
