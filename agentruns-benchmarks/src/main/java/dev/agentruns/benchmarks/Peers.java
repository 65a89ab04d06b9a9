package dev.agentruns.benchmarks;

/** The peer libraries' conversation stores. */
final class Peers {
    private Peers() {
    }

    static ConversationStore open(String name) {
        throw new IllegalArgumentException("no implementation named '" + name + "'");
    }
}
