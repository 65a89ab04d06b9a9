package dev.agentruns;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A session's structured output and its verdict. An invalid output is stored with its verdict,
 * never dropped. Immutable (the value is copied on access).
 *
 * @param value   the output, any JSON value
 * @param verdict the result of checking it against the session's output schema
 */
public record Output(JsonNode value, OutputVerdict verdict) {
    /** Copies the value. */
    public Output {
        value = value.deepCopy();
    }

    /** A copy of the output; changing it does not change this value. */
    @Override
    public JsonNode value() {
        return value.deepCopy();
    }
}
