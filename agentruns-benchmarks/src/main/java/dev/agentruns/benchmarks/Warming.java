package dev.agentruns.benchmarks;

import java.util.List;

/**
 * Warms an implementation's append path before a single-shot benchmark measures it, so the JIT has
 * compiled it: appends for about a second (at most {@value #MAX_APPENDS} appends; system property
 * {@code agentruns.bench.warm.millis} sets the time), to a new scratch conversation of 10 messages
 * after every {@value #PER_CONVERSATION}, so that fast stores reach compiled code on conversations
 * as short as the shortest measured.
 */
final class Warming {
    static final List<String> TEXTS = Texts.history(1_000);
    private static final int MAX_APPENDS = 300_000;
    private static final int PER_CONVERSATION = 1_000;
    private static final long BUDGET_NANOS = Long.getLong("agentruns.bench.warm.millis", 1_000) * 1_000_000L;

    private Warming() {
    }

    static void appends(ConversationStore store) {
        String scratch = null;
        long end = System.nanoTime() + BUDGET_NANOS;
        for (int i = 0; i < MAX_APPENDS && System.nanoTime() < end; i++) {
            if (i % PER_CONVERSATION == 0) {
                scratch = store.create(TEXTS.subList(0, 10));
            }
            store.append(scratch, TEXTS.get(i % TEXTS.size()));
        }
    }
}
