package dev.agentruns.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentruns.ActivityEvent;
import dev.agentruns.ActivityType;
import dev.agentruns.IllegalStatusTransitionException;
import dev.agentruns.Message;
import dev.agentruns.NewMessage;
import dev.agentruns.Output;
import dev.agentruns.OutputVerdict;
import dev.agentruns.Session;
import dev.agentruns.SessionNotFoundException;
import dev.agentruns.SessionStatus;
import dev.agentruns.StartSession;
import dev.agentruns.WaitReason;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The status state machine: every legal transition, every illegal one, and output with its verdict. */
abstract class StatusContract extends ContractFixture {
    static final String SCHEMA = "{\"type\":\"object\",\"required\":[\"verdict\",\"score\"],\"properties\":{"
            + "\"verdict\":{\"type\":\"string\",\"enum\":[\"approve\",\"reject\"]},"
            + "\"score\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":10}},\"additionalProperties\":false}";

    Session startWithSchema() {
        return ws.start(StartSession.builder(AGENT, "Review and score PR #7").outputSchema(SCHEMA).build());
    }

    @Test
    void waitThenContinueWithTheAnswerInOneStep() {
        Session s = start();
        clock.advanceSeconds(10);
        Session waiting = ws.waitFor(s.id(), WaitReason.INPUT);
        assertThat(waiting.status()).isEqualTo(SessionStatus.WAITING);
        assertThat(waiting.summary().waitReason()).isEqualTo(WaitReason.INPUT);
        assertThat(waiting.summary().statusChangedAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(waiting.summary().endedAt()).isNull();
        assertThat(waiting.summary().version()).isEqualTo(2);
        assertThat(ws.get(s.id())).isEqualTo(waiting);

        clock.advanceSeconds(20);
        Session running = ws.resume(s.id(), NewMessage.user("Yes, go ahead").withId("answer-1"));
        assertThat(running.status()).isEqualTo(SessionStatus.RUNNING);
        assertThat(running.summary().waitReason()).isNull();
        assertThat(running.summary().statusChangedAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(running.summary().version()).isEqualTo(3);
        assertThat(running.summary().messageCount()).isEqualTo(2);
        assertThat(ws.get(s.id())).isEqualTo(running);
        Message answer = ws.messages(s.id()).get(1);
        assertThat(answer.id()).isEqualTo("answer-1");
        assertThat(answer.text()).isEqualTo("Yes, go ahead");
        assertThat(answer.createdAt()).isEqualTo(T0.plusSeconds(30));

        List<ActivityEvent> events = ws.activity(s.id());
        assertThat(events).extracting(ActivityEvent::type).containsExactly(ActivityType.SESSION_STARTED,
                ActivityType.STATUS_CHANGED, ActivityType.STATUS_CHANGED);
        assertThat(events.get(1).details().path("from").asText()).isEqualTo("RUNNING");
        assertThat(events.get(1).details().path("to").asText()).isEqualTo("WAITING");
        assertThat(events.get(1).details().path("reason").asText()).isEqualTo("INPUT");
        assertThat(events.get(1).at()).isEqualTo(T0.plusSeconds(10));
        assertThat(events.get(2).details().path("from").asText()).isEqualTo("WAITING");
        assertThat(events.get(2).details().path("to").asText()).isEqualTo("RUNNING");
    }

    @Test
    void everyWaitReasonIsStored() {
        for (WaitReason reason : WaitReason.values()) {
            Session s = start(reason.name());
            ws.waitFor(s.id(), reason);
            assertThat(ws.get(s.id()).summary().waitReason()).isEqualTo(reason);
            assertThat(listAll(ws, query().build())).filteredOn(r -> r.id().equals(s.id())).singleElement()
                    .satisfies(row -> assertThat(row.waitReason()).isEqualTo(reason));
        }
    }

    @Test
    void continueWithoutAMessageAppendsNothing() {
        Session s = start();
        ws.waitFor(s.id(), WaitReason.PAUSED);
        Session running = ws.resume(s.id());
        assertThat(running.status()).isEqualTo(SessionStatus.RUNNING);
        assertThat(running.summary().messageCount()).isEqualTo(1);
        assertThat(ws.messages(s.id())).hasSize(1);
    }

    @Test
    void completeWithOutputStoresItWithoutVerdictWhenThereIsNoSchema() {
        Session s = start();
        clock.advanceSeconds(60);
        JsonNode output = json("{\"summary\":\"LGTM\",\"issues\":[],\"score\":9.50}");
        Session done = ws.complete(s.id(), output);

        assertThat(done.status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(done.summary().endedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(done.summary().statusChangedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(done.output()).isEqualTo(new Output(output, OutputVerdict.NOT_CHECKED));
        assertThat(done.summary().outputStatus()).isEqualTo(OutputVerdict.Status.NOT_CHECKED);
        assertThat(ws.get(s.id())).isEqualTo(done);
        assertThat(types(s.id())).containsExactly(ActivityType.SESSION_STARTED, ActivityType.OUTPUT_RECORDED,
                ActivityType.SESSION_ENDED);
        List<ActivityEvent> events = ws.activity(s.id());
        assertThat(events.get(1).details().path("verdict").asText()).isEqualTo("NOT_CHECKED");
        assertThat(events.get(2).details().path("from").asText()).isEqualTo("RUNNING");
        assertThat(events.get(2).details().path("to").asText()).isEqualTo("COMPLETED");
        assertThat(events.get(2).at()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void completeWithoutOutputRecordsNoOutput() {
        Session s = start();
        Session done = ws.complete(s.id());
        assertThat(done.output()).isNull();
        assertThat(done.summary().outputStatus()).isNull();
        assertThat(ws.get(s.id()).output()).isNull();
        assertThat(types(s.id())).containsExactly(ActivityType.SESSION_STARTED, ActivityType.SESSION_ENDED);
    }

    @Test
    void completeWithOutputGivenAsJsonText() {
        Session s = start();
        ws.complete(s.id(), "{\"a\": [1, 2.5, \"three\"], \"b\": null}");
        assertThat(ws.get(s.id()).output().value()).isEqualTo(json("{\"a\":[1,2.5,\"three\"],\"b\":null}"));
    }

    @Test
    void outputJsonRoundTripsExactly() {
        Session s = start();
        JsonNode output = json("{\"text\":\"NUL\\u0000 emoji 😀 astral 𝄞 quote \\\" backslash \\\\ newline \\n\","
                + "\"int\":42,\"long\":9007199254740993,\"big\":123456789012345678901234567890,"
                + "\"decimal\":1.50,\"negative\":-0.000001,\"bool\":false,\"null\":null,"
                + "\"array\":[1,\"two\",[3],{\"four\":4}],\"empty\":{},\"emptyArray\":[],\"ключ\":\"значение\"}");
        ws.complete(s.id(), output);
        assertThat(ws.get(s.id()).output().value()).isEqualTo(output);
    }

    @Test
    void outputMayBeAnyJsonValueIncludingNull() {
        for (String text : List.of("\"just text\"", "[1,2,3]", "42", "true", "null")) {
            Session s = start(text);
            ws.complete(s.id(), text);
            Output stored = ws.get(s.id()).output();
            assertThat(stored).as("output %s", text).isNotNull();
            assertThat(stored.value()).isEqualTo(json(text));
        }
    }

    @Test
    void outputMatchingTheSchemaIsValid() {
        Session s = startWithSchema();
        Session done = ws.complete(s.id(), json("{\"verdict\":\"approve\",\"score\":8}"));
        assertThat(done.output().verdict()).isEqualTo(OutputVerdict.VALID);
        assertThat(ws.get(s.id()).output().verdict()).isEqualTo(OutputVerdict.VALID);
        assertThat(ws.get(s.id()).summary().outputStatus()).isEqualTo(OutputVerdict.Status.VALID);
        assertThat(types(s.id())).containsExactly(ActivityType.SESSION_STARTED, ActivityType.OUTPUT_RECORDED,
                ActivityType.SESSION_ENDED);
        assertThat(ws.activity(s.id()).get(1).details().path("verdict").asText()).isEqualTo("VALID");
    }

    @Test
    void outputViolatingTheSchemaIsKeptWithItsVerdictAndAWarning() {
        Session s = startWithSchema();
        JsonNode bad = json("{\"verdict\":\"maybe\",\"score\":11,\"extra\":true}");
        Session done = ws.complete(s.id(), bad);

        assertThat(done.status()).isEqualTo(SessionStatus.COMPLETED);
        Session read = ws.get(s.id());
        assertThat(read).isEqualTo(done);
        assertThat(read.output().value()).isEqualTo(bad);
        assertThat(read.output().verdict().status()).isEqualTo(OutputVerdict.Status.INVALID);
        assertThat(read.output().verdict().errors()).isNotEmpty();
        assertThat(read.output().verdict().isValid()).isFalse();
        assertThat(read.summary().outputStatus()).isEqualTo(OutputVerdict.Status.INVALID);
        assertThat(types(s.id())).containsExactly(ActivityType.SESSION_STARTED, ActivityType.OUTPUT_RECORDED,
                ActivityType.WARNING, ActivityType.SESSION_ENDED);
        ActivityEvent warning = eventsOf(ws, s.id(), ActivityType.WARNING).get(0);
        assertThat(warning.details().path("verdict").asText()).isEqualTo("INVALID");
        assertThat(warning.details().path("errors").size()).isEqualTo(read.output().verdict().errors().size());
    }

    @Test
    void outputTextThatIsNotJsonIsRejectedAndTheSessionKeepsRunning() {
        Session s = startWithSchema();
        for (String text : List.of("{oops", "", "   ", "{} trailing", "{\"a\":1,\"a\":2}", "NaN", "'single'")) {
            rejectedInput("output", () -> ws.complete(s.id(), text));
        }
        assertThat(ws.get(s.id()).status()).isEqualTo(SessionStatus.RUNNING);
    }

    @Test
    void failRecordsTheErrorAndEnds() {
        Session s = start();
        clock.advanceSeconds(7);
        Session failed = ws.fail(s.id(), "Model returned 529: overloaded 😵");
        assertThat(failed.status()).isEqualTo(SessionStatus.FAILED);
        assertThat(failed.summary().endedAt()).isEqualTo(T0.plusSeconds(7));
        assertThat(ws.get(s.id())).isEqualTo(failed);
        assertThat(types(s.id())).containsExactly(ActivityType.SESSION_STARTED, ActivityType.ERROR,
                ActivityType.SESSION_ENDED);
        assertThat(ws.activity(s.id()).get(1).summary()).isEqualTo("Model returned 529: overloaded 😵");
        assertThat(ws.activity(s.id()).get(2).details().path("to").asText()).isEqualTo("FAILED");
    }

    @Test
    void failAndCancelWorkFromWaiting() {
        Session a = start("a");
        ws.waitFor(a.id(), WaitReason.APPROVAL);
        assertThat(ws.fail(a.id(), "approval service down").status()).isEqualTo(SessionStatus.FAILED);
        assertThat(ws.get(a.id()).summary().waitReason()).isNull();
        Session b = start("b");
        ws.waitFor(b.id(), WaitReason.INPUT);
        assertThat(ws.cancel(b.id()).status()).isEqualTo(SessionStatus.CANCELLED);
        assertThat(ws.activity(b.id()).get(2).details().path("from").asText()).isEqualTo("WAITING");
    }

    @Test
    void cancelRecordsAnOptionalReason() {
        Session plain = start("plain");
        ws.cancel(plain.id());
        ActivityEvent ended = lastEvent(ws, plain.id());
        assertThat(ended.type()).isEqualTo(ActivityType.SESSION_ENDED);
        assertThat(ended.summary()).isEqualTo("Cancelled");
        assertThat(ended.details().has("reason")).isFalse();

        Session why = start("why");
        Session cancelled = ws.cancel(why.id(), "user pressed stop");
        assertThat(cancelled.status()).isEqualTo(SessionStatus.CANCELLED);
        ActivityEvent withReason = lastEvent(ws, why.id());
        assertThat(withReason.summary()).isEqualTo("Cancelled: user pressed stop");
        assertThat(withReason.details().path("reason").asText()).isEqualTo("user pressed stop");
    }

    @Test
    void versionGrowsByOneWithEveryStatusChange() {
        Session s = start();
        assertThat(ws.waitFor(s.id(), WaitReason.INPUT).summary().version()).isEqualTo(2);
        assertThat(ws.resume(s.id()).summary().version()).isEqualTo(3);
        assertThat(ws.waitFor(s.id(), WaitReason.APPROVAL).summary().version()).isEqualTo(4);
        assertThat(ws.resume(s.id()).summary().version()).isEqualTo(5);
        assertThat(ws.complete(s.id(), "{}").summary().version()).isEqualTo(6);
        assertThat(ws.get(s.id()).summary().version()).isEqualTo(6);
    }

    @Test
    void everyIllegalTransitionIsRejectedNamingTheSessionAndBothStatuses() {
        Map<SessionStatus, Session> inStatus = new EnumMap<>(SessionStatus.class);
        inStatus.put(SessionStatus.RUNNING, start("running"));
        Session waiting = start("waiting");
        ws.waitFor(waiting.id(), WaitReason.INPUT);
        inStatus.put(SessionStatus.WAITING, waiting);
        Session completed = start("completed");
        ws.complete(completed.id(), "{\"done\":true}");
        inStatus.put(SessionStatus.COMPLETED, completed);
        Session failed = start("failed");
        ws.fail(failed.id(), "boom");
        inStatus.put(SessionStatus.FAILED, failed);
        Session cancelled = start("cancelled");
        ws.cancel(cancelled.id());
        inStatus.put(SessionStatus.CANCELLED, cancelled);

        Map<SessionStatus, List<Consumer<UUID>>> verbs = new EnumMap<>(SessionStatus.class);
        verbs.put(SessionStatus.RUNNING, List.of(ws::resume, id -> ws.resume(id, NewMessage.user("go on"))));
        verbs.put(SessionStatus.WAITING, List.of(id -> ws.waitFor(id, WaitReason.INPUT),
                id -> ws.waitFor(id, WaitReason.PAUSED)));
        verbs.put(SessionStatus.COMPLETED, List.of(ws::complete, id -> ws.complete(id, "{\"x\":1}"),
                id -> ws.complete(id, json("[1]"))));
        verbs.put(SessionStatus.FAILED, List.of(id -> ws.fail(id, "again")));
        verbs.put(SessionStatus.CANCELLED, List.of(ws::cancel, id -> ws.cancel(id, "again")));

        int checked = 0;
        for (SessionStatus from : SessionStatus.values()) {
            for (SessionStatus to : SessionStatus.values()) {
                if (from.canTransitionTo(to)) {
                    continue;
                }
                UUID id = inStatus.get(from).id();
                for (Consumer<UUID> verb : verbs.get(to)) {
                    IllegalStatusTransitionException e = rejected(IllegalStatusTransitionException.class,
                            () -> verb.accept(id));
                    assertThat(e).as("%s -> %s", from, to).isExactlyInstanceOf(IllegalStatusTransitionException.class);
                    assertThat(e.sessionId()).isEqualTo(id);
                    assertThat(e.from()).isEqualTo(from);
                    assertThat(e.to()).isEqualTo(to);
                    assertThat(e.getMessage()).contains(id.toString()).contains(from.name()).contains(to.name());
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(2 + (2 + 3) + 3 * (2 + 2 + 3 + 1 + 2));
    }

    @Test
    void transitionsOfAnUnknownSessionAreNotFound() {
        UUID unknown = UUID.randomUUID();
        List<Consumer<UUID>> verbs = List.of(id -> ws.waitFor(id, WaitReason.INPUT), ws::resume,
                id -> ws.resume(id, NewMessage.user("x")), ws::complete, id -> ws.complete(id, "{}"),
                id -> ws.fail(id, "x"), ws::cancel, id -> ws.cancel(id, "why"));
        for (Consumer<UUID> verb : verbs) {
            SessionNotFoundException e = rejected(SessionNotFoundException.class, () -> verb.accept(unknown));
            assertThat(e.sessionId()).isEqualTo(unknown);
        }
    }
}
