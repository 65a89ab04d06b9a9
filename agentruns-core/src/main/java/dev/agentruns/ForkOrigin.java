package dev.agentruns;

import dev.agentruns.internal.Require;
import java.util.UUID;

/**
 * Where a forked session came from: its source session and the message it was forked at.
 * The fork's messages 1..{@code messageSeq} are the source's. Immutable.
 *
 * @param sessionId  the source session
 * @param messageId  the message the fork was made at
 * @param messageSeq that message's seq: the length of the shared prefix
 */
public record ForkOrigin(UUID sessionId, String messageId, long messageSeq) {
    /**
     * Checks the components.
     *
     * @throws InvalidInputException naming the field when a component is missing, malformed or too long
     */
    public ForkOrigin {
        Require.nonNull(sessionId, "forkedFrom.sessionId");
        Require.nonBlank(messageId, "forkedFrom.messageId");
        Require.check(messageSeq >= 1, "forkedFrom.messageSeq", "must be at least 1, was " + messageSeq);
    }
}
