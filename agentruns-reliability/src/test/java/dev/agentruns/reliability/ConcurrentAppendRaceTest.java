package dev.agentruns.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.agentruns.AgentRef;
import dev.agentruns.AgentRuns;
import dev.agentruns.Message;
import dev.agentruns.NewMessage;
import dev.agentruns.StartSession;
import dev.agentruns.Workspace;

/**
 * Many threads append to one session at once: every append is acknowledged, the transcript is the
 * prompt then every appended message exactly once at seq 2..n+1, each thread's messages keep their
 * order, and no busy, deadlock or timeout error reaches a caller.
 */
class ConcurrentAppendRaceTest {
    static final int THREADS = 32;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void concurrentAppendsToOneSessionGetGaplessUniqueSeqs(Backend backend) throws Exception {
        int perThread = Effort.rounds(60, 500);
        int total = THREADS * perThread;
        try (Backend.Store store = backend.open()) {
            Workspace workspace = AgentRuns.builder(store.repository()).build().workspace("race-append");
            UUID sessionId = workspace.start(StartSession.of(AgentRef.of("appender"), "prompt")).id();

            Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
            long[][] acknowledgedSeqs = new long[THREADS][perThread];
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            long started = System.nanoTime();
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < perThread; i++) {
                            try {
                                Message m = workspace.append(sessionId, NewMessage.assistant(text(thread, i)));
                                acknowledgedSeqs[thread][i] = m.seq();
                            } catch (RuntimeException e) {
                                errors.add(e);
                            }
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            long millis = (System.nanoTime() - started) / 1_000_000;

            assertThat(errors).as("errors that reached a caller").isEmpty();
            List<Message> transcript = workspace.messages(sessionId);
            assertThat(transcript).hasSize(total + 1);
            assertThat(workspace.get(sessionId).summary().messageCount()).isEqualTo(total + 1L);
            for (int i = 0; i < transcript.size(); i++) {
                assertThat(transcript.get(i).seq()).as("seq at index " + i).isEqualTo(i + 1L);
            }
            assertThat(transcript.get(0).text()).isEqualTo("prompt");

            Set<String> texts = new HashSet<>();
            Set<String> ids = new HashSet<>();
            for (Message m : transcript.subList(1, transcript.size())) {
                assertThat(texts.add(m.text())).as("duplicate message " + m.text()).isTrue();
                assertThat(ids.add(m.id())).as("duplicate id " + m.id()).isTrue();
                String[] parts = m.text().split("-");
                int thread = Integer.parseInt(parts[0].substring(1));
                int index = Integer.parseInt(parts[1]);
                assertThat(acknowledgedSeqs[thread][index]).as("acknowledged seq of " + m.text()).isEqualTo(m.seq());
            }
            assertThat(texts).hasSize(total);
            for (int t = 0; t < THREADS; t++) {
                for (int i = 1; i < perThread; i++) {
                    assertThat(acknowledgedSeqs[t][i]).as("thread " + t + " keeps its order at " + i)
                            .isGreaterThan(acknowledgedSeqs[t][i - 1]);
                }
            }
            System.out.printf("race-append %s: %d threads x %d appends = %d messages, seq 1..%d, %d ms, lost 0%n",
                    backend, THREADS, perThread, total, total + 1, millis);
        }
    }

    private static String text(int thread, int index) {
        return "t" + thread + "-" + index;
    }
}
