package dev.agentruns.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruns.ActivityEvent;
import dev.agentruns.AgentRef;
import dev.agentruns.AgentRunsException;
import dev.agentruns.ContentBlock;
import dev.agentruns.ExportFormat;
import dev.agentruns.InvalidInputException;
import dev.agentruns.Message;
import dev.agentruns.NewActivity;
import dev.agentruns.NewMessage;
import dev.agentruns.Role;
import dev.agentruns.Session;
import dev.agentruns.SessionQuery;
import dev.agentruns.SessionSummary;
import dev.agentruns.StartSession;
import dev.agentruns.StorageException;
import dev.agentruns.TicketRef;
import dev.agentruns.Usage;
import dev.agentruns.Workspace;
import dev.agentruns.internal.Json;
import java.io.StringWriter;
import java.time.Duration;
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
 * Case 13: every text field the API accepts, fed NUL, lone surrogates, astral and right-to-left text,
 * blanks and 1 MB single-line strings. Each (field, input) either reads back byte-exact through every
 * read path (get, list, filters, messages, activity, export) or is rejected with the same typed
 * exception naming the same field; never a storage or driver exception. The in-memory store's
 * outcomes are the reference every other backend must equal.
 */
class HostileTextRoundTripTest {
    static final String STORED_EXACTLY = "stored exactly";
    static final AgentRef AGENT = new AgentRef("agent", "Agent", null);
    private static Map<String, String> reference;

    /** One text field: stores {@code v} through the API and returns what every read path gives back. */
    @FunctionalInterface
    interface Field {
        List<String> storeAndReadBack(Rig rig, Workspace ws, String v);
    }

    static Map<String, Field> fields() {
        Map<String, Field> f = new LinkedHashMap<>();
        f.put("workspace id", (rig, unused, v) -> {
            Workspace ws = rig.workspace(v);
            Session s = ws.start(StartSession.of(AGENT, "prompt"));
            List<String> out = new ArrayList<>();
            out.add(ws.get(s.id()).summary().workspaceId());
            Rig.allRows(ws, Rig.EVERYTHING).forEach(r -> out.add(r.workspaceId()));
            out.add(ws.count(Rig.EVERYTHING) == 1 ? v : "count " + ws.count(Rig.EVERYTHING));
            out.add(ws.messages(s.id()).get(0).text().equals("prompt") ? v : "messages lost");
            return out;
        });
        f.put("agent.id", (rig, ws, v) -> {
            Session s = ws.start(StartSession.of(new AgentRef(v, "Agent", null), "prompt"));
            SessionQuery byAgent = SessionQuery.builder().agents(v).build();
            List<String> out = new ArrayList<>(agentIds(ws, s.id()));
            Rig.allRows(ws, byAgent).forEach(r -> out.add(r.agent().id()));
            out.add(ws.count(byAgent) == 1 ? v : "count " + ws.count(byAgent));
            return out;
        });
        f.put("agent.displayName", (rig, ws, v) -> summaries(ws, ws.start(StartSession.of(new AgentRef("a", v, null),
                "prompt")).id(), s -> s.agent().displayName()));
        f.put("agent.icon", (rig, ws, v) -> summaries(ws, ws.start(StartSession.of(new AgentRef("a", "A", v),
                "prompt")).id(), s -> s.agent().icon()));
        f.put("title", (rig, ws, v) -> summaries(ws, ws.start(StartSession.builder(AGENT, "prompt").title(v).build()).id(),
                SessionSummary::title));
        f.put("ticket.system", (rig, ws, v) -> ticket(ws, new TicketRef(v, "KEY-1", null, null), t -> t.system()));
        f.put("ticket.key", (rig, ws, v) -> ticket(ws, new TicketRef("jira", v, null, null), t -> t.key()));
        f.put("ticket.title", (rig, ws, v) -> ticket(ws, new TicketRef("jira", "KEY-1", v, null), t -> t.title()));
        f.put("ticket.url", (rig, ws, v) -> ticket(ws, new TicketRef("jira", "KEY-1", null, v), t -> t.url()));
        f.put("prompt text", (rig, ws, v) -> {
            Session s = ws.start(StartSession.builder(AGENT, NewMessage.of(Role.USER, ContentBlock.text(v))).build());
            return List.of(ws.messages(s.id()).get(0).text(), ws.lastMessages(s.id(), 1).get(0).text());
        });
        f.put("message text", (rig, ws, v) -> appended(ws, NewMessage.assistant(v), m -> m.text()));
        f.put("thinking", (rig, ws, v) -> appended(ws, NewMessage.of(Role.ASSISTANT, ContentBlock.thinking(v, "sig")),
                m -> ((ContentBlock.Thinking) m.content().get(0)).thinking()));
        f.put("thinking signature", (rig, ws, v) -> appended(ws,
                NewMessage.of(Role.ASSISTANT, ContentBlock.thinking("t", v)),
                m -> ((ContentBlock.Thinking) m.content().get(0)).signature()));
        f.put("redacted thinking", (rig, ws, v) -> appended(ws,
                NewMessage.of(Role.ASSISTANT, new ContentBlock.RedactedThinking(v)),
                m -> ((ContentBlock.RedactedThinking) m.content().get(0)).data()));
        f.put("tool use id", (rig, ws, v) -> appended(ws,
                NewMessage.of(Role.ASSISTANT, ContentBlock.toolUse(v, "tool", Json.object())),
                m -> ((ContentBlock.ToolUse) m.content().get(0)).id()));
        f.put("tool name", (rig, ws, v) -> appended(ws,
                NewMessage.of(Role.ASSISTANT, ContentBlock.toolUse("t1", v, Json.object())),
                m -> ((ContentBlock.ToolUse) m.content().get(0)).name()));
        f.put("tool input value", (rig, ws, v) -> appended(ws,
                NewMessage.of(Role.ASSISTANT, ContentBlock.toolUse("t1", "tool", Json.object().put("q", v))),
                m -> ((ContentBlock.ToolUse) m.content().get(0)).input().get("q").textValue()));
        f.put("tool input key", (rig, ws, v) -> appended(ws,
                NewMessage.of(Role.ASSISTANT, ContentBlock.toolUse("t1", "tool", Json.object().put(v, 1))),
                m -> ((ContentBlock.ToolUse) m.content().get(0)).input().fieldNames().next()));
        f.put("tool result text", (rig, ws, v) -> appended(ws,
                NewMessage.of(Role.TOOL, ContentBlock.toolResult("t1", v, false)),
                m -> ((ContentBlock.Text) ((ContentBlock.ToolResult) m.content().get(0)).content().get(0)).text()));
        f.put("image data", (rig, ws, v) -> appended(ws,
                NewMessage.of(Role.USER, ContentBlock.Image.base64("image/png", v)),
                m -> ((ContentBlock.Image) m.content().get(0)).data()));
        f.put("image url", (rig, ws, v) -> appended(ws, NewMessage.of(Role.USER, ContentBlock.Image.url("image/png", v)),
                m -> ((ContentBlock.Image) m.content().get(0)).url()));
        f.put("image media type", (rig, ws, v) -> appended(ws,
                NewMessage.of(Role.USER, ContentBlock.Image.url(v, "https://example.com/a.png")),
                m -> ((ContentBlock.Image) m.content().get(0)).mediaType()));
        f.put("message id", (rig, ws, v) -> {
            Session s = ws.start(StartSession.of(AGENT, "prompt"));
            Message first = ws.append(s.id(), NewMessage.assistant("reply").withId(v));
            Message retried = ws.append(s.id(), NewMessage.assistant("reply").withId(v));
            Session fork = ws.fork(s.id(), v, NewMessage.user("fork prompt"));
            List<String> out = new ArrayList<>();
            out.add(first.id());
            out.add(retried.seq() == first.seq() ? retried.id() : "retry stored again");
            out.add(ws.messages(s.id()).get(1).id());
            out.add(ws.messages(fork.id()).get(1).id());
            out.add(ws.get(fork.id()).summary().forkedFrom().messageId());
            return out;
        });
        f.put("usage model", (rig, ws, v) -> appended(ws, NewMessage.assistant("r").withUsage(Usage.of(v, 1, 2)),
                m -> m.usage().model()));
        f.put("output string", (rig, ws, v) -> output(ws, Json.object().put("v", v), o -> o.get("v").textValue()));
        f.put("output key", (rig, ws, v) -> output(ws, Json.object().put(v, true), o -> o.fieldNames().next()));
        f.put("output schema text", (rig, ws, v) -> {
            ObjectNode schema = Json.object().put("type", "object").put("description", v);
            Session s = ws.start(StartSession.builder(AGENT, "prompt").outputSchema(schema).build());
            return List.of(ws.get(s.id()).outputSchema().get("description").textValue());
        });
        f.put("activity summary", (rig, ws, v) -> recorded(ws, NewActivity.custom("note", v, null), ActivityEvent::summary));
        f.put("activity details", (rig, ws, v) -> recorded(ws, NewActivity.custom("note", "s", Json.object().put("d", v)),
                e -> e.details().get("d").textValue()));
        f.put("custom activity type", (rig, ws, v) -> recorded(ws, NewActivity.custom(v, "s", null), e -> e.type().name()));
        f.put("tool executed name", (rig, ws, v) -> recorded(ws, NewActivity.toolExecuted(v, Duration.ofMillis(5), true),
                e -> e.details().get("tool").textValue()));
        f.put("permission", (rig, ws, v) -> recorded(ws, NewActivity.permissionRequested(v),
                e -> e.details().get("permission").textValue()));
        f.put("fail reason", (rig, ws, v) -> {
            Session s = ws.start(StartSession.of(AGENT, "prompt"));
            ws.fail(s.id(), v);
            return List.of(ws.activity(s.id()).stream().filter(e -> e.type().name().equals("ERROR")).findFirst()
                    .orElseThrow().summary());
        });
        f.put("cancel reason", (rig, ws, v) -> {
            Session s = ws.start(StartSession.of(AGENT, "prompt"));
            ws.cancel(s.id(), v);
            List<ActivityEvent> events = ws.activity(s.id());
            return List.of(events.get(events.size() - 1).details().get("reason").textValue());
        });
        return f;
    }

    @DisplayName("hostile text in every field: exact round trip or the in-memory store's typed error")
    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void everyTextFieldRoundTripsExactlyOrFailsTypedAsInMemory(Backend backend) throws Exception {
        Map<String, String> outcomes = outcomes(backend);

        Map<String, String> bad = new LinkedHashMap<>(outcomes);
        bad.values().removeIf(o -> o.equals(STORED_EXACTLY) || o.startsWith("rejected: "));
        assertThat(bad).as("inputs neither stored exactly nor rejected typed on " + backend).isEmpty();
        assertThat(outcomes).as("outcomes on " + backend + " against the in-memory store")
                .containsExactlyEntriesOf(reference());
        assertThat(outcomes.values()).contains(STORED_EXACTLY);
        System.out.printf("hostile text on %s: %d inputs, %d stored exactly, %d rejected typed%n", backend,
                outcomes.size(), outcomes.values().stream().filter(STORED_EXACTLY::equals).count(),
                outcomes.values().stream().filter(o -> !o.equals(STORED_EXACTLY)).count());
    }

    private static synchronized Map<String, String> reference() throws Exception {
        if (reference == null) {
            reference = outcomes(Backend.IN_MEMORY);
        }
        return reference;
    }

    static Map<String, String> outcomes(Backend backend) throws Exception {
        Map<String, String> outcomes = new LinkedHashMap<>();
        try (Rig rig = Rig.open(backend)) {
            for (Map.Entry<String, Field> field : fields().entrySet()) {
                for (Map.Entry<String, String> probe : HostileText.probes().entrySet()) {
                    String key = field.getKey() + " <- " + probe.getKey();
                    outcomes.put(key, outcome(rig, field.getValue(), probe.getValue()));
                }
            }
        }
        return outcomes;
    }

    static String outcome(Rig rig, Field field, String value) {
        try {
            Workspace ws = rig.workspace("w-" + UUID.randomUUID());
            List<String> readBack = field.storeAndReadBack(rig, ws, value);
            for (String r : readBack) {
                if (!value.equals(r)) {
                    return "changed: " + HostileText.difference(value, r);
                }
            }
            return STORED_EXACTLY;
        } catch (StorageException e) {
            return "storage error: " + e;
        } catch (InvalidInputException e) {
            return "rejected: " + e.getClass().getSimpleName() + " naming " + e.field();
        } catch (AgentRunsException e) {
            return "rejected: " + e.getClass().getSimpleName();
        } catch (Throwable e) {
            return "raw: " + e;
        }
    }

    private static List<String> agentIds(Workspace ws, UUID id) {
        return summaries(ws, id, s -> s.agent().id());
    }

    /** The value through get and through the list. */
    private static List<String> summaries(Workspace ws, UUID id, Function<SessionSummary, String> value) {
        List<String> out = new ArrayList<>();
        out.add(value.apply(ws.get(id).summary()));
        Rig.allRows(ws, Rig.EVERYTHING).stream().filter(r -> r.id().equals(id)).forEach(r -> out.add(value.apply(r)));
        if (out.size() != 2) {
            out.add("session listed " + (out.size() - 1) + " times");
        }
        return out;
    }

    /** The ticket field through get and list, and the session found by the ticket filter. */
    private static List<String> ticket(Workspace ws, TicketRef t, Function<TicketRef, String> value) {
        Session s = ws.start(StartSession.builder(AGENT, "prompt").ticket(t).build());
        List<String> out = new ArrayList<>(summaries(ws, s.id(), r -> value.apply(r.ticket())));
        List<SessionSummary> ofTicket = ws.sessionsOfTicket(TicketRef.of(t.system(), t.key())).items();
        ofTicket.forEach(r -> out.add(value.apply(r.ticket())));
        if (ofTicket.size() != 1) {
            out.add("ticket filter found " + ofTicket.size());
        }
        long counted = ws.count(SessionQuery.forTicket(t));
        if (counted != 1) {
            out.add("ticket count " + counted);
        }
        return out;
    }

    /** The message as append returned it, and through messages and lastMessages. */
    private static List<String> appended(Workspace ws, NewMessage message, Function<Message, String> value) {
        Session s = ws.start(StartSession.of(AGENT, "prompt"));
        Message stored = ws.append(s.id(), message);
        return List.of(value.apply(stored), value.apply(ws.messages(s.id()).get(1)),
                value.apply(ws.lastMessages(s.id(), 1).get(0)));
    }

    /** The output through get and through the export. */
    private static List<String> output(Workspace ws, JsonNode output, Function<JsonNode, String> value) {
        Session s = ws.start(StartSession.of(AGENT, "prompt"));
        ws.complete(s.id(), output);
        StringWriter export = new StringWriter();
        ws.exportOutputs(List.of(s.id()), ExportFormat.JSON_LINES, export);
        JsonNode exported = Json.parse(export.toString().strip(), "export").get("output");
        return List.of(value.apply(ws.get(s.id()).output().value()), value.apply(exported));
    }

    /** The event as record returned it and through the timeline. */
    private static List<String> recorded(Workspace ws, NewActivity activity, Function<ActivityEvent, String> value) {
        Session s = ws.start(StartSession.of(AGENT, "prompt"));
        ActivityEvent stored = ws.record(s.id(), activity);
        List<ActivityEvent> timeline = ws.activity(s.id());
        return List.of(value.apply(stored), value.apply(timeline.get(timeline.size() - 1)));
    }
}
