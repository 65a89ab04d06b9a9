package dev.agentruns.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruns.ActivityEvent;
import dev.agentruns.AgentRef;
import dev.agentruns.AgentRunsException;
import dev.agentruns.ContentBlock;
import dev.agentruns.InvalidInputException;
import dev.agentruns.NewActivity;
import dev.agentruns.NewMessage;
import dev.agentruns.Role;
import dev.agentruns.Session;
import dev.agentruns.StartSession;
import dev.agentruns.StorageException;
import dev.agentruns.Workspace;
import dev.agentruns.internal.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Case 15: JSON that breaks naive code (10,000 levels of nesting, numbers beyond double range or
 * precision, duplicate keys, non-finite doubles, numbers built as Java longs, floats and doubles) as
 * output text and tree, tool input, activity details and output schema. Each either reads back
 * exactly (equal trees and equal text) or is rejected with a typed exception naming the field; never
 * a stack overflow, storage error or silent change. Every backend's outcomes equal the in-memory
 * store's.
 */
class HostileJsonTest {
    static final String EXACT = "read back exactly";
    static final AgentRef AGENT = AgentRef.of("agent");
    static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static Map<String, String> reference;

    /** Name → JSON text; the text is parsed by the caller's mapper or the library's, depending on the place. */
    static Map<String, String> texts() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("10,000 nested arrays", "[".repeat(10_000) + "]".repeat(10_000));
        t.put("10,000 nested objects", "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000));
        t.put("1,000 nested arrays", "[".repeat(1_000) + "]".repeat(1_000));
        t.put("1,001 nested arrays", "[".repeat(1_001) + "]".repeat(1_001));
        t.put("1e400", "{\"n\":1e400}");
        t.put("-1e400 and 1e-400", "[-1e400,1e-400]");
        t.put("2^200 integer", "{\"n\":" + BigInteger.TWO.pow(200) + "}");
        t.put("-2^200 integer", "[" + BigInteger.TWO.pow(200).negate() + "]");
        t.put("long decimal", "{\"n\":0." + "1".repeat(400) + "}");
        t.put("trailing zeros", "{\"n\":1.500000}");
        t.put("100,000-digit integer", "[" + "9".repeat(100_000) + "]");
        t.put("100,001-digit integer", "[" + "9".repeat(100_001) + "]");
        t.put("duplicate keys", "{\"a\":1,\"a\":2}");
        t.put("nested duplicate keys", "{\"o\":{\"k\":true,\"k\":false}}");
        t.put("NaN literal", "{\"n\":NaN}");
        return t;
    }

    /** Name → tree built with Jackson's node API (what a host passes when it builds JSON in code). */
    static Map<String, Supplier<JsonNode>> trees() {
        Map<String, Supplier<JsonNode>> t = new LinkedHashMap<>();
        t.put("tree 10,000 nested arrays", () -> nestedArrays(10_000));
        t.put("tree 10,000 nested objects", () -> {
            ObjectNode root = NODES.objectNode();
            ObjectNode o = root;
            for (int i = 1; i < 10_000; i++) {
                o = o.putObject("a");
            }
            return root;
        });
        t.put("tree 998 nested arrays", () -> nestedArrays(998));
        t.put("tree 1e400 as BigDecimal", () -> NODES.objectNode().put("n", new BigDecimal("1e400")));
        t.put("tree 2^200 as BigInteger", () -> NODES.objectNode().put("n", BigInteger.TWO.pow(200)));
        t.put("tree 100,001-digit BigInteger", () -> NODES.arrayNode().add(new BigInteger("9".repeat(100_001))));
        t.put("tree 100,001-digit BigDecimal", () -> NODES.arrayNode().add(new BigDecimal("0." + "1".repeat(100_000))));
        t.put("tree double NaN", () -> NODES.objectNode().put("n", Double.NaN));
        t.put("tree double Infinity", () -> NODES.objectNode().put("n", Double.POSITIVE_INFINITY));
        t.put("tree double 0.1", () -> NODES.objectNode().put("n", 0.1d));
        t.put("tree float 0.1", () -> NODES.objectNode().put("n", 0.1f));
        t.put("tree long 5", () -> NODES.objectNode().put("n", 5L));
        t.put("tree long max", () -> NODES.objectNode().put("n", Long.MAX_VALUE));
        t.put("tree short 7", () -> NODES.objectNode().put("n", (short) 7));
        t.put("tree binary", () -> NODES.objectNode().put("n", new byte[] {1, 2, 3}));
        return t;
    }

    /** Where JSON enters: stores the value and returns every read-back. */
    @FunctionalInterface
    interface Place {
        List<JsonNode> storeAndReadBack(Workspace ws, JsonNode value);
    }

    static Map<String, Place> places() {
        Map<String, Place> p = new LinkedHashMap<>();
        p.put("output", (ws, v) -> {
            Session s = ws.start(StartSession.of(AGENT, "prompt"));
            Session done = ws.complete(s.id(), v);
            return List.of(done.output().value(), ws.get(s.id()).output().value());
        });
        p.put("tool input", (ws, v) -> {
            Session s = ws.start(StartSession.of(AGENT, "prompt"));
            ws.append(s.id(), NewMessage.of(Role.ASSISTANT, ContentBlock.toolUse("t1", "tool", v)));
            return List.of(((ContentBlock.ToolUse) ws.messages(s.id()).get(1).content().get(0)).input());
        });
        p.put("activity details", (ws, v) -> {
            Session s = ws.start(StartSession.of(AGENT, "prompt"));
            ObjectNode details = NODES.objectNode();
            details.set("v", v);
            ActivityEvent e = ws.record(s.id(), NewActivity.custom("note", "json", details));
            List<ActivityEvent> timeline = ws.activity(s.id());
            return List.of(e.details().get("v"), timeline.get(timeline.size() - 1).details().get("v"));
        });
        p.put("output schema", (ws, v) -> {
            ObjectNode schema = NODES.objectNode().put("type", "object");
            schema.set("default", v);
            Session s = ws.start(StartSession.builder(AGENT, "prompt").outputSchema(schema).build());
            return List.of(s.outputSchema().get("default"), ws.get(s.id()).outputSchema().get("default"));
        });
        return p;
    }

    @DisplayName("hostile JSON: exact round trip or the in-memory store's typed error, never a stack overflow")
    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void hostileJsonRoundTripsExactlyOrFailsTypedAsInMemory(Backend backend) throws Exception {
        Map<String, String> outcomes = outcomes(backend);

        Map<String, String> bad = new LinkedHashMap<>(outcomes);
        bad.values().removeIf(o -> o.startsWith(EXACT) || o.startsWith("rejected: "));
        assertThat(bad).as("inputs neither read back exactly nor rejected typed on " + backend).isEmpty();
        assertThat(outcomes).as("outcomes on " + backend + " against the in-memory store")
                .containsExactlyEntriesOf(reference());
        System.out.printf("hostile JSON on %s: %d inputs, %d exact, %d rejected typed%n", backend, outcomes.size(),
                outcomes.values().stream().filter(o -> o.startsWith(EXACT)).count(),
                outcomes.values().stream().filter(o -> !o.startsWith(EXACT)).count());
    }

    @DisplayName("output text with hostile JSON: exact or typed error naming output")
    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void outputTextIsParsedExactlyOrRejectedNamingOutput(Backend backend) throws Exception {
        try (Rig rig = Rig.open(backend)) {
            Workspace ws = rig.workspace("w-" + UUID.randomUUID());
            for (Map.Entry<String, String> text : texts().entrySet()) {
                Session s = ws.start(StartSession.of(AGENT, "prompt"));
                String outcome = outcome(() -> {
                    ws.complete(s.id(), text.getValue());
                    JsonNode expected = Json.parse(text.getValue(), "expected");
                    return List.of(expected, ws.get(s.id()).output().value());
                }, null);
                assertThat(outcome).as(text.getKey())
                        .matches(o -> o.startsWith(EXACT) || o.equals("rejected: InvalidInputException naming output"));
                if (!outcome.startsWith(EXACT)) {
                    assertThat(ws.get(s.id()).status().name()).as("rejected output leaves " + text.getKey())
                            .isEqualTo("RUNNING");
                }
            }
        }
    }

    static synchronized Map<String, String> reference() throws Exception {
        if (reference == null) {
            reference = outcomes(Backend.IN_MEMORY);
        }
        return reference;
    }

    static Map<String, String> outcomes(Backend backend) throws Exception {
        Map<String, Supplier<JsonNode>> inputs = new LinkedHashMap<>(trees());
        texts().forEach((name, text) -> inputs.put(name, () -> Json.parse(text, "input")));
        Map<String, String> outcomes = new LinkedHashMap<>();
        try (Rig rig = Rig.open(backend)) {
            for (Map.Entry<String, Place> place : places().entrySet()) {
                for (Map.Entry<String, Supplier<JsonNode>> input : inputs.entrySet()) {
                    Workspace ws = rig.workspace("w-" + UUID.randomUUID());
                    outcomes.put(place.getKey() + " <- " + input.getKey(), outcome(null, () -> {
                        JsonNode value = input.getValue().get();
                        return concat(value, place.getValue().storeAndReadBack(ws, value));
                    }));
                }
            }
        }
        return outcomes;
    }

    /** Runs one store-and-read; the first node is what was given, the others must equal it exactly. */
    static String outcome(Supplier<List<JsonNode>> fromText, Supplier<List<JsonNode>> fromTree) {
        try {
            List<JsonNode> nodes = fromText != null ? fromText.get() : fromTree.get();
            String givenText = Json.write(nodes.get(0));
            JsonNode expected = Json.MAPPER.readTree(givenText);
            for (JsonNode read : nodes.subList(1, nodes.size())) {
                if (!expected.equals(read) || !givenText.equals(Json.write(read))) {
                    return "changed: " + abbreviate(givenText) + " -> " + abbreviate(Json.write(read));
                }
            }
            return EXACT + " as " + signature(nodes.get(nodes.size() - 1));
        } catch (StorageException e) {
            return "storage error: " + e + (e.getCause() == null ? "" : " caused by " + e.getCause());
        } catch (InvalidInputException e) {
            return "rejected: " + e.getClass().getSimpleName() + " naming " + e.field();
        } catch (AgentRunsException e) {
            return "rejected: " + e.getClass().getSimpleName();
        } catch (Throwable e) {
            return "raw: " + e.getClass().getName() + ": " + abbreviate(String.valueOf(e.getMessage()));
        }
    }

    /** The node classes at the top of a tree, so that backends returning other node types differ. */
    private static String signature(JsonNode node) {
        String top = node.getClass().getSimpleName();
        return node.isContainerNode() && node.size() > 0 ? top + "<" + node.elements().next().getClass().getSimpleName()
                + ">" : top;
    }

    private static List<JsonNode> concat(JsonNode first, List<JsonNode> rest) {
        List<JsonNode> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...(" + s.length() + " chars)";
    }

    static ArrayNode nestedArrays(int depth) {
        ArrayNode root = NODES.arrayNode();
        ArrayNode a = root;
        for (int i = 1; i < depth; i++) {
            a = a.addArray();
        }
        return root;
    }
}
