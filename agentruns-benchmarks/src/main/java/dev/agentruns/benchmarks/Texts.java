package dev.agentruns.benchmarks;

import java.util.ArrayList;
import java.util.List;

/** The message texts every implementation stores: deterministic, about {@value #LENGTH} characters. */
public final class Texts {
    /** Length of an ordinary message. */
    public static final int LENGTH = 240;

    private static final String WORDS = "the agent read the failing test, opened the build file, ran the suite again and "
            + "found that the fixture closed the pool before the last writer had committed its batch; ";

    private Texts() {
    }

    /** Message number {@code n}: distinct text of {@link #LENGTH} characters. */
    public static String message(long n) {
        return text(n, LENGTH);
    }

    /** Message number {@code n} with exactly {@code length} characters. */
    public static String text(long n, int length) {
        StringBuilder b = new StringBuilder(length);
        b.append('#').append(n).append(' ');
        while (b.length() < length) {
            b.append(WORDS, 0, Math.min(WORDS.length(), length - b.length()));
        }
        return b.toString();
    }

    /** Messages {@code 1..count}. */
    public static List<String> history(int count) {
        List<String> out = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            out.add(message(i));
        }
        return out;
    }
}
