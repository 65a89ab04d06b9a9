package dev.agentruns;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentruns.internal.Json;
import dev.agentruns.internal.Require;
import java.util.List;

/**
 * One block of a message's content. The block types mirror the Anthropic Messages API so that a
 * transcript round-trips; other formats map onto them. All implementations are immutable records.
 */
public sealed interface ContentBlock {

    static Text text(String text) {
        return new Text(text);
    }

    static Thinking thinking(String thinking, String signature) {
        return new Thinking(thinking, signature);
    }

    static ToolUse toolUse(String id, String name, JsonNode input) {
        return new ToolUse(id, name, input);
    }

    static ToolResult toolResult(String toolUseId, String text, boolean isError) {
        return new ToolResult(toolUseId, List.of(new Text(text)), isError);
    }

    /** Plain text. May be empty; must not be null. */
    record Text(String text) implements ContentBlock {
        public Text {
            Require.nonNull(text, "text");
        }
    }

    /** A thinking block, present when extended thinking was on. The signature may be null. */
    record Thinking(String thinking, String signature) implements ContentBlock {
        public Thinking {
            Require.nonNull(thinking, "thinking");
        }
    }

    /** A thinking block the provider returned encrypted. */
    record RedactedThinking(String data) implements ContentBlock {
        public RedactedThinking {
            Require.nonNull(data, "redactedThinking.data");
        }
    }

    /**
     * A tool call made by the agent.
     *
     * @param id    the call's id, referenced by the matching {@link ToolResult}
     * @param name  the tool's name
     * @param input the tool's input as JSON (any JSON value)
     */
    record ToolUse(String id, String name, JsonNode input) implements ContentBlock {
        public ToolUse {
            Require.nonBlank(id, "toolUse.id");
            Require.nonBlank(name, "toolUse.name");
            input = Json.canonical(Require.nonNull(input, "toolUse.input"), "toolUse.input");
        }

        @Override
        public JsonNode input() {
            return input.deepCopy();
        }
    }

    /**
     * The result of a tool call.
     *
     * @param toolUseId the id of the {@link ToolUse} this answers
     * @param content   the result: {@link Text} and {@link Image} blocks
     * @param isError   whether the tool failed
     */
    record ToolResult(String toolUseId, List<ContentBlock> content, boolean isError) implements ContentBlock {
        public ToolResult {
            Require.nonBlank(toolUseId, "toolResult.toolUseId");
            content = Require.list(content, "toolResult.content");
            for (ContentBlock block : content) {
                Require.check(block instanceof Text || block instanceof Image, "toolResult.content",
                        "may hold only text and image blocks, found " + block.getClass().getSimpleName());
            }
        }
    }

    /**
     * An image, given either inline as base64 {@code data} or by {@code url}: exactly one of the two.
     *
     * @param mediaType for example {@code image/png}
     * @param data      base64 data, or null
     * @param url       a reference, or null
     */
    record Image(String mediaType, String data, String url) implements ContentBlock {
        public Image {
            Require.nonBlank(mediaType, "image.mediaType");
            Require.check((data == null) != (url == null), "image", "needs exactly one of data and url");
        }

        public static Image base64(String mediaType, String data) {
            return new Image(mediaType, data, null);
        }

        public static Image url(String mediaType, String url) {
            return new Image(mediaType, null, url);
        }
    }
}
