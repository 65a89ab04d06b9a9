package dev.agentruns;

/** Who wrote a message. */
public enum Role {
    USER,
    ASSISTANT,
    SYSTEM,
    TOOL
}
