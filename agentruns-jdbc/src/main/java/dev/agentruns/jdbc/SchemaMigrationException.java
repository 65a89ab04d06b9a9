package dev.agentruns.jdbc;

import dev.agentruns.StorageException;

/**
 * The database schema cannot be used by this version of the library: it is newer than the library
 * knows, an applied migration script was changed after it ran, or a migration failed. The message
 * names the versions involved.
 */
public class SchemaMigrationException extends StorageException {
    private static final long serialVersionUID = 1L;

    /** A migration problem; the message names the versions or scripts involved. */
    public SchemaMigrationException(String message) {
        super(message, null);
    }

    /** A migration that failed in the database; {@code cause} is the driver's exception. */
    public SchemaMigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
