package dev.agentruns;

import dev.agentruns.internal.Require;

/**
 * The agent a session belongs to. Immutable.
 *
 * @param id          stable agent id, used by filters (not blank, at most 200 characters)
 * @param displayName name shown in the list (not blank)
 * @param icon        optional icon reference (a name, URL or emoji), may be null
 */
public record AgentRef(String id, String displayName, String icon) {
    /**
     * Checks the components (display name at most 500 characters, icon at most 2000; a blank icon
     * becomes null).
     *
     * @throws InvalidInputException naming {@code agent.id}, {@code agent.displayName} or {@code agent.icon}
     */
    public AgentRef {
        Require.nonBlank(id, "agent.id", 200);
        Require.nonBlank(displayName, "agent.displayName", 500);
        icon = Require.blankToNullOrValid(icon, "agent.icon", 2000);
    }

    /** An agent whose display name is its id and which has no icon. */
    public static AgentRef of(String id) {
        return new AgentRef(id, id, null);
    }

    /** An agent with a display name and no icon. */
    public static AgentRef of(String id, String displayName) {
        return new AgentRef(id, displayName, null);
    }
}
