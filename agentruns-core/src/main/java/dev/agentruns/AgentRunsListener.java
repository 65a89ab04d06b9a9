package dev.agentruns;

import java.util.UUID;

/**
 * Notified in-process after a change has been stored, on the thread that made it. Every method has
 * an empty default, so implement only what you need. A listener that throws is logged and skipped:
 * the change stays stored and the caller still gets its result. Listeners must be thread-safe when
 * the host writes from several threads.
 */
public interface AgentRunsListener {

    default void sessionStarted(Session session) {
    }

    default void messageAppended(Message message) {
    }

    default void activityRecorded(ActivityEvent event) {
    }

    /** The session after the change, and the status it left. */
    default void statusChanged(Session session, SessionStatus from) {
    }

    default void ticketLinked(Session session, TicketRef ticket) {
    }

    default void ticketUnlinked(Session session, TicketRef ticket) {
    }

    default void archived(Session session) {
    }

    default void unarchived(Session session) {
    }

    /** A fork was made; {@code fork.summary().forkedFrom()} names the source and point. */
    default void forked(Session fork) {
    }

    default void deleted(String workspaceId, UUID sessionId) {
    }
}
