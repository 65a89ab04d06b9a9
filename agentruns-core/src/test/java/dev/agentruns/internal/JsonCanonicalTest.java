package dev.agentruns.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruns.AgentRef;
import dev.agentruns.ContentBlock;
import dev.agentruns.InvalidInputException;
import dev.agentruns.NewActivity;
import dev.agentruns.StartSession;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Trees built in code are stored as they read back from JSON text; hostile trees are typed errors. */
class JsonCanonicalTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void numbersBuiltAsJavaTypesBecomeTheNodesTheirTextReadsBackAs() {
        ObjectNode built = NODES.objectNode().put("double", 0.1d).put("float", 0.5f).put("long", 5L)
                .put("short", (short) 7).put("bigLong", Long.MAX_VALUE).put("decimal", new BigDecimal("5"));
        JsonNode canonical = Json.canonical(built, "output");
        assertThat(canonical).isEqualTo(Json.parse(Json.write(built), "x"));
        assertThat(Json.write(canonical)).isEqualTo(Json.write(built));
        assertThat(canonical.get("long").isInt()).isTrue();
        assertThat(canonical.get("double").isBigDecimal()).isTrue();
    }

    @Test
    void aCanonicalTreeIsCopiedUnchanged() {
        JsonNode parsed = Json.parse("{\"a\":[1,2.50,\"x\",null,true,1E+400,123456789012345678901234567890]}", "x");
        JsonNode canonical = Json.canonical(parsed, "output");
        assertThat(canonical).isEqualTo(parsed).isNotSameAs(parsed);
    }

    @Test
    void nonFiniteNumbersAreRejectedNamingTheField() {
        assertThatThrownBy(() -> Json.canonical(NODES.objectNode().put("n", Double.NaN), "output"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("output: contains NaN");
        assertThatThrownBy(() -> Json.canonical(NODES.arrayNode().add(Float.NEGATIVE_INFINITY), "output"))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void numbersTooLongToReadBackAreRejectedNamingTheField() {
        JsonNode longest = NODES.arrayNode().add(new java.math.BigInteger("9".repeat(Json.MAX_NUMBER_LENGTH)));
        assertThat(Json.parse(Json.write(Json.canonical(longest, "output")), "x")).isEqualTo(longest);
        assertThatThrownBy(() -> Json.canonical(NODES.arrayNode()
                .add(new java.math.BigInteger("9".repeat(Json.MAX_NUMBER_LENGTH + 1))), "toolUse.input"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("toolUse.input: contains a number");
        assertThatThrownBy(() -> Json.canonical(NODES.arrayNode()
                .add(new BigDecimal("0." + "1".repeat(Json.MAX_NUMBER_LENGTH))), "output"))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void treesTenThousandLevelsDeepAreTypedErrorsNotStackOverflows() {
        ObjectNode deep = NODES.objectNode();
        ObjectNode o = deep;
        for (int i = 0; i < 10_000; i++) {
            o = o.putObject("a");
        }
        assertThatThrownBy(() -> ContentBlock.toolUse("t1", "tool", deep)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("toolUse.input: nests deeper than 1000 levels");
        assertThatThrownBy(() -> NewActivity.custom("note", "s", deep)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("activity.details:");
        assertThatThrownBy(() -> StartSession.builder(AgentRef.of("a"), "p").outputSchema(deep).build())
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("outputSchema:");
    }

    @Test
    void toolInputThatFitsAloneButNotInsideTheMessageIsATypedError() {
        JsonNode input = Json.parse("[".repeat(1_000) + "]".repeat(1_000), "x");
        List<ContentBlock> content = List.of(ContentBlock.toolUse("t1", "tool", input));
        assertThatThrownBy(() -> Payloads.checkContent(content, Long.MAX_VALUE, "message"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("message.content: nests deeper than 1000 levels");
    }
}
