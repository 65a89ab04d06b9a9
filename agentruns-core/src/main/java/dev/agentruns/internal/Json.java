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
 * nesting is bounded so hostile input cannot overflow the stack. Strings and keys are not limited
 * here (the payload limit bounds them), so whatever was accepted and stored can be read back. Not API.
 */
public final class Json {
    /** Deepest nesting accepted when parsing JSON text. */
    public static final int MAX_NESTING_DEPTH = 1000;
    /** Longest number (in characters of its JSON text) accepted when parsing JSON text. */
    public static final int MAX_NUMBER_LENGTH = 100_000;
    private static final double LOG10_2 = Math.log10(2);
    /** Sign, point, exponent and leading zeros a number's text may add to its digits. */
    private static final int NUMBER_TEXT_OVERHEAD = 24;

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
                .maxNameLength(Integer.MAX_VALUE)
                .maxNumberLength(MAX_NUMBER_LENGTH)
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

    /** Rejects a tree nested deeper than {@link #MAX_NESTING_DEPTH}, measured without recursion; returns it. */
    public static JsonNode requireDepth(JsonNode node, String field) {
        if (depth(node) > MAX_NESTING_DEPTH) {
            throw new InvalidInputException(field, "nests deeper than " + MAX_NESTING_DEPTH + " levels");
        }
        return node;
    }

    /**
     * A private copy of a tree as it reads back after being stored as JSON text, so that every store
     * (and the value an append returns) gives the same tree: numbers built as Java doubles, floats,
     * shorts or small longs become the nodes the parser makes for their text, binary becomes its
     * base64 text. Trees nested too deep and non-finite numbers (NaN, infinities: not JSON) are
     * rejected naming {@code field}; nothing here recurses, so hostile depth cannot overflow the stack.
     */
    public static JsonNode canonical(JsonNode node, String field) {
        requireDepth(node, field);
        if (isCanonical(node, field)) {
            return node.deepCopy();
        }
        try {
            return MAPPER.readTree(write(node));
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(field, "cannot be read back as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static boolean isCanonical(JsonNode root, String field) {
        boolean canonical = true;
        java.util.ArrayDeque<JsonNode> nodes = new java.util.ArrayDeque<>();
        nodes.push(root);
        while (!nodes.isEmpty()) {
            JsonNode node = nodes.pop();
            if (node.isContainerNode()) {
                node.forEach(nodes::push);
            } else if (node.isFloatingPointNumber() && !node.isBigDecimal()) {
                if (!Double.isFinite(node.doubleValue())) {
                    throw new InvalidInputException(field, "contains " + node.asText()
                            + ", which JSON cannot represent");
                }
                canonical = false;
            } else if (node.isNumber()) {
                if ((node.isBigInteger() || node.isBigDecimal()) && !isReadableLength(node)) {
                    throw new InvalidInputException(field, "contains a number of more than " + MAX_NUMBER_LENGTH
                            + " characters, which cannot be read back");
                }
                canonical &= switch (node.numberType()) {
                    case INT -> node.isInt();
                    case LONG -> !node.canConvertToInt();
                    case BIG_INTEGER -> !node.canConvertToLong();
                    case BIG_DECIMAL -> isReadBackAsDecimal(node.decimalValue());
                    default -> false;
                };
            } else if (!node.isTextual() && !node.isBoolean() && !node.isNull()) {
                canonical = false;
            }
        }
        return canonical;
    }

    /**
     * Whether a big number's JSON text fits the parser's limit. The digit count is bounded from the
     * bit length first, so that the text (slow to produce for huge numbers) is made only near the limit.
     */
    private static boolean isReadableLength(JsonNode node) {
        java.math.BigInteger digits = node.isBigInteger() ? node.bigIntegerValue() : node.decimalValue().unscaledValue();
        long bits = digits.abs().bitLength();
        long fewest = (long) Math.floor((bits - 1) * LOG10_2) + 1;
        long most = (long) Math.ceil(bits * LOG10_2) + 1;
        if (fewest > MAX_NUMBER_LENGTH) {
            return false;
        }
        if (most + NUMBER_TEXT_OVERHEAD <= MAX_NUMBER_LENGTH) {
            return true;
        }
        return node.asText().length() <= MAX_NUMBER_LENGTH;
    }

    /** A decimal written without a point or exponent reads back as an integer node. */
    private static boolean isReadBackAsDecimal(java.math.BigDecimal value) {
        String text = value.toString();
        return text.indexOf('.') >= 0 || text.indexOf('E') >= 0;
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
