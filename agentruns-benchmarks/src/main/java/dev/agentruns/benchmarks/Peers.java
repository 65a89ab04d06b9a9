package dev.agentruns.benchmarks;

import java.util.List;

/** The peer libraries' conversation stores, by name. */
final class Peers {
    private Peers() {
    }

    /** Names of every peer implementation. */
    static List<String> names() {
        return List.of();
    }

    static ConversationStore open(String name) {
        throw new IllegalArgumentException("no implementation named '" + name + "'");
    }
}
