package dev.agentruns.spi;

import dev.agentruns.ActivityEvent;
import dev.agentruns.Message;
import dev.agentruns.Session;
import java.util.List;

/** The outcome of {@link SessionRepository#update}. */
public sealed interface UpdateResult {

    /**
     * Stored.
     *
     * @param session  the session after the update (version incremented)
     * @param messages messages appended in the same step, as in {@link AppendResult.Appended#messages()}
     * @param inserted the subset of {@code messages} this call stored
     * @param events   activity events stored in the same step
     */
    record Updated(Session session, List<Message> messages, List<Message> inserted, List<ActivityEvent> events)
            implements UpdateResult {
        /** Copies the lists into immutable lists. */
        public Updated {
            messages = List.copyOf(messages);
            inserted = List.copyOf(inserted);
            events = List.copyOf(events);
        }
    }

    /** No session with that id in that workspace. Nothing stored. */
    record NotFound() implements UpdateResult {
    }

    /**
     * The session's version was not the expected one: another change won. Nothing stored.
     *
     * @param current the session as it is now
     */
    record VersionConflict(Session current) implements UpdateResult {
    }
}
