package dev.agentruns;

import java.util.UUID;

/** The session exists but has no message with this id (in its own messages or inherited prefix). */
public class MessageNotFoundException extends AgentRunsException {
    private static final long serialVersionUID = 1L;
    /** The session. */
    private final UUID sessionId;
    /** The message id. */
    private final String messageId;

    /** No message {@code messageId} in the session. */
    public MessageNotFoundException(UUID sessionId, String messageId) {
        super("message " + messageId + " not found in session " + sessionId);
        this.sessionId = sessionId;
        this.messageId = messageId;
    }

    /** The session that was searched. */
    public UUID sessionId() {
        return sessionId;
    }

    /** The message id that was not found. */
    public String messageId() {
        return messageId;
    }
}
