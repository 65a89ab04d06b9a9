package dev.agentruns.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruns.ContentBlock;
import dev.agentruns.StorageException;
import dev.agentruns.internal.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts content blocks to and from JSON text in the Anthropic Messages shape
 * ({@code [{"type":"text","text":"..."}, ...]}). Storage adapters that keep content as text use
 * it so that every adapter stores the same format. Stateless and thread-safe.
 */
public final class ContentCodec {
    private ContentCodec() {
    }

    /** JSON text of the blocks. */
    public static String write(List<ContentBlock> blocks) {
        return Json.write(toJson(blocks));
    }

    /** The blocks written by {@link #write}. */
    public static List<ContentBlock> read(String json) {
        try {
            return fromJson(Json.MAPPER.readTree(json));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new StorageException("stored message content is not readable", e);
        }
    }

    /** The blocks as a JSON array in the Anthropic Messages shape ({@code type}, then the block's fields). */
    public static ArrayNode toJson(List<ContentBlock> blocks) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (ContentBlock block : blocks) {
            array.add(toJson(block));
        }
        return array;
    }

    private static ObjectNode toJson(ContentBlock block) {
        ObjectNode node = Json.object();
        if (block instanceof ContentBlock.Text t) {
            node.put("type", "text").put("text", t.text());
        } else if (block instanceof ContentBlock.Thinking t) {
            node.put("type", "thinking").put("thinking", t.thinking());
            if (t.signature() != null) {
                node.put("signature", t.signature());
            }
        } else if (block instanceof ContentBlock.RedactedThinking r) {
            node.put("type", "redacted_thinking").put("data", r.data());
        } else if (block instanceof ContentBlock.ToolUse u) {
            node.put("type", "tool_use").put("id", u.id()).put("name", u.name());
            node.set("input", u.input());
        } else if (block instanceof ContentBlock.ToolResult r) {
            node.put("type", "tool_result").put("tool_use_id", r.toolUseId());
            node.set("content", toJson(r.content()));
            node.put("is_error", r.isError());
        } else if (block instanceof ContentBlock.Image i) {
            node.put("type", "image");
            ObjectNode source = node.putObject("source");
            if (i.data() != null) {
                source.put("type", "base64").put("media_type", i.mediaType()).put("data", i.data());
            } else {
                source.put("type", "url").put("media_type", i.mediaType()).put("url", i.url());
            }
        }
        return node;
    }

    /**
     * The blocks of a JSON array written by {@link #toJson(List)}.
     *
     * @throws IllegalArgumentException when a block is not of a known type
     */
    public static List<ContentBlock> fromJson(JsonNode array) {
        List<ContentBlock> blocks = new ArrayList<>(array.size());
        for (JsonNode node : array) {
            blocks.add(fromJsonBlock(node));
        }
        return blocks;
    }

    private static ContentBlock fromJsonBlock(JsonNode node) {
        String type = node.path("type").asText();
        return switch (type) {
            case "text" -> new ContentBlock.Text(node.get("text").asText());
            case "thinking" -> new ContentBlock.Thinking(node.get("thinking").asText(),
                    node.hasNonNull("signature") ? node.get("signature").asText() : null);
            case "redacted_thinking" -> new ContentBlock.RedactedThinking(node.get("data").asText());
            case "tool_use" -> new ContentBlock.ToolUse(node.get("id").asText(), node.get("name").asText(),
                    node.get("input"));
            case "tool_result" -> new ContentBlock.ToolResult(node.get("tool_use_id").asText(),
                    fromJson(node.get("content")), node.path("is_error").asBoolean());
            case "image" -> {
                JsonNode source = node.get("source");
                String mediaType = source.get("media_type").asText();
                yield "base64".equals(source.path("type").asText())
                        ? ContentBlock.Image.base64(mediaType, source.get("data").asText())
                        : ContentBlock.Image.url(mediaType, source.get("url").asText());
            }
            default -> throw new IllegalArgumentException("unknown content block type '" + type + "'");
        };
    }
}
