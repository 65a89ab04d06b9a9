package dev.agentruns.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruns.ActivityEvent;
import dev.agentruns.ActivityType;
import dev.agentruns.Message;
import dev.agentruns.NewActivity;
import dev.agentruns.NewMessage;
import dev.agentruns.Session;
import dev.agentruns.SessionNotFoundException;
import dev.agentruns.StartSession;
import dev.agentruns.TicketRef;
import dev.agentruns.WaitReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Reading a session, its messages (all, a range, the last N) and its activity timeline. */
abstract class ViewContract extends ContractFixture {

    @Test
    void getAndFindReturnTheStoredSessionAndUnknownIdsAreNotFound() {
        Session s = start();
        assertThat(ws.get(s.id())).isEqualTo(s);
        assertThat(ws.find(s.id())).contains(s);
        UUID unknown = UUID.randomUUID();
        assertThat(ws.find(unknown)).isEmpty();
        SessionNotFoundException e = thrown(SessionNotFoundException.class, () -> ws.get(unknown));
        assertThat(e.sessionId()).isEqualTo(unknown);
        assertThat(e.getMessage()).contains(unknown.toString());
    }

    @Test
    void messagesReturnTheWholeTranscriptInSeqOrder() {
        Session s = withMessages(6, "m");
        List<Message> all = ws.messages(s.id());
        assertThat(all).extracting(Message::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(messageIds(all)).containsExactly("m1", "m2", "m3", "m4", "m5", "m6");
        assertThat(all).allSatisfy(m -> assertThat(m.sessionId()).isEqualTo(s.id()));
        assertThat(all).extracting(Message::createdAt).isSorted();
    }

    @Test
    void messageRangesAreInclusiveAndClippedToTheTranscript() {
        Session s = withMessages(6, "m");
        List<Message> all = ws.messages(s.id());
        assertThat(ws.messages(s.id(), 2, 4)).isEqualTo(all.subList(1, 4));
        assertThat(ws.messages(s.id(), 1, 1)).isEqualTo(all.subList(0, 1));
        assertThat(ws.messages(s.id(), 6, 6)).isEqualTo(all.subList(5, 6));
        assertThat(ws.messages(s.id(), 4, 100)).isEqualTo(all.subList(3, 6));
        assertThat(ws.messages(s.id(), 7, 9)).isEmpty();
        assertThat(ws.messages(s.id(), 1, Long.MAX_VALUE)).isEqualTo(all);
    }

    @Test
    void lastMessagesReturnTheTailInSeqOrder() {
        Session s = withMessages(6, "m");
        List<Message> all = ws.messages(s.id());
        assertThat(ws.lastMessages(s.id(), 1)).isEqualTo(all.subList(5, 6));
        assertThat(ws.lastMessages(s.id(), 3)).isEqualTo(all.subList(3, 6));
        assertThat(ws.lastMessages(s.id(), 6)).isEqualTo(all);
        assertThat(ws.lastMessages(s.id(), 100)).isEqualTo(all);
    }

    @Test
    void longTranscriptsAreReadCompletelyAndInOrder() {
        Session s = start("0");
        int batches = 9;
        int perBatch = 71;
        for (int b = 0; b < batches; b++) {
            List<NewMessage> batch = new ArrayList<>();
            for (int i = 0; i < perBatch; i++) {
                batch.add(NewMessage.assistant(Integer.toString(1 + b * perBatch + i)));
            }
            ws.append(s.id(), batch);
        }
        int total = 1 + batches * perBatch;
        List<Message> all = ws.messages(s.id());
        assertThat(all).extracting(Message::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        assertThat(all).extracting(Message::text)
                .containsExactlyElementsOf(LongStream.range(0, total).mapToObj(Long::toString).toList());
        assertThat(ws.messages(s.id(), 450, 600)).extracting(Message::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(450, 600).boxed().toList());
        assertThat(ws.lastMessages(s.id(), 600)).isEqualTo(all.subList(total - 600, total));
        assertThat(ws.get(s.id()).summary().messageCount()).isEqualTo(total);
    }

    @Test
    void activityOfAWholeRunIsInOrder() {
        Session s = ws.start(StartSession.builder(AGENT, "Fix the flaky test").ticket(TicketRef.of("jira", "QA-7"))
                .build());
        clock.advanceSeconds(1);
        ws.record(s.id(), NewActivity.toolExecuted("bash", Duration.ofMillis(250), true));
        clock.advanceSeconds(1);
        ws.record(s.id(), NewActivity.permissionRequested("git push"));
        ws.waitFor(s.id(), WaitReason.APPROVAL);
        clock.advanceSeconds(1);
        ws.record(s.id(), NewActivity.permissionResolved("git push", true));
        ws.resume(s.id(), NewMessage.user("approved"));
        ws.record(s.id(), NewActivity.warning("retrying once"));
        clock.advanceSeconds(1);
        ws.complete(s.id(), "{\"fixed\":true}");

        List<ActivityEvent> events = ws.activity(s.id());
        assertThat(events).extracting(ActivityEvent::type).containsExactly(ActivityType.SESSION_STARTED,
                ActivityType.TICKET_LINKED, ActivityType.TOOL_EXECUTED, ActivityType.PERMISSION_REQUESTED,
                ActivityType.STATUS_CHANGED, ActivityType.PERMISSION_RESOLVED, ActivityType.STATUS_CHANGED,
                ActivityType.WARNING, ActivityType.OUTPUT_RECORDED, ActivityType.SESSION_ENDED);
        assertThat(events).extracting(ActivityEvent::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().toList());
        assertThat(events).extracting(ActivityEvent::at).isSorted();
        assertThat(events).allSatisfy(e -> assertThat(e.sessionId()).isEqualTo(s.id()));
        assertThat(events).extracting(ActivityEvent::id).doesNotHaveDuplicates();
    }

    @Test
    void viewsOfAnUnknownSessionAreNotFound() {
        UUID unknown = UUID.randomUUID();
        assertThat(thrown(SessionNotFoundException.class, () -> ws.messages(unknown)).sessionId()).isEqualTo(unknown);
        thrown(SessionNotFoundException.class, () -> ws.messages(unknown, 1, 10));
        thrown(SessionNotFoundException.class, () -> ws.lastMessages(unknown, 5));
        thrown(SessionNotFoundException.class, () -> ws.activity(unknown));
    }

    @Test
    void rangeArgumentsAreValidatedNamingTheField() {
        Session s = withMessages(3, "m");
        invalidInput("fromSeq", () -> ws.messages(s.id(), 0, 2));
        invalidInput("fromSeq", () -> ws.messages(s.id(), -1, 2));
        invalidInput("toSeq", () -> ws.messages(s.id(), 3, 2));
        invalidInput("count", () -> ws.lastMessages(s.id(), 0));
        invalidInput("count", () -> ws.lastMessages(s.id(), -5));
    }
}
