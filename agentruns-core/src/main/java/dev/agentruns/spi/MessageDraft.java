package dev.agentruns.spi;

import dev.agentruns.ContentBlock;
import dev.agentruns.Role;
import dev.agentruns.Usage;
import java.time.Instant;
import java.util.List;

/**
 * A message to store; the repository assigns its seq. Validated (and its size checked) by the core.
 * Immutable.
 *
 * @param id        message id: client-supplied or generated; unique within a session's transcript
 * @param role      who wrote it
 * @param createdAt when it was appended, microsecond precision
 * @param content   content blocks, not empty
 * @param usage     token usage, or null
 * @param idFromClient whether the client supplied the id, so that a retry may find it already
 *                  stored; a generated id is new, and a store need not look it up
 */
public record MessageDraft(String id, Role role, Instant createdAt, List<ContentBlock> content, Usage usage,
                           boolean idFromClient) {
    /** Copies the content into an immutable list. */
    public MessageDraft {
        content = List.copyOf(content);
    }
}
