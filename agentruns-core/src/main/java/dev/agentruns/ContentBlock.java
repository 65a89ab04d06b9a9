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

    /** A {@link Text} block. */
    static Text text(String text) {
        return new Text(text);
    }

    /** A {@link Thinking} block; the signature may be null. */
    static Thinking thinking(String thinking, String signature) {
        return new Thinking(thinking, signature);
    }

    /** A {@link ToolUse} block. */
    static ToolUse toolUse(String id, String name, JsonNode input) {
        return new ToolUse(id, name, input);
    }

    /** A {@link ToolResult} holding one {@link Text} block. */
    static ToolResult toolResult(String toolUseId, String text, boolean isError) {
        return new ToolResult(toolUseId, List.of(new Text(text)), isError);
    }

    /** Plain text. May be empty; must not be null. */
    record Text(String text) implements ContentBlock {
        /**
         * Checks the text.
         *
         * @throws InvalidInputException naming {@code text} when it is null
         */
        public Text {
            Require.nonNull(text, "text");
        }
    }

    /** A thinking block, present when extended thinking was on. The signature may be null. */
    record Thinking(String thinking, String signature) implements ContentBlock {
        /**
         * Checks the thinking text.
         *
         * @throws InvalidInputException naming {@code thinking} when it is null
         */
        public Thinking {
            Require.nonNull(thinking, "thinking");
        }
    }

    /** A thinking block the provider returned encrypted. */
    record RedactedThinking(String data) implements ContentBlock {
        /**
         * Checks the data.
         *
         * @throws InvalidInputException naming {@code redactedThinking.data} when it is null
         */
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
        /**
         * Checks the components and copies the input.
         *
         * @throws InvalidInputException naming {@code toolUse.id}, {@code toolUse.name} or
         *     {@code toolUse.input} when one is missing
         */
        public ToolUse {
            Require.nonBlank(id, "toolUse.id");
            Require.nonBlank(name, "toolUse.name");
            input = Json.canonical(Require.nonNull(input, "toolUse.input"), "toolUse.input");
        }

        /** A copy of the input; changing it does not change the block. */
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
        /**
         * Checks the components and copies the content.
         *
         * @throws InvalidInputException naming {@code toolResult.toolUseId} or {@code toolResult.content}
         *     when one is missing or the content holds a block other than text or image
         */
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
        /**
         * Checks the components.
         *
         * @throws InvalidInputException naming {@code image.mediaType} or {@code image} when the media
         *     type is blank or not exactly one of data and url is given
         */
        public Image {
            Require.nonBlank(mediaType, "image.mediaType");
            Require.check((data == null) != (url == null), "image", "needs exactly one of data and url");
        }

        /** An inline image of base64 data. */
        public static Image base64(String mediaType, String data) {
            return new Image(mediaType, data, null);
        }

        /** An image given by reference. */
        public static Image url(String mediaType, String url) {
            return new Image(mediaType, null, url);
        }
    }
}
