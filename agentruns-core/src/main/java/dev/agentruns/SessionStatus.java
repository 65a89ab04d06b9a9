package dev.agentruns;

/**
 * The status of a session. Sessions start {@link #RUNNING}; {@link #COMPLETED}, {@link #FAILED} and
 * {@link #CANCELLED} are terminal and absorbing.
 *
 * <pre>
 * RUNNING  -&gt; WAITING, COMPLETED, FAILED, CANCELLED
 * WAITING  -&gt; RUNNING (continue), FAILED, CANCELLED
 * terminal -&gt; nothing
 * </pre>
 */
public enum SessionStatus {
    /** The agent is working. */
    RUNNING,
    /** Paused for input or approval; {@code resume} continues it. */
    WAITING,
    /** Finished successfully, possibly with output. Terminal. */
    COMPLETED,
    /** Ended with an error. Terminal. */
    FAILED,
    /** Stopped by a person or the host. Terminal. */
    CANCELLED;

    /** True for COMPLETED, FAILED and CANCELLED. */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /** True for RUNNING and WAITING: messages may be appended. */
    public boolean isActive() {
        return !isTerminal();
    }

    /** Whether the state machine allows going from this status to {@code target}. */
    public boolean canTransitionTo(SessionStatus target) {
        return switch (this) {
            case RUNNING -> target == WAITING || target == COMPLETED || target == FAILED || target == CANCELLED;
            case WAITING -> target == RUNNING || target == FAILED || target == CANCELLED;
            case COMPLETED, FAILED, CANCELLED -> false;
        };
    }
}
