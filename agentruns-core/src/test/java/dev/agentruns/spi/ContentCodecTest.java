package dev.agentruns.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruns.ContentBlock;
import dev.agentruns.internal.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentCodecTest {

    @Test
    void everyBlockTypeRoundTrips() {
        List<ContentBlock> blocks = List.of(
                ContentBlock.text("nul\u0000 emoji 😀 rtl \u05e9\u05dc\u05d5\u05dd"),
                ContentBlock.thinking("let me think", "sig=="),
                new ContentBlock.Thinking("unsigned", null),
                new ContentBlock.RedactedThinking("b64data"),
                ContentBlock.toolUse("toolu_1", "read_file", Json.parse("{\"path\":\"a\\u0000b\",\"n\":1e400}", "i")),
                new ContentBlock.ToolResult("toolu_1", List.of(ContentBlock.text("contents"),
                        ContentBlock.Image.base64("image/png", "iVBOR")), true),
                ContentBlock.Image.url("image/jpeg", "https://example.invalid/a.jpg"));
        assertThat(ContentCodec.read(ContentCodec.write(blocks))).isEqualTo(blocks);
    }

    @Test
    void writesTheAnthropicShape() {
        String json = ContentCodec.write(List.of(ContentBlock.toolResult("t1", "ok", false)));
        assertThat(json).isEqualTo(
                "[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],"
                        + "\"is_error\":false}]");
    }
}
