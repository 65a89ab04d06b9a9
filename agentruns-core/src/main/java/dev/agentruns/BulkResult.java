package dev.agentruns;

import java.util.List;
import java.util.UUID;

/**
 * The per-session outcomes of a bulk operation, in the order the sessions were processed.
 * Immutable.
 *
 * @param outcomes one per distinct session id
 */
public record BulkResult(List<BulkOutcome> outcomes) {
    /** Copies the outcomes into an immutable list. */
    public BulkResult {
        outcomes = List.copyOf(outcomes);
    }

    /** How many sessions ended with {@code result}. */
    public long count(BulkOutcome.Result result) {
        return outcomes.stream().filter(o -> o.result() == result).count();
    }

    /** How many sessions the operation was applied to. */
    public long done() {
        return count(BulkOutcome.Result.DONE);
    }

    /** How many sessions were left alone (see each outcome's reason). */
    public long skipped() {
        return count(BulkOutcome.Result.SKIPPED);
    }

    /** How many ids named no session of the workspace. */
    public long notFound() {
        return count(BulkOutcome.Result.NOT_FOUND);
    }

    /** The outcome for one session, or null when it was not part of the operation. */
    public BulkOutcome outcome(UUID sessionId) {
        return outcomes.stream().filter(o -> o.sessionId().equals(sessionId)).findFirst().orElse(null);
    }
}
