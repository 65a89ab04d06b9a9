package dev.agentruns.spi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentruns.AgentRef;
import dev.agentruns.ForkOrigin;
import dev.agentruns.SessionKind;
import dev.agentruns.TicketRef;
import java.time.Instant;
import java.util.UUID;

/**
 * A new session to store. It starts RUNNING at {@code startedAt}, version 1, with no output.
 * Validated by the core before it reaches a repository. Immutable.
 *
 * @param id           new session id (UUIDv7)
 * @param workspaceId  its workspace
 * @param kind         agent run or chat
 * @param agent        the agent
 * @param title        its title
 * @param startedAt    start time, microsecond precision
 * @param ticket       linked ticket, or null
 * @param outputSchema JSON Schema for its output, or null
 * @param forkedFrom   its source when it is a fork, or null
 */
public record SessionDraft(UUID id, String workspaceId, SessionKind kind, AgentRef agent, String title,
                           Instant startedAt, TicketRef ticket, JsonNode outputSchema, ForkOrigin forkedFrom) {
    /** Copies the output schema, so later changes to the caller's node do not reach the draft. */
    public SessionDraft {
        outputSchema = outputSchema == null ? null : outputSchema.deepCopy();
    }
}
