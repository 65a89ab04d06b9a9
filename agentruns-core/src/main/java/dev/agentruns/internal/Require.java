package dev.agentruns.internal;

import dev.agentruns.InvalidInputException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** Argument checks that throw {@link InvalidInputException} naming the field. Not API. */
public final class Require {
    private Require() {
    }

    public static <T> T nonNull(T value, String field) {
        if (value == null) {
            throw new InvalidInputException(field, "must not be null");
        }
        return value;
    }

    public static String nonBlank(String value, String field) {
        if (value == null) {
            throw new InvalidInputException(field, "must not be null");
        }
        if (value.isBlank()) {
            throw new InvalidInputException(field, "must not be blank");
        }
        return value;
    }

    /** Not blank, at most {@code maxLength} UTF-16 units, and valid UTF-16 (so storable as UTF-8). */
    public static String nonBlank(String value, String field, int maxLength) {
        nonBlank(value, field);
        if (value.length() > maxLength) {
            throw new InvalidInputException(field, "must be at most " + maxLength + " characters, was " + value.length());
        }
        return Payloads.checkEncodable(value, field);
    }

    /** Null stays null; otherwise the value must not be blank. */
    public static String blankToNullOrValid(String value, String field, int maxLength) {
        return value == null ? null : nonBlank(value, field, maxLength);
    }

    public static long nonNegative(long value, String field) {
        if (value < 0) {
            throw new InvalidInputException(field, "must not be negative, was " + value);
        }
        return value;
    }

    public static <T> List<T> nonEmptyList(Collection<T> values, String field) {
        List<T> copy = list(values, field);
        if (copy.isEmpty()) {
            throw new InvalidInputException(field, "must not be empty");
        }
        return copy;
    }

    /** An immutable copy that rejects null elements, naming their index. */
    public static <T> List<T> list(Collection<T> values, String field) {
        nonNull(values, field);
        int i = 0;
        for (T value : values) {
            if (value == null) {
                throw new InvalidInputException(field + "[" + i + "]", "must not be null");
            }
            i++;
        }
        return List.copyOf(values);
    }

    public static void check(boolean condition, String field, String problem) {
        if (!condition) {
            throw new InvalidInputException(field, problem);
        }
    }

    static boolean equal(Object a, Object b) {
        return Objects.equals(a, b);
    }
}
