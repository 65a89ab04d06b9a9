package dev.agentruns.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentruns.ContentBlock;
import dev.agentruns.InvalidInputException;
import dev.agentruns.PayloadTooLargeException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadsTest {

    @Test
    void countsUtf8BytesLikeTheJdk() {
        String s = "a\u0000é€😀\u05d0";
        assertThat(Payloads.utf8Length(s, "f")).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void rejectsUnpairedSurrogatesNamingTheField() {
        assertThatThrownBy(() -> Payloads.utf8Length("ok\uD83D", "message.content"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("message.content: contains an unpaired surrogate at index 2");
        assertThatThrownBy(() -> Payloads.utf8Length("\uDE00x", "title"))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void rejectsContentAboveTheMaximumWithItsSize() {
        List<ContentBlock> content = List.of(ContentBlock.text("x".repeat(2000)));
        assertThatThrownBy(() -> Payloads.checkContent(content, 1024, "message"))
                .isInstanceOfSatisfying(PayloadTooLargeException.class, e -> {
                    assertThat(e.field()).isEqualTo("message.content");
                    assertThat(e.maxBytes()).isEqualTo(1024);
                    assertThat(e.sizeBytes()).isGreaterThan(2000);
                });
    }

    @Test
    void acceptsContentAtTheMaximum() {
        List<ContentBlock> content = List.of(ContentBlock.text("x".repeat(10)));
        long size = Payloads.utf8Length(dev.agentruns.spi.ContentCodec.write(content), "f");
        Payloads.checkContent(content, size, "message");
        assertThatThrownBy(() -> Payloads.checkContent(content, size - 1, "message"))
                .isInstanceOf(PayloadTooLargeException.class);
    }

    @Test
    void textOfEveryKindIsAcceptedAtItsExactSizeAndRejectedOneByteBelow() {
        List<String> texts = List.of("plain", "\u0001\u001f".repeat(50), "\"\\".repeat(40), "é€😀\u05d0".repeat(30),
                "\u2028\u2029</script>", "");
        for (String text : texts) {
            List<ContentBlock> content = List.of(ContentBlock.text(text), ContentBlock.text(text + "!"));
            long size = Payloads.utf8Length(dev.agentruns.spi.ContentCodec.write(content), "f");

            Payloads.checkContent(content, size, "message");
            assertThatThrownBy(() -> Payloads.checkContent(content, size - 1, "message"))
                    .as("JSON of %s is %d bytes", text, size)
                    .isInstanceOf(PayloadTooLargeException.class);
        }
    }

    @Test
    void anUnpairedSurrogateInTextIsRejectedWhateverTheMaximum() {
        List<ContentBlock> content = List.of(ContentBlock.text("fine"), ContentBlock.text("broken \uD83D here"));

        assertThatThrownBy(() -> Payloads.checkContent(content, Long.MAX_VALUE, "message"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("message.content: contains an unpaired surrogate");
    }
}
