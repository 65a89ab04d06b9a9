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
    public Session {
        outputSchema = outputSchema == null ? null : outputSchema.deepCopy();
    }

    public UUID id() {
        return summary.id();
    }

    public SessionStatus status() {
        return summary.status();
    }

    @Override
    public JsonNode outputSchema() {
        return outputSchema == null ? null : outputSchema.deepCopy();
    }

    public Optional<Output> outputIfPresent() {
        return Optional.ofNullable(output);
    }
}
