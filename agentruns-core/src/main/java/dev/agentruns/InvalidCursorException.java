package dev.agentruns;

/** A page cursor was malformed, tampered with, truncated, or belongs to a query with another sort. */
public class InvalidCursorException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    /** A rejected cursor; {@code problem} says what is wrong with it. */
    public InvalidCursorException(String problem) {
        super("cursor", problem);
    }
}
