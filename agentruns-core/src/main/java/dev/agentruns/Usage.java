package dev.agentruns;

import dev.agentruns.internal.Require;

/**
 * Token usage reported for one model response. Immutable.
 *
 * @param model               the model that produced the message, may be null
 * @param inputTokens         input tokens, not negative
 * @param outputTokens        output tokens, not negative
 * @param cacheReadTokens     input tokens read from the prompt cache, not negative
 * @param cacheCreationTokens input tokens written to the prompt cache, not negative
 */
public record Usage(String model, long inputTokens, long outputTokens, long cacheReadTokens,
                    long cacheCreationTokens) {
    /**
     * Checks the components.
     *
     * @throws InvalidInputException naming the field when a component is missing, malformed or too long
     */
    public Usage {
        model = Require.blankToNullOrValid(model, "usage.model", 200);
        Require.nonNegative(inputTokens, "usage.inputTokens");
        Require.nonNegative(outputTokens, "usage.outputTokens");
        Require.nonNegative(cacheReadTokens, "usage.cacheReadTokens");
        Require.nonNegative(cacheCreationTokens, "usage.cacheCreationTokens");
    }

    /** Usage without prompt-cache tokens. */
    public static Usage of(String model, long inputTokens, long outputTokens) {
        return new Usage(model, inputTokens, outputTokens, 0, 0);
    }
}
