package dev.agentruns.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruns.AgentRunsException;
import dev.agentruns.ArchivedFilter;
import dev.agentruns.BulkOutcome;
import dev.agentruns.BulkResult;
import dev.agentruns.ExportFormat;
import dev.agentruns.MessageNotFoundException;
import dev.agentruns.NewActivity;
import dev.agentruns.NewMessage;
import dev.agentruns.Session;
import dev.agentruns.SessionNotFoundException;
import dev.agentruns.SessionQuery;
import dev.agentruns.StartSession;
import dev.agentruns.TicketRef;
import dev.agentruns.WaitReason;
import dev.agentruns.Workspace;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * An id of another workspace's session behaves exactly like an id that does not exist, for every
 * verb, changes nothing there, and no message reveals the other workspace.
 */
abstract class IsolationContract extends ContractFixture {
    static final TicketRef SHARED_TICKET = TicketRef.of("jira", "SHARED-1");

    Workspace other;
    Session foreignEnded;
    Session foreignRunning;
    Session foreignWaiting;
    Session foreignArchived;
    String foreignMessageId;
    Session mine;

    /** Sessions in another workspace (ended with output, running, waiting, archived) and one of ours. */
    void foreignSessions() {
        other = otherWorkspace();
        foreignEnded = other.start(StartSession.builder(AGENT, "foreign ended").ticket(SHARED_TICKET).build());
        foreignMessageId = other.append(foreignEnded.id(), NewMessage.assistant("foreign reply").withId("f2")).id();
        other.complete(foreignEnded.id(), "{\"secret\":true}");
        foreignRunning = other.start(StartSession.builder(AGENT, "foreign running").ticket(SHARED_TICKET).build());
        foreignWaiting = other.start(StartSession.of(AGENT, "foreign waiting"));
        other.waitFor(foreignWaiting.id(), WaitReason.INPUT);
        foreignArchived = other.start(StartSession.of(AGENT, "foreign archived"));
        other.cancel(foreignArchived.id());
        other.archive(foreignArchived.id());
        other.fork(foreignEnded.id(), "f2", NewMessage.user("foreign fork"));
        mine = ws.start(StartSession.builder(AGENT, "mine").ticket(SHARED_TICKET).build());
    }

    List<Session> foreign() {
        return List.of(foreignEnded, foreignRunning, foreignWaiting, foreignArchived);
    }

    /** The call fails as for an unknown id, and neither workspace changes. */
    void behavesAsNotFound(UUID foreignId, ThrowingCallable call) {
        Throwable t = rejectedIn(List.of(ws, other), call);
        assertThat(t).isExactlyInstanceOf(SessionNotFoundException.class);
        assertThat(((SessionNotFoundException) t).sessionId()).isEqualTo(foreignId);
        assertThat(t.getMessage()).doesNotContain(other.id()).doesNotContain(ws.id());
    }

    @Test
    void readsOfAForeignSessionBehaveAsNotFound() {
        foreignSessions();
        for (Session f : foreign()) {
            UUID id = f.id();
            assertThat(ws.find(id)).isEmpty();
            behavesAsNotFound(id, () -> ws.get(id));
            behavesAsNotFound(id, () -> ws.messages(id));
            behavesAsNotFound(id, () -> ws.messages(id, 1, 10));
            behavesAsNotFound(id, () -> ws.lastMessages(id, 3));
            behavesAsNotFound(id, () -> ws.activity(id));
        }
        assertThat(repository.find(ws.id(), foreignEnded.id())).isEmpty();
        assertThat(repository.findMessage(ws.id(), foreignEnded.id(), "f2")).isEmpty();
        assertThat(repository.messages(ws.id(), foreignEnded.id(), 1, 10)).isEmpty();
        assertThat(repository.activity(ws.id(), foreignEnded.id(), 0, 10)).isEmpty();
    }

    @Test
    void listsAndCountsNeverShowForeignSessions() {
        foreignSessions();
        assertQuery(ws, SessionQuery.all(), mine);
        assertQuery(ws, EVERYTHING, mine);
        assertQuery(ws, SessionQuery.builder().archived(ArchivedFilter.ONLY).build());
        assertQuery(ws, SessionQuery.builder().agents("agent-a").build(), mine);
        assertQuery(ws, SessionQuery.forTicket(SHARED_TICKET), mine);
        assertThat(ws.sessionsOfTicket(SHARED_TICKET).items()).hasSize(1);
        assertQuery(ws, SessionQuery.builder().forkedFrom(foreignEnded.id()).build());
        assertQuery(ws, SessionQuery.builder().statuses(dev.agentruns.SessionStatus.WAITING).build());
        assertThat(other.count(EVERYTHING)).isEqualTo(5);
    }

    @Test
    void writesToAForeignSessionBehaveAsNotFoundAndChangeNothing() {
        foreignSessions();
        for (Session f : foreign()) {
            UUID id = f.id();
            behavesAsNotFound(id, () -> ws.append(id, NewMessage.user("sneaky")));
            behavesAsNotFound(id, () -> ws.append(id, NewMessage.user("retry").withId("f2")));
            behavesAsNotFound(id, () -> ws.append(id, List.of(NewMessage.user("a"), NewMessage.user("b"))));
            behavesAsNotFound(id, () -> ws.record(id, NewActivity.warning("sneaky")));
            behavesAsNotFound(id, () -> ws.waitFor(id, WaitReason.INPUT));
            behavesAsNotFound(id, () -> ws.resume(id));
            behavesAsNotFound(id, () -> ws.resume(id, NewMessage.user("go")));
            behavesAsNotFound(id, () -> ws.complete(id));
            behavesAsNotFound(id, () -> ws.complete(id, "{\"x\":1}"));
            behavesAsNotFound(id, () -> ws.fail(id, "sneaky"));
            behavesAsNotFound(id, () -> ws.cancel(id));
            behavesAsNotFound(id, () -> ws.cancel(id, "sneaky"));
            behavesAsNotFound(id, () -> ws.linkTicket(id, TicketRef.of("jira", "MINE-1")));
            behavesAsNotFound(id, () -> ws.unlinkTicket(id));
            behavesAsNotFound(id, () -> ws.archive(id));
            behavesAsNotFound(id, () -> ws.archive(id, TicketRef.of("jira", "MINE-1")));
            behavesAsNotFound(id, () -> ws.unarchive(id));
            behavesAsNotFound(id, () -> ws.delete(id));
        }
    }

    @Test
    void forkOfAForeignSessionOrAtAForeignMessageFindsNothing() {
        foreignSessions();
        behavesAsNotFound(foreignEnded.id(), () -> ws.fork(foreignEnded.id(), "f2", NewMessage.user("steal")));
        behavesAsNotFound(foreignEnded.id(), () -> ws.fork(foreignEnded.id(),
                other.messages(foreignEnded.id()).get(0).id(), NewMessage.user("steal")));
        Throwable t = rejectedIn(List.of(ws, other),
                () -> ws.fork(mine.id(), foreignMessageId, NewMessage.user("mix")));
        assertThat(t).isExactlyInstanceOf(MessageNotFoundException.class);
        assertThat(((MessageNotFoundException) t).sessionId()).isEqualTo(mine.id());
        assertThat(t.getMessage()).doesNotContain(other.id()).doesNotContain(foreignEnded.id().toString());
    }

    @Test
    void bulkOperationsReportForeignSessionsAsNotFound() {
        foreignSessions();
        List<UUID> ids = foreign().stream().map(Session::id).toList();
        Map<UUID, Stored> otherBefore = snapshot(other);
        Map<UUID, Stored> mineBefore = snapshot(ws);

        for (BulkResult r : List.of(ws.archiveAll(ids), ws.deleteAll(ids))) {
            assertThat(r.outcomes()).hasSize(ids.size())
                    .allSatisfy(o -> assertThat(o.result()).isEqualTo(BulkOutcome.Result.NOT_FOUND));
            assertThat(r.outcomes()).allSatisfy(o -> assertThat(o.reason()).isNull());
        }
        StringWriter array = new StringWriter();
        BulkResult exported = ws.exportOutputs(ids, ExportFormat.JSON_ARRAY, array);
        assertThat(exported.notFound()).isEqualTo(ids.size());
        assertThat(json(array.toString())).isEqualTo(json("[]"));
        StringWriter lines = new StringWriter();
        assertThat(ws.exportOutputs(ids, ExportFormat.JSON_LINES, lines).notFound()).isEqualTo(ids.size());
        assertThat(lines.toString()).isBlank();

        assertThat(snapshot(other)).isEqualTo(otherBefore);
        assertThat(snapshot(ws)).isEqualTo(mineBefore);
    }

    @Test
    void bulkOperationsByQueryNeverTouchForeignSessions() {
        foreignSessions();
        Session mineEnded = completed();
        Map<UUID, Stored> otherBefore = snapshot(other);

        StringWriter out = new StringWriter();
        BulkResult exported = ws.exportOutputs(EVERYTHING, ExportFormat.JSON_ARRAY, out);
        assertThat(exported.outcomes()).extracting(BulkOutcome::sessionId)
                .containsExactlyInAnyOrder(mine.id(), mineEnded.id());
        assertThat(out.toString()).doesNotContain("secret");
        BulkResult archived = ws.archiveAll(EVERYTHING);
        assertThat(archived.outcomes()).extracting(BulkOutcome::sessionId)
                .containsExactlyInAnyOrder(mine.id(), mineEnded.id());
        BulkResult deleted = ws.deleteAll(EVERYTHING);
        assertThat(deleted.outcomes()).extracting(BulkOutcome::sessionId)
                .containsExactlyInAnyOrder(mine.id(), mineEnded.id());
        assertThat(deleted.done()).isEqualTo(1);

        assertThat(snapshot(other)).isEqualTo(otherBefore);
    }

    @Test
    void notFoundMessagesAreTheSameForForeignAndUnknownIds() {
        foreignSessions();
        UUID unknown = UUID.randomUUID();
        Map<String, ThrowingCallableFor> verbs = new LinkedHashMap<>();
        verbs.put("get", id -> ws.get(id));
        verbs.put("append", id -> ws.append(id, NewMessage.user("x")));
        verbs.put("complete", id -> ws.complete(id));
        verbs.put("archive", id -> ws.archive(id));
        verbs.put("delete", id -> ws.delete(id));
        verbs.put("fork", id -> ws.fork(id, "f2", NewMessage.user("x")));
        verbs.put("link", id -> ws.linkTicket(id, SHARED_TICKET));
        for (Map.Entry<String, ThrowingCallableFor> verb : verbs.entrySet()) {
            Throwable forForeign = thrown(AgentRunsException.class, () -> verb.getValue().call(foreignEnded.id()));
            Throwable forUnknown = thrown(AgentRunsException.class, () -> verb.getValue().call(unknown));
            assertThat(forForeign.getClass()).as(verb.getKey()).isEqualTo(forUnknown.getClass());
            assertThat(forForeign.getMessage().replace(foreignEnded.id().toString(), "<id>")).as(verb.getKey())
                    .isEqualTo(forUnknown.getMessage().replace(unknown.toString(), "<id>"));
            assertThat(forForeign.getMessage()).doesNotContain(other.id());
        }
    }

    @Test
    void workspaceIdsAreComparedExactly() {
        String base = newWorkspaceId() + "-Team";
        Workspace owner = runs.workspace(base);
        Session s = owner.start(StartSession.of(AGENT, "owned"));
        owner.append(s.id(), NewMessage.assistant("x").withId("m2"));
        owner.complete(s.id());
        for (String lookalike : List.of(base.toLowerCase(java.util.Locale.ROOT), base.toUpperCase(java.util.Locale.ROOT),
                base + " ", " " + base, base + "%", base.substring(0, base.length() - 1),
                base.substring(0, base.length() - 4) + "%", base.substring(0, base.length() - 1) + "_",
                base + "\t", base.replace("-Team", "-Teäm"))) {
            Workspace w = runs.workspace(lookalike);
            assertThat(w.find(s.id())).as("'%s'", lookalike).isEmpty();
            assertThat(w.count(EVERYTHING)).as("'%s'", lookalike).isZero();
            assertThat(thrown(SessionNotFoundException.class, () -> w.archive(s.id())).sessionId()).isEqualTo(s.id());
            assertThat(thrown(SessionNotFoundException.class, () -> w.delete(s.id())).sessionId()).isEqualTo(s.id());
            thrown(SessionNotFoundException.class, () -> w.fork(s.id(), "m2", NewMessage.user("x")));
        }
        assertThat(owner.get(s.id()).summary().archived()).isFalse();
        assertThat(owner.count(EVERYTHING)).isEqualTo(1);
    }

    @Test
    void workspaceIdsWithUnusualCharactersWork() {
        for (String id : List.of("ünïcödé-😀-" + UUID.randomUUID(), "quote'\"back\\slash;--" + UUID.randomUUID(),
                "x".repeat(164) + UUID.randomUUID())) {
            Workspace w = runs.workspace(id);
            Session s = w.start(StartSession.of(AGENT, "hello"));
            assertThat(w.get(s.id()).summary().workspaceId()).isEqualTo(id);
            assertQuery(w, SessionQuery.all(), s);
        }
    }

    /** A verb applied to a session id. */
    @FunctionalInterface
    interface ThrowingCallableFor {
        void call(UUID id) throws Throwable;
    }
}
