package dev.agentruns.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.google.adk.events.Event;
import com.google.adk.sessions.GetSessionConfig;
import com.google.adk.sessions.InMemorySessionService;
import com.google.adk.sessions.Session;
import com.google.genai.types.Content;
import com.google.genai.types.Part;

/**
 * Google ADK 1.8 sessions: {@link InMemorySessionService}, the service ADK's {@code InMemoryRunner}
 * uses. Messages are {@link Event}s with an author and a {@link Content} of one text {@link Part},
 * built the way the {@code Runner} and its agents build them (a new id per event, the turn's
 * invocation id, role "user" or "model").
 *
 * <p>{@code appendEvent} takes the {@link Session} object, not an id. Per turn the {@code Runner}
 * calls {@code getSession} once (a copy of the session with all its events) and then appends the
 * user's event and every event of the agent to that same object; {@code InMemorySessionService}
 * adds the event to it and stores that object as the session. This class does the same as the
 * Runner does within a turn: it keeps the {@code Session} it got from {@code createSession} per
 * conversation, with one invocation id, and {@link #append} is {@code appendEvent(session, event)}
 * on it, so an append is charged neither a {@code getSession} nor a new invocation id, only what
 * every event costs; the copy a Runner makes at the start of each turn is what {@link #load}
 * measures. {@link #appendAll} appends event by event (there is no batch append), as
 * does {@link #create} after {@code createSession}. {@link #loadLast} is {@code getSession} with
 * {@code GetSessionConfig.numRecentEvents}, which this service applies after copying the whole event
 * list. Used from one thread.
 */
final class AdkStore implements ConversationStore {
    static final String APP = "bench";
    static final String USER = "bench-user";
    static final String AGENT = "bench_agent";

    private final InMemorySessionService service = new InMemorySessionService();
    private final Map<String, Turn> turns = new ConcurrentHashMap<>();

    @Override
    public String create(List<String> history) {
        Turn turn = new Turn(service.createSession(APP, USER).blockingGet(), "e-" + UUID.randomUUID());
        for (int i = 0; i < history.size(); i++) {
            service.appendEvent(turn.session, turn.event(i % 2 == 0, history.get(i))).blockingGet();
        }
        turns.put(turn.session.id(), turn);
        return turn.session.id();
    }

    @Override
    public void append(String conversation, String text) {
        Turn turn = turns.get(conversation);
        service.appendEvent(turn.session, turn.event(false, text)).blockingGet();
    }

    @Override
    public void appendAll(String conversation, List<String> texts) {
        Turn turn = turns.get(conversation);
        for (String text : texts) {
            service.appendEvent(turn.session, turn.event(false, text)).blockingGet();
        }
    }

    @Override
    public int load(String conversation) {
        return service.getSession(APP, USER, conversation, Optional.empty()).blockingGet().events().size();
    }

    @Override
    public int loadLast(String conversation, int count) {
        GetSessionConfig config = GetSessionConfig.builder().numRecentEvents(count).build();
        return service.getSession(APP, USER, conversation, Optional.of(config)).blockingGet().events().size();
    }

    @Override
    public void close() {
        turns.keySet().forEach(id -> service.deleteSession(APP, USER, id).blockingAwait());
        turns.clear();
    }

    /** The session a Runner holds during a turn, and the turn's invocation id. */
    private record Turn(Session session, String invocationId) {
        Event event(boolean user, String text) {
            return Event.builder()
                    .id(Event.generateEventId())
                    .invocationId(invocationId)
                    .author(user ? "user" : AGENT)
                    .content(Content.builder().role(user ? "user" : "model").parts(Part.fromText(text)).build())
                    .build();
        }
    }
}
