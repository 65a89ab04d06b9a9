package dev.agentruns;

import java.util.UUID;

/** The session exists but has no message with this id (in its own messages or inherited prefix). */
public class MessageNotFoundException extends AgentRunsException {
    private static final long serialVersionUID = 1L;
    private final UUID sessionId;
    private final String messageId;

    public MessageNotFoundException(UUID sessionId, String messageId) {
        super("message " + messageId + " not found in session " + sessionId);
        this.sessionId = sessionId;
        this.messageId = messageId;
    }

    public UUID sessionId() {
        return sessionId;
    }

    public String messageId() {
        return messageId;
    }
}
