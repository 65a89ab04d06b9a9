package dev.agentruns;

/**
 * Token totals of a session: the sum of the {@link Usage} of the messages the session itself
 * appended (a fork's inherited prefix is counted in its source). Immutable.
 *
 * @param inputTokens         input tokens
 * @param outputTokens        output tokens
 * @param cacheReadTokens     input tokens read from the prompt cache
 * @param cacheCreationTokens input tokens written to the prompt cache
 */
public record UsageTotals(long inputTokens, long outputTokens, long cacheReadTokens, long cacheCreationTokens) {
    /** No tokens. */
    public static final UsageTotals ZERO = new UsageTotals(0, 0, 0, 0);

    /** These totals plus one message's usage; {@code null} adds nothing. */
    public UsageTotals plus(Usage usage) {
        if (usage == null) {
            return this;
        }
        return new UsageTotals(inputTokens + usage.inputTokens(), outputTokens + usage.outputTokens(),
                cacheReadTokens + usage.cacheReadTokens(), cacheCreationTokens + usage.cacheCreationTokens());
    }

    /** The sum of all four counts. */
    public long totalTokens() {
        return inputTokens + outputTokens + cacheReadTokens + cacheCreationTokens;
    }
}
