package dev.agentruns.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentruns.ActivityEvent;
import dev.agentruns.ActivityType;
import dev.agentruns.AgentRef;
import dev.agentruns.ContentBlock;
import dev.agentruns.InvalidInputException;
import dev.agentruns.Message;
import dev.agentruns.NewMessage;
import dev.agentruns.Role;
import dev.agentruns.Session;
import dev.agentruns.SessionKind;
import dev.agentruns.SessionStatus;
import dev.agentruns.SessionSummary;
import dev.agentruns.StartSession;
import dev.agentruns.TicketRef;
import dev.agentruns.Usage;
import dev.agentruns.UsageTotals;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Starting sessions: what is stored, the derived title, and schemas checked at start. */
abstract class StartContract extends ContractFixture {

    @Test
    void startStoresARunningSessionWithThePromptAsMessageOne() {
        AgentRef agent = new AgentRef("code-reviewer", "Code Reviewer 🤖", "icons/review.svg");
        Session s = ws.start(StartSession.of(agent, "Review PR #42"));

        SessionSummary sum = s.summary();
        assertThat(s.id().version()).as("UUIDv7").isEqualTo(7);
        assertThat(sum.workspaceId()).isEqualTo(ws.id());
        assertThat(sum.kind()).isEqualTo(SessionKind.AGENT_RUN);
        assertThat(sum.agent()).isEqualTo(agent);
        assertThat(sum.title()).isEqualTo("Review PR #42");
        assertThat(sum.status()).isEqualTo(SessionStatus.RUNNING);
        assertThat(sum.waitReason()).isNull();
        assertThat(sum.startedAt()).isEqualTo(T0);
        assertThat(sum.statusChangedAt()).isEqualTo(T0);
        assertThat(sum.endedAt()).isNull();
        assertThat(sum.waitedTime()).isEqualTo(Duration.ZERO);
        assertThat(sum.ticket()).isNull();
        assertThat(sum.archivedAt()).isNull();
        assertThat(sum.archived()).isFalse();
        assertThat(sum.forkedFrom()).isNull();
        assertThat(sum.messageCount()).isEqualTo(1);
        assertThat(sum.lastActivityAt()).isEqualTo(T0);
        assertThat(sum.usage()).isEqualTo(UsageTotals.ZERO);
        assertThat(sum.outputStatus()).isNull();
        assertThat(sum.version()).isEqualTo(1);
        assertThat(s.outputSchema()).isNull();
        assertThat(s.output()).isNull();

        assertThat(ws.get(s.id())).as("read back").isEqualTo(s);
        assertThat(ws.find(s.id())).contains(s);

        assertThat(ws.messages(s.id())).singleElement().satisfies(m -> {
            assertThat(m.seq()).isEqualTo(1);
            assertThat(m.sessionId()).isEqualTo(s.id());
            assertThat(m.role()).isEqualTo(Role.USER);
            assertThat(m.createdAt()).isEqualTo(T0);
            assertThat(m.content()).containsExactly(ContentBlock.text("Review PR #42"));
            assertThat(m.usage()).isNull();
            assertThat(m.id()).isNotBlank();
        });
        assertThat(ws.activity(s.id())).singleElement().satisfies(e -> {
            assertThat(e.seq()).isEqualTo(1);
            assertThat(e.sessionId()).isEqualTo(s.id());
            assertThat(e.type()).isEqualTo(ActivityType.SESSION_STARTED);
            assertThat(e.at()).isEqualTo(T0);
            assertThat(e.details().path("agentId").asText()).isEqualTo("code-reviewer");
            assertThat(e.details().path("kind").asText()).isEqualTo("AGENT_RUN");
        });
    }

    @Test
    void startStoresKindTicketOutputSchemaAndTitle() {
        TicketRef ticket = new TicketRef("jira", "PAY-142", "Refunds fail 💸", "https://jira.example.com/browse/PAY-142");
        JsonNode schema = json("{\"type\":\"object\",\"required\":[\"verdict\"],"
                + "\"properties\":{\"verdict\":{\"type\":\"string\",\"enum\":[\"approve\",\"reject\"]}}}");
        Session s = ws.start(StartSession.builder(AGENT, "Let's talk about refunds").kind(SessionKind.CHAT)
                .ticket(ticket).outputSchema(schema).title("Refunds chat").build());

        Session read = ws.get(s.id());
        assertThat(read).isEqualTo(s);
        assertThat(read.summary().kind()).isEqualTo(SessionKind.CHAT);
        assertThat(read.summary().ticket()).isEqualTo(ticket);
        assertThat(read.outputSchema()).isEqualTo(schema);
        assertThat(read.summary().title()).isEqualTo("Refunds chat");
        assertThat(types(s.id())).containsExactly(ActivityType.SESSION_STARTED, ActivityType.TICKET_LINKED);
        ActivityEvent linked = ws.activity(s.id()).get(1);
        assertThat(linked.details().path("system").asText()).isEqualTo("jira");
        assertThat(linked.details().path("key").asText()).isEqualTo("PAY-142");
        assertThat(linked.details().path("title").asText()).isEqualTo("Refunds fail 💸");
        assertThat(linked.details().path("url").asText()).isEqualTo("https://jira.example.com/browse/PAY-142");
        assertThat(listIds(ws, query().ticket(TicketRef.of("jira", "PAY-142")).build())).containsExactly(s.id());
    }

    @Test
    void outputSchemaGivenAsJsonTextIsStoredAsJson() {
        Session s = ws.start(StartSession.builder(AGENT, "Classify")
                .outputSchema("{\"type\":\"array\",\"items\":{\"type\":\"integer\",\"minimum\":0}}").build());
        assertThat(ws.get(s.id()).outputSchema())
                .isEqualTo(json("{\"type\":\"array\",\"items\":{\"type\":\"integer\",\"minimum\":0}}"));
    }

    @Test
    void titleIsDerivedFromTheFirstPromptOnOneLine() {
        Session s = start("  Review\n\tthe   PR #42\r\nplease  ");
        assertThat(ws.get(s.id()).summary().title()).isEqualTo("Review the PR #42 please");
    }

    @Test
    void longDerivedTitleIsCutAt120CodePoints() {
        Session s = start("😀".repeat(130));
        String title = ws.get(s.id()).summary().title();
        assertThat(title).isEqualTo("😀".repeat(119) + "…");
        assertThat(title.codePointCount(0, title.length())).isEqualTo(120);
    }

    @Test
    void promptWithoutTextTakesItsTitleFromTheAgentName() {
        Session s = ws.start(StartSession.builder(AGENT,
                NewMessage.of(Role.USER, ContentBlock.Image.url("image/png", "https://example.com/screen.png"))).build());
        assertThat(ws.get(s.id()).summary().title()).isEqualTo("Agent A session");
    }

    @Test
    void explicitTitleWinsOverThePrompt() {
        Session s = ws.start(StartSession.builder(AGENT, "a prompt").title("Nightly triage").build());
        assertThat(ws.get(s.id()).summary().title()).isEqualTo("Nightly triage");
    }

    @Test
    void promptKeepsItsClientIdRoleBlocksAndUsage() {
        NewMessage prompt = new NewMessage("prompt-1", Role.SYSTEM,
                List.of(ContentBlock.text("You are terse."), ContentBlock.text("Go.")), Usage.of("model-x", 12, 0));
        Session s = ws.start(StartSession.builder(AGENT, prompt).build());
        Message m = ws.messages(s.id()).get(0);
        assertThat(m.id()).isEqualTo("prompt-1");
        assertThat(m.role()).isEqualTo(Role.SYSTEM);
        assertThat(m.content()).isEqualTo(prompt.content());
        assertThat(m.usage()).isEqualTo(Usage.of("model-x", 12, 0));
        assertThat(ws.get(s.id()).summary().usage()).isEqualTo(new UsageTotals(12, 0, 0, 0));
    }

    @Test
    void timestampsAreStoredAtMicrosecondPrecision() {
        clock.set(Instant.parse("2026-03-10T09:15:30.987654321Z"));
        Session s = start();
        Instant micros = Instant.parse("2026-03-10T09:15:30.987654Z");
        assertThat(ws.get(s.id()).summary().startedAt()).isEqualTo(micros);
        assertThat(ws.messages(s.id()).get(0).createdAt()).isEqualTo(micros);
        assertThat(ws.activity(s.id()).get(0).at()).isEqualTo(micros);
    }

    @Test
    void timestampsBeforeTheEpochAndFarAheadRoundTrip() {
        Instant early = Instant.parse("1969-07-20T20:17:40.000001Z");
        Instant late = Instant.parse("2999-12-31T23:59:59.999999Z");
        Session a = startAt(early);
        Session b = startAt(late);
        assertThat(ws.get(a.id()).summary().startedAt()).isEqualTo(early);
        assertThat(ws.get(b.id()).summary().startedAt()).isEqualTo(late);
    }

    @Test
    void sessionsGetDistinctTimeOrderedIds() {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            Session s = start("prompt " + i);
            assertThat(s.id().version()).isEqualTo(7);
            ids.add(s.id());
        }
        assertThat(ids).hasSize(20);
        assertThat(ws.count(query().build())).isEqualTo(20);
    }

    @Test
    void invalidJsonSchemaIsRejectedNamingOutputSchemaAndNothingIsStored() {
        for (String schema : List.of("{\"type\":5}", "{\"minLength\":-1}", "{\"required\":\"name\"}", "[1,2]", "42")) {
            InvalidInputException e = rejectedInput("outputSchema",
                    () -> ws.start(StartSession.builder(AGENT, "p").outputSchema(json(schema)).build()));
            assertThat(e.getMessage()).contains("outputSchema");
        }
        assertThat(ws.count(EVERYTHING)).isZero();
    }

    @Test
    void outputSchemaTextThatIsNotJsonIsRejectedNamingOutputSchema() {
        invalidInput("outputSchema", () -> StartSession.builder(AGENT, "p").outputSchema("{\"type\": "));
        invalidInput("outputSchema", () -> StartSession.builder(AGENT, "p").outputSchema("{} {}"));
        assertThat(ws.count(EVERYTHING)).isZero();
    }

    @Test
    void booleanSchemasAreAccepted() {
        Session s = ws.start(StartSession.builder(AGENT, "p").outputSchema(json("true")).build());
        assertThat(ws.get(s.id()).outputSchema()).isEqualTo(json("true"));
    }

    @Test
    void everyStoredStringKeepsNulAndAstralCharacters() {
        AgentRef agent = new AgentRef("agent-😀", "Agent \u0000 𝄞", "🤖");
        TicketRef ticket = new TicketRef("jira", "K-😀", "title \u0000 漢字", "https://example.com/😀");
        Session s = ws.start(StartSession.builder(agent, "prompt").title("title \u0000 😀").ticket(ticket).build());
        ws.record(s.id(), dev.agentruns.NewActivity.warning("summary \u0000 😀"));
        ws.cancel(s.id(), "reason \u0000 😀");
        Session other = ws.start(StartSession.of(agent, "second"));
        ws.fail(other.id(), "error \u0000 😀");

        Session read = ws.get(s.id());
        assertThat(read.summary().agent()).isEqualTo(agent);
        assertThat(read.summary().ticket()).isEqualTo(ticket);
        assertThat(read.summary().title()).isEqualTo("title \u0000 😀");
        assertThat(ws.activity(s.id())).extracting(ActivityEvent::summary)
                .contains("summary \u0000 😀", "Cancelled: reason \u0000 😀");
        assertThat(ws.activity(other.id())).extracting(ActivityEvent::summary).contains("error \u0000 😀");
        assertThat(listIds(ws, query().agents("agent-😀").archived(dev.agentruns.ArchivedFilter.INCLUDE).build()))
                .containsExactlyInAnyOrder(s.id(), other.id());
        assertThat(ws.sessionsOfTicket(TicketRef.of("jira", "K-😀")).items()).hasSize(1);
    }
}
