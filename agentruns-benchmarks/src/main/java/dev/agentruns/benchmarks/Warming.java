package dev.agentruns.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * Warms an implementation's append path before a single-shot benchmark measures it, so the JIT has
 * compiled it: appends for about a second (at most {@value #MAX_APPENDS} appends; system property
 * {@code agentruns.bench.warm.millis} sets the time), to a new scratch conversation of 10 messages
 * after every {@value #PER_CONVERSATION}, so that fast stores reach compiled code on conversations
 * as short as the shortest measured.
 *
 * <p>Every {@value #IDLE_STRIDE}th append goes instead to one of {@value #IDLE} conversations made
 * in an earlier second, each once: a store that compares the new message's time with the last
 * activity (the in-memory one) takes another branch for a conversation last active seconds before
 * than for one active this second. The measured shots append to conversations made before them;
 * had the warming seen only the second kind, the JIT would compile the append for it alone and
 * throw the compiled code away in the first measured shot, and the shots would run the append
 * interpreted or at C1's profiling tier until C2 compiled it again.
 */
final class Warming {
    static final List<String> TEXTS = Texts.history(1_000);
    private static final int MAX_APPENDS = 300_000;
    private static final int PER_CONVERSATION = 1_000;
    private static final int IDLE = 200;
    private static final int IDLE_STRIDE = 50;
    private static final long BUDGET_NANOS = Long.getLong("agentruns.bench.warm.millis", 1_000) * 1_000_000L;

    private Warming() {
    }

    static void appends(ConversationStore store) {
        List<String> idle = new ArrayList<>(IDLE);
        for (int i = 0; i < IDLE; i++) {
            idle.add(store.create(TEXTS.subList(0, 10)));
        }
        awaitNextSecond(System.currentTimeMillis());
        String scratch = null;
        long end = System.nanoTime() + BUDGET_NANOS;
        for (int i = 0; i < MAX_APPENDS && System.nanoTime() < end; i++) {
            if (i % PER_CONVERSATION == 0) {
                scratch = store.create(TEXTS.subList(0, 10));
            }
            int idleIndex = i / IDLE_STRIDE;
            boolean toIdle = i % IDLE_STRIDE == IDLE_STRIDE - 1 && idleIndex < IDLE;
            store.append(toIdle ? idle.get(idleIndex) : scratch, TEXTS.get(i % TEXTS.size()));
        }
    }

    /**
     * Returns once the wall clock is in a later second than {@code millis}: a host appends to
     * conversations last active seconds or days before, and an append to one last active in the
     * same second takes other branches (comparing instants).
     */
    static void awaitNextSecond(long millis) {
        long wait = (millis / 1_000 + 1) * 1_000 - System.currentTimeMillis();
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
