package dev.agentruns.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruns.AgentRef;
import dev.agentruns.ArchivedFilter;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Case 18: with workspace B's session, message and ticket ids, every verb of workspace A behaves as
 * for a random unknown id: the same outcome and the same message apart from the id itself (no count,
 * no existence oracle), and neither workspace changes (both are snapshotted in full before and after).
 */
class WorkspaceIsolationTest {
    static final AgentRef AGENT = new AgentRef("agent", "Agent", "🤖");
    static final TicketRef TICKET = new TicketRef("jira", "SHARED-1", "Shared", null);

    @DisplayName("foreign ids behave as unknown ids for every verb and change nothing")
    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void foreignIdsBehaveExactlyAsUnknownIdsAndChangeNothing(Backend backend) throws Exception {
        try (Rig rig = Rig.open(backend)) {
            Workspace a = rig.workspace("ws-a");
            Workspace b = rig.workspace("ws-b");
            List<Session> foreign = foreignSessions(rig, b);
            String foreignMessageId = b.messages(foreign.get(0).id()).get(1).id();
            Session mine = a.start(StartSession.builder(AGENT, "mine").ticket(TICKET).build());
            a.append(mine.id(), NewMessage.assistant("my reply").withId("a2"));
            rig.clock.advanceSeconds(1);
            Rig.Snapshot aBefore = Rig.snapshot(a);
            Rig.Snapshot bBefore = Rig.snapshot(b);

            int compared = 0;
            for (Session f : foreign) {
                UUID unknown = UUID.randomUUID();
                Map<String, String> forForeign = outcomes(a, f.id(), mine.id(), foreignMessageId);
                Map<String, String> forUnknown = outcomes(a, unknown, mine.id(), "m-" + UUID.randomUUID());
                assertThat(forForeign.values()).as("foreign outcomes on " + backend).allMatch(o -> !o.startsWith("ok"));
                assertThat(forForeign).as("foreign " + f.summary().title() + " against an unknown id on " + backend)
                        .containsExactlyEntriesOf(forUnknown);
                compared += forForeign.size();
            }
            // A foreign message id as fork point of our own session, against a random message id.
            String forkForeign = normalise(attempt(() -> a.fork(mine.id(), foreignMessageId, NewMessage.user("x"))),
                    foreignMessageId);
            String forkUnknown = normalise(attempt(() -> a.fork(mine.id(), "m-unknown", NewMessage.user("x"))),
                    "m-unknown");
            assertThat(forkForeign).startsWith(MessageNotFoundException.class.getSimpleName()).isEqualTo(forkUnknown);

            // Lists and counts: B's ids and ticket as filters reveal nothing.
            for (Session f : foreign) {
                SessionQuery forks = SessionQuery.builder().forkedFrom(f.id()).archived(ArchivedFilter.INCLUDE).build();
                assertThat(a.list(forks).items()).isEmpty();
                assertThat(a.count(forks)).isZero();
            }
            assertThat(Rig.allRows(a, SessionQuery.forTicket(TICKET))).extracting(r -> r.id()).containsExactly(mine.id());
            assertThat(a.count(Rig.EVERYTHING)).isEqualTo(1);

            // Bulk verbs by query, with B's fork sources and B's ticket as filters: only A's own sessions are touched.
            SessionQuery forksOfForeign = SessionQuery.builder().forkedFrom(foreign.get(0).id())
                    .archived(ArchivedFilter.INCLUDE).build();
            assertThat(a.archiveAll(forksOfForeign).outcomes()).isEmpty();
            assertThat(a.deleteAll(forksOfForeign).outcomes()).isEmpty();
            StringWriter exported = new StringWriter();
            assertThat(a.exportOutputs(forksOfForeign, ExportFormat.JSON_LINES, exported).outcomes()).isEmpty();
            assertThat(exported.toString()).isEmpty();
            assertThat(a.archiveAll(SessionQuery.forTicket(TICKET)).outcomes()).extracting(r -> r.sessionId())
                    .containsExactly(mine.id());
            assertThat(a.exportOutputs(SessionQuery.forTicket(TICKET), ExportFormat.JSON_ARRAY, exported).outcomes())
                    .extracting(r -> r.sessionId()).containsExactly(mine.id());
            assertThat(exported.toString()).doesNotContain("secret");

            assertThat(Rig.snapshot(b)).as("workspace B after A's calls").isEqualTo(bBefore);
            assertThat(Rig.snapshot(a)).as("workspace A after its calls with foreign ids").isEqualTo(aBefore);
            System.out.printf("isolation on %s: %d verbs compared over %d foreign sessions, nothing changed%n", backend,
                    compared, foreign.size());
        }
    }

    /** Ended with output and ticket, running, waiting, archived, and a fork: every state B can be in. */
    static List<Session> foreignSessions(Rig rig, Workspace b) {
        List<Session> out = new ArrayList<>();
        Session ended = b.start(StartSession.builder(AGENT, "b ended").ticket(TICKET).build());
        b.append(ended.id(), NewMessage.assistant("b reply").withId("foreign-reply"));
        b.complete(ended.id(), "{\"secret\":42}");
        out.add(ended);
        rig.clock.advanceSeconds(1);
        out.add(b.start(StartSession.of(AGENT, "b running")));
        Session waiting = b.start(StartSession.of(AGENT, "b waiting"));
        b.waitFor(waiting.id(), WaitReason.APPROVAL);
        out.add(waiting);
        Session archived = b.start(StartSession.of(AGENT, "b archived"));
        b.cancel(archived.id());
        b.archive(archived.id(), TICKET);
        out.add(archived);
        out.add(b.fork(ended.id(), "foreign-reply", NewMessage.user("b fork")));
        return out;
    }

    /** Verb → outcome (exception class and message with the ids replaced, or the bulk outcomes). */
    static Map<String, String> outcomes(Workspace a, UUID id, UUID mine, String messageId) {
        Map<String, String> o = new LinkedHashMap<>();
        Function<Object, String> n = x -> normalise(x, id.toString());
        o.put("find", n.apply(a.find(id).map(s -> "present").orElse("empty")));
        o.put("get", n.apply(attempt(() -> a.get(id))));
        o.put("messages", n.apply(attempt(() -> a.messages(id))));
        o.put("messages range", n.apply(attempt(() -> a.messages(id, 1, 5))));
        o.put("last messages", n.apply(attempt(() -> a.lastMessages(id, 2))));
        o.put("activity", n.apply(attempt(() -> a.activity(id))));
        o.put("append", n.apply(attempt(() -> a.append(id, NewMessage.user("intrude")))));
        o.put("append batch", n.apply(attempt(() -> a.append(id, List.of(NewMessage.user("1"), NewMessage.user("2"))))));
        o.put("append with message id", n.apply(attempt(() -> a.append(id, NewMessage.user("x").withId(messageId)))));
        o.put("record", n.apply(attempt(() -> a.record(id, NewActivity.warning("intrude")))));
        o.put("wait", n.apply(attempt(() -> a.waitFor(id, WaitReason.INPUT))));
        o.put("resume", n.apply(attempt(() -> a.resume(id, NewMessage.user("go")))));
        o.put("complete", n.apply(attempt(() -> a.complete(id, "{\"x\":1}"))));
        o.put("fail", n.apply(attempt(() -> a.fail(id, "boom"))));
        o.put("cancel", n.apply(attempt(() -> a.cancel(id, "stop"))));
        o.put("fork", n.apply(attempt(() -> a.fork(id, messageId, NewMessage.user("fork")))));
        o.put("fork at first message", n.apply(attempt(() -> a.fork(id, "foreign-reply", NewMessage.user("fork")))));
        o.put("link ticket", n.apply(attempt(() -> a.linkTicket(id, TicketRef.of("gh", "1")))));
        o.put("unlink ticket", n.apply(attempt(() -> a.unlinkTicket(id))));
        o.put("archive", n.apply(attempt(() -> a.archive(id))));
        o.put("archive with ticket", n.apply(attempt(() -> a.archive(id, TicketRef.of("gh", "2")))));
        o.put("unarchive", n.apply(attempt(() -> a.unarchive(id))));
        o.put("delete", n.apply(attempt(() -> {
            a.delete(id);
            return null;
        })));
        o.put("archive all", n.apply(bulk(a.archiveAll(List.of(id)))));
        o.put("delete all", n.apply(bulk(a.deleteAll(List.of(id)))));
        StringWriter out = new StringWriter();
        o.put("export", n.apply(bulk(a.exportOutputs(List.of(id), ExportFormat.JSON_ARRAY, out)) + " wrote " + out));
        o.put("archive all with own", n.apply(bulk(a.archiveAll(List.of(id, mine)))));
        return o;
    }

    static String bulk(BulkResult r) {
        return "bulk " + r.outcomes();
    }

    static Object attempt(java.util.concurrent.Callable<?> call) {
        try {
            return "ok " + call.call();
        } catch (SessionNotFoundException | MessageNotFoundException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    static String normalise(Object outcome, String id) {
        return String.valueOf(outcome).replace(id, "<id>");
    }
}
