package dev.agentruns.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruns.ActivityEvent;
import dev.agentruns.ActivityType;
import dev.agentruns.ArchivedFilter;
import dev.agentruns.IllegalSessionStateException;
import dev.agentruns.Message;
import dev.agentruns.NewMessage;
import dev.agentruns.Session;
import dev.agentruns.SessionNotFoundException;
import dev.agentruns.SessionQuery;
import dev.agentruns.SessionStatus;
import dev.agentruns.StartSession;
import dev.agentruns.TicketRef;
import dev.agentruns.WaitReason;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Archive (terminal sessions only, optionally with a ticket), unarchive, and delete. */
abstract class ArchiveDeleteContract extends ContractFixture {
    static final TicketRef TICKET = new TicketRef("linear", "ENG-9", "Flaky build", null);

    @Test
    void archivingAnEndedSessionHidesItFromTheDefaultList() {
        Session kept = completed();
        Session s = completed();
        clock.advanceSeconds(30);
        Session archived = ws.archive(s.id());

        assertThat(archived.summary().archivedAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(archived.summary().archived()).isTrue();
        assertThat(archived.status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(archived.summary().version()).isEqualTo(s.summary().version() + 1);
        assertThat(archived.output()).isEqualTo(s.output());
        assertThat(ws.get(s.id())).isEqualTo(archived);
        assertThat(lastEvent(ws, s.id()).type()).isEqualTo(ActivityType.ARCHIVED);

        assertQuery(ws, SessionQuery.all(), kept);
        assertQuery(ws, SessionQuery.builder().archived(ArchivedFilter.INCLUDE).build(), s, kept);
        assertQuery(ws, SessionQuery.builder().archived(ArchivedFilter.ONLY).build(), s);
    }

    @Test
    void everyEndedStatusCanBeArchived() {
        Session completed = start("c");
        ws.complete(completed.id());
        Session failed = start("f");
        ws.fail(failed.id(), "x");
        Session cancelled = start("x");
        ws.cancel(cancelled.id());
        for (Session s : List.of(completed, failed, cancelled)) {
            assertThat(ws.archive(s.id()).summary().archived()).isTrue();
        }
        assertThat(ws.count(SessionQuery.builder().archived(ArchivedFilter.ONLY).build())).isEqualTo(3);
    }

    @Test
    void archivingAnActiveSessionIsAnIllegalSessionState() {
        Session running = start("r");
        Session waiting = start("w");
        ws.waitFor(waiting.id(), WaitReason.INPUT);
        for (Session s : List.of(running, waiting)) {
            SessionStatus status = ws.get(s.id()).status();
            IllegalSessionStateException e = rejected(IllegalSessionStateException.class, () -> ws.archive(s.id()));
            assertThat(e.sessionId()).isEqualTo(s.id());
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.getMessage()).contains(s.id().toString()).contains(status.name());
            rejected(IllegalSessionStateException.class, () -> ws.archive(s.id(), TICKET));
        }
    }

    @Test
    void archiveWithATicketLinksItInTheSameStep() {
        Session s = completed();
        clock.advanceSeconds(3);
        Session archived = ws.archive(s.id(), TICKET);
        assertThat(archived.summary().ticket()).isEqualTo(TICKET);
        assertThat(archived.summary().archived()).isTrue();
        assertThat(archived.summary().version()).isEqualTo(s.summary().version() + 1);
        List<ActivityEvent> events = ws.activity(s.id());
        List<ActivityEvent> tail = events.subList(events.size() - 2, events.size());
        assertThat(tail).extracting(ActivityEvent::type).containsExactly(ActivityType.TICKET_LINKED,
                ActivityType.ARCHIVED);
        assertThat(tail).extracting(ActivityEvent::at).containsOnly(T0.plusSeconds(3));
        assertThat(ws.sessionsOfTicket(TICKET).items()).extracting(r -> r.id()).containsExactly(s.id());
        assertQuery(ws, SessionQuery.all());
    }

    @Test
    void archiveWithATicketReplacesTheLinkedOne() {
        Session s = ws.start(StartSession.builder(AGENT, "p").ticket(TicketRef.of("jira", "OLD-1")).build());
        ws.cancel(s.id());
        ws.archive(s.id(), TICKET);
        List<ActivityEvent> events = ws.activity(s.id());
        assertThat(events.subList(events.size() - 3, events.size())).extracting(ActivityEvent::type)
                .containsExactly(ActivityType.TICKET_UNLINKED, ActivityType.TICKET_LINKED, ActivityType.ARCHIVED);
        assertThat(ws.get(s.id()).summary().ticket()).isEqualTo(TICKET);
        assertThat(ws.sessionsOfTicket(TicketRef.of("jira", "OLD-1")).items()).isEmpty();
    }

    @Test
    void archiveWithoutATicketKeepsTheLinkedOne() {
        Session s = ws.start(StartSession.builder(AGENT, "p").ticket(TICKET).build());
        ws.complete(s.id());
        assertThat(ws.archive(s.id()).summary().ticket()).isEqualTo(TICKET);
        assertThat(ws.sessionsOfTicket(TICKET).items()).hasSize(1);
    }

    @Test
    void archivingTwiceChangesNothing() {
        Session s = completed();
        Session archived = ws.archive(s.id());
        Stored before = stored(ws, s.id());
        clock.advanceSeconds(10);
        assertThat(ws.archive(s.id())).isEqualTo(archived);
        assertThat(stored(ws, s.id())).isEqualTo(before);
    }

    @Test
    void unarchiveBringsTheSessionBack() {
        Session s = completed();
        ws.archive(s.id());
        clock.advanceSeconds(10);
        Session back = ws.unarchive(s.id());
        assertThat(back.summary().archivedAt()).isNull();
        assertThat(back.summary().archived()).isFalse();
        assertThat(back.status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(ws.get(s.id())).isEqualTo(back);
        assertThat(lastEvent(ws, s.id()).type()).isEqualTo(ActivityType.UNARCHIVED);
        assertThat(lastEvent(ws, s.id()).at()).isEqualTo(T0.plusSeconds(10));
        assertQuery(ws, SessionQuery.all(), s);
        assertQuery(ws, SessionQuery.builder().archived(ArchivedFilter.ONLY).build());
    }

    @Test
    void unarchivingASessionThatIsNotArchivedChangesNothing() {
        Session running = start();
        Stored before = stored(ws, running.id());
        assertThat(ws.unarchive(running.id())).isEqualTo(before.session());
        assertThat(stored(ws, running.id())).isEqualTo(before);
    }

    @Test
    void archivedSessionsStayReadableAndForkable() {
        Session s = completed();
        List<Message> messages = ws.messages(s.id());
        ws.archive(s.id());
        assertThat(ws.messages(s.id())).isEqualTo(messages);
        Session fork = ws.fork(s.id(), messages.get(1).id(), NewMessage.user("again"));
        assertThat(fork.summary().archived()).isFalse();
        assertQuery(ws, SessionQuery.all(), fork);
    }

    @Test
    void deleteRemovesTheSessionWithItsMessagesAndActivity() {
        Session kept = completed();
        Session s = completed();
        String messageId = ws.messages(s.id()).get(1).id();
        ws.delete(s.id());

        assertThat(ws.find(s.id())).isEmpty();
        thrown(SessionNotFoundException.class, () -> ws.get(s.id()));
        thrown(SessionNotFoundException.class, () -> ws.messages(s.id()));
        thrown(SessionNotFoundException.class, () -> ws.activity(s.id()));
        assertThat(repository.messages(ws.id(), s.id(), 1, 100)).isEmpty();
        assertThat(repository.activity(ws.id(), s.id(), 0, 100)).isEmpty();
        assertThat(repository.findMessage(ws.id(), s.id(), messageId)).isEmpty();
        assertQuery(ws, SessionQuery.builder().archived(ArchivedFilter.INCLUDE).build(), kept);
        assertThat(stored(ws, kept.id()).messages()).hasSize(2);
    }

    @Test
    void deleteOfAnArchivedSessionWorks() {
        Session s = completed();
        ws.archive(s.id(), TICKET);
        ws.delete(s.id());
        assertThat(ws.find(s.id())).isEmpty();
        assertThat(ws.sessionsOfTicket(TICKET).items()).isEmpty();
    }

    @Test
    void deletingAnActiveSessionIsAnIllegalSessionState() {
        Session running = start("r");
        Session waiting = start("w");
        ws.waitFor(waiting.id(), WaitReason.APPROVAL);
        for (Session s : List.of(running, waiting)) {
            IllegalSessionStateException e = rejected(IllegalSessionStateException.class, () -> ws.delete(s.id()));
            assertThat(e.sessionId()).isEqualTo(s.id());
            assertThat(e.status()).isEqualTo(ws.get(s.id()).status());
        }
    }

    @Test
    void archiveUnarchiveAndDeleteOfAnUnknownSessionAreNotFound() {
        UUID unknown = UUID.randomUUID();
        assertThat(rejected(SessionNotFoundException.class, () -> ws.archive(unknown)).sessionId()).isEqualTo(unknown);
        rejected(SessionNotFoundException.class, () -> ws.archive(unknown, TICKET));
        rejected(SessionNotFoundException.class, () -> ws.unarchive(unknown));
        rejected(SessionNotFoundException.class, () -> ws.delete(unknown));
    }

    @Test
    void deletingTwiceIsNotFoundTheSecondTime() {
        Session s = completed();
        ws.delete(s.id());
        rejected(SessionNotFoundException.class, () -> ws.delete(s.id()));
    }
}
