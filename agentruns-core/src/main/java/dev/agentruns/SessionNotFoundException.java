package dev.agentruns;

import java.util.UUID;

/**
 * No session with this id exists in the workspace. A session of another workspace is reported the
 * same way, so the message never reveals whether the id exists elsewhere.
 */
public class SessionNotFoundException extends AgentRunsException {
    private static final long serialVersionUID = 1L;
    private final UUID sessionId;

    public SessionNotFoundException(UUID sessionId) {
        super("session " + sessionId + " not found");
        this.sessionId = sessionId;
    }

    public UUID sessionId() {
        return sessionId;
    }
}
