package dev.agentruns;

import java.util.List;

/**
 * The result of checking an output against the session's output schema. Immutable.
 *
 * @param status VALID, INVALID, or NOT_CHECKED when the session has no schema
 * @param errors what is wrong, one line per problem; empty unless INVALID
 */
public record OutputVerdict(Status status, List<String> errors) {
    /** Whether and how an output was checked. */
    public enum Status {
        /** The output matches the schema. */
        VALID,
        /** The output does not match the schema; the errors say where. */
        INVALID,
        /** The session has no output schema. */
        NOT_CHECKED
    }

    /** The verdict of an output that matches its schema. */
    public static final OutputVerdict VALID = new OutputVerdict(Status.VALID, List.of());
    /** The verdict of an output of a session without a schema. */
    public static final OutputVerdict NOT_CHECKED = new OutputVerdict(Status.NOT_CHECKED, List.of());

    /**
     * Copies the errors.
     *
     * @throws IllegalArgumentException when a verdict other than INVALID has errors
     */
    public OutputVerdict {
        errors = List.copyOf(errors);
        if (status != Status.INVALID && !errors.isEmpty()) {
            throw new IllegalArgumentException("only an INVALID verdict has errors");
        }
    }

    /** An INVALID verdict with what is wrong, one line per problem. */
    public static OutputVerdict invalid(List<String> errors) {
        return new OutputVerdict(Status.INVALID, errors);
    }

    /** True when the output matched its schema. */
    public boolean isValid() {
        return status == Status.VALID;
    }
}
