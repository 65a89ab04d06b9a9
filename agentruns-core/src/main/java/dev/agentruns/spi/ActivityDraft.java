package dev.agentruns.spi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentruns.ActivityType;
import java.time.Instant;
import java.util.UUID;

/**
 * An activity event to store; the repository assigns its seq. Immutable.
 *
 * @param id      event id
 * @param at      when it happened, microsecond precision
 * @param type    event type
 * @param summary one line
 * @param details a JSON object
 */
public record ActivityDraft(UUID id, Instant at, ActivityType type, String summary, JsonNode details) {
    /** Copies the details node, so later changes to the caller's node do not reach the draft. */
    public ActivityDraft {
        details = details.deepCopy();
    }
}
