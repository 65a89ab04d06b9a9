package dev.agentruns.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentruns.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InterruptShieldTest {
    private final InterruptShield shield = new InterruptShield("shield-test");

    @AfterEach
    void close() {
        shield.close();
    }

    @Test
    void runsTheWorkOnAnotherThreadAndReturnsItsResult() {
        Thread caller = Thread.currentThread();
        Thread worker = shield.run(Thread::currentThread);
        assertThat(worker).isNotSameAs(caller);
        assertThat(worker.getName()).isEqualTo("shield-test");
        assertThat(shield.run(() -> 6 * 7)).isEqualTo(42);
    }

    @Test
    void throwsWhatTheWorkThrew() {
        IllegalStateException failure = new IllegalStateException("boom");
        assertThatThrownBy(() -> shield.run(() -> {
            throw failure;
        })).isSameAs(failure);
        AssertionError error = new AssertionError("bad");
        assertThatThrownBy(() -> shield.run(() -> {
            throw error;
        })).isSameAs(error);
        assertThat(shield.run(() -> "still works")).isEqualTo("still works");
    }

    @Test
    void anInterruptedCallerWaitsForTheWorkAndKeepsItsFlag() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean workerInterrupted = new AtomicBoolean(true);
        AtomicReference<Object> result = new AtomicReference<>();
        AtomicBoolean callerFlag = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            result.set(shield.run(() -> {
                started.countDown();
                awaitQuietly(release);
                workerInterrupted.set(Thread.currentThread().isInterrupted());
                return "done";
            }));
            callerFlag.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();
        Thread.sleep(20);
        caller.interrupt();
        release.countDown();
        caller.join(10_000);
        assertThat(caller.isAlive()).isFalse();
        assertThat(result.get()).isEqualTo("done");
        assertThat(callerFlag.get()).isTrue();
        assertThat(workerInterrupted.get()).isFalse();
    }

    @Test
    void everyCallOfManyThreadsGetsItsOwnResultWhetherTheThreadsLookOrPark() throws Exception {
        int threads = 6;
        int calls = 3_000;
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Long>> sums = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                sums.add(callers.submit(() -> {
                    long sum = 0;
                    for (int i = 0; i < calls; i++) {
                        int value = thread * calls + i;
                        sum += shield.run(() -> value);
                        if (i % 500 == thread) {
                            Thread.sleep(2);
                        }
                    }
                    return sum;
                }));
            }
            for (int t = 0; t < threads; t++) {
                long first = (long) t * calls;
                long expected = calls * first + (long) calls * (calls - 1) / 2;
                assertThat(sums.get(t).get(60, TimeUnit.SECONDS)).isEqualTo(expected);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void afterCloseCallsFailAndTheThreadsStop() throws Exception {
        shield.run(() -> 1);
        shield.close();
        assertThatThrownBy(() -> shield.run(() -> 1))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("closed");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (shieldThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(shieldThreads()).isZero();
    }

    private static long shieldThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("shield-test") && t.isAlive())
                .count();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
