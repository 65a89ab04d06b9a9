package dev.agentruns.spi;

import dev.agentruns.Output;
import dev.agentruns.SessionStatus;
import dev.agentruns.TicketRef;
import dev.agentruns.WaitReason;
import java.time.Duration;
import java.time.Instant;

/**
 * The mutable state of a session that the core computes and a repository stores as given in
 * {@link SessionRepository#update}. Counters (message count, last activity, usage totals) are not
 * part of it: the repository maintains those. Immutable.
 *
 * @param status          status
 * @param waitReason      wait reason, null unless WAITING
 * @param statusChangedAt when the status last changed
 * @param endedAt         when it became terminal, or null
 * @param waitedTime      time spent in ended waits
 * @param ticket          linked ticket, or null
 * @param archivedAt      when archived, or null
 * @param output          output with verdict, or null
 */
public record SessionState(SessionStatus status, WaitReason waitReason, Instant statusChangedAt, Instant endedAt,
                           Duration waitedTime, TicketRef ticket, Instant archivedAt, Output output) {
}
