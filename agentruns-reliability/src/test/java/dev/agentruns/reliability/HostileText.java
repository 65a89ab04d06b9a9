package dev.agentruns.reliability;

import java.util.LinkedHashMap;
import java.util.Map;

/** Strings that break naive storage: NUL, lone surrogates, astral and right-to-left text, 1 MB lines. */
final class HostileText {
    static final int ONE_MB = 1 << 20;

    private HostileText() {
    }

    /** Name → value, in a fixed order. */
    static Map<String, String> probes() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("nul inside", "a\u0000b");
        p.put("only nul", "\u0000");
        p.put("nul escape look-alike", "\u00010\u00011\u0001");
        p.put("lone high surrogate", "x\uD800y");
        p.put("lone low surrogate", "x\uDC00y");
        p.put("reversed surrogate pair", "\uDC00\uD800");
        p.put("emoji and zwj sequences", "🤖 👩‍👩‍👧‍👦 🏳️‍🌈");
        p.put("astral letters", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \uDBFF\uDFFF");
        p.put("right-to-left override", "\u202Eטקסט عربي\u202C");
        p.put("mixed direction", "abc שלום 123 مرحبا");
        p.put("combining vs precomposed", "e\u0301 é");
        p.put("bom and noncharacters", "\uFEFF\uFFFE\uFFFF");
        p.put("line and paragraph separators", "a\u2028b\u2029c\r\n\td");
        p.put("trailing spaces", "value  ");
        p.put("leading spaces", "  value");
        p.put("blank", "   ");
        p.put("empty", "");
        p.put("sql and json metacharacters", "'; DROP TABLE x; -- \"}] \\ /* */ %_");
        p.put("1 MB ascii line", "x".repeat(ONE_MB));
        p.put("1 MB mixed line", "a😀\u0000ש".repeat(ONE_MB / 5));
        return p;
    }

    /** A short description of where two strings first differ, for failure messages. */
    static String difference(String expected, String actual) {
        if (actual == null) {
            return "read back null";
        }
        int i = 0;
        while (i < expected.length() && i < actual.length() && expected.charAt(i) == actual.charAt(i)) {
            i++;
        }
        return "length " + expected.length() + " -> " + actual.length() + ", first difference at index " + i;
    }
}
