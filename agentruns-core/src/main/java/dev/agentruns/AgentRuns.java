package dev.agentruns;

import dev.agentruns.internal.Listeners;
import dev.agentruns.internal.OutputValidator;
import dev.agentruns.internal.Require;
import dev.agentruns.internal.TimeWindows;
import dev.agentruns.internal.Uuid7;
import dev.agentruns.spi.SessionRepository;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The entry point: holds a {@link SessionRepository} and the rules, and hands out
 * {@link Workspace}s, the scope every operation runs in.
 *
 * <pre>{@code
 * AgentRuns runs = AgentRuns.builder(new InMemorySessionRepository())
 *         .zone(ZoneId.of("Europe/Berlin"))
 *         .weekStart(DayOfWeek.MONDAY)
 *         .build();
 * Workspace acme = runs.workspace("acme");
 * Session s = acme.start(StartSession.of(AgentRef.of("code-reviewer"), "Review PR #42"));
 * }</pre>
 *
 * <p>Immutable and thread-safe; build one per repository and share it. It does not own the
 * repository: close the repository when the application stops.
 */
public final class AgentRuns {
    /** Default maximum size of one message's content, and of an output: 10 MiB. */
    public static final long DEFAULT_MAX_PAYLOAD_BYTES = 10L * 1024 * 1024;

    final SessionRepository repository;
    final Clock clock;
    final ZoneId zone;
    final DayOfWeek weekStart;
    final long maxPayloadBytes;
    final Listeners listeners;
    final Uuid7 ids;
    final TimeWindows windows;
    final OutputValidator validator = new OutputValidator();

    private AgentRuns(Builder b) {
        this.repository = b.repository;
        this.clock = b.clock;
        this.zone = b.zone;
        this.weekStart = b.weekStart;
        this.maxPayloadBytes = b.maxPayloadBytes;
        this.listeners = new Listeners(b.listeners);
        this.ids = new Uuid7();
        this.windows = new TimeWindows(clock, zone, weekStart);
    }

    /** A builder over the given storage; clock, zone and week start default to the system's and Monday. */
    public static Builder builder(SessionRepository repository) {
        return new Builder(repository);
    }

    /**
     * The operations on one workspace. Ids of other workspaces behave there as ids that do not exist.
     *
     * @param workspaceId not blank, at most 200 characters
     */
    public Workspace workspace(String workspaceId) {
        return new Workspace(this, Require.nonBlank(workspaceId, "workspaceId", 200));
    }

    /** The storage, for direct read-only queries; write through {@link Workspace} so the rules hold. */
    public SessionRepository repository() {
        return repository;
    }

    /** The clock that stamps every change and resolves time windows. */
    public Clock clock() {
        return clock;
    }

    /** The zone that TODAY, THIS_WEEK and THIS_MONTH are computed in. */
    public ZoneId zone() {
        return zone;
    }

    /** The first day of THIS_WEEK. */
    public DayOfWeek weekStart() {
        return weekStart;
    }

    /** Largest accepted message content or output, in UTF-8 bytes of its JSON form. */
    public long maxPayloadBytes() {
        return maxPayloadBytes;
    }

    /** Configures an {@link AgentRuns}. Not thread-safe. */
    public static final class Builder {
        private final SessionRepository repository;
        private Clock clock = Clock.systemUTC();
        private ZoneId zone = ZoneId.systemDefault();
        private DayOfWeek weekStart = DayOfWeek.MONDAY;
        private long maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;
        private final List<AgentRunsListener> listeners = new ArrayList<>();

        private Builder(SessionRepository repository) {
            this.repository = Require.nonNull(repository, "repository");
        }

        /** The clock for timestamps and time windows. */
        public Builder clock(Clock value) {
            this.clock = Require.nonNull(value, "clock");
            return this;
        }

        /** The zone that TODAY, THIS_WEEK and THIS_MONTH are computed in. */
        public Builder zone(ZoneId value) {
            this.zone = Require.nonNull(value, "zone");
            return this;
        }

        /** The first day of THIS_WEEK, for example MONDAY (ISO) or SUNDAY (US). */
        public Builder weekStart(DayOfWeek value) {
            this.weekStart = Require.nonNull(value, "weekStart");
            return this;
        }

        /** Largest accepted message content or output, in UTF-8 bytes of its JSON form. */
        public Builder maxPayloadBytes(long value) {
            Require.check(value >= 1024, "maxPayloadBytes", "must be at least 1024, was " + value);
            this.maxPayloadBytes = value;
            return this;
        }

        /** Adds a listener, notified after each stored change in the order listeners were added. */
        public Builder listener(AgentRunsListener listener) {
            listeners.add(Require.nonNull(listener, "listener"));
            return this;
        }

        /** The configured {@link AgentRuns}; the builder may be reused. */
        public AgentRuns build() {
            return new AgentRuns(this);
        }
    }
}
