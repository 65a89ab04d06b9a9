package dev.agentruns;

import dev.agentruns.internal.Require;

/**
 * A ticket in an issue tracker. Two refs denote the same ticket when {@link #system()} and
 * {@link #key()} are equal; title and url are display data. Immutable.
 *
 * @param system the tracker, for example {@code "jira"} or {@code "github"} (not blank)
 * @param key    the ticket's key in that tracker, for example {@code "PAY-142"} (not blank)
 * @param title  optional title, may be null
 * @param url    optional link, may be null
 */
public record TicketRef(String system, String key, String title, String url) {
    /**
     * Checks the components (system at most 100 characters, key 200, title 1000, url 2000; a blank title
     * or url becomes null).
     *
     * @throws InvalidInputException naming {@code ticket.system}, {@code ticket.key}, {@code ticket.title}
     *     or {@code ticket.url}
     */
    public TicketRef {
        Require.nonBlank(system, "ticket.system", 100);
        Require.nonBlank(key, "ticket.key", 200);
        title = Require.blankToNullOrValid(title, "ticket.title", 1000);
        url = Require.blankToNullOrValid(url, "ticket.url", 2000);
    }

    /** A ticket without title or url. */
    public static TicketRef of(String system, String key) {
        return new TicketRef(system, key, null, null);
    }

    /** True when {@code other} names the same ticket (same system and key). */
    public boolean sameTicket(TicketRef other) {
        return other != null && system.equals(other.system) && key.equals(other.key);
    }

    /** {@code system:key}, as shown in the session list. */
    public String display() {
        return system + ":" + key;
    }
}
