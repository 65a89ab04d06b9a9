package dev.agentruns.spi;

import dev.agentruns.ActivityEvent;
import dev.agentruns.Message;
import dev.agentruns.Session;
import java.util.List;

/** The outcome of {@link SessionRepository#fork}. */
public sealed interface ForkResult {

    /**
     * Stored.
     *
     * @param fork         the new session
     * @param messages     the fork's own first messages (after the shared prefix)
     * @param events       events stored on the fork's timeline
     * @param sourceEvents events stored on the source's timeline
     */
    record Forked(Session fork, List<Message> messages, List<ActivityEvent> events, List<ActivityEvent> sourceEvents)
            implements ForkResult {
        /** Copies the lists into immutable lists. */
        public Forked {
            messages = List.copyOf(messages);
            events = List.copyOf(events);
            sourceEvents = List.copyOf(sourceEvents);
        }
    }

    /** The source session no longer exists in the workspace, or its transcript is shorter than the fork point. */
    record SourceNotFound() implements ForkResult {
    }
}
