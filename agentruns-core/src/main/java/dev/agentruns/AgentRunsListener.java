package dev.agentruns;

import java.util.UUID;

/**
 * Notified in-process after a change has been stored, on the thread that made it. Every method has
 * an empty default, so implement only what you need. A listener that throws is logged and skipped:
 * the change stays stored and the caller still gets its result. Listeners must be thread-safe when
 * the host writes from several threads.
 */
public interface AgentRunsListener {

    /** A session was started, by {@code start} or by a fork (which then also gets {@link #forked}). */
    default void sessionStarted(Session session) {
    }

    /** A message was stored: appended, or the prompt of a start, resume or fork (once per message). */
    default void messageAppended(Message message) {
    }

    /** An activity event was stored: recorded by the host or written by a change (status, ticket, archive...). */
    default void activityRecorded(ActivityEvent event) {
    }

    /** The session after the change, and the status it left. */
    default void statusChanged(Session session, SessionStatus from) {
    }

    /** The session after it was linked to {@code ticket}. */
    default void ticketLinked(Session session, TicketRef ticket) {
    }

    /** The session after its link to {@code ticket} was removed. */
    default void ticketUnlinked(Session session, TicketRef ticket) {
    }

    /** The session after it was archived. */
    default void archived(Session session) {
    }

    /** The session after it was taken out of the archive. */
    default void unarchived(Session session) {
    }

    /** A fork was made; {@code fork.summary().forkedFrom()} names the source and point. */
    default void forked(Session fork) {
    }

    /** The session with this id was deleted from the workspace. */
    default void deleted(String workspaceId, UUID sessionId) {
    }
}
