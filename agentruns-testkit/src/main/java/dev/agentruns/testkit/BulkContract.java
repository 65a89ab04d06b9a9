package dev.agentruns.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentruns.ArchivedFilter;
import dev.agentruns.BulkOutcome;
import dev.agentruns.BulkResult;
import dev.agentruns.ExportFormat;
import dev.agentruns.Session;
import dev.agentruns.SessionQuery;
import dev.agentruns.SessionStatus;
import dev.agentruns.StartSession;
import dev.agentruns.TicketRef;
import dev.agentruns.WaitReason;
import dev.agentruns.Workspace;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Bulk archive, delete and export over id lists and queries: DONE, SKIPPED with a reason, NOT_FOUND. */
abstract class BulkContract extends ContractFixture {
    static final TicketRef TICKET = new TicketRef("jira", "OPS-3", "Nightly 🌙", "https://jira.example.com/OPS-3");

    /** A writer that remembers whether it was closed. */
    static final class TrackingWriter extends StringWriter {
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A stream that remembers whether it was closed. */
    static final class TrackingStream extends ByteArrayOutputStream {
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }

    static List<BulkOutcome.Result> results(BulkResult r) {
        return r.outcomes().stream().map(BulkOutcome::result).toList();
    }

    static List<UUID> ids(BulkResult r) {
        return r.outcomes().stream().map(BulkOutcome::sessionId).toList();
    }

    static List<JsonNode> parseLines(String text) {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                rows.add(json(line));
            }
        }
        return rows;
    }

    @Test
    void archiveAllReportsDoneSkippedAndNotFound() {
        Workspace other = otherWorkspace();
        Session done1 = completed();
        Session done2 = start("failed");
        ws.fail(done2.id(), "x");
        Session running = start("running");
        Session waiting = start("waiting");
        ws.waitFor(waiting.id(), WaitReason.INPUT);
        Session already = completed();
        ws.archive(already.id());
        Session foreign = completed(other);
        UUID unknown = UUID.randomUUID();
        Map<UUID, Stored> otherBefore = snapshot(other);
        Stored runningBefore = stored(ws, running.id());

        BulkResult r = ws.archiveAll(List.of(done1.id(), running.id(), foreign.id(), unknown, already.id(),
                waiting.id(), done2.id(), done1.id()));

        assertThat(ids(r)).containsExactly(done1.id(), running.id(), foreign.id(), unknown, already.id(),
                waiting.id(), done2.id());
        assertThat(results(r)).containsExactly(BulkOutcome.Result.DONE, BulkOutcome.Result.SKIPPED,
                BulkOutcome.Result.NOT_FOUND, BulkOutcome.Result.NOT_FOUND, BulkOutcome.Result.SKIPPED,
                BulkOutcome.Result.SKIPPED, BulkOutcome.Result.DONE);
        assertThat(r.done()).isEqualTo(2);
        assertThat(r.skipped()).isEqualTo(3);
        assertThat(r.notFound()).isEqualTo(2);
        assertThat(r.outcome(running.id()).reason()).contains("RUNNING");
        assertThat(r.outcome(waiting.id()).reason()).contains("WAITING");
        assertThat(r.outcome(already.id()).reason()).contains("already archived");
        assertThat(r.outcome(done1.id()).reason()).isNull();
        assertThat(r.outcome(unknown).reason()).isNull();
        assertThat(r.outcome(foreign.id()).reason()).isNull();

        assertThat(ws.get(done1.id()).summary().archived()).isTrue();
        assertThat(ws.get(done2.id()).summary().archived()).isTrue();
        assertThat(stored(ws, running.id())).isEqualTo(runningBefore);
        assertThat(snapshot(other)).isEqualTo(otherBefore);
    }

    @Test
    void deleteAllReportsDoneSkippedAndNotFound() {
        Workspace other = otherWorkspace();
        Session done1 = completed();
        Session done2 = start("cancelled");
        ws.cancel(done2.id());
        Session archived = completed();
        ws.archive(archived.id());
        Session running = start("running");
        Session waiting = start("waiting");
        ws.waitFor(waiting.id(), WaitReason.APPROVAL);
        Session foreign = completed(other);
        UUID unknown = UUID.randomUUID();
        Map<UUID, Stored> otherBefore = snapshot(other);

        BulkResult r = ws.deleteAll(List.of(unknown, done1.id(), foreign.id(), running.id(), archived.id(),
                waiting.id(), done2.id()));

        assertThat(ids(r)).containsExactly(unknown, done1.id(), foreign.id(), running.id(), archived.id(),
                waiting.id(), done2.id());
        assertThat(results(r)).containsExactly(BulkOutcome.Result.NOT_FOUND, BulkOutcome.Result.DONE,
                BulkOutcome.Result.NOT_FOUND, BulkOutcome.Result.SKIPPED, BulkOutcome.Result.DONE,
                BulkOutcome.Result.SKIPPED, BulkOutcome.Result.DONE);
        assertThat(r.outcome(running.id()).reason()).contains("RUNNING");
        assertThat(r.outcome(waiting.id()).reason()).contains("WAITING");
        assertThat(ws.find(done1.id())).isEmpty();
        assertThat(ws.find(done2.id())).isEmpty();
        assertThat(ws.find(archived.id())).isEmpty();
        assertQuery(ws, EVERYTHING, waiting, running);
        assertThat(snapshot(other)).isEqualTo(otherBefore);
    }

    @Test
    void deleteAllTwiceReportsNotFoundTheSecondTime() {
        Session s = completed();
        assertThat(results(ws.deleteAll(List.of(s.id())))).containsExactly(BulkOutcome.Result.DONE);
        assertThat(results(ws.deleteAll(List.of(s.id())))).containsExactly(BulkOutcome.Result.NOT_FOUND);
    }

    @Test
    void exportWritesAJsonArrayThatParsesBack() {
        Workspace other = otherWorkspace();
        Session valid = ws.start(StartSession.builder(AGENT, "Score it").ticket(TICKET)
                .outputSchema("{\"type\":\"object\",\"required\":[\"score\"]}").build());
        clock.advanceSeconds(61);
        ws.complete(valid.id(), json("{\"score\":7,\"note\":\"NUL \\u0000 and 😀\"}"));
        Session invalid = ws.start(StartSession.builder(AGENT_B, "Score it too")
                .outputSchema("{\"type\":\"object\",\"required\":[\"score\"]}").build());
        ws.complete(invalid.id(), json("{\"note\":\"no score\"}"));
        Session unchecked = start("no schema");
        ws.complete(unchecked.id(), "[1,2,3]");
        Session noOutput = start("no output");
        ws.complete(noOutput.id());
        Session running = start("running");
        Session foreign = completed(other);
        UUID unknown = UUID.randomUUID();

        TrackingWriter out = new TrackingWriter();
        BulkResult r = ws.exportOutputs(List.of(valid.id(), noOutput.id(), foreign.id(), invalid.id(), unknown,
                running.id(), unchecked.id()), ExportFormat.JSON_ARRAY, out);

        assertThat(results(r)).containsExactly(BulkOutcome.Result.DONE, BulkOutcome.Result.SKIPPED,
                BulkOutcome.Result.NOT_FOUND, BulkOutcome.Result.DONE, BulkOutcome.Result.NOT_FOUND,
                BulkOutcome.Result.SKIPPED, BulkOutcome.Result.DONE);
        assertThat(r.outcome(noOutput.id()).reason()).contains("no output");
        assertThat(r.outcome(running.id()).reason()).isNotBlank();
        assertThat(out.closed).as("writer closed").isFalse();

        JsonNode array = json(out.toString());
        assertThat(array.isArray()).isTrue();
        assertThat(array.size()).isEqualTo(3);
        Session v = ws.get(valid.id());
        JsonNode first = array.get(0);
        assertThat(first.path("sessionId").asText()).isEqualTo(valid.id().toString());
        assertThat(first.path("agentId").asText()).isEqualTo("agent-a");
        assertThat(first.path("agentName").asText()).isEqualTo("Agent A");
        assertThat(first.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(first.path("title").asText()).isEqualTo("Score it");
        assertThat(first.path("startedAt").asText()).isEqualTo(v.summary().startedAt().toString());
        assertThat(first.path("endedAt").asText()).isEqualTo(v.summary().endedAt().toString());
        assertThat(first.path("ticket").path("system").asText()).isEqualTo("jira");
        assertThat(first.path("ticket").path("key").asText()).isEqualTo("OPS-3");
        assertThat(first.path("ticket").path("title").asText()).isEqualTo("Nightly 🌙");
        assertThat(first.path("output")).isEqualTo(json("{\"score\":7,\"note\":\"NUL \\u0000 and 😀\"}"));
        assertThat(first.path("verdict").asText()).isEqualTo("VALID");
        assertThat(first.path("errors").size()).isZero();

        JsonNode second = array.get(1);
        assertThat(second.path("sessionId").asText()).isEqualTo(invalid.id().toString());
        assertThat(second.path("agentId").asText()).isEqualTo("agent-b");
        assertThat(second.path("ticket").isNull()).isTrue();
        assertThat(second.path("verdict").asText()).isEqualTo("INVALID");
        assertThat(second.path("errors").size()).isEqualTo(ws.get(invalid.id()).output().verdict().errors().size())
                .isPositive();
        JsonNode third = array.get(2);
        assertThat(third.path("output")).isEqualTo(json("[1,2,3]"));
        assertThat(third.path("verdict").asText()).isEqualTo("NOT_CHECKED");
    }

    @Test
    void exportWritesJsonLinesToAStreamAsUtf8() {
        Session a = start("a ✓");
        ws.complete(a.id(), json("{\"text\":\"line1\\nline2 😀 \\u0000\"}"));
        Session b = start("b");
        ws.complete(b.id(), "\"plain ünïcödé\"");
        TrackingStream out = new TrackingStream();

        BulkResult r = ws.exportOutputs(List.of(a.id(), b.id()), ExportFormat.JSON_LINES, out);

        assertThat(r.done()).isEqualTo(2);
        assertThat(out.closed).as("stream closed").isFalse();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        assertThat(text.split("\n")).hasSize(2);
        List<JsonNode> rows = parseLines(text);
        assertThat(rows.get(0).path("sessionId").asText()).isEqualTo(a.id().toString());
        assertThat(rows.get(0).path("title").asText()).isEqualTo("a ✓");
        assertThat(rows.get(0).path("output")).isEqualTo(json("{\"text\":\"line1\\nline2 😀 \\u0000\"}"));
        assertThat(rows.get(1).path("output").asText()).isEqualTo("plain ünïcödé");
    }

    @Test
    void exportOfNothingWritesAnEmptyArrayOrNoLines() {
        StringWriter array = new StringWriter();
        assertThat(ws.exportOutputs(List.of(UUID.randomUUID()), ExportFormat.JSON_ARRAY, array).notFound())
                .isEqualTo(1);
        assertThat(json(array.toString())).isEqualTo(json("[]"));
        StringWriter lines = new StringWriter();
        ws.exportOutputs(List.<UUID>of(), ExportFormat.JSON_LINES, lines);
        assertThat(lines.toString()).isBlank();
    }

    @Test
    void archiveAllByQueryArchivesEveryMatchingEndedSession() {
        Workspace other = otherWorkspace();
        Session a1 = completed();
        Session a2 = start(AGENT, "a2");
        ws.fail(a2.id(), "x");
        Session aRunning = start(AGENT, "a3");
        Session b = start(AGENT_B, "b");
        ws.complete(b.id());
        Session foreignA = completed(other);
        Map<UUID, Stored> otherBefore = snapshot(other);

        BulkResult r = ws.archiveAll(SessionQuery.builder().agents("agent-a").build());

        assertThat(r.done()).isEqualTo(2);
        assertThat(r.skipped()).isEqualTo(1);
        assertThat(r.outcome(aRunning.id()).result()).isEqualTo(BulkOutcome.Result.SKIPPED);
        assertThat(r.outcome(foreignA.id())).isNull();
        assertThat(ws.get(a1.id()).summary().archived()).isTrue();
        assertThat(ws.get(a2.id()).summary().archived()).isTrue();
        assertThat(ws.get(b.id()).summary().archived()).isFalse();
        assertThat(snapshot(other)).isEqualTo(otherBefore);
        assertQuery(ws, SessionQuery.all(), b, aRunning);
    }

    @Test
    void deleteAllByQueryDeletesEveryMatchingEndedSession() {
        Workspace other = otherWorkspace();
        Session failed = start("f");
        ws.fail(failed.id(), "x");
        Session cancelled = start("c");
        ws.cancel(cancelled.id());
        ws.archive(cancelled.id());
        Session completed = completed();
        Session foreign = other.start(StartSession.of(AGENT, "foreign"));
        other.fail(foreign.id(), "x");
        Map<UUID, Stored> otherBefore = snapshot(other);

        BulkResult r = ws.deleteAll(SessionQuery.builder()
                .statuses(SessionStatus.FAILED, SessionStatus.CANCELLED).archived(ArchivedFilter.INCLUDE).build());

        assertThat(ids(r)).containsExactlyInAnyOrder(failed.id(), cancelled.id());
        assertThat(r.done()).isEqualTo(2);
        assertQuery(ws, EVERYTHING, completed);
        assertThat(snapshot(other)).isEqualTo(otherBefore);
    }

    @Test
    void exportByQueryWritesEveryMatchingSessionWithOutput() {
        Session linked1 = ws.start(StartSession.builder(AGENT, "one").ticket(TICKET).build());
        ws.complete(linked1.id(), "{\"n\":1}");
        clock.advanceSeconds(1);
        Session linked2 = ws.start(StartSession.builder(AGENT, "two").ticket(TICKET).build());
        ws.complete(linked2.id(), "{\"n\":2}");
        ws.archive(linked2.id());
        Session linkedNoOutput = ws.start(StartSession.builder(AGENT, "three").ticket(TICKET).build());
        Session unlinked = completed();
        StringWriter out = new StringWriter();

        BulkResult r = ws.exportOutputs(SessionQuery.forTicket(TICKET).toBuilder()
                .sort(dev.agentruns.SortOrder.OLDEST_FIRST).build(), ExportFormat.JSON_LINES, out);

        assertThat(ids(r)).containsExactly(linked1.id(), linked2.id(), linkedNoOutput.id());
        assertThat(results(r)).containsExactly(BulkOutcome.Result.DONE, BulkOutcome.Result.DONE,
                BulkOutcome.Result.SKIPPED);
        assertThat(parseLines(out.toString())).extracting(n -> n.path("output").path("n").asInt())
                .containsExactly(1, 2);
        assertThat(r.outcome(unlinked.id())).isNull();
    }

    @Test
    void bulkOfAnEmptyListDoesNothing() {
        Session s = completed();
        assertThat(ws.archiveAll(List.of()).outcomes()).isEmpty();
        assertThat(ws.deleteAll(List.of()).outcomes()).isEmpty();
        assertThat(ws.get(s.id()).summary().archived()).isFalse();
    }
}
