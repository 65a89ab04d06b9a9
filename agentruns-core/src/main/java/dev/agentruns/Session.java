package dev.agentruns;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.UUID;

/**
 * A session as shown in its details view: the summary, the output schema and the output with its
 * verdict. Messages and activity are read separately. Immutable.
 *
 * @param summary      the list row
 * @param outputSchema the JSON Schema its output is checked against, or null
 * @param output       its output, or null when none was recorded
 */
public record Session(SessionSummary summary, JsonNode outputSchema, Output output) {
    /** Copies the output schema. */
    public Session {
        outputSchema = outputSchema == null ? null : outputSchema.deepCopy();
    }

    /** The session id. */
    public UUID id() {
        return summary.id();
    }

    /** The current status. */
    public SessionStatus status() {
        return summary.status();
    }

    /** A copy of the output schema, or null; changing it does not change the session. */
    @Override
    public JsonNode outputSchema() {
        return outputSchema == null ? null : outputSchema.deepCopy();
    }

    /** The output, when one was recorded. */
    public Optional<Output> outputIfPresent() {
        return Optional.ofNullable(output);
    }
}
