package dev.agentruns.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The figures of the crash and fault tests (rounds, kills, faults, losses), printed and appended to
 * {@code target/reliability/crash-figures.txt} for docs/reliability-crash.md.
 */
final class CrashFigures {
    private static final Path FILE = Path.of("target", "reliability", "crash-figures.txt");

    private CrashFigures() {
    }

    static synchronized void record(String format, Object... args) {
        String line = Instant.now() + " " + (Effort.full() ? "full " : "quick ") + String.format(format, args);
        System.out.println(line);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
