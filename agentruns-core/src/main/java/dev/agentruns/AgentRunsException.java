package dev.agentruns;

/**
 * Root of every exception agentruns throws. Unchecked: callers catch the subclass that names the
 * failure they can handle and let the rest propagate.
 */
public class AgentRunsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message that names the problem. */
    public AgentRunsException(String message) {
        super(message);
    }

    /** An exception with a message that names the problem, caused by {@code cause}. */
    public AgentRunsException(String message, Throwable cause) {
        super(message, cause);
    }
}
