package dev.agentruns.spi;

import dev.agentruns.ActivityEvent;
import dev.agentruns.Message;
import dev.agentruns.SessionStatus;
import java.util.List;

/** The outcome of {@link SessionRepository#append}. */
public sealed interface AppendResult {

    /**
     * Stored.
     *
     * @param messages one per draft, in draft order: the new message, or the one already stored
     *                 under the same id (an idempotent retry)
     * @param inserted the subset of {@code messages} this call stored
     * @param events   the stored activity events, in order
     */
    record Appended(List<Message> messages, List<Message> inserted, List<ActivityEvent> events)
            implements AppendResult {
        /** Copies the lists into immutable lists. */
        public Appended {
            messages = List.copyOf(messages);
            inserted = List.copyOf(inserted);
            events = List.copyOf(events);
        }
    }

    /** No session with that id in that workspace. Nothing stored. */
    record NotFound() implements AppendResult {
    }

    /**
     * The session's status is not one of the required statuses. Nothing stored.
     *
     * @param found the status the session was in
     */
    record StatusNotAllowed(SessionStatus found) implements AppendResult {
    }
}
