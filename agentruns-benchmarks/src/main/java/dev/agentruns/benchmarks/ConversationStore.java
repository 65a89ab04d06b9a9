package dev.agentruns.benchmarks;

import java.util.List;

/**
 * One conversation store under test: agentruns on one of its stores, raw JDBC on the same tables, or
 * a peer library. Every implementation stores the same text messages, so the benchmarks compare like
 * with like. Implementations are used from one thread unless a benchmark says otherwise.
 */
public interface ConversationStore extends AutoCloseable {

    /** A new conversation that already holds {@code history} (set-up only: the fastest bulk path). */
    String create(List<String> history);

    /** Appends one message in one call, durably where the store is durable. */
    void append(String conversation, String text);

    /** Appends the messages in one call: one transaction or batch where the store has one. */
    void appendAll(String conversation, List<String> texts);

    /** Reads the whole conversation; returns the number of messages read. */
    int load(String conversation);

    /** Reads the last {@code count} messages; returns the number read. */
    int loadLast(String conversation, int count);

    /**
     * The most messages a conversation keeps: {@link Integer#MAX_VALUE} unless the store keeps only a
     * window of the latest ones (then {@link #load} reads at most this many).
     */
    default int window() {
        return Integer.MAX_VALUE;
    }

    @Override
    void close();
}
