package dev.agentruns;

import java.util.UUID;

/** The status state machine does not allow this transition from the session's current status. */
public class IllegalStatusTransitionException extends AgentRunsException {
    private static final long serialVersionUID = 1L;
    /** The session. */
    private final UUID sessionId;
    /** The status it was found in. */
    private final SessionStatus from;
    /** The status asked for. */
    private final SessionStatus to;

    /** A transition from {@code from} to {@code to} that the state machine does not allow. */
    public IllegalStatusTransitionException(UUID sessionId, SessionStatus from, SessionStatus to) {
        this(sessionId, from, to,
                "session " + sessionId + " cannot go from " + from + " to " + to
                        + (from.isTerminal() ? " (" + from + " is terminal; fork the session to go on)" : ""));
    }

    /** For subclasses that say more about why the transition was refused. */
    protected IllegalStatusTransitionException(UUID sessionId, SessionStatus from, SessionStatus to, String message) {
        super(message);
        this.sessionId = sessionId;
        this.from = from;
        this.to = to;
    }

    /** The session. */
    public UUID sessionId() {
        return sessionId;
    }

    /** The status the session was found in. */
    public SessionStatus from() {
        return from;
    }

    /** The status that was asked for. */
    public SessionStatus to() {
        return to;
    }
}
