package dev.agentruns.internal;

import dev.agentruns.InvalidCursorException;
import dev.agentruns.SortOrder;
import dev.agentruns.spi.Keyset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * Encodes keyset positions as opaque, checksummed cursor strings, so that a truncated or edited
 * cursor is rejected instead of silently paging from somewhere else. Stateless. Not API.
 */
public final class CursorCodec {
    private static final String VERSION = "c1";

    private CursorCodec() {
    }

    public static String encode(SortOrder sort, Instant startedAt, UUID id) {
        String body = VERSION + "|" + sort.ordinal() + "|" + startedAt.getEpochSecond() + "|" + startedAt.getNano()
                + "|" + id;
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((body + "|" + crc(body)).getBytes(StandardCharsets.US_ASCII));
    }

    public static Keyset decode(String cursor, SortOrder expectedSort) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException("is not a cursor returned by this library (not base64url)");
        }
        int lastBar = text.lastIndexOf('|');
        if (lastBar < 0 || !text.substring(lastBar + 1).equals(crc(text.substring(0, lastBar)))) {
            throw new InvalidCursorException("is corrupted or truncated (checksum mismatch)");
        }
        String[] parts = text.substring(0, lastBar).split("\\|", -1);
        if (parts.length != 5 || !VERSION.equals(parts[0])) {
            throw new InvalidCursorException("has an unknown format");
        }
        try {
            SortOrder sort = SortOrder.values()[Integer.parseInt(parts[1])];
            if (sort != expectedSort) {
                throw new InvalidCursorException("was made for sort " + sort + " but the query sorts " + expectedSort);
            }
            Instant startedAt = Instant.ofEpochSecond(Long.parseLong(parts[2]), Long.parseLong(parts[3]));
            return new Keyset(startedAt, UUID.fromString(parts[4]));
        } catch (RuntimeException e) {
            if (e instanceof InvalidCursorException ice) {
                throw ice;
            }
            throw new InvalidCursorException("has an unknown format");
        }
    }

    private static String crc(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        return Long.toHexString(crc.getValue());
    }
}
