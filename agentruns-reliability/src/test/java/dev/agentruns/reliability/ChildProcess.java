package dev.agentruns.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link CrashChild} in a JVM of its own (this JVM's {@code java} and class path), with its output
 * protocol parsed as it arrives.
 */
final class ChildProcess implements AutoCloseable {
    private final Process process;
    private final Thread reader;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final CountDownLatch firstAck = new CountDownLatch(1);
    private final CountDownLatch firstWriting = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, String> writing = new ConcurrentHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private volatile boolean done;

    private ChildProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "child-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    static ChildProcess start(List<String> args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), CrashChild.class.getName()));
        command.addAll(args);
        try {
            return new ChildProcess(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
    }

    /** Waits for READY (or for the child to end without it); true when the child is ready. */
    boolean awaitReady(long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (ready.await(50, TimeUnit.MILLISECONDS)) {
                return true;
            }
            if (ended.getCount() == 0) {
                return false;
            }
        }
        return false;
    }

    /** Waits for the first acknowledged append; true when it came. */
    boolean awaitFirstAck(long seconds) throws InterruptedException {
        return firstAck.await(seconds, TimeUnit.SECONDS);
    }

    /** Waits until the child starts writing its first multi-megabyte output; true when it did. */
    boolean awaitFirstWriting(long seconds) throws InterruptedException {
        return firstWriting.await(seconds, TimeUnit.SECONDS);
    }

    /** Waits until the child exits and its output is read; its exit code. */
    int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        reader.join(TimeUnit.SECONDS.toMillis(30));
        return process.exitValue();
    }

    /** SIGKILL ({@code forcibly}) or SIGTERM, then waits for the exit; true when it exited. */
    boolean stop(boolean forcibly) throws InterruptedException {
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        reader.join(TimeUnit.SECONDS.toMillis(30));
        return exited;
    }

    /** Message id to seq of every append the child saw return. */
    Map<String, Long> acknowledged() {
        return acknowledged;
    }

    /** Message id to SHA-256 of every big tool output the child started to append. */
    Map<String, String> writing() {
        return writing;
    }

    synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    boolean done() {
        return done;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (!line.endsWith(" $")) {
                    continue;
                }
                line = line.substring(0, line.length() - 2);
                String[] parts = line.split(" ", 3);
                switch (parts[0]) {
                    case "READY" -> ready.countDown();
                    case "ACK" -> {
                        if (parts.length == 3) {
                            acknowledged.put(parts[1], Long.parseLong(parts[2]));
                            firstAck.countDown();
                        }
                    }
                    case "WRITING" -> {
                        if (parts.length == 3) {
                            writing.put(parts[1], parts[2]);
                            firstWriting.countDown();
                        }
                    }
                    case "DONE" -> done = true;
                    case "FAILED" -> {
                        synchronized (this) {
                            failures.add(line.substring("FAILED ".length()));
                        }
                    }
                    default -> {
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            // a line cut short by the kill
        } finally {
            ended.countDown();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
