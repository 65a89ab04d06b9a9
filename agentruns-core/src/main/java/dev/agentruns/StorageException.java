package dev.agentruns;

/**
 * The storage failed (connection lost, SQL error, disk full). The cause carries the storage's own
 * exception. The operation that raised it stored nothing.
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
