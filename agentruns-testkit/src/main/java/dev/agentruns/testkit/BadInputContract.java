package dev.agentruns.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruns.ActivityType;
import dev.agentruns.AgentRef;
import dev.agentruns.AgentRuns;
import dev.agentruns.ContentBlock;
import dev.agentruns.ExportFormat;
import dev.agentruns.InvalidCursorException;
import dev.agentruns.Message;
import dev.agentruns.NewActivity;
import dev.agentruns.NewMessage;
import dev.agentruns.Page;
import dev.agentruns.PayloadTooLargeException;
import dev.agentruns.Role;
import dev.agentruns.Session;
import dev.agentruns.SessionQuery;
import dev.agentruns.SessionStatus;
import dev.agentruns.SessionSummary;
import dev.agentruns.SortOrder;
import dev.agentruns.StartSession;
import dev.agentruns.TicketRef;
import dev.agentruns.TimeWindow;
import dev.agentruns.WaitReason;
import dev.agentruns.Workspace;
import dev.agentruns.spi.ContentCodec;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Bad input is rejected with a typed exception naming the field, before anything is stored: the
 * store is compared before and after every rejected call.
 */
abstract class BadInputContract extends ContractFixture {
    static final long MAX = 1024;

    /** A workspace whose AgentRuns accepts at most {@link #MAX} bytes per payload. */
    Workspace small() {
        return builder().maxPayloadBytes(MAX).build().workspace(ws.id());
    }

    /** ASCII text whose message content is exactly {@code bytes} long in its stored JSON form. */
    static String textOfContentSize(long bytes) {
        int overhead = ContentCodec.write(List.of(ContentBlock.text(""))).getBytes(StandardCharsets.UTF_8).length;
        return "x".repeat((int) (bytes - overhead));
    }

    @Test
    void nullOrBlankWorkspaceIdsAreRejected() {
        invalidInput("workspaceId", () -> runs.workspace(null));
        invalidInput("workspaceId", () -> runs.workspace(""));
        invalidInput("workspaceId", () -> runs.workspace(" \t"));
        invalidInput("workspaceId", () -> runs.workspace("w".repeat(201)));
    }

    @Test
    void nullOrBlankNamesAndValuesAreRejectedNamingTheField() {
        invalidInput("agent.id", () -> AgentRef.of(null));
        invalidInput("agent.id", () -> AgentRef.of(" "));
        invalidInput("agent.displayName", () -> new AgentRef("a", "", null));
        invalidInput("agent.icon", () -> new AgentRef("a", "A", " "));
        invalidInput("agent", () -> StartSession.of(null, "p"));
        invalidInput("prompt", () -> StartSession.of(AGENT, null));
        invalidInput("prompt", () -> StartSession.of(AGENT, "   "));
        invalidInput("prompt", () -> StartSession.builder(AGENT, (NewMessage) null).build());
        invalidInput("kind", () -> StartSession.builder(AGENT, "p").kind(null).build());
        invalidInput("title", () -> StartSession.builder(AGENT, "p").title(" ").build());
        invalidInput("ticket.system", () -> TicketRef.of(" ", "K-1"));
        invalidInput("ticket.key", () -> TicketRef.of("jira", ""));
        invalidInput("ticket.key", () -> TicketRef.of("jira", null));
        invalidInput("message.role", () -> new NewMessage(null, null, List.of(ContentBlock.text("x")), null));
        invalidInput("message.content", () -> new NewMessage(null, Role.USER, List.of(), null));
        invalidInput("message.content", () -> new NewMessage(null, Role.USER, null, null));
        invalidInput("message.content[0]", () -> new NewMessage(null, Role.USER, Arrays.asList((ContentBlock) null), null));
        invalidInput("message.id", () -> NewMessage.user("x").withId(" "));
        invalidInput("message.id", () -> NewMessage.user("x").withId("i".repeat(201)));
        invalidInput("text", () -> ContentBlock.text(null));
        invalidInput("thinking", () -> ContentBlock.thinking(null, "sig"));
        invalidInput("toolUse.id", () -> ContentBlock.toolUse(" ", "n", json("{}")));
        invalidInput("toolUse.name", () -> ContentBlock.toolUse("id", "", json("{}")));
        invalidInput("toolUse.input", () -> ContentBlock.toolUse("id", "n", null));
        invalidInput("toolResult.toolUseId", () -> ContentBlock.toolResult(" ", "x", false));
        invalidInput("toolResult.content", () -> new ContentBlock.ToolResult("t", List.of(
                new ContentBlock.RedactedThinking("x")), false));
        invalidInput("image", () -> new ContentBlock.Image("image/png", null, null));
        invalidInput("image", () -> new ContentBlock.Image("image/png", "data", "https://x"));
        invalidInput("image.mediaType", () -> ContentBlock.Image.url(" ", "https://x"));
        invalidInput("activity.summary", () -> NewActivity.warning(" "));
        invalidInput("activity.summary", () -> NewActivity.warning("s".repeat(2001)));
        invalidInput("activity.type", () -> ActivityType.custom("9lives"));
        invalidInput("activity.type", () -> ActivityType.custom("has space"));
        invalidInput("activity.type", () -> ActivityType.custom("x".repeat(65)));
        invalidInput("activity.details", () -> NewActivity.custom("x", "s", json("[1]")));
        invalidInput("toolName", () -> NewActivity.toolExecuted(" ", java.time.Duration.ZERO, true));
        invalidInput("duration", () -> NewActivity.toolExecuted("t", java.time.Duration.ofMillis(-1), true));
        invalidInput("permission", () -> NewActivity.permissionRequested(""));
        invalidInput("usage.inputTokens", () -> dev.agentruns.Usage.of("m", -1, 0));
        invalidInput("agentIds", () -> SessionQuery.builder().agents(" "));
        invalidInput("window", () -> TimeWindow.between(T0, T0));
        invalidInput("window", () -> TimeWindow.between(T0.plusSeconds(1), T0));
        invalidInput("window.from", () -> TimeWindow.since(null));
        invalidInput("maxPayloadBytes", () -> AgentRuns.builder(repository).maxPayloadBytes(1023));
        invalidInput("repository", () -> AgentRuns.builder(null));
    }

    @Test
    void nullArgumentsToWorkspaceVerbsAreRejectedAndNothingIsStored() {
        Session s = start();
        ws.append(s.id(), NewMessage.assistant("m2").withId("m2"));
        rejectedInput("start", () -> ws.start(null));
        rejectedInput("sessionId", () -> ws.append(null, NewMessage.user("x")));
        rejectedInput("message", () -> ws.append(s.id(), (NewMessage) null));
        rejectedInput("messages", () -> ws.append(s.id(), (List<NewMessage>) null));
        rejectedInput("messages", () -> ws.append(s.id(), List.of()));
        rejectedInput("messages[1]", () -> ws.append(s.id(), Arrays.asList(NewMessage.user("a"), null)));
        rejectedInput("sessionId", () -> ws.record(null, NewActivity.warning("x")));
        rejectedInput("activity", () -> ws.record(s.id(), null));
        rejectedInput("reason", () -> ws.waitFor(s.id(), null));
        rejectedInput("sessionId", () -> ws.waitFor(null, WaitReason.INPUT));
        rejectedInput("sessionId", () -> ws.complete(null));
        rejectedInput("output", () -> ws.complete(s.id(), (String) null));
        rejectedInput("error", () -> ws.fail(s.id(), null));
        rejectedInput("error", () -> ws.fail(s.id(), "  "));
        rejectedInput("reason", () -> ws.cancel(s.id(), " "));
        rejectedInput("sessionId", () -> ws.cancel(null));
        rejectedInput("sourceSessionId", () -> ws.fork(null, "m2", NewMessage.user("x")));
        rejectedInput("atMessageId", () -> ws.fork(s.id(), " ", NewMessage.user("x")));
        rejectedInput("atMessageId", () -> ws.fork(s.id(), null, NewMessage.user("x")));
        rejectedInput("newPrompt", () -> ws.fork(s.id(), "m2", null));
        rejectedInput("ticket", () -> ws.linkTicket(s.id(), null));
        rejectedInput("sessionId", () -> ws.linkTicket(null, TicketRef.of("a", "b")));
        rejectedInput("sessionId", () -> ws.unlinkTicket(null));
        rejectedInput("sessionId", () -> ws.archive(null));
        rejectedInput("sessionId", () -> ws.unarchive(null));
        rejectedInput("sessionId", () -> ws.delete(null));
        rejectedInput("sessionId", () -> ws.get(null));
        rejectedInput("sessionId", () -> ws.find(null));
        rejectedInput("query", () -> ws.list(null));
        rejectedInput("query", () -> ws.count(null));
        rejectedInput("ticket", () -> ws.sessionsOfTicket(null));
        rejectedInput("sessionIds", () -> ws.archiveAll((Collection<UUID>) null));
        rejectedInput("sessionIds", () -> ws.deleteAll((Collection<UUID>) null));
        rejectedInput("sessionIds[0]", () -> ws.deleteAll(Arrays.asList((UUID) null)));
        rejectedInput("query", () -> ws.archiveAll((SessionQuery) null));
        rejectedInput("query", () -> ws.deleteAll((SessionQuery) null));
        rejectedInput("format", () -> ws.exportOutputs(List.of(s.id()), null, new StringWriter()));
        rejectedInput("out", () -> ws.exportOutputs(List.of(s.id()), ExportFormat.JSON_ARRAY, (Writer) null));
        rejectedInput("out", () -> ws.exportOutputs(List.of(s.id()), ExportFormat.JSON_ARRAY, (OutputStream) null));
        rejectedInput("query", () -> ws.exportOutputs((SessionQuery) null, ExportFormat.JSON_LINES,
                new StringWriter()));
        assertThat(ws.get(s.id()).status()).isEqualTo(SessionStatus.RUNNING);
    }

    @Test
    void limitsOutsideOneTo500AreRejected() {
        for (int limit : new int[] {0, -1, 501, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            invalidInput("limit", () -> SessionQuery.builder().limit(limit).build());
            invalidInput("limit", () -> SessionQuery.all().withLimit(limit));
        }
        start();
        assertThat(ws.list(SessionQuery.builder().limit(1).build()).items()).hasSize(1);
        assertThat(ws.list(SessionQuery.builder().limit(500).build()).items()).hasSize(1);
    }

    @Test
    void malformedTamperedAndTruncatedCursorsAreRejected() {
        for (int i = 0; i < 3; i++) {
            clock.advanceSeconds(1);
            start("s" + i);
        }
        SessionQuery q = SessionQuery.builder().limit(1).build();
        Page<SessionSummary> first = ws.list(q);
        String cursor = first.nextCursor();
        assertThat(cursor).isNotBlank();
        assertThat(ws.list(q.withCursor(cursor)).items()).hasSize(1);

        char[] chars = cursor.toCharArray();
        int mid = chars.length / 2;
        chars[mid] = chars[mid] == 'A' ? 'B' : 'A';
        String tampered = new String(chars);
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("c1|0|" + T0.getEpochSecond() + "|0|" + UUID.randomUUID() + "|0").getBytes(StandardCharsets.US_ASCII));
        List<String> bad = new ArrayList<>(List.of("not a cursor!", "%%%", tampered, cursor.substring(0, cursor.length() - 3),
                cursor.substring(0, cursor.length() - 1), cursor.substring(0, 8), cursor + "AAAA", "AAAA",
                Base64.getUrlEncoder().encodeToString("hello|world".getBytes(StandardCharsets.US_ASCII)), forged));
        for (String c : bad) {
            InvalidCursorException e = rejected(InvalidCursorException.class, () -> ws.list(q.withCursor(c)));
            assertThat(e.field()).as("cursor %s", c).isEqualTo("cursor");
        }
        InvalidCursorException otherSort = rejected(InvalidCursorException.class,
                () -> ws.list(q.toBuilder().sort(SortOrder.OLDEST_FIRST).cursor(cursor).build()));
        assertThat(otherSort.getMessage()).contains("sort");
        invalidInput("cursor", () -> q.withCursor(" "));
        invalidInput("cursor", () -> q.withCursor(""));
        assertThat(thrown(InvalidCursorException.class, () -> q.withCursor("")).field()).isEqualTo("cursor");
    }

    @Test
    void unknownIdsAreReportedAsNotFoundNamingThem() {
        UUID unknown = UUID.randomUUID();
        assertThat(rejected(dev.agentruns.SessionNotFoundException.class, () -> ws.get(unknown)).sessionId())
                .isEqualTo(unknown);
        Session s = start();
        dev.agentruns.MessageNotFoundException e = rejected(dev.agentruns.MessageNotFoundException.class,
                () -> ws.fork(s.id(), "no-such-message", NewMessage.user("x")));
        assertThat(e.messageId()).isEqualTo("no-such-message");
        assertThat(e.sessionId()).isEqualTo(s.id());
        assertThat(e.getMessage()).contains("no-such-message").contains(s.id().toString());
    }

    @Test
    void contentOfExactlyTheMaximumIsAcceptedAndOneByteMoreIsRejected() {
        Workspace w = small();
        Session s = w.start(StartSession.of(AGENT, "p"));
        String fits = textOfContentSize(MAX);
        Message stored = w.append(s.id(), NewMessage.assistant(fits));
        assertThat(stored.text()).isEqualTo(fits);

        PayloadTooLargeException e = rejected(PayloadTooLargeException.class,
                () -> w.append(s.id(), NewMessage.assistant(fits + "x")));
        assertThat(e.field()).isEqualTo("message.content");
        assertThat(e.sizeBytes()).isEqualTo(MAX + 1);
        assertThat(e.maxBytes()).isEqualTo(MAX);
    }

    @Test
    void payloadSizeCountsUtf8Bytes() {
        Workspace w = small();
        Session s = w.start(StartSession.of(AGENT, "p"));
        String emoji = "😀".repeat(250);
        PayloadTooLargeException e = rejected(PayloadTooLargeException.class,
                () -> w.append(s.id(), NewMessage.assistant(emoji)));
        assertThat(e.sizeBytes()).isGreaterThan(MAX);
        assertThat(w.append(s.id(), NewMessage.assistant("😀".repeat(200))).text()).isEqualTo("😀".repeat(200));
    }

    @Test
    void everyPayloadOverTheMaximumIsRejectedBeforeAnythingIsStored() {
        Workspace w = small();
        String big = "y".repeat(2000);
        ObjectNode bigJson = JSON.createObjectNode().put("text", big);
        Session s = w.start(StartSession.of(AGENT, "p"));
        w.append(s.id(), NewMessage.assistant("m2").withId("m2"));

        assertThat(rejected(PayloadTooLargeException.class, () -> w.start(StartSession.of(AGENT, big))).field())
                .isEqualTo("prompt.content");
        assertThat(rejected(PayloadTooLargeException.class, () -> w.append(s.id(),
                List.of(NewMessage.assistant("fine"), NewMessage.assistant(big)))).field())
                .isEqualTo("messages[1].content");
        assertThat(rejected(PayloadTooLargeException.class, () -> w.append(s.id(), NewMessage.of(Role.ASSISTANT,
                ContentBlock.toolUse("t", "n", bigJson)))).field()).isEqualTo("message.content");
        assertThat(rejected(PayloadTooLargeException.class, () -> w.record(s.id(),
                NewActivity.custom("big", "s", bigJson))).field()).isEqualTo("activity.details");
        assertThat(rejected(PayloadTooLargeException.class, () -> w.complete(s.id(), bigJson)).field())
                .isEqualTo("output");
        assertThat(rejected(PayloadTooLargeException.class, () -> w.complete(s.id(), bigJson.toString())).field())
                .isEqualTo("output");
        assertThat(rejected(PayloadTooLargeException.class, () -> w.fork(s.id(), "m2",
                NewMessage.user(big))).field()).isEqualTo("newPrompt.content");
        JsonNode bigSchema = JSON.createObjectNode().put("description", big);
        assertThat(rejected(PayloadTooLargeException.class, () -> w.start(StartSession.builder(AGENT, "p")
                .outputSchema(bigSchema).build())).field()).isEqualTo("outputSchema");
        w.waitFor(s.id(), WaitReason.INPUT);
        assertThat(rejected(PayloadTooLargeException.class, () -> w.resume(s.id(), NewMessage.user(big))).field())
                .isEqualTo("message.content");
        assertThat(w.get(s.id()).status()).isEqualTo(SessionStatus.WAITING);
    }

    @Test
    void textThatIsNotValidUtf16IsRejected() {
        Session s = start();
        rejectedInput("message.content", () -> ws.append(s.id(), NewMessage.assistant("broken \uD800 pair")));
        rejectedInput("message.content", () -> ws.append(s.id(), NewMessage.assistant("\uDC00")));
        rejectedInput("message.id", () -> ws.append(s.id(), NewMessage.assistant("x").withId("id\uD800")));
        rejectedInput("error", () -> ws.fail(s.id(), "half \uDBFF"));
        rejectedInput("activity.summary", () -> ws.record(s.id(), NewActivity.warning("\uD83D")));
        rejectedInput("title", () -> ws.start(StartSession.builder(AGENT, "p").title("t\uDE00").build()));
    }

    @Test
    void unpairedSurrogatesInStoredNamesAreRejectedBeforeStoring() {
        Session s = start();
        ws.complete(s.id());
        rejectedInput("agent.id", () -> ws.start(StartSession.of(new AgentRef("agent-\uD800", "A", null), "p")));
        rejectedInput("agent.displayName", () -> ws.start(StartSession.of(new AgentRef("a", "Agent \uDC00", null), "p")));
        rejectedInput("agent.icon", () -> ws.start(StartSession.of(new AgentRef("a", "A", "\uD83D"), "p")));
        rejectedInput("ticket.system", () -> ws.linkTicket(s.id(), TicketRef.of("jira\uD800", "K-1")));
        rejectedInput("ticket.key", () -> ws.linkTicket(s.id(), TicketRef.of("jira", "K-\uDFFF")));
        rejectedInput("ticket.title", () -> ws.archive(s.id(), new TicketRef("jira", "K-1", "t\uD800", null)));
        rejectedInput("ticket.url", () -> ws.start(StartSession.builder(AGENT, "p")
                .ticket(new TicketRef("jira", "K-1", null, "https://x/\uDC00")).build()));
        invalidInput("workspaceId", () -> runs.workspace("ws-\uD800-" + UUID.randomUUID())
                .start(StartSession.of(AGENT, "p")));
    }
}
