package dev.agentruns.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruns.AgentRuns;
import dev.agentruns.Session;
import dev.agentruns.SessionQuery;
import dev.agentruns.TimeWindow;
import dev.agentruns.Workspace;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * TODAY, THIS_WEEK and THIS_MONTH, evaluated with the clock, zone and week start when a query runs:
 * boundaries are local midnights, so days across DST changes have 23 or 25 hours.
 */
abstract class TimeWindowContract extends ContractFixture {
    static final SessionQuery TODAY = SessionQuery.builder().window(TimeWindow.TODAY).build();
    static final SessionQuery THIS_WEEK = SessionQuery.builder().window(TimeWindow.THIS_WEEK).build();
    static final SessionQuery THIS_MONTH = SessionQuery.builder().window(TimeWindow.THIS_MONTH).build();

    /** The same workspace seen through an AgentRuns with another zone and week start. */
    Workspace in(ZoneId zone, DayOfWeek weekStart) {
        AgentRuns other = builder().zone(zone).weekStart(weekStart).build();
        return other.workspace(ws.id());
    }

    /** Starts one session at each ISO offset date-time, named by it. */
    Map<String, Session> sessionsAt(String... isoOffsetDateTimes) {
        Map<String, Session> byTime = new LinkedHashMap<>();
        for (String at : isoOffsetDateTimes) {
            clock.set(at);
            byTime.put(at, start("started " + at));
        }
        return byTime;
    }

    static Session[] newestFirst(Map<String, Session> sessions, String... keys) {
        Session[] result = new Session[keys.length];
        for (int i = 0; i < keys.length; i++) {
            result[keys.length - 1 - i] = sessions.get(keys[i]);
        }
        return result;
    }

    @Test
    void todayIsTheLocalDayOf23HoursWhenBerlinSpringsForward() {
        Workspace berlin = in(BERLIN, DayOfWeek.MONDAY);
        Map<String, Session> s = sessionsAt(
                "2026-03-28T23:59:59.999999+01:00",
                "2026-03-29T00:00+01:00",
                "2026-03-29T01:59:59.999999+01:00",
                "2026-03-29T03:00+02:00",
                "2026-03-29T23:59:59.999999+02:00",
                "2026-03-30T00:00+02:00");
        clock.set("2026-03-29T12:00+02:00");
        assertQuery(berlin, TODAY, newestFirst(s, "2026-03-29T00:00+01:00", "2026-03-29T01:59:59.999999+01:00",
                "2026-03-29T03:00+02:00", "2026-03-29T23:59:59.999999+02:00"));
        assertThat(Duration.between(OffsetDateTime.parse("2026-03-29T00:00+01:00"),
                OffsetDateTime.parse("2026-03-30T00:00+02:00"))).isEqualTo(Duration.ofHours(23));
    }

    @Test
    void todayIsTheLocalDayOf25HoursWhenBerlinFallsBack() {
        Workspace berlin = in(BERLIN, DayOfWeek.MONDAY);
        Map<String, Session> s = sessionsAt(
                "2026-10-24T23:59:59.999999+02:00",
                "2026-10-25T00:00+02:00",
                "2026-10-25T02:30+02:00",
                "2026-10-25T02:30+01:00",
                "2026-10-25T23:59:59.999999+01:00",
                "2026-10-26T00:00+01:00");
        clock.set("2026-10-25T02:15+01:00");
        assertQuery(berlin, TODAY, newestFirst(s, "2026-10-25T00:00+02:00", "2026-10-25T02:30+02:00",
                "2026-10-25T02:30+01:00", "2026-10-25T23:59:59.999999+01:00"));
    }

    @Test
    void todayIsTheLocalDayOf23HoursWhenNewYorkSpringsForward() {
        Workspace ny = in(NEW_YORK, DayOfWeek.SUNDAY);
        Map<String, Session> s = sessionsAt(
                "2026-03-07T23:59:59.999999-05:00",
                "2026-03-08T00:00-05:00",
                "2026-03-08T01:59:59.999999-05:00",
                "2026-03-08T03:00-04:00",
                "2026-03-08T23:30-04:00",
                "2026-03-09T00:00-04:00");
        clock.set("2026-03-08T09:00-04:00");
        assertQuery(ny, TODAY, newestFirst(s, "2026-03-08T00:00-05:00", "2026-03-08T01:59:59.999999-05:00",
                "2026-03-08T03:00-04:00", "2026-03-08T23:30-04:00"));
    }

    @Test
    void todayIsTheLocalDayOf25HoursWhenNewYorkFallsBack() {
        Workspace ny = in(NEW_YORK, DayOfWeek.SUNDAY);
        Map<String, Session> s = sessionsAt(
                "2026-10-31T23:59:59.999999-04:00",
                "2026-11-01T00:00-04:00",
                "2026-11-01T01:30-04:00",
                "2026-11-01T01:30-05:00",
                "2026-11-01T23:59:59.999999-05:00",
                "2026-11-02T00:00-05:00");
        clock.set("2026-11-01T12:00-05:00");
        assertQuery(ny, TODAY, newestFirst(s, "2026-11-01T00:00-04:00", "2026-11-01T01:30-04:00",
                "2026-11-01T01:30-05:00", "2026-11-01T23:59:59.999999-05:00"));
    }

    @Test
    void todayDependsOnTheConfiguredZone() {
        Map<String, Session> s = sessionsAt("2026-03-10T23:30Z", "2026-03-11T12:00Z");
        clock.set("2026-03-11T03:00Z");
        // 03:00Z is March 11 in Berlin (04:00+01:00) but still March 10 in New York (23:00-04:00);
        // 23:30Z on March 10 is already March 11 in Berlin.
        assertQuery(in(BERLIN, DayOfWeek.MONDAY), TODAY, s.get("2026-03-11T12:00Z"), s.get("2026-03-10T23:30Z"));
        assertQuery(in(NEW_YORK, DayOfWeek.MONDAY), TODAY, s.get("2026-03-10T23:30Z"));
    }

    @Test
    void windowsAreEvaluatedWhenTheQueryRuns() {
        Workspace berlin = in(BERLIN, DayOfWeek.MONDAY);
        Map<String, Session> s = sessionsAt("2026-03-10T10:00+01:00", "2026-03-11T10:00+01:00");
        clock.set("2026-03-10T18:00+01:00");
        assertQuery(berlin, TODAY, s.get("2026-03-10T10:00+01:00"));
        clock.set("2026-03-11T00:00+01:00");
        assertQuery(berlin, TODAY, s.get("2026-03-11T10:00+01:00"));
        clock.set("2026-03-10T23:59:59.999999+01:00");
        assertQuery(berlin, TODAY, s.get("2026-03-10T10:00+01:00"));
    }

    @Test
    void thisWeekStartsOnTheConfiguredDayInBerlinAcrossTheDstChange() {
        Map<String, Session> s = sessionsAt(
                "2026-03-22T23:59:59.999999+01:00",
                "2026-03-23T00:00+01:00",
                "2026-03-28T23:59:59.999999+01:00",
                "2026-03-29T00:00+01:00",
                "2026-03-29T23:59:59.999999+02:00",
                "2026-03-30T00:00+02:00",
                "2026-04-04T23:59:59.999999+02:00",
                "2026-04-05T00:00+02:00");
        clock.set("2026-03-29T12:00+02:00");
        assertQuery(in(BERLIN, DayOfWeek.MONDAY), THIS_WEEK, newestFirst(s, "2026-03-23T00:00+01:00",
                "2026-03-28T23:59:59.999999+01:00", "2026-03-29T00:00+01:00", "2026-03-29T23:59:59.999999+02:00"));
        assertQuery(in(BERLIN, DayOfWeek.SUNDAY), THIS_WEEK, newestFirst(s, "2026-03-29T00:00+01:00",
                "2026-03-29T23:59:59.999999+02:00", "2026-03-30T00:00+02:00", "2026-04-04T23:59:59.999999+02:00"));
    }

    @Test
    void thisWeekStartsOnTheConfiguredDayInNewYorkAcrossTheDstChange() {
        Map<String, Session> s = sessionsAt(
                "2026-10-31T23:59:59.999999-04:00",
                "2026-11-01T00:00-04:00",
                "2026-11-01T23:59:59.999999-05:00",
                "2026-11-02T00:00-05:00",
                "2026-11-07T23:59:59.999999-05:00",
                "2026-11-08T00:00-05:00",
                "2026-11-08T23:59:59.999999-05:00",
                "2026-11-09T00:00-05:00");
        clock.set("2026-11-04T12:00-05:00");
        assertQuery(in(NEW_YORK, DayOfWeek.SUNDAY), THIS_WEEK, newestFirst(s, "2026-11-01T00:00-04:00",
                "2026-11-01T23:59:59.999999-05:00", "2026-11-02T00:00-05:00", "2026-11-07T23:59:59.999999-05:00"));
        assertQuery(in(NEW_YORK, DayOfWeek.MONDAY), THIS_WEEK, newestFirst(s, "2026-11-02T00:00-05:00",
                "2026-11-07T23:59:59.999999-05:00", "2026-11-08T00:00-05:00", "2026-11-08T23:59:59.999999-05:00"));
    }

    @Test
    void thisWeekOnItsFirstDayStartsThatDay() {
        Map<String, Session> s = sessionsAt("2026-03-15T23:00+01:00", "2026-03-16T00:00+01:00");
        clock.set("2026-03-16T00:00+01:00");
        assertQuery(in(BERLIN, DayOfWeek.MONDAY), THIS_WEEK, s.get("2026-03-16T00:00+01:00"));
        assertQuery(in(BERLIN, DayOfWeek.SUNDAY), THIS_WEEK, newestFirst(s, "2026-03-15T23:00+01:00",
                "2026-03-16T00:00+01:00"));
    }

    @Test
    void thisMonthRunsFromTheFirstToTheFirstAcrossTheDstChangeInBerlin() {
        Map<String, Session> s = sessionsAt(
                "2026-02-28T23:59:59.999999+01:00",
                "2026-03-01T00:00+01:00",
                "2026-03-29T03:00+02:00",
                "2026-03-31T23:59:59.999999+02:00",
                "2026-04-01T00:00+02:00");
        clock.set("2026-03-15T12:00+01:00");
        assertQuery(in(BERLIN, DayOfWeek.MONDAY), THIS_MONTH, newestFirst(s, "2026-03-01T00:00+01:00",
                "2026-03-29T03:00+02:00", "2026-03-31T23:59:59.999999+02:00"));
    }

    @Test
    void thisMonthRunsFromTheFirstToTheFirstAcrossTheDstChangeInNewYork() {
        Map<String, Session> s = sessionsAt(
                "2026-10-31T23:59:59.999999-04:00",
                "2026-11-01T00:00-04:00",
                "2026-11-30T23:59:59.999999-05:00",
                "2026-12-01T00:00-05:00");
        clock.set("2026-11-15T12:00-05:00");
        assertQuery(in(NEW_YORK, DayOfWeek.SUNDAY), THIS_MONTH, newestFirst(s, "2026-11-01T00:00-04:00",
                "2026-11-30T23:59:59.999999-05:00"));
    }

    @Test
    void thisMonthInFebruaryOfALeapYear() {
        Map<String, Session> s = sessionsAt(
                "2028-01-31T23:59:59.999999+01:00",
                "2028-02-01T00:00+01:00",
                "2028-02-29T23:59:59.999999+01:00",
                "2028-03-01T00:00+01:00");
        clock.set("2028-02-29T08:00+01:00");
        assertQuery(in(BERLIN, DayOfWeek.MONDAY), THIS_MONTH, newestFirst(s, "2028-02-01T00:00+01:00",
                "2028-02-29T23:59:59.999999+01:00"));
    }

    @Test
    void windowsCombineWithOtherFiltersAndAllIncludesEverything() {
        Map<String, Session> s = sessionsAt("2026-03-01T10:00+01:00", "2026-03-10T10:00+01:00",
                "2026-03-10T11:00+01:00");
        ws.complete(s.get("2026-03-10T11:00+01:00").id());
        clock.set("2026-03-10T12:00+01:00");
        Workspace berlin = in(BERLIN, DayOfWeek.MONDAY);
        assertQuery(berlin, SessionQuery.builder().window(TimeWindow.TODAY)
                .statuses(dev.agentruns.SessionStatus.RUNNING).build(), s.get("2026-03-10T10:00+01:00"));
        assertQuery(berlin, SessionQuery.builder().window(TimeWindow.ALL).build(), newestFirst(s,
                "2026-03-01T10:00+01:00", "2026-03-10T10:00+01:00", "2026-03-10T11:00+01:00"));
    }
}
