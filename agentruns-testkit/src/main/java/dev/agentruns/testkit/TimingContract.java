package dev.agentruns.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruns.Session;
import dev.agentruns.SessionSummary;
import dev.agentruns.WaitReason;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Duration and waiting time, driven by the test clock. */
abstract class TimingContract extends ContractFixture {

    @Test
    void durationGrowsWithTheClockWhileActiveAndStopsAtTheEnd() {
        Session s = start();
        assertThat(ws.get(s.id()).summary().duration(clock)).isEqualTo(Duration.ZERO);
        clock.advanceSeconds(90);
        assertThat(ws.get(s.id()).summary().duration(clock)).isEqualTo(Duration.ofSeconds(90));
        clock.advanceSeconds(30);
        ws.complete(s.id());
        clock.advance(Duration.ofHours(5));
        SessionSummary done = ws.get(s.id()).summary();
        assertThat(done.endedAt()).isEqualTo(T0.plusSeconds(120));
        assertThat(done.duration(clock)).isEqualTo(Duration.ofSeconds(120));
        assertThat(done.duration(T0.plusSeconds(10_000))).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void durationOfAWaitingSessionKeepsGrowing() {
        Session s = start();
        clock.advanceSeconds(10);
        ws.waitFor(s.id(), WaitReason.APPROVAL);
        clock.advanceSeconds(50);
        assertThat(ws.get(s.id()).summary().duration(clock)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void waitingTimeCountsEveryWaitIncludingTheCurrentOne() {
        Session s = start();
        clock.advanceSeconds(10);
        ws.waitFor(s.id(), WaitReason.INPUT);
        clock.advanceSeconds(30);
        SessionSummary waiting = ws.get(s.id()).summary();
        assertThat(waiting.waitedTime()).as("ended waits only").isEqualTo(Duration.ZERO);
        assertThat(waiting.waitingTime(clock)).isEqualTo(Duration.ofSeconds(30));

        ws.resume(s.id());
        assertThat(ws.get(s.id()).summary().waitedTime()).isEqualTo(Duration.ofSeconds(30));
        clock.advanceSeconds(5);
        assertThat(ws.get(s.id()).summary().waitingTime(clock)).isEqualTo(Duration.ofSeconds(30));

        ws.waitFor(s.id(), WaitReason.APPROVAL);
        clock.advanceSeconds(20);
        assertThat(ws.get(s.id()).summary().waitingTime(clock)).isEqualTo(Duration.ofSeconds(50));
        ws.resume(s.id());
        clock.advanceSeconds(100);
        ws.complete(s.id());
        clock.advanceSeconds(1000);
        SessionSummary done = ws.get(s.id()).summary();
        assertThat(done.waitedTime()).isEqualTo(Duration.ofSeconds(50));
        assertThat(done.waitingTime(clock)).isEqualTo(Duration.ofSeconds(50));
        assertThat(done.duration(clock)).isEqualTo(Duration.ofSeconds(165));
    }

    @Test
    void endingWhileWaitingCountsTheLastWait() {
        Session s = start();
        clock.advanceSeconds(3);
        ws.waitFor(s.id(), WaitReason.INPUT);
        clock.advanceSeconds(15);
        ws.cancel(s.id());
        clock.advanceSeconds(60);
        SessionSummary done = ws.get(s.id()).summary();
        assertThat(done.waitedTime()).isEqualTo(Duration.ofSeconds(15));
        assertThat(done.waitingTime(clock)).isEqualTo(Duration.ofSeconds(15));
        assertThat(done.duration(clock)).isEqualTo(Duration.ofSeconds(18));
    }

    @Test
    void subSecondWaitsAreKeptToTheMicrosecond() {
        Session s = start();
        ws.waitFor(s.id(), WaitReason.INPUT);
        clock.advance(Duration.ofNanos(1_234_567_000L));
        ws.resume(s.id());
        assertThat(ws.get(s.id()).summary().waitedTime()).isEqualTo(Duration.ofNanos(1_234_567_000L));
    }

    @Test
    void listRowsCarryTheSameTimesAsTheDetails() {
        Session s = start();
        clock.advanceSeconds(10);
        ws.waitFor(s.id(), WaitReason.INPUT);
        clock.advanceSeconds(10);
        ws.resume(s.id());
        clock.advanceSeconds(10);
        ws.complete(s.id());
        assertThat(listAll(ws, query().build())).containsExactly(ws.get(s.id()).summary());
    }
}
