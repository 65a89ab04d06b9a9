package dev.agentruns;

import java.util.UUID;

/**
 * A concurrent change won the race: the session left the status this call expected before the
 * change could be stored. Nothing was written by the losing call.
 */
public class StatusConflictException extends IllegalStatusTransitionException {
    private static final long serialVersionUID = 1L;
    /** The status this call expected. */
    private final SessionStatus expected;

    /** The session was expected in {@code expected} but found in {@code found} when going to {@code to}. */
    public StatusConflictException(UUID sessionId, SessionStatus expected, SessionStatus found, SessionStatus to) {
        super(sessionId, found, to, "session " + sessionId + " was expected in " + expected + " but was found "
                + found + " (changed concurrently); cannot go to " + to);
        this.expected = expected;
    }

    /** The status this call read and expected to change from. */
    public SessionStatus expected() {
        return expected;
    }

    /** The status the session was found in when the change was attempted. */
    public SessionStatus found() {
        return from();
    }
}
