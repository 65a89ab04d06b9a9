package dev.agentruns;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * One row of the session list: everything but messages, activity and the output value. Immutable.
 *
 * @param id              session id (UUIDv7, time-ordered)
 * @param workspaceId     the workspace it belongs to
 * @param kind            agent run or chat
 * @param agent           the agent
 * @param title           set at start, or derived from the first prompt
 * @param status          current status
 * @param waitReason      why it waits; null unless WAITING
 * @param startedAt       when it started
 * @param statusChangedAt when the status last changed (the start, at first)
 * @param endedAt         when it reached a terminal status; null while active
 * @param waitedTime      time spent WAITING in waits that have ended
 * @param ticket          the linked ticket, or null
 * @param archivedAt      when it was archived; null unless archived
 * @param forkedFrom      its source when it is a fork; null otherwise
 * @param messageCount    number of messages in its transcript (a fork's inherited prefix included)
 * @param lastActivityAt  the time of its latest message or activity event
 * @param usage           token totals of its own messages
 * @param outputStatus    verdict of its output; null when it has no output
 * @param version         incremented on every change of status, ticket, archive flag or output
 */
public record SessionSummary(UUID id, String workspaceId, SessionKind kind, AgentRef agent, String title,
                             SessionStatus status, WaitReason waitReason, Instant startedAt,
                             Instant statusChangedAt, Instant endedAt, Duration waitedTime, TicketRef ticket,
                             Instant archivedAt, ForkOrigin forkedFrom, long messageCount,
                             Instant lastActivityAt, UsageTotals usage, OutputVerdict.Status outputStatus,
                             long version) {

    /** True when the session is archived. */
    public boolean archived() {
        return archivedAt != null;
    }

    /** Wall time from start to end, or to {@code now} while the session is active. */
    public Duration duration(Instant now) {
        Instant end = endedAt != null ? endedAt : now;
        Duration d = Duration.between(startedAt, end);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** {@link #duration(Instant)} at the clock's current instant. */
    public Duration duration(Clock clock) {
        return duration(clock.instant());
    }

    /** Total time spent WAITING, including the current wait up to {@code now}. */
    public Duration waitingTime(Instant now) {
        if (status == SessionStatus.WAITING && now.isAfter(statusChangedAt)) {
            return waitedTime.plus(Duration.between(statusChangedAt, now));
        }
        return waitedTime;
    }

    /** {@link #waitingTime(Instant)} at the clock's current instant. */
    public Duration waitingTime(Clock clock) {
        return waitingTime(clock.instant());
    }
}
