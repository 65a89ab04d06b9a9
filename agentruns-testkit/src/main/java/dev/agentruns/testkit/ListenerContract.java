package dev.agentruns.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruns.ActivityEvent;
import dev.agentruns.AgentRuns;
import dev.agentruns.AgentRunsListener;
import dev.agentruns.IllegalSessionStateException;
import dev.agentruns.InvalidInputException;
import dev.agentruns.Message;
import dev.agentruns.NewActivity;
import dev.agentruns.NewMessage;
import dev.agentruns.Session;
import dev.agentruns.SessionStatus;
import dev.agentruns.StartSession;
import dev.agentruns.TicketRef;
import dev.agentruns.WaitReason;
import dev.agentruns.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Listeners hear every kind of change after it is stored; a throwing listener breaks nothing. */
abstract class ListenerContract extends ContractFixture {
    static final TicketRef T1 = TicketRef.of("jira", "T-1");
    static final TicketRef T2 = TicketRef.of("jira", "T-2");

    /** Records each call, and whether the change was already visible in storage when it was made. */
    final class Recorder implements AgentRunsListener {
        final List<String> calls = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        final Thread owner = Thread.currentThread();
        String workspaceId;

        List<String> drain() {
            synchronized (this) {
                List<String> copy = List.copyOf(calls);
                calls.clear();
                return copy;
            }
        }

        private synchronized void call(String what, boolean storedAlready) {
            calls.add(what);
            if (!storedAlready) {
                problems.add(what + " was called before the change was visible in storage");
            }
            if (Thread.currentThread() != owner) {
                problems.add(what + " was called on another thread");
            }
        }

        @Override
        public void sessionStarted(Session session) {
            call("sessionStarted", repository.find(workspaceId, session.id()).isPresent());
        }

        @Override
        public void messageAppended(Message message) {
            call("messageAppended:" + message.seq(),
                    repository.findMessage(workspaceId, message.sessionId(), message.id()).isPresent());
        }

        @Override
        public void activityRecorded(ActivityEvent event) {
            List<ActivityEvent> stored = repository.activity(workspaceId, event.sessionId(), event.seq() - 1, 1);
            call("activityRecorded:" + event.type(), stored.size() == 1 && stored.get(0).id().equals(event.id()));
        }

        @Override
        public void statusChanged(Session session, SessionStatus from) {
            call("statusChanged:" + from + "->" + session.status(), repository.find(workspaceId, session.id())
                    .map(s -> s.status() == session.status()).orElse(false));
        }

        @Override
        public void ticketLinked(Session session, TicketRef ticket) {
            call("ticketLinked:" + ticket.display(), repository.find(workspaceId, session.id())
                    .map(s -> ticket.sameTicket(s.summary().ticket())).orElse(false));
        }

        @Override
        public void ticketUnlinked(Session session, TicketRef ticket) {
            call("ticketUnlinked:" + ticket.display(), repository.find(workspaceId, session.id())
                    .map(s -> !ticket.sameTicket(s.summary().ticket())).orElse(false));
        }

        @Override
        public void archived(Session session) {
            call("archived", repository.find(workspaceId, session.id()).map(s -> s.summary().archived()).orElse(false));
        }

        @Override
        public void unarchived(Session session) {
            call("unarchived", repository.find(workspaceId, session.id()).map(s -> !s.summary().archived())
                    .orElse(false));
        }

        @Override
        public void forked(Session fork) {
            call("forked", repository.find(workspaceId, fork.id()).isPresent() && fork.summary().forkedFrom() != null);
        }

        @Override
        public void deleted(String deletedFrom, UUID sessionId) {
            call("deleted", deletedFrom.equals(workspaceId) && repository.find(workspaceId, sessionId).isEmpty());
        }
    }

    /** Throws from every callback. */
    static final class Thrower implements AgentRunsListener {
        int calls;

        private void fail() {
            calls++;
            throw new IllegalStateException("listener failure (expected by the contract test)");
        }

        @Override
        public void sessionStarted(Session session) {
            fail();
        }

        @Override
        public void messageAppended(Message message) {
            fail();
        }

        @Override
        public void activityRecorded(ActivityEvent event) {
            fail();
        }

        @Override
        public void statusChanged(Session session, SessionStatus from) {
            fail();
        }

        @Override
        public void ticketLinked(Session session, TicketRef ticket) {
            fail();
        }

        @Override
        public void ticketUnlinked(Session session, TicketRef ticket) {
            fail();
        }

        @Override
        public void archived(Session session) {
            fail();
        }

        @Override
        public void unarchived(Session session) {
            fail();
        }

        @Override
        public void forked(Session fork) {
            fail();
        }

        @Override
        public void deleted(String workspaceId, UUID sessionId) {
            fail();
        }
    }

    Workspace listened(AgentRunsListener... listeners) {
        AgentRuns.Builder b = builder();
        for (AgentRunsListener l : listeners) {
            b.listener(l);
        }
        return b.build().workspace(ws.id());
    }

    @Test
    void listenersHearEveryKindOfChangeAfterItIsStored() {
        Recorder rec = new Recorder();
        rec.workspaceId = ws.id();
        Workspace w = listened(rec);

        Session s = w.start(StartSession.builder(AGENT, "p").ticket(T1).build());
        assertThat(rec.drain()).containsExactlyInAnyOrder("sessionStarted", "messageAppended:1",
                "activityRecorded:SESSION_STARTED", "activityRecorded:TICKET_LINKED", "ticketLinked:jira:T-1");
        w.append(s.id(), NewMessage.assistant("a").withId("m2"));
        assertThat(rec.drain()).containsExactly("messageAppended:2");
        w.append(s.id(), NewMessage.assistant("a").withId("m2"));
        assertThat(rec.drain()).as("an idempotent retry stores nothing and notifies nothing").isEmpty();
        w.append(s.id(), List.of(NewMessage.assistant("b"), NewMessage.assistant("c")));
        assertThat(rec.drain()).containsExactly("messageAppended:3", "messageAppended:4");
        w.record(s.id(), NewActivity.warning("careful"));
        assertThat(rec.drain()).containsExactly("activityRecorded:WARNING");
        w.waitFor(s.id(), WaitReason.INPUT);
        assertThat(rec.drain()).containsExactlyInAnyOrder("activityRecorded:STATUS_CHANGED",
                "statusChanged:RUNNING->WAITING");
        w.resume(s.id(), NewMessage.user("answer"));
        assertThat(rec.drain()).containsExactlyInAnyOrder("messageAppended:5", "activityRecorded:STATUS_CHANGED",
                "statusChanged:WAITING->RUNNING");
        w.complete(s.id(), "{\"ok\":true}");
        assertThat(rec.drain()).containsExactlyInAnyOrder("activityRecorded:OUTPUT_RECORDED",
                "activityRecorded:SESSION_ENDED", "statusChanged:RUNNING->COMPLETED");
        w.linkTicket(s.id(), T2);
        assertThat(rec.drain()).containsExactlyInAnyOrder("activityRecorded:TICKET_UNLINKED",
                "activityRecorded:TICKET_LINKED", "ticketUnlinked:jira:T-1", "ticketLinked:jira:T-2");
        w.unlinkTicket(s.id());
        assertThat(rec.drain()).containsExactlyInAnyOrder("activityRecorded:TICKET_UNLINKED",
                "ticketUnlinked:jira:T-2");
        w.archive(s.id(), T1);
        assertThat(rec.drain()).containsExactlyInAnyOrder("activityRecorded:TICKET_LINKED",
                "activityRecorded:ARCHIVED", "ticketLinked:jira:T-1", "archived");
        w.unarchive(s.id());
        assertThat(rec.drain()).containsExactlyInAnyOrder("activityRecorded:UNARCHIVED", "unarchived");
        Session fork = w.fork(s.id(), "m2", NewMessage.user("fork"));
        assertThat(rec.drain()).containsExactlyInAnyOrder("sessionStarted", "forked", "messageAppended:3",
                "activityRecorded:SESSION_STARTED", "activityRecorded:FORKED", "activityRecorded:FORKED");
        w.cancel(fork.id());
        assertThat(rec.drain()).containsExactlyInAnyOrder("activityRecorded:SESSION_ENDED",
                "statusChanged:RUNNING->CANCELLED");
        w.fail(w.start(StartSession.of(AGENT, "f")).id(), "boom");
        assertThat(rec.drain()).contains("activityRecorded:ERROR", "statusChanged:RUNNING->FAILED");
        w.delete(s.id());
        assertThat(rec.drain()).containsExactly("deleted");
        w.archiveAll(List.of(fork.id()));
        assertThat(rec.drain()).containsExactlyInAnyOrder("activityRecorded:ARCHIVED", "archived");
        w.deleteAll(List.of(fork.id()));
        assertThat(rec.drain()).containsExactly("deleted");

        assertThat(rec.problems).isEmpty();
    }

    @Test
    void rejectedCallsNotifyNobody() {
        Recorder rec = new Recorder();
        rec.workspaceId = ws.id();
        Workspace w = listened(rec);
        Session s = w.start(StartSession.of(AGENT, "p"));
        w.complete(s.id());
        rec.drain();
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> w.append(s.id(), NewMessage.user("late")));
        assertThat(t).isInstanceOf(IllegalSessionStateException.class);
        t = org.assertj.core.api.Assertions.catchThrowable(() -> w.complete(s.id()));
        assertThat(t).isInstanceOf(dev.agentruns.IllegalStatusTransitionException.class);
        t = org.assertj.core.api.Assertions.catchThrowable(() -> w.start(StartSession.builder(AGENT, "p")
                .outputSchema(json("{\"type\":7}")).build()));
        assertThat(t).isInstanceOf(InvalidInputException.class);
        assertThat(rec.drain()).as("rejected calls notify nobody").isEmpty();
        w.linkTicket(s.id(), T1);
        rec.drain();
        w.linkTicket(s.id(), T1);
        assertThat(rec.drain()).as("a no-op notifies nobody").isEmpty();
        assertThat(rec.problems).isEmpty();
    }

    @Test
    void aThrowingListenerNeitherBreaksNorUndoesTheWrite() {
        Thrower thrower = new Thrower();
        Recorder rec = new Recorder();
        rec.workspaceId = ws.id();
        Workspace w = listened(thrower, rec);

        Session s = w.start(StartSession.builder(AGENT, "p").ticket(T1).build());
        Message m = w.append(s.id(), NewMessage.assistant("a").withId("m2"));
        ActivityEvent e = w.record(s.id(), NewActivity.warning("w"));
        Session waiting = w.waitFor(s.id(), WaitReason.APPROVAL);
        Session running = w.resume(s.id(), NewMessage.user("ok"));
        Session done = w.complete(s.id(), "{\"ok\":true}");
        Session linked = w.linkTicket(s.id(), T2);
        Session unlinked = w.unlinkTicket(s.id());
        Session archived = w.archive(s.id());
        Session unarchived = w.unarchive(s.id());
        Session fork = w.fork(s.id(), "m2", NewMessage.user("fork"));
        w.cancel(fork.id());
        w.delete(fork.id());

        assertThat(m.seq()).isEqualTo(2);
        assertThat(w.activity(s.id())).extracting(ActivityEvent::id).contains(e.id());
        assertThat(waiting.status()).isEqualTo(SessionStatus.WAITING);
        assertThat(running.status()).isEqualTo(SessionStatus.RUNNING);
        assertThat(done.status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(linked.summary().ticket()).isEqualTo(T2);
        assertThat(unlinked.summary().ticket()).isNull();
        assertThat(archived.summary().archived()).isTrue();
        assertThat(unarchived.summary().archived()).isFalse();
        assertThat(fork.summary().forkedFrom()).isNotNull();
        Session stored = w.get(s.id());
        assertThat(withoutLastActivity(stored.summary())).isEqualTo(withoutLastActivity(unarchived.summary()));
        assertThat(w.messages(s.id())).hasSize(3);
        assertThat(w.find(fork.id())).isEmpty();

        assertThat(thrower.calls).isPositive();
        assertThat(rec.drain()).as("the next listener still hears every change")
                .contains("sessionStarted", "messageAppended:2", "statusChanged:RUNNING->WAITING", "archived",
                        "unarchived", "forked", "deleted");
        assertThat(rec.problems).isEmpty();
    }
}
