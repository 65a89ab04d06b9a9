package dev.agentruns.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentruns.InvalidInputException;
import dev.agentruns.OutputVerdict;
import org.junit.jupiter.api.Test;

class OutputValidatorTest {
    private final OutputValidator validator = new OutputValidator();
    private final String schema = """
            {"type":"object","required":["verdict"],"properties":{"verdict":{"enum":["approve","reject"]},
             "comments":{"type":"array","items":{"type":"string"}}}}""";

    @Test
    void acceptsAValidSchemaAndOutput() {
        validator.checkSchema(Json.parse(schema, "s"));
        OutputVerdict verdict = validator.verdict(Json.parse(schema, "s"), Json.parse("{\"verdict\":\"approve\"}", "o"));
        assertThat(verdict).isEqualTo(OutputVerdict.VALID);
    }

    @Test
    void reportsEveryProblemOfAnInvalidOutput() {
        OutputVerdict verdict = validator.verdict(Json.parse(schema, "s"),
                Json.parse("{\"verdict\":\"maybe\",\"comments\":[1]}", "o"));
        assertThat(verdict.status()).isEqualTo(OutputVerdict.Status.INVALID);
        assertThat(verdict.errors()).hasSize(2);
        assertThat(String.join(" ", verdict.errors())).contains("verdict").contains("comments");
    }

    @Test
    void rejectsASchemaThatBreaksTheMetaSchema() {
        assertThatThrownBy(() -> validator.checkSchema(Json.parse("{\"type\":\"banana\"}", "s")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("outputSchema: is not a valid JSON Schema");
        assertThatThrownBy(() -> validator.checkSchema(Json.parse("{\"required\":\"verdict\"}", "s")))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void rejectsASchemaThatIsNotAnObject() {
        assertThatThrownBy(() -> validator.checkSchema(Json.parse("[1,2]", "s")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("must be a JSON object or boolean");
    }
}
