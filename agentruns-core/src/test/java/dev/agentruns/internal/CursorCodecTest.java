package dev.agentruns.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentruns.InvalidCursorException;
import dev.agentruns.SortOrder;
import dev.agentruns.spi.Keyset;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class CursorCodecTest {
    private final Instant at = Instant.parse("2026-03-29T01:59:59.123456Z");
    private final UUID id = UUID.fromString("0192f0c1-7b2a-7cde-8f00-123456789abc");

    @Test
    void roundTripsAPosition() {
        String cursor = CursorCodec.encode(SortOrder.NEWEST_FIRST, at, id);
        assertThat(CursorCodec.decode(cursor, SortOrder.NEWEST_FIRST)).isEqualTo(new Keyset(at, id));
    }

    @Test
    void rejectsATruncatedCursor() {
        String cursor = CursorCodec.encode(SortOrder.NEWEST_FIRST, at, id);
        for (int len = 0; len < cursor.length(); len += 3) {
            String truncated = cursor.substring(0, len);
            if (truncated.isEmpty()) {
                continue;
            }
            assertThatThrownBy(() -> CursorCodec.decode(truncated, SortOrder.NEWEST_FIRST))
                    .isInstanceOf(InvalidCursorException.class);
        }
    }

    @Test
    void rejectsEveryOneCharacterTampering() {
        String cursor = CursorCodec.encode(SortOrder.OLDEST_FIRST, at, id);
        for (int i = 0; i < cursor.length(); i++) {
            char replacement = cursor.charAt(i) == 'A' ? 'B' : 'A';
            String tampered = cursor.substring(0, i) + replacement + cursor.substring(i + 1);
            assertThatThrownBy(() -> CursorCodec.decode(tampered, SortOrder.OLDEST_FIRST))
                    .as("tampered at %d", i)
                    .isInstanceOf(InvalidCursorException.class);
        }
    }

    @Test
    void rejectsSqlAndGarbage() {
        for (String bad : new String[] {"' OR 1=1 --", "%%%", "c1|0|1|2|x|0", "/* */"}) {
            assertThatThrownBy(() -> CursorCodec.decode(bad, SortOrder.NEWEST_FIRST))
                    .isInstanceOf(InvalidCursorException.class)
                    .hasMessageStartingWith("cursor:");
        }
    }

    @Test
    void rejectsACursorOfTheOtherSortOrder() {
        String cursor = CursorCodec.encode(SortOrder.NEWEST_FIRST, at, id);
        assertThatThrownBy(() -> CursorCodec.decode(cursor, SortOrder.OLDEST_FIRST))
                .isInstanceOf(InvalidCursorException.class)
                .hasMessageContaining("NEWEST_FIRST");
    }

    @Test
    void rejectsACursorOfTheEarlierTextFormat() {
        String body = "c1|0|" + at.getEpochSecond() + "|" + at.getNano() + "|" + id;
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        String old = Base64.getUrlEncoder().withoutPadding().encodeToString(
                (body + "|" + Long.toHexString(crc.getValue())).getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> CursorCodec.decode(old, SortOrder.NEWEST_FIRST))
                .isInstanceOf(InvalidCursorException.class)
                .hasMessageContaining("unknown format");
    }

    @Test
    void rejectsRecordsWithAValidChecksumButFieldsNoEncoderWrites() {
        byte[] good = Base64.getUrlDecoder().decode(CursorCodec.encode(SortOrder.NEWEST_FIRST, at, id));
        assertThat(CursorCodec.decode(withChecksum(good.clone()), SortOrder.NEWEST_FIRST))
                .isEqualTo(new Keyset(at, id));

        byte[] otherVersion = good.clone();
        otherVersion[2] = 3;
        byte[] unknownSort = good.clone();
        unknownSort[3] = 9;
        byte[] negativeSort = good.clone();
        negativeSort[3] = -1;
        byte[] nanosTooLarge = good.clone();
        ByteBuffer.wrap(nanosTooLarge).putInt(12, 1_000_000_000);
        byte[] secondsOutOfRange = good.clone();
        ByteBuffer.wrap(secondsOutOfRange).putLong(4, Long.MAX_VALUE);
        byte[][] forgeries = {otherVersion, unknownSort, negativeSort, nanosTooLarge, secondsOutOfRange};
        for (byte[] forged : forgeries) {
            String cursor = withChecksum(forged);
            assertThatThrownBy(() -> CursorCodec.decode(cursor, SortOrder.NEWEST_FIRST))
                    .isInstanceOf(InvalidCursorException.class)
                    .hasMessageContaining("unknown format");
        }
    }

    /** The record with its checksum set over the rest, as base64url: a forgery the checksum cannot catch. */
    private static String withChecksum(byte[] record) {
        CRC32 crc = new CRC32();
        crc.update(record, 0, CursorCodec.LENGTH - Integer.BYTES);
        ByteBuffer.wrap(record).putInt(CursorCodec.LENGTH - Integer.BYTES, (int) crc.getValue());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(record);
    }
}
