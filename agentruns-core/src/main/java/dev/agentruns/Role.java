package dev.agentruns;

/** Who wrote a message. */
public enum Role {
    /** A person, or the host speaking for one. */
    USER,
    /** The agent's model. */
    ASSISTANT,
    /** Instructions from the host. */
    SYSTEM,
    /** A tool's result, where the format keeps it apart from user messages. */
    TOOL
}
