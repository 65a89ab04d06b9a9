package dev.agentruns;

/**
 * An argument was rejected before anything was stored. {@link #field()} names the offending field
 * and the message says what is wrong with its value.
 */
public class InvalidInputException extends AgentRunsException {
    private static final long serialVersionUID = 1L;
    /** The rejected field. */
    private final String field;

    /** A rejected {@code field}; {@code problem} says what is wrong with its value. */
    public InvalidInputException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /** A rejected {@code field}, found by the parser or validator that threw {@code cause}. */
    public InvalidInputException(String field, String problem, Throwable cause) {
        super(field + ": " + problem, cause);
        this.field = field;
    }

    /** The name of the rejected field or parameter, for example {@code "agent.id"}. */
    public String field() {
        return field;
    }
}
