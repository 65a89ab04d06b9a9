package dev.agentruns.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruns.AgentRef;
import dev.agentruns.AgentRuns;
import dev.agentruns.Message;
import dev.agentruns.NewActivity;
import dev.agentruns.NewMessage;
import dev.agentruns.Session;
import dev.agentruns.SessionQuery;
import dev.agentruns.SessionSummary;
import dev.agentruns.StartSession;
import dev.agentruns.TimeWindow;
import dev.agentruns.WaitReason;
import dev.agentruns.Workspace;
import dev.agentruns.spi.SessionRepository;
import dev.agentruns.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Case 16: instants are stored and read back to the microsecond whatever the JVM's default zone
 * (the suite also runs under +13:00 and -03:30, see the pom), with the clock stepping across DST
 * changes in Europe, North America and Newfoundland; the same database read under another default
 * zone gives the same snapshot; and TODAY and THIS_WEEK in the JVM's zone hold exactly the sessions
 * whose local start date says so.
 */
class StoredInstantsTest {
    static final AgentRef AGENT = AgentRef.of("agent");
    /** Seconds around DST changes: Berlin spring forward, St. John's spring forward, New York fall back. */
    static final List<Instant> AROUND_DST = List.of(
            Instant.parse("2026-03-29T00:59:59.999999Z"), Instant.parse("2026-03-29T01:00:00.000001Z"),
            Instant.parse("2026-03-08T05:29:59.999999Z"), Instant.parse("2026-03-08T05:30:00.000001Z"),
            Instant.parse("2026-11-01T05:59:59.999999Z"), Instant.parse("2026-11-01T06:00:00.000001Z"),
            Instant.parse("2026-10-25T00:59:59.999999Z"), Instant.parse("2026-10-25T01:00:00.000001Z"));

    @DisplayName("stored instants never move: across DST and across JVM default zones")
    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void storedInstantsReadBackToTheMicrosecondUnderAnyDefaultZone(Backend backend) throws Exception {
        ZoneId jvmZone = ZoneId.systemDefault();
        Backend.Store store = backend.open();
        TimeZone original = TimeZone.getDefault();
        try {
            MutableClock clock = new MutableClock(AROUND_DST.get(0));
            Workspace ws = agentRuns(store.repository(), clock, jvmZone).workspace("w-time");
            Map<Session, Instant> expectedStarts = new LinkedHashMap<>();
            for (Instant at : AROUND_DST) {
                clock.set(at);
                Session s = ws.start(StartSession.of(AGENT, "started at " + at));
                expectedStarts.put(s, at);
                ws.waitFor(s.id(), WaitReason.INPUT);
                clock.advance(Duration.ofMinutes(90).plusNanos(1_000));
                ws.resume(s.id(), NewMessage.user("after the change"));
                ws.record(s.id(), NewActivity.warning("still here"));
                clock.advance(Duration.ofHours(25));
                ws.complete(s.id());
            }
            for (Map.Entry<Session, Instant> e : expectedStarts.entrySet()) {
                Instant start = e.getValue();
                Session s = ws.get(e.getKey().id());
                assertThat(s.summary().startedAt()).isEqualTo(start);
                assertThat(s.summary().waitedTime()).isEqualTo(Duration.ofMinutes(90).plusNanos(1_000));
                assertThat(s.summary().endedAt()).isEqualTo(start.plus(Duration.ofMinutes(90 + 25 * 60)).plusNanos(1_000));
                List<Message> messages = ws.messages(s.id());
                assertThat(messages.get(0).createdAt()).isEqualTo(start);
                assertThat(messages.get(1).createdAt()).isEqualTo(start.plus(Duration.ofMinutes(90)).plusNanos(1_000));
            }
            windowsFollowLocalDates(ws, clock, jvmZone, expectedStarts);
            Rig.Snapshot before = Rig.snapshot(ws);

            // Read the same data with another JVM default zone (and, for databases, a new repository).
            ZoneId other = jvmZone.getId().equals("America/St_Johns") ? ZoneId.of("Pacific/Apia")
                    : ZoneId.of("America/St_Johns");
            SessionRepository reader = store.repository();
            if (backend.isJdbc()) {
                store.repository().close();
            }
            TimeZone.setDefault(TimeZone.getTimeZone(other));
            if (backend.isJdbc()) {
                reader = backend.openJdbc(store.url(), store.prefix());
            }
            try {
                Workspace again = agentRuns(reader, clock, jvmZone).workspace("w-time");
                assertThat(Rig.snapshot(again)).as("snapshot read under " + other).isEqualTo(before);
            } finally {
                if (backend.isJdbc()) {
                    reader.close();
                }
            }
            System.out.printf("instants on %s under %s: %d sessions across DST changes, re-read under %s unchanged%n",
                    backend, jvmZone, expectedStarts.size(), other);
        } finally {
            TimeZone.setDefault(original);
            store.close();
        }
    }

    /** TODAY and THIS_WEEK, evaluated in {@code zone} at several instants, against local start dates. */
    private static void windowsFollowLocalDates(Workspace ws, MutableClock clock, ZoneId zone,
                                                Map<Session, Instant> starts) {
        for (Instant now : AROUND_DST) {
            clock.set(now);
            LocalDate today = LocalDate.ofInstant(now, zone);
            LocalDate weekStart = today.minusDays(today.getDayOfWeek().getValue() - 1L);
            List<String> expectedToday = expected(starts, zone, d -> d.equals(today));
            List<String> expectedWeek = expected(starts, zone, d -> !d.isBefore(weekStart) && d.isBefore(weekStart.plusDays(7)));
            assertThat(titles(ws, TimeWindow.TODAY)).as("TODAY at %s in %s", now, zone).isEqualTo(expectedToday);
            assertThat(titles(ws, TimeWindow.THIS_WEEK)).as("THIS_WEEK at %s in %s", now, zone).isEqualTo(expectedWeek);
        }
    }

    private static List<String> expected(Map<Session, Instant> starts, ZoneId zone,
                                         java.util.function.Predicate<LocalDate> inWindow) {
        return starts.entrySet().stream()
                .filter(e -> inWindow.test(ZonedDateTime.ofInstant(e.getValue(), zone).toLocalDate()))
                .sorted(Map.Entry.<Session, Instant>comparingByValue().reversed())
                .map(e -> e.getKey().summary().title()).toList();
    }

    private static List<String> titles(Workspace ws, TimeWindow window) {
        SessionQuery q = SessionQuery.builder().window(window).build();
        return Rig.allRows(ws, q).stream().map(SessionSummary::title).toList();
    }

    private static AgentRuns agentRuns(SessionRepository repository, MutableClock clock, ZoneId zone) {
        return AgentRuns.builder(repository).clock(clock).zone(zone).build();
    }
}
