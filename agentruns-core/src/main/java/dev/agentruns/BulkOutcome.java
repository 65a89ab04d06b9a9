package dev.agentruns;

import java.util.UUID;

/**
 * What a bulk operation did with one session. Immutable.
 *
 * @param sessionId the session
 * @param result    done, skipped, or not found
 * @param reason    why it was skipped; null otherwise
 */
public record BulkOutcome(UUID sessionId, Result result, String reason) {
    /** The per-session result of a bulk operation. */
    public enum Result {
        /** Archived, deleted or exported. */
        DONE,
        /** Left alone, for the reason given (for example: still active, already archived, no output). */
        SKIPPED,
        /** Not in the workspace. */
        NOT_FOUND
    }

    /** The operation was applied to the session. */
    public static BulkOutcome done(UUID id) {
        return new BulkOutcome(id, Result.DONE, null);
    }

    /** The session was left alone, for {@code reason}. */
    public static BulkOutcome skipped(UUID id, String reason) {
        return new BulkOutcome(id, Result.SKIPPED, reason);
    }

    /** No session with this id is in the workspace. */
    public static BulkOutcome notFound(UUID id) {
        return new BulkOutcome(id, Result.NOT_FOUND, null);
    }
}
