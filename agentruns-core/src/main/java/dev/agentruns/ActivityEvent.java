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
    /** Copies the details node, so later changes to the caller's node do not reach the event. */
    public ActivityEvent {
        details = details.deepCopy();
    }

    /** A copy of the structured details; changing it does not change the event. */
    @Override
    public JsonNode details() {
        return details.deepCopy();
    }
}
