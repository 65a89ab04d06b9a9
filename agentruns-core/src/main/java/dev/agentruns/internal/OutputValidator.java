package dev.agentruns.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaException;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.agentruns.InvalidInputException;
import dev.agentruns.OutputVerdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Checks output schemas against the JSON Schema meta-schema (draft 2020-12 unless the schema's
 * {@code $schema} names another supported draft) and outputs against their schema. Meta-schemas are
 * bundled with the validator, so nothing is fetched from the network. Thread-safe. Not API.
 */
public final class OutputValidator {
    private static final int MAX_ERRORS = 50;

    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final JsonSchema metaSchema = factory.getSchema(SchemaLocation.of(SchemaId.V202012));

    /** Rejects a schema that is not a valid JSON Schema, naming the field {@code outputSchema}. */
    public void checkSchema(JsonNode schema) {
        if (!schema.isObject() && !schema.isBoolean()) {
            throw new InvalidInputException("outputSchema", "must be a JSON object or boolean, was " + schema.getNodeType());
        }
        Set<ValidationMessage> problems = metaSchema.validate(schema);
        if (!problems.isEmpty()) {
            throw new InvalidInputException("outputSchema", "is not a valid JSON Schema: " + describe(problems));
        }
        compile(schema);
    }

    /** The verdict of an output against a schema already accepted by {@link #checkSchema}. */
    public OutputVerdict verdict(JsonNode schema, JsonNode output) {
        Set<ValidationMessage> problems = compile(schema).validate(output);
        if (problems.isEmpty()) {
            return OutputVerdict.VALID;
        }
        return OutputVerdict.invalid(messages(problems));
    }

    private JsonSchema compile(JsonNode schema) {
        try {
            return factory.getSchema(schema);
        } catch (JsonSchemaException | IllegalArgumentException e) {
            throw new InvalidInputException("outputSchema", "is not a usable JSON Schema: " + e.getMessage(), e);
        }
    }

    private static String describe(Set<ValidationMessage> problems) {
        return String.join("; ", messages(problems));
    }

    private static List<String> messages(Set<ValidationMessage> problems) {
        List<String> out = new ArrayList<>();
        problems.stream()
                .map(ValidationMessage::getMessage)
                .sorted(Comparator.naturalOrder())
                .limit(MAX_ERRORS)
                .forEach(out::add);
        if (problems.size() > MAX_ERRORS) {
            out.add("... and " + (problems.size() - MAX_ERRORS) + " more");
        }
        return out;
    }
}
