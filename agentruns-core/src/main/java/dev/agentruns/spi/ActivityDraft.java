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
    public ActivityDraft {
        details = details.deepCopy();
    }
}
