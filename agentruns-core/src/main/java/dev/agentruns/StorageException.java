package dev.agentruns;

/**
 * The storage failed (connection lost, SQL error, disk full). The cause carries the storage's own
 * exception. The operation that raised it stored nothing, unless the failure hit the commit itself,
 * when the storage cannot tell whether it took effect: appends with a client message id
 * ({@link NewMessage#withId(String)}) can then be retried, and a retry stores nothing twice.
 */
public class StorageException extends AgentRunsException {
    private static final long serialVersionUID = 1L;

    /** A storage failure without an underlying exception. */
    public StorageException(String message) {
        super(message);
    }

    /** A storage failure; {@code cause} is the storage's own exception. */
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
