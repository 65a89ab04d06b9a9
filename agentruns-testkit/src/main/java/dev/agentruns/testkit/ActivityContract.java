package dev.agentruns.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentruns.ActivityEvent;
import dev.agentruns.ActivityType;
import dev.agentruns.NewActivity;
import dev.agentruns.Session;
import dev.agentruns.SessionNotFoundException;
import dev.agentruns.WaitReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Recording activity: every built-in kind and host-defined ones, in order, in any status. */
abstract class ActivityContract extends ContractFixture {

    @Test
    void recordsEveryKindOfActivityInOrder() {
        Session s = start();
        clock.advanceSeconds(1);
        JsonNode customDetails = json("{\"env\":\"staging\",\"attempt\":2,\"tags\":[\"a\",\"b\"],"
                + "\"nul\":\"\\u0000\",\"ratio\":0.25,\"nested\":{\"ok\":true,\"none\":null}}");
        List<NewActivity> toRecord = List.of(
                NewActivity.toolExecuted("bash", Duration.ofMillis(1530), true),
                NewActivity.toolExecuted("grep", Duration.ofMillis(20), false),
                NewActivity.permissionRequested("write src/Main.java"),
                NewActivity.permissionResolved("write src/Main.java", true),
                NewActivity.permissionResolved("rm -rf build", false),
                NewActivity.warning("Context window 90% full ⚠️"),
                NewActivity.error("Tool timed out"),
                NewActivity.custom("deploy.started", "Deploying to staging 🚀", customDetails));
        List<ActivityEvent> recorded = new ArrayList<>();
        for (NewActivity a : toRecord) {
            recorded.add(ws.record(s.id(), a));
            clock.advanceSeconds(1);
        }

        List<ActivityEvent> timeline = ws.activity(s.id());
        assertThat(timeline).extracting(ActivityEvent::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(timeline).extracting(ActivityEvent::type).containsExactly(ActivityType.SESSION_STARTED,
                ActivityType.TOOL_EXECUTED, ActivityType.TOOL_EXECUTED, ActivityType.PERMISSION_REQUESTED,
                ActivityType.PERMISSION_RESOLVED, ActivityType.PERMISSION_RESOLVED, ActivityType.WARNING,
                ActivityType.ERROR, ActivityType.custom("deploy.started"));
        for (int i = 0; i < recorded.size(); i++) {
            ActivityEvent stored = timeline.get(i + 1);
            assertSameEvent(stored, recorded.get(i));
            assertThat(stored.sessionId()).isEqualTo(s.id());
            assertThat(stored.at()).isEqualTo(T0.plusSeconds(1 + i));
            assertThat(stored.summary()).isEqualTo(toRecord.get(i).summary());
            assertThat(canonical(stored.details())).isEqualTo(canonical(toRecord.get(i).details()));
        }
        assertThat(timeline).extracting(ActivityEvent::id).doesNotHaveDuplicates();

        JsonNode tool = timeline.get(1).details();
        assertThat(tool.path("tool").asText()).isEqualTo("bash");
        assertThat(tool.path("durationMillis").asLong()).isEqualTo(1530);
        assertThat(tool.path("ok").asBoolean()).isTrue();
        assertThat(timeline.get(2).details().path("ok").asBoolean()).isFalse();
        assertThat(timeline.get(3).details().path("permission").asText()).isEqualTo("write src/Main.java");
        assertThat(timeline.get(4).details().path("granted").asBoolean()).isTrue();
        assertThat(timeline.get(5).details().path("granted").asBoolean()).isFalse();
        assertThat(timeline.get(8).details()).isEqualTo(customDetails);
        assertThat(timeline.get(8).type().name()).isEqualTo("deploy.started");
    }

    @Test
    void recordingIsAllowedInEveryStatus() {
        Session waiting = start("w");
        ws.waitFor(waiting.id(), WaitReason.INPUT);
        Session completed = start("c");
        ws.complete(completed.id());
        Session failed = start("f");
        ws.fail(failed.id(), "boom");
        Session cancelled = start("x");
        ws.cancel(cancelled.id());
        Session archived = start("a");
        ws.complete(archived.id());
        ws.archive(archived.id());

        for (Session s : List.of(waiting, completed, failed, cancelled, archived)) {
            Session before = ws.get(s.id());
            ActivityEvent e = ws.record(s.id(), NewActivity.warning("late warning"));
            assertThat(lastEvent(ws, s.id())).isEqualTo(e);
            assertThat(ws.get(s.id()).status()).isEqualTo(before.status());
        }
    }

    @Test
    void recordMovesLastActivityButNotTheVersion() {
        Session s = start();
        clock.advanceSeconds(42);
        ws.record(s.id(), NewActivity.permissionRequested("network"));
        Session after = ws.get(s.id());
        assertThat(after.summary().lastActivityAt()).isEqualTo(T0.plusSeconds(42));
        assertThat(after.summary().version()).isEqualTo(s.summary().version());
        assertThat(after.summary().messageCount()).isEqualTo(1);
    }

    @Test
    void detailsDefaultToAnEmptyObject() {
        Session s = start();
        ActivityEvent e = ws.record(s.id(), new NewActivity(ActivityType.WARNING, "no details", null));
        assertThat(lastEvent(ws, s.id()).details()).isEqualTo(json("{}"));
        assertThat(e.details().isObject()).isTrue();
    }

    @Test
    void recordOnAnUnknownSessionIsNotFound() {
        UUID unknown = UUID.randomUUID();
        SessionNotFoundException e = rejected(SessionNotFoundException.class,
                () -> ws.record(unknown, NewActivity.warning("x")));
        assertThat(e.sessionId()).isEqualTo(unknown);
    }
}
