package dev.agentruns.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruns.ActivityEvent;
import dev.agentruns.ActivityType;
import dev.agentruns.Session;
import dev.agentruns.SessionNotFoundException;
import dev.agentruns.SessionQuery;
import dev.agentruns.SessionSummary;
import dev.agentruns.TicketRef;
import dev.agentruns.WaitReason;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Linking, relinking and unlinking tickets, and the sessions of a ticket. */
abstract class TicketContract extends ContractFixture {
    static final TicketRef PAY_142 = new TicketRef("jira", "PAY-142", "Refunds fail", "https://jira.example.com/PAY-142");
    static final TicketRef GH_7 = TicketRef.of("github", "acme/app#7");

    static List<UUID> ticketSessions(dev.agentruns.Workspace w, TicketRef ticket) {
        return w.sessionsOfTicket(ticket).items().stream().map(SessionSummary::id).toList();
    }

    @Test
    void linkShowsTheSessionUnderTheTicket() {
        Session s = start();
        clock.advanceSeconds(5);
        Session linked = ws.linkTicket(s.id(), PAY_142);
        assertThat(linked.summary().ticket()).isEqualTo(PAY_142);
        assertThat(linked.summary().version()).isEqualTo(s.summary().version() + 1);
        assertThat(ws.get(s.id())).isEqualTo(linked);
        assertThat(ticketSessions(ws, TicketRef.of("jira", "PAY-142"))).containsExactly(s.id());
        ActivityEvent e = lastEvent(ws, s.id());
        assertThat(e.type()).isEqualTo(ActivityType.TICKET_LINKED);
        assertThat(e.at()).isEqualTo(T0.plusSeconds(5));
        assertThat(e.details().path("system").asText()).isEqualTo("jira");
        assertThat(e.details().path("key").asText()).isEqualTo("PAY-142");
        assertThat(e.details().path("title").asText()).isEqualTo("Refunds fail");
        assertThat(e.details().path("url").asText()).isEqualTo("https://jira.example.com/PAY-142");
    }

    @Test
    void linkingTheSameTicketAgainChangesNothing() {
        Session s = start();
        Session linked = ws.linkTicket(s.id(), PAY_142);
        Stored before = stored(ws, s.id());
        Session again = ws.linkTicket(s.id(), PAY_142);
        assertThat(again).isEqualTo(linked);
        assertThat(stored(ws, s.id())).isEqualTo(before);
    }

    @Test
    void linkingTheSameTicketWithNewDisplayDataUpdatesItWithoutUnlinking() {
        Session s = start();
        ws.linkTicket(s.id(), TicketRef.of("jira", "PAY-142"));
        Session updated = ws.linkTicket(s.id(), PAY_142);
        assertThat(updated.summary().ticket()).isEqualTo(PAY_142);
        assertThat(ws.get(s.id()).summary().ticket().title()).isEqualTo("Refunds fail");
        assertThat(types(s.id())).containsExactly(ActivityType.SESSION_STARTED, ActivityType.TICKET_LINKED,
                ActivityType.TICKET_LINKED);
    }

    @Test
    void relinkingRecordsTheUnlinkThenTheLink() {
        Session s = start();
        ws.linkTicket(s.id(), PAY_142);
        Session relinked = ws.linkTicket(s.id(), GH_7);
        assertThat(relinked.summary().ticket()).isEqualTo(GH_7);
        assertThat(types(s.id())).containsExactly(ActivityType.SESSION_STARTED, ActivityType.TICKET_LINKED,
                ActivityType.TICKET_UNLINKED, ActivityType.TICKET_LINKED);
        List<ActivityEvent> events = ws.activity(s.id());
        assertThat(events.get(2).details().path("key").asText()).isEqualTo("PAY-142");
        assertThat(events.get(3).details().path("key").asText()).isEqualTo("acme/app#7");
        assertThat(ticketSessions(ws, PAY_142)).isEmpty();
        assertThat(ticketSessions(ws, GH_7)).containsExactly(s.id());
        assertThat(ws.get(s.id()).summary().version()).isEqualTo(3);
    }

    @Test
    void unlinkRemovesTheTicketAndUnlinkingAgainChangesNothing() {
        Session s = start();
        ws.linkTicket(s.id(), PAY_142);
        Session unlinked = ws.unlinkTicket(s.id());
        assertThat(unlinked.summary().ticket()).isNull();
        assertThat(ws.get(s.id()).summary().ticket()).isNull();
        assertThat(lastEvent(ws, s.id()).type()).isEqualTo(ActivityType.TICKET_UNLINKED);
        assertThat(lastEvent(ws, s.id()).details().path("key").asText()).isEqualTo("PAY-142");
        assertThat(ticketSessions(ws, PAY_142)).isEmpty();
        Stored before = stored(ws, s.id());
        ws.unlinkTicket(s.id());
        assertThat(stored(ws, s.id())).isEqualTo(before);
    }

    @Test
    void ticketsCanBeLinkedInEveryStatus() {
        Session waiting = start("w");
        ws.waitFor(waiting.id(), WaitReason.INPUT);
        Session completed = start("c");
        ws.complete(completed.id());
        Session archived = start("a");
        ws.fail(archived.id(), "x");
        ws.archive(archived.id());
        for (Session s : List.of(waiting, completed, archived)) {
            SessionSummary before = ws.get(s.id()).summary();
            Session linked = ws.linkTicket(s.id(), PAY_142);
            assertThat(linked.summary().ticket()).isEqualTo(PAY_142);
            assertThat(linked.status()).isEqualTo(before.status());
            assertThat(linked.summary().archivedAt()).isEqualTo(before.archivedAt());
        }
        assertThat(ticketSessions(ws, PAY_142)).containsExactlyInAnyOrder(waiting.id(), completed.id(), archived.id());
    }

    @Test
    void linkingKeepsStatusOutputAndTimes() {
        Session s = start();
        ws.complete(s.id(), "{\"ok\":true}");
        Session before = ws.get(s.id());
        clock.advanceSeconds(100);
        Session after = ws.linkTicket(s.id(), GH_7);
        assertThat(after.output()).isEqualTo(before.output());
        assertThat(after.summary().endedAt()).isEqualTo(before.summary().endedAt());
        assertThat(after.summary().statusChangedAt()).isEqualTo(before.summary().statusChangedAt());
        assertThat(after.summary().startedAt()).isEqualTo(before.summary().startedAt());
        assertThat(after.summary().messageCount()).isEqualTo(before.summary().messageCount());
    }

    @Test
    void ticketsAreMatchedBySystemAndKeyExactly() {
        Session jira = ws.start(dev.agentruns.StartSession.builder(AGENT, "j").ticket(TicketRef.of("jira", "T-1")).build());
        Session github = ws.start(dev.agentruns.StartSession.builder(AGENT, "g").ticket(TicketRef.of("github", "T-1"))
                .build());
        Session lower = ws.start(dev.agentruns.StartSession.builder(AGENT, "l").ticket(TicketRef.of("jira", "t-1"))
                .build());
        assertThat(ticketSessions(ws, TicketRef.of("jira", "T-1"))).containsExactly(jira.id());
        assertThat(ticketSessions(ws, TicketRef.of("github", "T-1"))).containsExactly(github.id());
        assertThat(ticketSessions(ws, TicketRef.of("jira", "t-1"))).containsExactly(lower.id());
        assertThat(ticketSessions(ws, TicketRef.of("jira", "T-1 "))).isEmpty();
        assertThat(ticketSessions(ws, TicketRef.of("jira", "T-%"))).isEmpty();
        assertThat(ws.count(SessionQuery.forTicket(TicketRef.of("jira", "T-1")))).isEqualTo(1);
    }

    @Test
    void ticketVerbsOnAnUnknownSessionAreNotFound() {
        UUID unknown = UUID.randomUUID();
        assertThat(rejected(SessionNotFoundException.class, () -> ws.linkTicket(unknown, PAY_142)).sessionId())
                .isEqualTo(unknown);
        rejected(SessionNotFoundException.class, () -> ws.unlinkTicket(unknown));
    }
}
