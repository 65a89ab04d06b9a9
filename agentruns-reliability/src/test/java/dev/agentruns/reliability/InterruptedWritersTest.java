package dev.agentruns.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.agentruns.AgentRef;
import dev.agentruns.AgentRuns;
import dev.agentruns.Message;
import dev.agentruns.NewMessage;
import dev.agentruns.StartSession;
import dev.agentruns.StorageException;
import dev.agentruns.Workspace;
import dev.agentruns.spi.SessionRepository;

/**
 * Writer threads interrupted while they append (a host cancelling a task interrupts its thread): an
 * interrupted append either returns (and is stored) or throws a {@link StorageException}; the other
 * threads and every later call keep working; nothing acknowledged is lost, also after reopening.
 * H2 matters most here: its file store closes its {@code FileChannel} when a thread doing I/O on it
 * is interrupted.
 */
class InterruptedWritersTest {
    private static final int WRITERS = 4;

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void interruptedWritersLoseNothingAndTheStoreKeepsWorking(Backend backend) throws Exception {
        interruptWriters(backend.open(), backend.name());
    }

    /**
     * On H2's async: file system, which keeps its channel open under interrupts: H2 still sleeps on the
     * committing thread, so the store must keep H2 away from the writers' interrupts there too.
     */
    @Test
    void onH2sAsyncFileSystemToo() throws Exception {
        Backend backend = Backend.H2_FILE;
        String url = backend.freshUrl().replace("jdbc:h2:file:", "jdbc:h2:async:");
        String prefix = Backend.uniquePrefix();
        interruptWriters(new Backend.Store(backend, backend.openJdbc(url, prefix), url, prefix), "H2_ASYNC");
    }

    private static void interruptWriters(Backend.Store store, String name) throws Exception {
        Backend backend = store.backend();
        long millis = Effort.rounds(1_500, 15_000);
        try {
            Workspace ws = AgentRuns.builder(store.repository()).build().workspace("interrupts");
            List<UUID> sessions = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                sessions.add(ws.start(StartSession.of(AgentRef.of("writer-" + i), "start " + i)).id());
            }
            Map<String, Long> acknowledged = new ConcurrentHashMap<>();
            Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
            List<Throwable> untyped = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                UUID session = sessions.get(w);
                String tag = "t" + w + "-";
                writers.add(new Thread(() -> {
                    for (long i = 0; !stop.get(); i++) {
                        String id = tag + i;
                        try {
                            acknowledged.put(id, ws.append(session, NewMessage.assistant("payload " + id).withId(id))
                                    .seq());
                        } catch (StorageException e) {
                            failures.computeIfAbsent(rootCause(e), k -> new AtomicLong()).incrementAndGet();
                        } catch (RuntimeException | Error e) {
                            untyped.add(e);
                        }
                        Thread.interrupted();
                    }
                }, "writer-" + w));
            }
            writers.forEach(Thread::start);
            long seed = System.nanoTime();
            Random random = new Random(seed);
            long interrupts = 0;
            long end = System.currentTimeMillis() + millis;
            while (System.currentTimeMillis() < end) {
                writers.get(random.nextInt(WRITERS)).interrupt();
                interrupts++;
                Thread.sleep(0, random.nextInt(999_999));
                if (random.nextInt(4) == 0) {
                    Thread.sleep(random.nextInt(5));
                }
            }
            stop.set(true);
            for (Thread t : writers) {
                t.join(60_000);
                assertThat(t.isAlive()).as("%s stopped", t.getName()).isFalse();
            }
            assertThat(untyped).as("failures other than StorageException (seed %d)", seed).isEmpty();

            for (UUID session : sessions) {
                ws.append(session, NewMessage.assistant("after the interrupts"));
            }
            verify(ws, sessions, acknowledged, seed);
            if (backend.isJdbc()) {
                store.repository().close();
                try (SessionRepository reopened = backend.openJdbc(store.url(), store.prefix())) {
                    verify(AgentRuns.builder(reopened).build().workspace("interrupts"), sessions, acknowledged, seed);
                }
                Integrity.assertOpensCleanly(backend, store.url());
            }
            CrashFigures.record("interrupts %s: %d writer threads for %d ms, %d interrupts, %d appends acknowledged,"
                            + " %d failed as StorageException %s, lost 0, seed %d", name, WRITERS, millis, interrupts,
                    acknowledged.size(), failures.values().stream().mapToLong(AtomicLong::get).sum(),
                    new TreeMap<>(failures), seed);
        } finally {
            store.close();
        }
    }

    private static void verify(Workspace ws, List<UUID> sessions, Map<String, Long> acknowledged, long seed) {
        Map<String, Long> stored = new ConcurrentHashMap<>();
        for (UUID session : sessions) {
            List<Message> messages = ws.messages(session);
            for (int i = 0; i < messages.size(); i++) {
                assertThat(messages.get(i).seq()).as("seq in session %s (seed %d)", session, seed).isEqualTo(i + 1);
                stored.put(messages.get(i).id(), messages.get(i).seq());
            }
            assertThat(messages.get(messages.size() - 1).content().toString()).contains("after the interrupts");
        }
        assertThat(stored).as("every acknowledged append at its seq (seed %d)", seed).containsAllEntriesOf(acknowledged);
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName();
    }
}
