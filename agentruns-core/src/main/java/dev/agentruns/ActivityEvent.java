package dev.agentruns;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * One entry of a session's activity timeline. Immutable (the details node is copied on access).
 *
 * @param id        event id
 * @param sessionId the session
 * @param seq       position in the timeline, from 1
 * @param at        when it happened
 * @param type      what happened
 * @param summary   one line for the timeline
 * @param details   structured details (a JSON object, possibly empty)
 */
public record ActivityEvent(UUID id, UUID sessionId, long seq, Instant at, ActivityType type, String summary,
                            JsonNode details) {
    public ActivityEvent {
        details = details.deepCopy();
    }

    @Override
    public JsonNode details() {
        return details.deepCopy();
    }
}
