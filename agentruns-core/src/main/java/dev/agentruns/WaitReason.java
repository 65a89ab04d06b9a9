package dev.agentruns;

/** Why a session is {@link SessionStatus#WAITING}. */
public enum WaitReason {
    /** The agent asked the user a question. */
    INPUT,
    /** The agent needs a permission or approval before it goes on. */
    APPROVAL,
    /** Paused by the user or the host. */
    PAUSED
}
