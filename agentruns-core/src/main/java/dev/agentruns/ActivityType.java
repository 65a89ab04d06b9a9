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

    public static final ActivityType SESSION_STARTED = new ActivityType("SESSION_STARTED");
    public static final ActivityType STATUS_CHANGED = new ActivityType("STATUS_CHANGED");
    public static final ActivityType TOOL_EXECUTED = new ActivityType("TOOL_EXECUTED");
    public static final ActivityType PERMISSION_REQUESTED = new ActivityType("PERMISSION_REQUESTED");
    public static final ActivityType PERMISSION_RESOLVED = new ActivityType("PERMISSION_RESOLVED");
    public static final ActivityType WARNING = new ActivityType("WARNING");
    public static final ActivityType ERROR = new ActivityType("ERROR");
    public static final ActivityType OUTPUT_RECORDED = new ActivityType("OUTPUT_RECORDED");
    public static final ActivityType FORKED = new ActivityType("FORKED");
    public static final ActivityType TICKET_LINKED = new ActivityType("TICKET_LINKED");
    public static final ActivityType TICKET_UNLINKED = new ActivityType("TICKET_UNLINKED");
    public static final ActivityType ARCHIVED = new ActivityType("ARCHIVED");
    public static final ActivityType UNARCHIVED = new ActivityType("UNARCHIVED");
    public static final ActivityType SESSION_ENDED = new ActivityType("SESSION_ENDED");

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
