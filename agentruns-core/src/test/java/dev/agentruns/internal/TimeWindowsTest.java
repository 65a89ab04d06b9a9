package dev.agentruns.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruns.TimeWindow;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TimeWindowsTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static TimeWindows at(String instant, ZoneId zone, DayOfWeek weekStart) {
        return new TimeWindows(Clock.fixed(Instant.parse(instant), zone), zone, weekStart);
    }

    @Test
    void todayIs23HoursOnTheDayClocksSpringForward() {
        TimeWindows.Range today = at("2026-03-29T12:00:00Z", BERLIN, DayOfWeek.MONDAY).resolve(TimeWindow.TODAY);
        assertThat(today.from()).isEqualTo(Instant.parse("2026-03-28T23:00:00Z"));
        assertThat(today.until()).isEqualTo(Instant.parse("2026-03-29T22:00:00Z"));
        assertThat(Duration.between(today.from(), today.until())).isEqualTo(Duration.ofHours(23));
    }

    @Test
    void todayIs25HoursOnTheDayClocksFallBack() {
        TimeWindows.Range today = at("2026-10-25T12:00:00Z", BERLIN, DayOfWeek.MONDAY).resolve(TimeWindow.TODAY);
        assertThat(Duration.between(today.from(), today.until())).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void weekStartsOnTheConfiguredDay() {
        // Wednesday 2026-11-25, local time
        TimeWindows.Range monday = at("2026-11-25T10:00:00Z", ZoneId.of("UTC"), DayOfWeek.MONDAY)
                .resolve(TimeWindow.THIS_WEEK);
        TimeWindows.Range sunday = at("2026-11-25T10:00:00Z", ZoneId.of("UTC"), DayOfWeek.SUNDAY)
                .resolve(TimeWindow.THIS_WEEK);
        assertThat(monday.from()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
        assertThat(monday.until()).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
        assertThat(sunday.from()).isEqualTo(Instant.parse("2026-11-22T00:00:00Z"));
        assertThat(sunday.until()).isEqualTo(Instant.parse("2026-11-29T00:00:00Z"));
    }

    @Test
    void aWeekSpanningADstChangeIs167Hours() {
        TimeWindows.Range week = at("2026-03-27T12:00:00Z", BERLIN, DayOfWeek.MONDAY).resolve(TimeWindow.THIS_WEEK);
        assertThat(Duration.between(week.from(), week.until())).isEqualTo(Duration.ofHours(7 * 24 - 1));
    }

    @Test
    void theLocalDateDecidesTodayNotTheUtcDate() {
        // 23:30 UTC on the 24th is already the 25th in Auckland (+13:00)
        ZoneId auckland = ZoneId.of("Pacific/Auckland");
        TimeWindows.Range today = at("2026-11-24T23:30:00Z", auckland, DayOfWeek.MONDAY).resolve(TimeWindow.TODAY);
        assertThat(today.from()).isEqualTo(Instant.parse("2026-11-24T11:00:00Z"));
    }

    @Test
    void thisMonthCoversTheCalendarMonth() {
        TimeWindows.Range month = at("2026-02-15T00:00:00Z", ZoneId.of("UTC"), DayOfWeek.MONDAY)
                .resolve(TimeWindow.THIS_MONTH);
        assertThat(month.from()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(month.until()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
    }

    @Test
    void allAndRangesPassThrough() {
        TimeWindows w = at("2026-02-15T00:00:00Z", ZoneId.of("UTC"), DayOfWeek.MONDAY);
        assertThat(w.resolve(TimeWindow.ALL)).isEqualTo(new TimeWindows.Range(null, null));
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(w.resolve(TimeWindow.since(from))).isEqualTo(new TimeWindows.Range(from, null));
    }
}
