package dev.agentruns.internal;

import dev.agentruns.AgentRunsListener;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls listeners one by one; a listener that throws is logged and the rest still run. Thread-safe. Not API. */
public final class Listeners {
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private final List<AgentRunsListener> listeners;

    public Listeners(List<AgentRunsListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    public void fire(String what, Consumer<AgentRunsListener> call) {
        for (AgentRunsListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("Listener {} failed on {}; the change is stored regardless", listener, what, e);
            }
        }
    }

    public boolean isEmpty() {
        return listeners.isEmpty();
    }
}
