package dev.agentruns;

import dev.agentruns.internal.Require;
import java.util.Arrays;
import java.util.List;

/**
 * A message to append. Immutable.
 *
 * @param id      optional client-supplied id; appending again with the same id stores nothing and
 *                returns the stored message (an idempotent retry). Null: an id is generated.
 * @param role    who wrote it
 * @param content content blocks, not empty
 * @param usage   optional token usage
 */
public record NewMessage(String id, Role role, List<ContentBlock> content, Usage usage) {
    /**
     * Checks the components and copies the content.
     *
     * @throws InvalidInputException naming {@code message.id}, {@code message.role} or
     *     {@code message.content} when one is missing, empty or too long
     */
    public NewMessage {
        id = Require.blankToNullOrValid(id, "message.id", 200);
        Require.nonNull(role, "message.role");
        content = Require.nonEmptyList(content, "message.content");
    }

    /** A user message with one text block. */
    public static NewMessage user(String text) {
        return of(Role.USER, ContentBlock.text(Require.nonNull(text, "prompt")));
    }

    /** An assistant message with one text block. */
    public static NewMessage assistant(String text) {
        return of(Role.ASSISTANT, ContentBlock.text(Require.nonNull(text, "text")));
    }

    /** A message of any role and content, without id or usage. */
    public static NewMessage of(Role role, ContentBlock... content) {
        return new NewMessage(null, role, Arrays.asList(content), null);
    }

    /** This message with a client-supplied id, which makes a retried append idempotent. */
    public NewMessage withId(String clientId) {
        return new NewMessage(Require.nonBlank(clientId, "message.id"), role, content, usage);
    }

    /** This message with token usage. */
    public NewMessage withUsage(Usage newUsage) {
        return new NewMessage(id, role, content, newUsage);
    }
}
