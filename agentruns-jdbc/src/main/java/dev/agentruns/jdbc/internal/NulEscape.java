package dev.agentruns.jdbc.internal;

/**
 * A reversible escape that keeps NUL characters out of text columns, for databases whose text types
 * reject U+0000 (PostgreSQL). U+0000 is stored as U+0001 '0' and U+0001 as U+0001 '1'; every other
 * character is stored as it is, so text without those two control characters is stored unchanged.
 * The mapping is injective, so equality of stored values is equality of the original strings and
 * filters bind the escaped form of their value. JSON columns never need it: JSON text escapes
 * control characters itself. Stateless.
 */
public final class NulEscape {
    private static final char NUL = '\u0000';
    private static final char ESC = '\u0001';

    private NulEscape() {
    }

    /** The stored form of {@code s}; null stays null. */
    public static String encode(String s) {
        if (s == null || (s.indexOf(NUL) < 0 && s.indexOf(ESC) < 0)) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == NUL) {
                sb.append(ESC).append('0');
            } else if (c == ESC) {
                sb.append(ESC).append('1');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The original of a stored value; null stays null. */
    public static String decode(String s) {
        if (s == null || s.indexOf(ESC) < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ESC && i + 1 < s.length()) {
                char next = s.charAt(++i);
                sb.append(next == '0' ? NUL : ESC);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
