package dev.agentruns;

/**
 * Root of every exception agentruns throws. Unchecked: callers catch the subclass that names the
 * failure they can handle and let the rest propagate.
 */
public class AgentRunsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AgentRunsException(String message) {
        super(message);
    }

    public AgentRunsException(String message, Throwable cause) {
        super(message, cause);
    }
}
