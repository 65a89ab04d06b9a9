package dev.agentruns.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentruns.ContentBlock;
import dev.agentruns.InvalidInputException;
import dev.agentruns.PayloadTooLargeException;
import dev.agentruns.spi.ContentCodec;
import java.util.List;

/**
 * Size and encoding checks run before anything reaches storage: a payload's size is the UTF-8
 * length of its stored JSON text, and text must be encodable as UTF-8 (no unpaired surrogates) so
 * that every backend stores the same bytes. Stateless. Not API.
 */
public final class Payloads {
    private Payloads() {
    }

    /** Bytes of a text block's JSON besides its text: {@code {"type":"text","text":""},}. */
    private static final int TEXT_BLOCK_JSON_BYTES = 26;
    /** Most bytes one UTF-16 char can take in JSON text (a six-byte escape). */
    private static final int MAX_JSON_BYTES_PER_CHAR = 6;

    /**
     * Checks a message's content: nesting depth, encodable text, JSON size at most {@code maxBytes}.
     * Errors name {@code messageField + ".content"} (built only then: this runs on every append).
     */
    public static void checkContent(List<ContentBlock> content, long maxBytes, String messageField) {
        if (surelyWithin(content, maxBytes)) {
            return;
        }
        String field = messageField + ".content";
        Json.requireDepth(ContentCodec.toJson(content), field);
        checkText(ContentCodec.write(content), maxBytes, field);
    }

    /**
     * Whether {@code content} is only text blocks of well-formed UTF-16 whose JSON could not exceed
     * {@code maxBytes} even if every char were escaped: then it passes every check without being
     * written as JSON. Anything else takes the full check, which gives the precise error.
     */
    private static boolean surelyWithin(List<ContentBlock> content, long maxBytes) {
        long bound = 2;
        for (ContentBlock block : content) {
            if (!(block instanceof ContentBlock.Text text) || !wellFormed(text.text())) {
                return false;
            }
            bound += TEXT_BLOCK_JSON_BYTES + (long) MAX_JSON_BYTES_PER_CHAR * text.text().length();
        }
        return bound <= maxBytes;
    }

    private static boolean wellFormed(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == n || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    public static void checkJson(JsonNode node, long maxBytes, String field) {
        Json.requireDepth(node, field);
        checkText(Json.write(node), maxBytes, field);
    }

    /** Checks one text field is valid UTF-16 (and so encodable); returns it. */
    public static String checkEncodable(String text, String field) {
        if (text != null) {
            utf8Length(text, field);
        }
        return text;
    }

    static void checkText(String text, long maxBytes, String field) {
        long size = utf8Length(text, field);
        if (size > maxBytes) {
            throw new PayloadTooLargeException(field, size, maxBytes);
        }
    }

    /** UTF-8 length of a string; an unpaired surrogate is an {@link InvalidInputException}. */
    public static long utf8Length(String s, String field) {
        long bytes = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    bytes += 4;
                    i++;
                } else {
                    throw new InvalidInputException(field, "contains an unpaired surrogate at index " + i);
                }
            } else if (Character.isLowSurrogate(c)) {
                throw new InvalidInputException(field, "contains an unpaired surrogate at index " + i);
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
