package dev.agentruns.spi;

import dev.agentruns.ActivityEvent;
import dev.agentruns.Message;
import dev.agentruns.Session;
import java.util.List;

/**
 * The outcome of {@link SessionRepository#create}: what was stored. Immutable.
 *
 * @param session  the new session
 * @param messages its first messages, seq 1..n
 * @param events   its first activity events, seq 1..n
 */
public record Created(Session session, List<Message> messages, List<ActivityEvent> events) {
    /** Copies the lists into immutable lists. */
    public Created {
        messages = List.copyOf(messages);
        events = List.copyOf(events);
    }
}
