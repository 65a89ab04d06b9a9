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
        VALID,
        INVALID,
        NOT_CHECKED
    }

    public static final OutputVerdict VALID = new OutputVerdict(Status.VALID, List.of());
    public static final OutputVerdict NOT_CHECKED = new OutputVerdict(Status.NOT_CHECKED, List.of());

    public OutputVerdict {
        errors = List.copyOf(errors);
        if (status != Status.INVALID && !errors.isEmpty()) {
            throw new IllegalArgumentException("only an INVALID verdict has errors");
        }
    }

    public static OutputVerdict invalid(List<String> errors) {
        return new OutputVerdict(Status.INVALID, errors);
    }

    public boolean isValid() {
        return status == Status.VALID;
    }
}
