package dev.agentruns.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruns.ActivityType;
import dev.agentruns.AgentRuns;
import dev.agentruns.ContentBlock;
import dev.agentruns.IllegalSessionStateException;
import dev.agentruns.Message;
import dev.agentruns.NewMessage;
import dev.agentruns.Role;
import dev.agentruns.Session;
import dev.agentruns.SessionNotFoundException;
import dev.agentruns.SessionStatus;
import dev.agentruns.Usage;
import dev.agentruns.UsageTotals;
import dev.agentruns.WaitReason;
import dev.agentruns.spi.ContentCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Appending messages: content fidelity, seq, usage, idempotent retries, batches, status rules. */
abstract class AppendContract extends ContractFixture {

    static List<ContentBlock> everyKindOfBlock() {
        return List.of(
                ContentBlock.text("NUL:\u0000| emoji:😀🧪 astral:𝄞 cjk:漢字 rtl:שלום quote:\" backslash:\\ "
                        + "newline:\n tab:\t cr:\r nbsp:\u00a0 bom:\ufeff end"),
                ContentBlock.text(""),
                ContentBlock.thinking("Let me think… \u0000 🤔 step 1, step 2", "EqQBCkYIARgCIkB0c2lnbmF0dXJl+/=="),
                ContentBlock.thinking("an unsigned thought", null),
                new ContentBlock.RedactedThinking("EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP=="),
                ContentBlock.toolUse("toolu_01A", "read_file", json("{\"path\":\"src/Main.java\",\"lines\":[1,2,3],"
                        + "\"opts\":{\"follow\":true,\"depth\":null,\"empty\":{}},\"ratio\":1.50,\"neg\":-0.001,"
                        + "\"big\":123456789012345678901234567890,\"long\":9007199254740993,"
                        + "\"text\":\"NUL\\u0000 😀 \\\"q\\\"\",\"unicode key ✓\":\"v\"}")),
                ContentBlock.toolUse("toolu_01B", "list", json("[]")),
                ContentBlock.toolUse("toolu_01C", "echo", json("\"just a string\"")),
                new ContentBlock.ToolResult("toolu_01A", List.of(ContentBlock.text("line 1\nline 2\u0000"),
                        ContentBlock.Image.base64("image/png", "iVBORw0KGgo=")), true),
                ContentBlock.toolResult("toolu_01B", "[]", false),
                new ContentBlock.ToolResult("toolu_01C", List.of(), false),
                ContentBlock.Image.base64("image/png", "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
                        + "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="),
                ContentBlock.Image.url("image/jpeg", "https://example.com/a%20b.jpg?x=1&y=2#frag"));
    }

    @Test
    void everyContentBlockTypeRoundTripsExactly() {
        Session s = start();
        List<ContentBlock> blocks = everyKindOfBlock();
        Usage usage = new Usage("claude-sonnet-4", 1200, 340, 1000, 64);
        Message appended = ws.append(s.id(), new NewMessage(null, Role.ASSISTANT, blocks, usage));

        assertThat(appended.content()).isEqualTo(blocks);
        Message read = ws.messages(s.id()).get(1);
        assertThat(read).isEqualTo(appended);
        assertThat(read.content()).isEqualTo(blocks);
        assertThat(read.usage()).isEqualTo(usage);
        assertThat(read.role()).isEqualTo(Role.ASSISTANT);
        assertThat(read.sessionId()).isEqualTo(s.id());
        assertThat(((ContentBlock.ToolUse) read.content().get(5)).input().path("ratio").decimalValue())
                .isEqualByComparingTo("1.50");
        assertThat(((ContentBlock.ToolResult) read.content().get(8)).isError()).isTrue();
        assertThat(((ContentBlock.ToolResult) read.content().get(9)).isError()).isFalse();
    }

    @Test
    void eachBlockTypeRoundTripsAsTheOnlyBlockOfAMessage() {
        Session s = start();
        List<ContentBlock> blocks = everyKindOfBlock();
        for (ContentBlock block : blocks) {
            ws.append(s.id(), NewMessage.of(Role.TOOL, block));
        }
        List<Message> read = ws.messages(s.id());
        for (int i = 0; i < blocks.size(); i++) {
            assertThat(read.get(i + 1).content()).containsExactly(blocks.get(i));
        }
    }

    @Test
    void appendAssignsGaplessSeqInOrder() {
        Session s = start();
        assertThat(ws.append(s.id(), NewMessage.assistant("two")).seq()).isEqualTo(2);
        assertThat(ws.append(s.id(), NewMessage.user("three")).seq()).isEqualTo(3);
        List<Message> batch = ws.append(s.id(), List.of(NewMessage.assistant("four"), NewMessage.user("five"),
                NewMessage.assistant("six"), NewMessage.of(Role.TOOL, ContentBlock.text("seven"))));
        assertThat(batch).extracting(Message::seq).containsExactly(4L, 5L, 6L, 7L);
        assertThat(batch).extracting(Message::text).containsExactly("four", "five", "six", "seven");

        List<Message> all = ws.messages(s.id());
        assertThat(all).extracting(Message::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(texts(all)).containsExactly("Review PR #42", "two", "three", "four", "five", "six", "seven");
        assertThat(all.subList(3, 7)).isEqualTo(batch);
        assertThat(messageIds(all)).doesNotHaveDuplicates();
        assertThat(ws.get(s.id()).summary().messageCount()).isEqualTo(7);
    }

    @Test
    void appendStampsTheClockAndMovesLastActivityButNotTheVersion() {
        Session s = start();
        clock.advanceSeconds(5);
        Message m = ws.append(s.id(), NewMessage.assistant("on it"));
        assertThat(m.createdAt()).isEqualTo(T0.plusSeconds(5));
        Session after = ws.get(s.id());
        assertThat(after.summary().lastActivityAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(after.summary().version()).isEqualTo(s.summary().version());
        assertThat(after.summary().status()).isEqualTo(SessionStatus.RUNNING);
    }

    @Test
    void usageIsSummedIntoTheSessionTotals() {
        Session s = start();
        ws.append(s.id(), NewMessage.assistant("a").withUsage(new Usage("claude-opus-4", 100, 20, 5, 7)));
        ws.append(s.id(), NewMessage.assistant("b").withUsage(Usage.of(null, 50, 10)));
        ws.append(s.id(), NewMessage.user("no usage"));
        ws.append(s.id(), List.of(NewMessage.assistant("c").withUsage(new Usage("m", 1, 2, 3, 4)),
                NewMessage.assistant("d").withUsage(new Usage("m", 1_000_000_000_000L, 0, 0, 0))));

        UsageTotals expected = new UsageTotals(1_000_000_000_151L, 32, 8, 11);
        assertThat(ws.get(s.id()).summary().usage()).isEqualTo(expected);
        assertThat(listAll(ws, query().build())).singleElement()
                .satisfies(row -> assertThat(row.usage()).isEqualTo(expected));
        List<Message> all = ws.messages(s.id());
        assertThat(all.get(1).usage()).isEqualTo(new Usage("claude-opus-4", 100, 20, 5, 7));
        assertThat(all.get(2).usage()).isEqualTo(Usage.of(null, 50, 10));
        assertThat(all.get(3).usage()).isNull();
    }

    @Test
    void retryWithTheSameClientIdStoresTheMessageOnce() {
        Session s = start();
        Message first = ws.append(s.id(), NewMessage.assistant("answer").withId("client-1"));
        clock.advanceSeconds(3);
        Message retry = ws.append(s.id(), NewMessage.assistant("answer").withId("client-1"));
        Message retryWithOtherContent = ws.append(s.id(), NewMessage.assistant("changed?").withId("client-1"));

        assertThat(first.id()).isEqualTo("client-1");
        assertThat(retry).isEqualTo(first);
        assertThat(retryWithOtherContent).as("the stored message is returned").isEqualTo(first);
        assertThat(ws.messages(s.id())).hasSize(2).last().isEqualTo(first);
        assertThat(ws.get(s.id()).summary().messageCount()).isEqualTo(2);
    }

    @Test
    void retryDoesNotAddUsageTwice() {
        Session s = start();
        NewMessage m = NewMessage.assistant("x").withId("u-1").withUsage(Usage.of("m", 10, 5));
        ws.append(s.id(), m);
        ws.append(s.id(), m);
        assertThat(ws.get(s.id()).summary().usage()).isEqualTo(new UsageTotals(10, 5, 0, 0));
    }

    @Test
    void retriedBatchStoresOnlyTheMessagesNotYetStored() {
        Session s = start();
        List<Message> first = ws.append(s.id(), List.of(NewMessage.assistant("a").withId("x1"),
                NewMessage.assistant("b").withId("x2")));
        List<Message> retry = ws.append(s.id(), List.of(NewMessage.assistant("a").withId("x1"),
                NewMessage.assistant("b").withId("x2"), NewMessage.assistant("c").withId("x3")));

        assertThat(retry.subList(0, 2)).isEqualTo(first);
        assertThat(retry.get(2).seq()).isEqualTo(4);
        assertThat(messageIds(ws.messages(s.id())).subList(1, 4)).containsExactly("x1", "x2", "x3");
    }

    @Test
    void clientIdsAreUniquePerTranscriptNotAcrossSessions() {
        Session a = start("a");
        Session b = start("b");
        Message inA = ws.append(a.id(), NewMessage.assistant("in a").withId("shared-id"));
        Message inB = ws.append(b.id(), NewMessage.assistant("in b").withId("shared-id"));
        assertThat(inA.sessionId()).isEqualTo(a.id());
        assertThat(inB.sessionId()).isEqualTo(b.id());
        assertThat(ws.messages(a.id()).get(1).text()).isEqualTo("in a");
        assertThat(ws.messages(b.id()).get(1).text()).isEqualTo("in b");
    }

    @Test
    void clientIdsAreComparedExactly() {
        Session s = start();
        ws.append(s.id(), NewMessage.assistant("1").withId("msg-a"));
        ws.append(s.id(), NewMessage.assistant("2").withId("MSG-A"));
        ws.append(s.id(), NewMessage.assistant("3").withId("msg-a "));
        ws.append(s.id(), NewMessage.assistant("4").withId("msg-á"));
        assertThat(messageIds(ws.messages(s.id())).subList(1, 5)).containsExactly("msg-a", "MSG-A", "msg-a ", "msg-á");
        assertThat(texts(ws.messages(s.id())).subList(1, 5)).containsExactly("1", "2", "3", "4");
    }

    @Test
    void batchWithTheSameClientIdTwiceIsRejectedAndNothingIsStored() {
        Session s = start();
        rejectedInput("messages[1].id", () -> ws.append(s.id(), List.of(NewMessage.assistant("a").withId("dup"),
                NewMessage.assistant("b").withId("dup"))));
    }

    @Test
    void appendWhileWaitingIsAllowed() {
        Session s = start();
        ws.waitFor(s.id(), WaitReason.APPROVAL);
        Message m = ws.append(s.id(), NewMessage.assistant("still here"));
        assertThat(m.seq()).isEqualTo(2);
        assertThat(ws.get(s.id()).status()).isEqualTo(SessionStatus.WAITING);
    }

    @Test
    void appendToAnEndedSessionIsAnIllegalSessionState() {
        Session completed = start("c");
        ws.complete(completed.id());
        Session failed = start("f");
        ws.fail(failed.id(), "boom");
        Session cancelled = start("x");
        ws.cancel(cancelled.id());

        for (Session s : List.of(completed, failed, cancelled)) {
            SessionStatus status = ws.get(s.id()).status();
            IllegalSessionStateException e = rejected(IllegalSessionStateException.class,
                    () -> ws.append(s.id(), NewMessage.user("one more thing")));
            assertThat(e.sessionId()).isEqualTo(s.id());
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.getMessage()).contains(s.id().toString()).contains(status.name());
            rejected(IllegalSessionStateException.class,
                    () -> ws.append(s.id(), List.of(NewMessage.user("a"), NewMessage.user("b"))));
        }
    }

    @Test
    void appendToAnUnknownSessionIsNotFound() {
        UUID unknown = UUID.randomUUID();
        SessionNotFoundException e = rejected(SessionNotFoundException.class,
                () -> ws.append(unknown, NewMessage.user("hello")));
        assertThat(e.sessionId()).isEqualTo(unknown);
    }

    @Test
    void messageOfExactlyTheDefaultMaximumSizeRoundTripsExactly() {
        Session s = start();
        String head = "ü😀漢\u0000\"\\ ";
        int overhead = ContentCodec.write(List.of(ContentBlock.text(head))).getBytes(StandardCharsets.UTF_8).length;
        String text = head + "a".repeat((int) (AgentRuns.DEFAULT_MAX_PAYLOAD_BYTES - overhead));
        assertThat(ContentCodec.write(List.of(ContentBlock.text(text))).getBytes(StandardCharsets.UTF_8).length)
                .isEqualTo(AgentRuns.DEFAULT_MAX_PAYLOAD_BYTES);
        Message m = ws.append(s.id(), NewMessage.assistant(text));
        Message read = ws.lastMessages(s.id(), 1).get(0);
        assertThat(read.seq()).isEqualTo(m.seq());
        assertThat(read.text().length()).isEqualTo(text.length());
        assertThat(read.text().equals(text)).as("10 MiB text read back equal").isTrue();
    }

    @Test
    void largeOutputsAndActivityDetailsRoundTripExactly() {
        Session s = start();
        com.fasterxml.jackson.databind.node.ObjectNode details = JSON.createObjectNode();
        details.put("log", "line ✓\n".repeat(40_000));
        ws.record(s.id(), dev.agentruns.NewActivity.custom("build.log", "Build log", details));
        com.fasterxml.jackson.databind.node.ObjectNode output = JSON.createObjectNode();
        com.fasterxml.jackson.databind.node.ArrayNode items = output.putArray("items");
        for (int i = 0; i < 20_000; i++) {
            items.addObject().put("n", i).put("name", "item " + i + " 😀");
        }
        ws.complete(s.id(), output);
        assertThat(lastEvent(ws, s.id()).type()).isEqualTo(ActivityType.SESSION_ENDED);
        assertThat(eventsOf(ws, s.id(), ActivityType.custom("build.log")).get(0).details()).isEqualTo(details);
        assertThat(ws.get(s.id()).output().value()).isEqualTo(output);
    }
}
