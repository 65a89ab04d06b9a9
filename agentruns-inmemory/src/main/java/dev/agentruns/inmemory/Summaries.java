package dev.agentruns.inmemory;

import dev.agentruns.SessionStatus;
import dev.agentruns.SessionSummary;
import dev.agentruns.UsageTotals;
import dev.agentruns.spi.SessionDraft;
import dev.agentruns.spi.SessionState;
import java.time.Duration;
import java.time.Instant;

/** Copies of immutable {@link SessionSummary} records with some fields changed. Stateless. */
final class Summaries {
    private Summaries() {
    }

    /** The summary of a new session: RUNNING, version 1, no output, no own messages yet. */
    static SessionSummary initial(SessionDraft d, long messageCount) {
        return new SessionSummary(d.id(), d.workspaceId(), d.kind(), d.agent(), d.title(), SessionStatus.RUNNING,
                null, d.startedAt(), d.startedAt(), null, Duration.ZERO, d.ticket(), null, d.forkedFrom(),
                messageCount, d.startedAt(), UsageTotals.ZERO, null, 1);
    }

    /** The summary with the state fields replaced and the version incremented. */
    static SessionSummary withState(SessionSummary s, SessionState st) {
        return new SessionSummary(s.id(), s.workspaceId(), s.kind(), s.agent(), s.title(), st.status(),
                st.waitReason(), s.startedAt(), st.statusChangedAt(), st.endedAt(), st.waitedTime(), st.ticket(),
                st.archivedAt(), s.forkedFrom(), s.messageCount(), s.lastActivityAt(), s.usage(),
                st.output() == null ? null : st.output().verdict().status(), s.version() + 1);
    }

    /** The summary with the counters replaced. */
    static SessionSummary withCounters(SessionSummary s, long messageCount, Instant lastActivityAt,
                                       UsageTotals usage) {
        if (messageCount == s.messageCount() && lastActivityAt.equals(s.lastActivityAt())
                && usage.equals(s.usage())) {
            return s;
        }
        return new SessionSummary(s.id(), s.workspaceId(), s.kind(), s.agent(), s.title(), s.status(),
                s.waitReason(), s.startedAt(), s.statusChangedAt(), s.endedAt(), s.waitedTime(), s.ticket(),
                s.archivedAt(), s.forkedFrom(), messageCount, lastActivityAt, usage, s.outputStatus(),
                s.version());
    }
}
