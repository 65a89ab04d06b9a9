package dev.agentruns.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruns.InvalidInputException;

/**
 * The one configured Jackson mapper: duplicate keys are an error, numbers keep their exact value,
 * nesting is bounded so hostile input cannot overflow the stack. Not API.
 */
public final class Json {
    /** Deepest nesting accepted when parsing JSON text. */
    public static final int MAX_NESTING_DEPTH = 1000;

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(Integer.MAX_VALUE)
                .maxNumberLength(100_000)
                .build());
    }

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Parses JSON text; anything that is not exactly one JSON value is an {@link InvalidInputException}. */
    public static JsonNode parse(String text, String field) {
        Require.nonNull(text, field);
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new InvalidInputException(field, "is empty, expected a JSON value");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(field, "is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Compact JSON text of a node. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    /** Depth of a tree, iteratively; used to reject trees that could not be read back. */
    public static int depth(JsonNode root) {
        int max = 0;
        java.util.ArrayDeque<JsonNode> nodes = new java.util.ArrayDeque<>();
        java.util.ArrayDeque<Integer> depths = new java.util.ArrayDeque<>();
        nodes.push(root);
        depths.push(1);
        while (!nodes.isEmpty()) {
            JsonNode node = nodes.pop();
            int d = depths.pop();
            if (node.isContainerNode()) {
                max = Math.max(max, d);
                for (JsonNode child : node) {
                    nodes.push(child);
                    depths.push(d + 1);
                }
            }
        }
        return max;
    }
}
