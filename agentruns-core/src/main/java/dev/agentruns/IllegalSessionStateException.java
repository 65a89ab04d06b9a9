package dev.agentruns;

import java.util.UUID;

/**
 * The session's current status forbids the operation: appending to a terminal session, or
 * archiving a session that is still active.
 */
public class IllegalSessionStateException extends AgentRunsException {
    private static final long serialVersionUID = 1L;
    /** The session. */
    private final UUID sessionId;
    /** Its status. */
    private final SessionStatus status;

    /** The session is in {@code status}, which forbids the operation for the reason {@code problem}. */
    public IllegalSessionStateException(UUID sessionId, SessionStatus status, String problem) {
        super("session " + sessionId + " is " + status + ": " + problem);
        this.sessionId = sessionId;
        this.status = status;
    }

    /** The session. */
    public UUID sessionId() {
        return sessionId;
    }

    /** The status the session was found in. */
    public SessionStatus status() {
        return status;
    }
}
