package dev.agentruns.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentruns.InvalidInputException;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void duplicateKeysAreRejected() {
        assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2}", "output"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("output: is not valid JSON");
    }

    @Test
    void hugeNumbersKeepTheirExactValue() {
        String text = "{\"big\":123456789012345678901234567890,\"precise\":0.1000000000000000000000000001}";
        JsonNode node = Json.parse(text, "output");
        assertThat(Json.write(node)).isEqualTo(text);
    }

    @Test
    void deepNestingIsATypedErrorNotAStackOverflow() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThatThrownBy(() -> Json.parse(deep, "output"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("output:");
    }

    @Test
    void keysLongerThanJacksonsDefaultNameLimitReadBack() {
        String key = "k".repeat(1 << 20);
        String text = Json.write(Json.object().put(key, 1));
        assertThat(Json.parse(text, "output").fieldNames().next()).isEqualTo(key);
    }

    @Test
    void textThatIsNotOneJsonValueIsRejected() {
        assertThatThrownBy(() -> Json.parse("not json", "output")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Json.parse("{} {}", "output")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Json.parse("", "output")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void depthIsMeasuredWithoutRecursion() {
        assertThat(Json.depth(Json.parse("{\"a\":[1,{\"b\":[]}]}", "x"))).isEqualTo(4);
        assertThat(Json.depth(Json.parse("7", "x"))).isZero();
    }
}
