package dev.agentruns.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.agentruns.AgentRef;
import dev.agentruns.InvalidCursorException;
import dev.agentruns.SessionQuery;
import dev.agentruns.SessionSummary;
import dev.agentruns.StartSession;
import dev.agentruns.TicketRef;
import dev.agentruns.Workspace;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Case 17: SQL metacharacters and comment sequences as agent ids, ticket systems and keys and
 * workspace ids, stored and used as filters: every list and count equals the in-memory store's (which
 * compares strings in Java), so no value is read as SQL, LIKE pattern or escape. Cursors that are
 * tampered with, truncated, extended, or forged with metacharacters or with a valid checksum around
 * fields the library never writes, fail with {@link InvalidCursorException}.
 */
class InjectionTest {
    static final List<String> VALUES = List.of("'", "\"", ";", "--", "/*", "*/", "\\", "%", "_", "' OR 1=1 --",
            "\" OR \"\"=\"", "` OR 1=1 --", "`", "$$", "$tag$ x $tag$", "\u0000", "a\u0000' OR '1'='1", "\u0001",
            "\\'", "%' OR '%'='", "'); DROP TABLE agentruns_sessions; --", "x' /*", "*/ OR 1=1", "a%b", "a_b",
            "a' || 'b", "ÄÖÜ'ß", "\\\\%\\_", "'' ''");
    /** Filter values never stored: wildcards and look-alikes that must match nothing. */
    static final List<String> UNSTORED = List.of("%%", "a%", "_", "__", "a_", "%'%", "' OR '1'='1", "*", ".*", "A%B",
            "'; --", "\u0000\u0000");
    private static Map<String, String> reference;

    @DisplayName("metacharacters in every filter value: results equal the in-memory store's")
    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void filterValuesWithSqlMetacharactersMatchExactlyAsInMemory(Backend backend) throws Exception {
        Map<String, String> results = results(backend);
        assertThat(results).as("results on " + backend + " against the in-memory store")
                .containsExactlyEntriesOf(reference());
        System.out.printf("injection on %s: %d filter queries, %d distinct values%n", backend, results.size(),
                VALUES.size() + UNSTORED.size());
    }

    @DisplayName("tampered, truncated and forged cursors: InvalidCursorException")
    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void tamperedCursorsAreRejectedTyped(Backend backend) throws Exception {
        try (Rig rig = Rig.open(backend)) {
            Workspace ws = rig.workspace("w-cursors");
            for (int i = 0; i < 5; i++) {
                ws.start(StartSession.of(AgentRef.of("agent"), "s" + i));
                rig.clock.advanceSeconds(1);
            }
            SessionQuery query = SessionQuery.builder().limit(2).build();
            String cursor = ws.list(query).nextCursor();
            assertThat(ws.list(query.withCursor(cursor)).items()).hasSize(2);
            List<String> forged = new ArrayList<>();
            for (int i = 0; i < cursor.length(); i++) {
                forged.add(cursor.substring(0, i));
                forged.add(cursor.substring(0, i) + (cursor.charAt(i) == 'A' ? 'B' : 'A') + cursor.substring(i + 1));
                forged.add(cursor.substring(0, i) + "'" + cursor.substring(i));
            }
            forged.add(cursor + "A");
            forged.add(cursor + "' OR 1=1 --");
            forged.addAll(VALUES);
            for (String body : List.of("c1|0|0|0|' OR 1=1 --", "c1|0|1;DROP|0|00000000-0000-0000-0000-000000000000")) {
                forged.add(textWithChecksum(body));
            }
            byte[] record = Base64.getUrlDecoder().decode(cursor);
            forged.add(withChecksum(record, 2, (byte) 3));
            forged.add(withChecksum(record, 3, (byte) 9));
            forged.add(withChecksum(record, 3, (byte) 1));
            forged.add(withChecksum(record, 12, (byte) 0x7f));
            forged.add(withChecksum(record, 4, (byte) 0x7f));
            forged.add(withChecksum(Arrays.copyOf(record, record.length + 3), 0, record[0]));
            int rejected = 0;
            for (String c : forged) {
                if (c.isBlank()) {
                    continue;
                }
                SessionQuery q = query.withCursor(c);
                // A cursor's 36 bytes fill its 48 characters, so every edit changes the record.
                assertThat(catchThrowable(() -> ws.list(q))).as("cursor %s", c)
                        .isExactlyInstanceOf(InvalidCursorException.class);
                rejected++;
            }
            System.out.printf("cursors on %s: %d forged, %d rejected typed%n", backend, forged.size(), rejected);
        }
    }

    static synchronized Map<String, String> reference() throws Exception {
        if (reference == null) {
            reference = results(Backend.IN_MEMORY);
        }
        return reference;
    }

    /** Stores the same sessions as on every backend, then runs every filter; query → titles and count. */
    static Map<String, String> results(Backend backend) throws Exception {
        Map<String, String> results = new LinkedHashMap<>();
        try (Rig rig = Rig.open(backend)) {
            Workspace ws = rig.workspace("w-injection");
            int n = 0;
            for (String value : VALUES) {
                for (String other : List.of("plain", value)) {
                    TicketRef ticket = ticket(value, other);
                    ws.start(StartSession.builder(new AgentRef(agentId(value), "Agent", null), "s" + n++)
                            .title("s" + n).ticket(ticket).build());
                    rig.clock.advanceSeconds(1);
                }
                Workspace named = rig.workspace(agentId(value));
                named.start(StartSession.builder(AgentRef.of("plain"), "in " + value).title("ws" + n++).build());
                rig.clock.advanceSeconds(1);
            }
            ws.start(StartSession.builder(AgentRef.of("plain"), "control").title("control").build());
            List<String> filters = new ArrayList<>(VALUES);
            filters.addAll(UNSTORED);
            for (String value : filters) {
                String id = agentId(value);
                record(results, ws, "agent " + printable(value), SessionQuery.builder().agents(id).build());
                record(results, ws, "agent or plain " + printable(value),
                        SessionQuery.builder().agents(id, "plain").limit(3).build());
                for (String other : List.of("plain", value)) {
                    TicketRef t = ticket(value, other);
                    record(results, ws, "ticket " + printable(t.display()), SessionQuery.forTicket(t));
                }
                Workspace named = rig.workspace(id);
                record(results, named, "workspace " + printable(value), Rig.EVERYTHING);
            }
        }
        return results;
    }

    private static void record(Map<String, String> results, Workspace ws, String name, SessionQuery query) {
        List<SessionSummary> rows = Rig.allRows(ws, query);
        results.put(name, titles(rows) + " count " + ws.count(query));
    }

    private static List<String> titles(List<SessionSummary> rows) {
        return rows.stream().map(SessionSummary::title).toList();
    }

    /** Agent ids and ticket parts must not be blank; a value that is blank gets a visible neighbour. */
    static String agentId(String value) {
        return value.isBlank() ? "[" + value + "]" : value;
    }

    static TicketRef ticket(String system, String key) {
        return new TicketRef(agentId(system), agentId(key), null, null);
    }

    static String printable(String s) {
        return s.replace("\u0000", "\\0").replace("\u0001", "\\1");
    }

    /** A cursor of the library's earlier text format, with a valid checksum over a forged body. */
    static String textWithChecksum(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        String text = body + "|" + Long.toHexString(crc.getValue());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * A copy of a cursor's record with one byte set and the last four bytes made the CRC32 of the rest,
     * as the library encodes them: a forgery only the fields' own checks can catch.
     */
    static String withChecksum(byte[] record, int index, byte value) {
        byte[] forged = record.clone();
        forged[index] = value;
        CRC32 crc = new CRC32();
        crc.update(forged, 0, forged.length - 4);
        ByteBuffer.wrap(forged).putInt(forged.length - 4, (int) crc.getValue());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(forged);
    }
}
