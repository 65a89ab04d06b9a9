package dev.agentruns;

/** What kind of session: an agent run or a free-form chat. Both can be linked to tickets and forked. */
public enum SessionKind {
    /** An agent working on a task. */
    AGENT_RUN,
    /** A free-form conversation. */
    CHAT
}
