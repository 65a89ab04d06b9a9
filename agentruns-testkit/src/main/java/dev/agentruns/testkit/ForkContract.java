package dev.agentruns.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruns.ActivityEvent;
import dev.agentruns.ActivityType;
import dev.agentruns.ContentBlock;
import dev.agentruns.ForkOrigin;
import dev.agentruns.Message;
import dev.agentruns.MessageNotFoundException;
import dev.agentruns.NewMessage;
import dev.agentruns.Role;
import dev.agentruns.Session;
import dev.agentruns.SessionKind;
import dev.agentruns.SessionNotFoundException;
import dev.agentruns.SessionQuery;
import dev.agentruns.SessionStatus;
import dev.agentruns.StartSession;
import dev.agentruns.TicketRef;
import dev.agentruns.Usage;
import dev.agentruns.UsageTotals;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Fork: prefix 1..k plus a new prompt, FORKED on both timelines, forks of forks, deleting sources. */
abstract class ForkContract extends ContractFixture {

    /** A five-message source with mixed blocks, usage, a ticket and an output schema; ids a1..a5. */
    Session source() {
        Session s = ws.start(StartSession.builder(AGENT, NewMessage.user("Write a JSON parser").withId("a1"))
                .kind(SessionKind.CHAT).ticket(TicketRef.of("jira", "P-1"))
                .outputSchema("{\"type\":\"object\"}").build());
        clock.advanceSeconds(1);
        ws.append(s.id(), NewMessage.assistant("Plan: tokenizer, then parser.").withId("a2")
                .withUsage(new Usage("m", 100, 20, 0, 0)));
        clock.advanceSeconds(1);
        ws.append(s.id(), new NewMessage("a3", Role.ASSISTANT, List.of(ContentBlock.thinking("hmm 🤔", "sig"),
                ContentBlock.toolUse("tu1", "write_file", json("{\"path\":\"Parser.java\"}"))), null));
        clock.advanceSeconds(1);
        ws.append(s.id(), new NewMessage("a4", Role.TOOL,
                List.of(ContentBlock.toolResult("tu1", "written \u0000", false)), null));
        clock.advanceSeconds(1);
        ws.append(s.id(), NewMessage.assistant("Done.").withId("a5").withUsage(Usage.of("m", 10, 2)));
        clock.advanceSeconds(60);
        return ws.get(s.id());
    }

    @Test
    void forkAtMessageKStartsFromItsPrefixFollowedByTheNewPrompt() {
        Session src = source();
        List<Message> srcMessages = ws.messages(src.id());
        List<ActivityEvent> srcActivity = ws.activity(src.id());

        Session fork = ws.fork(src.id(), "a3", NewMessage.user("Use a recursive-descent parser instead"));

        assertThat(fork.id()).isNotEqualTo(src.id());
        assertThat(fork.status()).isEqualTo(SessionStatus.RUNNING);
        assertThat(fork.summary().workspaceId()).isEqualTo(ws.id());
        assertThat(fork.summary().kind()).isEqualTo(SessionKind.CHAT);
        assertThat(fork.summary().agent()).isEqualTo(AGENT);
        assertThat(fork.outputSchema()).isEqualTo(src.outputSchema());
        assertThat(fork.summary().forkedFrom()).isEqualTo(new ForkOrigin(src.id(), "a3", 3));
        assertThat(fork.summary().messageCount()).isEqualTo(4);
        assertThat(fork.summary().title()).isEqualTo("Use a recursive-descent parser instead");
        assertThat(fork.summary().ticket()).isNull();
        assertThat(fork.summary().startedAt()).isEqualTo(clock.instant());
        assertThat(fork.summary().version()).isEqualTo(1);
        assertThat(fork.summary().usage()).isEqualTo(UsageTotals.ZERO);
        assertThat(fork.output()).isNull();
        assertThat(ws.get(fork.id())).isEqualTo(fork);

        List<Message> forkMessages = ws.messages(fork.id());
        assertThat(forkMessages).hasSize(4);
        assertThat(forkMessages.subList(0, 3)).isEqualTo(srcMessages.subList(0, 3));
        Message prompt = forkMessages.get(3);
        assertThat(prompt.seq()).isEqualTo(4);
        assertThat(prompt.sessionId()).isEqualTo(fork.id());
        assertThat(prompt.role()).isEqualTo(Role.USER);
        assertThat(prompt.text()).isEqualTo("Use a recursive-descent parser instead");
        assertThat(prompt.createdAt()).isEqualTo(clock.instant());

        assertThat(types(fork.id())).containsExactly(ActivityType.SESSION_STARTED, ActivityType.FORKED);
        ActivityEvent forked = ws.activity(fork.id()).get(1);
        assertThat(forked.details().path("sourceSessionId").asText()).isEqualTo(src.id().toString());
        assertThat(forked.details().path("forkSessionId").asText()).isEqualTo(fork.id().toString());
        assertThat(forked.details().path("messageId").asText()).isEqualTo("a3");
        assertThat(forked.details().path("messageSeq").asLong()).isEqualTo(3);

        Session srcAfter = ws.get(src.id());
        assertThat(withoutLastActivity(srcAfter.summary())).isEqualTo(withoutLastActivity(src.summary()));
        assertThat(srcAfter.output()).isEqualTo(src.output());
        assertThat(srcAfter.summary().lastActivityAt()).isEqualTo(clock.instant());
        assertThat(ws.messages(src.id())).isEqualTo(srcMessages);
        List<ActivityEvent> srcActivityAfter = ws.activity(src.id());
        assertThat(srcActivityAfter).hasSize(srcActivity.size() + 1);
        assertThat(srcActivityAfter.subList(0, srcActivity.size())).isEqualTo(srcActivity);
        ActivityEvent onSource = srcActivityAfter.get(srcActivity.size());
        assertThat(onSource.type()).isEqualTo(ActivityType.FORKED);
        assertThat(onSource.details().path("forkSessionId").asText()).isEqualTo(fork.id().toString());
    }

    @Test
    void forkAtTheFirstAndAtTheLastMessage() {
        Session src = source();
        Session atFirst = ws.fork(src.id(), "a1", NewMessage.user("again, shorter"));
        assertThat(messageIds(ws.messages(atFirst.id())).subList(0, 1)).containsExactly("a1");
        assertThat(ws.messages(atFirst.id())).hasSize(2);
        Session atLast = ws.fork(src.id(), "a5", NewMessage.user("now add tests"));
        assertThat(messageIds(ws.messages(atLast.id())).subList(0, 5)).containsExactly("a1", "a2", "a3", "a4", "a5");
        assertThat(ws.get(atLast.id()).summary().messageCount()).isEqualTo(6);
    }

    @Test
    void forkOfForkKeepsBothPrefixes() {
        Session a = source();
        Session b = ws.fork(a.id(), "a3", NewMessage.user("b4").withId("b4"));
        ws.append(b.id(), NewMessage.assistant("b5").withId("b5"));
        ws.append(b.id(), NewMessage.assistant("b6").withId("b6"));
        Session c = ws.fork(b.id(), "b5", NewMessage.user("c6").withId("c6"));

        List<Message> cMessages = ws.messages(c.id());
        assertThat(messageIds(cMessages)).containsExactly("a1", "a2", "a3", "b4", "b5", "c6");
        assertThat(cMessages).extracting(Message::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(cMessages.subList(0, 3)).isEqualTo(ws.messages(a.id()).subList(0, 3));
        assertThat(cMessages.subList(3, 5)).isEqualTo(ws.messages(b.id()).subList(3, 5));
        assertThat(ws.get(c.id()).summary().forkedFrom()).isEqualTo(new ForkOrigin(b.id(), "b5", 5));
        assertThat(ws.get(c.id()).summary().messageCount()).isEqualTo(6);
        assertThat(ws.messages(c.id(), 3, 5)).isEqualTo(cMessages.subList(2, 5));
        assertThat(ws.lastMessages(c.id(), 4)).isEqualTo(cMessages.subList(2, 6));
        assertThat(messageIds(ws.messages(b.id()))).containsExactly("a1", "a2", "a3", "b4", "b5", "b6");
        assertThat(messageIds(ws.messages(a.id()))).containsExactly("a1", "a2", "a3", "a4", "a5");
    }

    @Test
    void forkAtAnInheritedMessageSharesOnlyThatPrefix() {
        Session a = source();
        Session b = ws.fork(a.id(), "a4", NewMessage.user("b5").withId("b5"));
        Session c = ws.fork(b.id(), "a2", NewMessage.user("c3").withId("c3"));
        assertThat(messageIds(ws.messages(c.id()))).containsExactly("a1", "a2", "c3");
        assertThat(ws.get(c.id()).summary().forkedFrom()).isEqualTo(new ForkOrigin(b.id(), "a2", 2));
    }

    @Test
    void forkAndSourceGoOnIndependently() {
        Session a = source();
        Session b = ws.fork(a.id(), "a2", NewMessage.user("b3").withId("b3"));
        ws.append(b.id(), NewMessage.assistant("b4").withId("b4"));
        ws.append(a.id(), NewMessage.user("a6").withId("a6"));
        assertThat(messageIds(ws.messages(a.id()))).containsExactly("a1", "a2", "a3", "a4", "a5", "a6");
        assertThat(messageIds(ws.messages(b.id()))).containsExactly("a1", "a2", "b3", "b4");
        assertThat(ws.messages(b.id())).extracting(Message::seq).containsExactly(1L, 2L, 3L, 4L);
        ws.complete(a.id());
        assertThat(ws.get(b.id()).status()).isEqualTo(SessionStatus.RUNNING);
        ws.append(b.id(), NewMessage.assistant("b5"));
        assertThat(ws.get(b.id()).summary().messageCount()).isEqualTo(5);
    }

    @Test
    void forkOfAnEndedSessionRunsAndTakesMessages() {
        Session a = source();
        ws.complete(a.id(), "{\"parser\":\"done\"}");
        Session b = ws.fork(a.id(), "a5", NewMessage.user("go on from here"));
        assertThat(b.status()).isEqualTo(SessionStatus.RUNNING);
        assertThat(b.output()).isNull();
        assertThat(b.summary().outputStatus()).isNull();
        assertThat(b.summary().endedAt()).isNull();
        ws.append(b.id(), NewMessage.assistant("continuing"));
        assertThat(ws.get(b.id()).summary().messageCount()).isEqualTo(7);
        assertThat(ws.get(a.id()).status()).isEqualTo(SessionStatus.COMPLETED);
    }

    @Test
    void forkCountsUsageOfItsOwnMessagesOnly() {
        Session a = source();
        Session b = ws.fork(a.id(), "a5", NewMessage.user("more"));
        assertThat(ws.get(b.id()).summary().usage()).isEqualTo(UsageTotals.ZERO);
        ws.append(b.id(), NewMessage.assistant("x").withUsage(Usage.of("m", 7, 3)));
        assertThat(ws.get(b.id()).summary().usage()).isEqualTo(new UsageTotals(7, 3, 0, 0));
        assertThat(ws.get(a.id()).summary().usage()).isEqualTo(new UsageTotals(110, 22, 0, 0));
    }

    @Test
    void forkFromAMessageOfAnotherSessionIsMessageNotFound() {
        Session a = source();
        Session other = start("other");
        Message foreignMessage = ws.append(other.id(), NewMessage.assistant("not in a").withId("o2"));
        MessageNotFoundException e = rejected(MessageNotFoundException.class,
                () -> ws.fork(a.id(), foreignMessage.id(), NewMessage.user("x")));
        assertThat(e.sessionId()).isEqualTo(a.id());
        assertThat(e.messageId()).isEqualTo("o2");
        rejected(MessageNotFoundException.class,
                () -> ws.fork(a.id(), ws.messages(other.id()).get(0).id(), NewMessage.user("x")));
    }

    @Test
    void forkAtAMessageAfterTheForkPointOfItsSourceIsMessageNotFound() {
        Session a = source();
        Session b = ws.fork(a.id(), "a2", NewMessage.user("b3"));
        MessageNotFoundException e = rejected(MessageNotFoundException.class,
                () -> ws.fork(b.id(), "a4", NewMessage.user("x")));
        assertThat(e.sessionId()).isEqualTo(b.id());
    }

    @Test
    void forkAtAnUnknownMessageIsMessageNotFoundAndOfAnUnknownSessionIsSessionNotFound() {
        Session a = source();
        rejected(MessageNotFoundException.class, () -> ws.fork(a.id(), "no-such-message", NewMessage.user("x")));
        rejected(MessageNotFoundException.class, () -> ws.fork(a.id(), "A1", NewMessage.user("x")));
        UUID unknown = UUID.randomUUID();
        SessionNotFoundException e = rejected(SessionNotFoundException.class,
                () -> ws.fork(unknown, "a1", NewMessage.user("x")));
        assertThat(e.sessionId()).isEqualTo(unknown);
    }

    @Test
    void newPromptReusingAnIdOfThePrefixIsRejected() {
        Session a = source();
        rejectedInput("newPrompt.id", () -> ws.fork(a.id(), "a3", NewMessage.user("x").withId("a2")));
    }

    @Test
    void newPromptMayReuseAnIdFromAfterTheForkPoint() {
        Session a = source();
        Session b = ws.fork(a.id(), "a2", NewMessage.user("replacement").withId("a3"));
        List<Message> messages = ws.messages(b.id());
        assertThat(messageIds(messages)).containsExactly("a1", "a2", "a3");
        assertThat(messages.get(2).text()).isEqualTo("replacement");
        assertThat(messages.get(2).sessionId()).isEqualTo(b.id());
    }

    @Test
    void appendWithTheIdOfAnInheritedMessageIsAnIdempotentRetry() {
        Session a = source();
        Session b = ws.fork(a.id(), "a3", NewMessage.user("b4").withId("b4"));
        Message inherited = ws.messages(b.id()).get(1);
        Message retried = ws.append(b.id(), NewMessage.assistant("again").withId("a2"));
        assertThat(retried).isEqualTo(inherited);
        assertThat(ws.get(b.id()).summary().messageCount()).isEqualTo(4);
        Message notInherited = ws.append(b.id(), NewMessage.assistant("mine now").withId("a4"));
        assertThat(notInherited.seq()).isEqualTo(5);
        assertThat(notInherited.sessionId()).isEqualTo(b.id());
        assertThat(messageIds(ws.messages(b.id()))).containsExactly("a1", "a2", "a3", "b4", "a4");
    }

    @Test
    void deletingTheSourceKeepsForksWhole() {
        Session a = source();
        Session b = ws.fork(a.id(), "a3", NewMessage.user("b4").withId("b4"));
        ws.append(b.id(), NewMessage.assistant("b5").withId("b5"));
        Session c = ws.fork(b.id(), "b4", NewMessage.user("c5").withId("c5"));
        ws.complete(a.id());
        ws.complete(b.id());
        Stored bBefore = stored(ws, b.id());
        Stored cBefore = stored(ws, c.id());

        ws.delete(a.id());

        assertThat(ws.find(a.id())).isEmpty();
        assertThat(ws.get(b.id())).isEqualTo(bBefore.session());
        assertThat(ws.get(c.id())).isEqualTo(cBefore.session());
        assertThat(contentOf(ws.messages(b.id()))).isEqualTo(contentOf(bBefore.messages()));
        assertThat(contentOf(ws.messages(c.id()))).isEqualTo(contentOf(cBefore.messages()));
        assertThat(ws.activity(b.id())).isEqualTo(bBefore.activity());
        assertThat(contentOf(ws.messages(b.id(), 2, 3))).isEqualTo(contentOf(bBefore.messages().subList(1, 3)));
        assertThat(contentOf(ws.lastMessages(c.id(), 5))).isEqualTo(contentOf(cBefore.messages()));

        ws.delete(b.id());
        assertThat(ws.get(c.id())).isEqualTo(cBefore.session());
        assertThat(contentOf(ws.messages(c.id()))).isEqualTo(contentOf(cBefore.messages()));
        assertThat(messageIds(ws.messages(c.id()))).containsExactly("a1", "a2", "a3", "b4", "c5");

        Session d = ws.fork(c.id(), "a2", NewMessage.user("d3").withId("d3"));
        List<Message> dMessages = ws.messages(d.id());
        assertThat(messageIds(dMessages)).containsExactly("a1", "a2", "d3");
        assertThat(contentOf(dMessages.subList(0, 2))).isEqualTo(contentOf(cBefore.messages().subList(0, 2)));
        Message retried = ws.append(c.id(), NewMessage.assistant("again").withId("a3"));
        assertThat(MessageContent.of(retried)).isEqualTo(MessageContent.of(cBefore.messages().get(2)));
        assertThat(ws.get(c.id()).summary().messageCount()).isEqualTo(5);
    }

    @Test
    void deletingTheMiddleOfAChainKeepsBothEndsWhole() {
        Session a = source();
        Session b = ws.fork(a.id(), "a4", NewMessage.user("b5").withId("b5"));
        Session c = ws.fork(b.id(), "b5", NewMessage.user("c6").withId("c6"));
        ws.cancel(b.id());
        Stored aBefore = stored(ws, a.id());
        List<Message> cBefore = ws.messages(c.id());

        ws.delete(b.id());

        assertThat(ws.messages(a.id())).isEqualTo(aBefore.messages());
        assertThat(ws.get(a.id())).isEqualTo(aBefore.session());
        assertThat(contentOf(ws.messages(c.id()))).isEqualTo(contentOf(cBefore));
    }

    @Test
    void deletingAForkLeavesItsSourceAndSiblingsAlone() {
        Session a = source();
        Session b1 = ws.fork(a.id(), "a3", NewMessage.user("b1"));
        Session b2 = ws.fork(a.id(), "a3", NewMessage.user("b2"));
        ws.cancel(b1.id());
        Stored aBefore = stored(ws, a.id());
        Stored b2Before = stored(ws, b2.id());
        ws.delete(b1.id());
        assertThat(stored(ws, a.id())).isEqualTo(aBefore);
        assertThat(stored(ws, b2.id())).isEqualTo(b2Before);
    }

    @Test
    void forksAreListedByTheirSource() {
        Session a = source();
        clock.advanceSeconds(1);
        Session b1 = ws.fork(a.id(), "a2", NewMessage.user("b1"));
        clock.advanceSeconds(1);
        Session b2 = ws.fork(a.id(), "a5", NewMessage.user("b2"));
        clock.advanceSeconds(1);
        Session c = ws.fork(b1.id(), "a1", NewMessage.user("c"));
        assertQuery(ws, SessionQuery.builder().forkedFrom(a.id()).build(), b2, b1);
        assertQuery(ws, SessionQuery.builder().forkedFrom(b1.id()).build(), c);
        assertQuery(ws, SessionQuery.builder().forkedFrom(c.id()).build());
        ws.cancel(b1.id());
        ws.archive(b1.id());
        assertQuery(ws, SessionQuery.builder().forkedFrom(a.id()).build(), b2);
        assertQuery(ws, SessionQuery.builder().forkedFrom(a.id()).archived(dev.agentruns.ArchivedFilter.INCLUDE)
                .build(), b2, b1);
    }

    @Test
    void forksStayListedUnderADeletedSource() {
        Session a = source();
        Session b = ws.fork(a.id(), "a2", NewMessage.user("b"));
        ws.complete(a.id());
        ws.delete(a.id());
        assertQuery(ws, SessionQuery.builder().forkedFrom(a.id()).build(), b);
        assertThat(ws.get(b.id()).summary().forkedFrom()).isEqualTo(new ForkOrigin(a.id(), "a2", 2));
    }

    @Test
    void longPrefixesAreReadCompletely() {
        Session a = start("0");
        List<NewMessage> batch = new ArrayList<>();
        for (int i = 1; i < 560; i++) {
            batch.add(NewMessage.assistant(Integer.toString(i)).withId("m" + i));
            if (batch.size() == 80) {
                ws.append(a.id(), batch);
                batch.clear();
            }
        }
        ws.append(a.id(), batch);
        Session b = ws.fork(a.id(), "m530", NewMessage.user("fork"));
        List<Message> messages = ws.messages(b.id());
        assertThat(messages).extracting(Message::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 532).boxed().toList());
        assertThat(messages.subList(0, 531)).isEqualTo(ws.messages(a.id()).subList(0, 531));
        assertThat(ws.messages(b.id(), 500, 600)).extracting(Message::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(500, 532).boxed().toList());
    }
}
