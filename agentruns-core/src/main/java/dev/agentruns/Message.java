package dev.agentruns;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A stored message. Immutable.
 *
 * @param id        the message id: supplied by the client (its idempotency key) or generated
 * @param sessionId the session whose transcript this message was appended to (for a fork's
 *                  inherited prefix, the source session)
 * @param seq       position in the session's transcript, gapless from 1
 * @param role      who wrote it
 * @param createdAt when it was stored
 * @param content   its content blocks, never empty
 * @param usage     token usage, or null
 */
public record Message(String id, UUID sessionId, long seq, Role role, Instant createdAt,
                      List<ContentBlock> content, Usage usage) {
    /** Copies the content into an immutable list. */
    public Message {
        content = List.copyOf(content);
    }

    /** The text of all {@link ContentBlock.Text} blocks, joined by newlines. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (ContentBlock block : content) {
            if (block instanceof ContentBlock.Text t) {
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append(t.text());
            }
        }
        return sb.toString();
    }
}
