package dev.agentruns.internal;

import dev.agentruns.InvalidCursorException;
import dev.agentruns.SortOrder;
import dev.agentruns.spi.Keyset;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * Encodes keyset positions as opaque, checksummed cursor strings, so that a truncated or edited
 * cursor is rejected instead of silently paging from somewhere else. A cursor is the base64url text
 * of a fixed record of {@value #LENGTH} bytes (a multiple of three, so every character carries
 * data): a tag with the format version, the sort order, the position's instant (epoch seconds and
 * nanoseconds) and id, then the CRC32 of all that. Stateless. Not API.
 */
public final class CursorCodec {
    /** "ar" and format 2 (format 1 was text; its cursors are rejected as an unknown format). */
    private static final byte[] TAG = {'a', 'r', 2};
    static final int LENGTH = 36;
    private static final int CHECKSUM_AT = LENGTH - Integer.BYTES;
    private static final SortOrder[] SORTS = SortOrder.values();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private CursorCodec() {
    }

    public static String encode(SortOrder sort, Instant startedAt, UUID id) {
        ByteBuffer record = ByteBuffer.allocate(LENGTH).put(TAG).put((byte) sort.ordinal())
                .putLong(startedAt.getEpochSecond()).putInt(startedAt.getNano())
                .putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        record.putInt(crc(record.array()));
        return ENCODER.encodeToString(record.array());
    }

    public static Keyset decode(String cursor, SortOrder expectedSort) {
        byte[] bytes;
        try {
            bytes = DECODER.decode(cursor);
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException("is not a cursor returned by this library (not base64url)");
        }
        if (bytes.length != LENGTH) {
            throw new InvalidCursorException("is corrupted, truncated or of an unknown format (" + bytes.length
                    + " bytes, not " + LENGTH + ")");
        }
        ByteBuffer record = ByteBuffer.wrap(bytes);
        if (record.getInt(CHECKSUM_AT) != crc(bytes)) {
            throw new InvalidCursorException("is corrupted or truncated (checksum mismatch)");
        }
        for (byte b : TAG) {
            if (record.get() != b) {
                throw new InvalidCursorException("has an unknown format");
            }
        }
        int ordinal = record.get();
        if (ordinal < 0 || ordinal >= SORTS.length) {
            throw new InvalidCursorException("has an unknown format");
        }
        SortOrder sort = SORTS[ordinal];
        if (sort != expectedSort) {
            throw new InvalidCursorException("was made for sort " + sort + " but the query sorts " + expectedSort);
        }
        long seconds = record.getLong();
        int nanos = record.getInt();
        if (nanos < 0 || nanos > 999_999_999) {
            throw new InvalidCursorException("has an unknown format");
        }
        Instant startedAt;
        try {
            startedAt = Instant.ofEpochSecond(seconds, nanos);
        } catch (DateTimeException e) {
            throw new InvalidCursorException("has an unknown format");
        }
        return new Keyset(startedAt, new UUID(record.getLong(), record.getLong()));
    }

    /** CRC32 of the record before its checksum. */
    private static int crc(byte[] record) {
        CRC32 crc = new CRC32();
        crc.update(record, 0, CHECKSUM_AT);
        return (int) crc.getValue();
    }
}
