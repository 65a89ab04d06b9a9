package dev.agentruns.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentruns.ActivityEvent;
import dev.agentruns.ActivityType;
import dev.agentruns.AgentRef;
import dev.agentruns.ForkOrigin;
import dev.agentruns.Message;
import dev.agentruns.Output;
import dev.agentruns.OutputVerdict;
import dev.agentruns.Role;
import dev.agentruns.Session;
import dev.agentruns.SessionKind;
import dev.agentruns.SessionStatus;
import dev.agentruns.SessionSummary;
import dev.agentruns.StorageException;
import dev.agentruns.TicketRef;
import dev.agentruns.Usage;
import dev.agentruns.UsageTotals;
import dev.agentruns.WaitReason;
import dev.agentruns.internal.Json;
import dev.agentruns.spi.ContentCodec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Maps result rows (columns as listed in {@link Statements}) to domain values, and JSON text to
 * trees. Stateless apart from the dialect's statements; thread-safe.
 */
final class Rows {
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {
    };

    private final Statements sql;

    Rows(Statements sql) {
        this.sql = sql;
    }

    /** What appends and transcript reads need of a session: {@link Statements#HEAD_COLUMNS}. */
    record Head(SessionStatus status, long messageCount, long activityCount, long lastActivityAt, UUID baseId,
                long baseSeq, long version) {
    }

    Head head(ResultSet rs) throws SQLException {
        return new Head(SessionStatus.valueOf(rs.getString("status")), rs.getLong("message_count"),
                rs.getLong("activity_count"), rs.getLong("last_activity_at"), sql.readId(rs, "base_session_id"),
                rs.getLong("base_seq"), rs.getLong("version"));
    }

    SessionSummary summary(ResultSet rs) throws SQLException {
        String ticketSystem = sql.readText(rs, "ticket_system");
        TicketRef ticket = ticketSystem == null ? null : new TicketRef(ticketSystem, sql.readText(rs, "ticket_key"),
                sql.readText(rs, "ticket_title"), sql.readText(rs, "ticket_url"));
        UUID forkSource = sql.readId(rs, "fork_source_id");
        ForkOrigin forkedFrom = forkSource == null ? null
                : new ForkOrigin(forkSource, sql.readText(rs, "fork_message_id"), rs.getLong("fork_seq"));
        String waitReason = rs.getString("wait_reason");
        String verdict = rs.getString("output_verdict");
        return new SessionSummary(
                sql.readId(rs, "id"),
                sql.readText(rs, "workspace_id"),
                SessionKind.valueOf(rs.getString("kind")),
                new AgentRef(sql.readText(rs, "agent_id"), sql.readText(rs, "agent_name"),
                        sql.readText(rs, "agent_icon")),
                sql.readText(rs, "title"),
                SessionStatus.valueOf(rs.getString("status")),
                waitReason == null ? null : WaitReason.valueOf(waitReason),
                Micros.toInstant(rs.getLong("started_at")),
                Micros.toInstant(rs.getLong("status_changed_at")),
                instant(rs, "ended_at"),
                Micros.toDuration(rs.getLong("waited_micros")),
                ticket,
                instant(rs, "archived_at"),
                forkedFrom,
                rs.getLong("message_count"),
                Micros.toInstant(rs.getLong("last_activity_at")),
                new UsageTotals(rs.getLong("input_tokens"), rs.getLong("output_tokens"),
                        rs.getLong("cache_read_tokens"), rs.getLong("cache_creation_tokens")),
                verdict == null ? null : OutputVerdict.Status.valueOf(verdict),
                rs.getLong("version"));
    }

    Session session(ResultSet rs) throws SQLException {
        SessionSummary summary = summary(rs);
        String schema = sql.readJson(rs, "output_schema");
        Output output = null;
        if (summary.outputStatus() != null) {
            String errors = sql.readJson(rs, "output_errors");
            List<String> errorList = errors == null ? List.of() : readValue(errors, STRING_LIST);
            output = new Output(tree(sql.readJson(rs, "output_json")),
                    new OutputVerdict(summary.outputStatus(), errorList));
        }
        return new Session(summary, schema == null ? null : tree(schema), output);
    }

    Message message(ResultSet rs) throws SQLException {
        UUID origin = sql.readId(rs, "origin_session_id");
        Long input = Statements.readBigint(rs, "input_tokens");
        Usage usage = input == null ? null : new Usage(sql.readText(rs, "usage_model"), input,
                rs.getLong("output_tokens"), rs.getLong("cache_read_tokens"), rs.getLong("cache_creation_tokens"));
        return new Message(
                sql.readText(rs, "message_id"),
                origin != null ? origin : sql.readId(rs, "session_id"),
                rs.getLong("seq"),
                Role.valueOf(rs.getString("role")),
                Micros.toInstant(rs.getLong("created_at")),
                ContentCodec.read(sql.readJson(rs, "content")),
                usage);
    }

    ActivityEvent event(ResultSet rs) throws SQLException {
        return new ActivityEvent(
                sql.readId(rs, "event_id"),
                sql.readId(rs, "session_id"),
                rs.getLong("seq"),
                Micros.toInstant(rs.getLong("occurred_at")),
                new ActivityType(rs.getString("event_type")),
                sql.readText(rs, "summary"),
                tree(sql.readJson(rs, "details")));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Long micros = Statements.readBigint(rs, column);
        return micros == null ? null : Micros.toInstant(micros);
    }

    static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new StorageException("stored JSON is not readable", e);
        }
    }

    private static <T> T readValue(String json, TypeReference<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StorageException("stored JSON is not readable", e);
        }
    }
}
