package dev.agentruns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruns.internal.Json;
import dev.agentruns.internal.Require;
import java.time.Duration;

/**
 * An activity event to record. Use the factories for the built-in types. Immutable.
 *
 * @param type    what happened
 * @param summary one line for the timeline (not blank, at most 2,000 characters)
 * @param details structured details: a JSON object (null means empty)
 */
public record NewActivity(ActivityType type, String summary, JsonNode details) {
    /**
     * Checks the components and copies the details.
     *
     * @throws InvalidInputException naming the field when a component is missing, malformed or too long
     */
    public NewActivity {
        Require.nonNull(type, "activity.type");
        Require.nonBlank(summary, "activity.summary", 2000);
        details = details == null ? Json.object() : Json.canonical(details, "activity.details");
        Require.check(details.isObject(), "activity.details", "must be a JSON object, was " + details.getNodeType());
    }

    /** A copy of the details; changing it does not change this value. */
    @Override
    public JsonNode details() {
        return details.deepCopy();
    }

    /** A tool ran: its name, how long it took, and whether it succeeded. */
    public static NewActivity toolExecuted(String toolName, Duration duration, boolean ok) {
        Require.nonBlank(toolName, "toolName");
        Require.nonNull(duration, "duration");
        Require.check(!duration.isNegative(), "duration", "must not be negative, was " + duration);
        ObjectNode details = Json.object().put("tool", toolName).put("durationMillis", duration.toMillis()).put("ok", ok);
        return new NewActivity(ActivityType.TOOL_EXECUTED,
                toolName + (ok ? " ran" : " failed") + " in " + duration.toMillis() + " ms", details);
    }

    /** The agent asked for a permission, for example {@code "write src/Main.java"}. */
    public static NewActivity permissionRequested(String permission) {
        Require.nonBlank(permission, "permission");
        return new NewActivity(ActivityType.PERMISSION_REQUESTED, "Permission requested: " + permission,
                Json.object().put("permission", permission));
    }

    /** A permission request was granted or denied. */
    public static NewActivity permissionResolved(String permission, boolean granted) {
        Require.nonBlank(permission, "permission");
        return new NewActivity(ActivityType.PERMISSION_RESOLVED,
                "Permission " + (granted ? "granted" : "denied") + ": " + permission,
                Json.object().put("permission", permission).put("granted", granted));
    }

    /** A warning that does not end the session. */
    public static NewActivity warning(String summary) {
        return new NewActivity(ActivityType.WARNING, summary, null);
    }

    /** An error reported by the host (failing the session is {@code Workspace.fail}). */
    public static NewActivity error(String summary) {
        return new NewActivity(ActivityType.ERROR, summary, null);
    }

    /** A host-defined event. */
    public static NewActivity custom(String type, String summary, JsonNode details) {
        return new NewActivity(ActivityType.custom(type), summary, details);
    }
}
