package dev.agentruns.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.agentruns.AgentRef;
import dev.agentruns.AgentRuns;
import dev.agentruns.ForkOrigin;
import dev.agentruns.Message;
import dev.agentruns.NewMessage;
import dev.agentruns.Session;
import dev.agentruns.StartSession;
import dev.agentruns.Workspace;

/**
 * Forks are taken at message k of a session while other threads keep appending to it: each fork holds
 * exactly the source's messages 1..k (same ids, roles, times and content) followed by its own prompt at
 * k+1, whatever was appended to the source after or during the fork. k is often the last message the
 * forking thread saw, the one appends race against.
 */
class ForkDuringAppendRaceTest {
    private static final int APPENDERS = 2;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void forkTakenDuringAppendsHoldsExactlyThePrefixAndItsPrompt(Backend backend) throws Exception {
        int forks = Effort.rounds(25, 250);
        try (Backend.Store store = backend.open()) {
            Workspace workspace = AgentRuns.builder(store.repository()).build().workspace("race-fork");
            UUID sourceId = workspace.start(StartSession.of(AgentRef.of("forker"), "source prompt")).id();
            workspace.append(sourceId, NewMessage.assistant("first answer"));

            AtomicBoolean forking = new AtomicBoolean(true);
            Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(APPENDERS);
            List<Future<Integer>> appenders = new ArrayList<>();
            for (int a = 0; a < APPENDERS; a++) {
                int appender = a;
                appenders.add(pool.submit(() -> {
                    int appended = 0;
                    while (forking.get()) {
                        try {
                            workspace.append(sourceId, NewMessage.assistant("a" + appender + "-" + appended++));
                        } catch (RuntimeException e) {
                            errors.add(e);
                            return appended;
                        }
                    }
                    return appended;
                }));
            }

            List<Session> forked = new ArrayList<>();
            try {
                for (int i = 0; i < forks; i++) {
                    long visible = workspace.get(sourceId).summary().messageCount();
                    long k = i % 2 == 0 ? visible : ThreadLocalRandom.current().nextLong(1, visible + 1);
                    String atMessageId = workspace.messages(sourceId, k, k).get(0).id();
                    forked.add(workspace.fork(sourceId, atMessageId, NewMessage.user("fork prompt " + i)));
                }
            } finally {
                forking.set(false);
                pool.shutdown();
            }
            int appended = 0;
            for (Future<Integer> f : appenders) {
                appended += f.get();
            }
            assertThat(errors).as("errors from the appenders").isEmpty();

            List<Message> source = workspace.messages(sourceId);
            assertThat(source).hasSize(2 + appended);
            for (int i = 0; i < forked.size(); i++) {
                Session fork = forked.get(i);
                ForkOrigin origin = fork.summary().forkedFrom();
                int k = (int) origin.messageSeq();
                List<Message> transcript = workspace.messages(fork.id());
                assertThat(transcript).as("fork %d at %d", i, k).hasSize(k + 1);
                assertThat(transcript.subList(0, k)).as("fork %d prefix", i).isEqualTo(source.subList(0, k));
                assertThat(source.get(k - 1).id()).isEqualTo(origin.messageId());
                Message prompt = transcript.get(k);
                assertThat(prompt.seq()).isEqualTo(k + 1L);
                assertThat(prompt.sessionId()).isEqualTo(fork.id());
                assertThat(prompt.text()).isEqualTo("fork prompt " + i);
                assertThat(workspace.get(fork.id()).summary().messageCount()).isEqualTo(k + 1L);
            }
            System.out.printf("race-fork %s: %d forks while %d threads appended %d messages to the source, lost 0%n",
                    backend, forks, APPENDERS, appended);
        }
    }
}
