package dev.agentruns;

import dev.agentruns.internal.Require;
import java.util.regex.Pattern;

/**
 * The type of an activity event: one of the built-in constants or a host-defined name
 * ({@link #custom(String)}). Compared by name. Immutable.
 *
 * @param name letters, digits, {@code _ . : -}, starting with a letter, at most 64 characters
 */
public record ActivityType(String name) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.:-]{0,63}");

    /** The session was started (or a fork was made from it, on the fork). */
    public static final ActivityType SESSION_STARTED = new ActivityType("SESSION_STARTED");
    /** The session moved between running and waiting; details name the statuses and the reason. */
    public static final ActivityType STATUS_CHANGED = new ActivityType("STATUS_CHANGED");
    /** A tool ran, as recorded by the host. */
    public static final ActivityType TOOL_EXECUTED = new ActivityType("TOOL_EXECUTED");
    /** The agent asked for a permission, as recorded by the host. */
    public static final ActivityType PERMISSION_REQUESTED = new ActivityType("PERMISSION_REQUESTED");
    /** A permission request was granted or denied, as recorded by the host. */
    public static final ActivityType PERMISSION_RESOLVED = new ActivityType("PERMISSION_RESOLVED");
    /** Something went wrong without ending the session, for example output that failed its schema. */
    public static final ActivityType WARNING = new ActivityType("WARNING");
    /** An error; written when a session fails, or recorded by the host. */
    public static final ActivityType ERROR = new ActivityType("ERROR");
    /** Structured output was stored on completion. */
    public static final ActivityType OUTPUT_RECORDED = new ActivityType("OUTPUT_RECORDED");
    /** A fork was made from this session (on the source) or this session was forked (on the fork). */
    public static final ActivityType FORKED = new ActivityType("FORKED");
    /** The session was linked to a ticket. */
    public static final ActivityType TICKET_LINKED = new ActivityType("TICKET_LINKED");
    /** The session's ticket link was removed. */
    public static final ActivityType TICKET_UNLINKED = new ActivityType("TICKET_UNLINKED");
    /** The session was archived. */
    public static final ActivityType ARCHIVED = new ActivityType("ARCHIVED");
    /** The session was taken out of the archive. */
    public static final ActivityType UNARCHIVED = new ActivityType("UNARCHIVED");
    /** The session reached a terminal status (completed, failed or cancelled); written exactly once. */
    public static final ActivityType SESSION_ENDED = new ActivityType("SESSION_ENDED");

    /**
     * Checks the name.
     *
     * @throws InvalidInputException naming {@code activity.type} when the name is null or not of the
     *     allowed form
     */
    public ActivityType {
        Require.nonNull(name, "activity.type");
        Require.check(NAME.matcher(name).matches(), "activity.type",
                "must be a letter followed by up to 63 letters, digits or _ . : -, was '" + name + "'");
    }

    /** A host-defined type, for example {@code "deploy.started"}. */
    public static ActivityType custom(String name) {
        return new ActivityType(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
