package dev.agentruns;

import java.util.UUID;

/**
 * No session with this id exists in the workspace. A session of another workspace is reported the
 * same way, so the message never reveals whether the id exists elsewhere.
 */
public class SessionNotFoundException extends AgentRunsException {
    private static final long serialVersionUID = 1L;
    /** The id that was not found. */
    private final UUID sessionId;

    /** No session {@code sessionId} in the workspace. */
    public SessionNotFoundException(UUID sessionId) {
        super("session " + sessionId + " not found");
        this.sessionId = sessionId;
    }

    /** The id that was not found. */
    public UUID sessionId() {
        return sessionId;
    }
}
