package dev.agentruns;

import java.util.UUID;

/**
 * The session's current status forbids the operation: appending to a terminal session, or
 * archiving a session that is still active.
 */
public class IllegalSessionStateException extends AgentRunsException {
    private static final long serialVersionUID = 1L;
    private final UUID sessionId;
    private final SessionStatus status;

    public IllegalSessionStateException(UUID sessionId, SessionStatus status, String problem) {
        super("session " + sessionId + " is " + status + ": " + problem);
        this.sessionId = sessionId;
        this.status = status;
    }

    public UUID sessionId() {
        return sessionId;
    }

    public SessionStatus status() {
        return status;
    }
}
