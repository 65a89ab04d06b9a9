package dev.agentruns.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentruns.ActivityEvent;
import dev.agentruns.BulkOutcome;
import dev.agentruns.BulkResult;
import dev.agentruns.ContentBlock;
import dev.agentruns.ExportFormat;
import dev.agentruns.Message;
import dev.agentruns.Output;
import dev.agentruns.Page;
import dev.agentruns.Session;
import dev.agentruns.SessionQuery;
import dev.agentruns.SessionStatus;
import dev.agentruns.SessionSummary;
import dev.agentruns.Usage;
import dev.agentruns.UsageTotals;
import dev.agentruns.Workspace;
import java.io.PrintStream;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A plain-text stand-in for the Agent Runs view of a host application: the session list, and one
 * session's Messages, Output and Activity tabs. It only reads, through the {@link Workspace}.
 * Not thread-safe.
 */
final class AgentRunsConsole {
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ENGLISH);
    private static final int TITLE_WIDTH = 56;
    private static final int TEXT_WIDTH = 100;
    private static final String INDENT = "  ";

    private final PrintStream out;
    private final Workspace workspace;
    private final Clock clock;
    private final ZoneId zone;

    /** Durations of active sessions are measured up to {@code clock}'s now; times are shown in {@code zone}. */
    AgentRunsConsole(PrintStream out, Workspace workspace, Clock clock, ZoneId zone) {
        this.out = out;
        this.workspace = workspace;
        this.clock = clock;
        this.zone = zone;
    }

    // ---------------------------------------------------------------- the list

    /** One page of the session list for {@code query}, under a heading with the total count. */
    void printList(String heading, SessionQuery query) {
        heading(heading + " (" + workspace.count(query) + ")");
        Page<SessionSummary> page = workspace.list(query);
        TextTable table = new TextTable("Agent", "Status", "Started", "Duration", "Linked Ticket", "Title");
        for (SessionSummary s : page.items()) {
            table.row(s.agent().displayName(), status(s), at(s.startedAt(), DAY_TIME),
                    duration(s.duration(clock)), s.ticket() == null ? null : s.ticket().display(),
                    abbreviate(s.title(), TITLE_WIDTH));
        }
        if (table.isEmpty()) {
            out.println(INDENT + "(no sessions)");
        } else {
            table.print(out, INDENT);
        }
        // A longer list goes on with workspace.list(query.withCursor(page.nextCursor())).
        page.next().ifPresent(cursor -> out.println(INDENT + "... more on the next page"));
    }

    // ---------------------------------------------------------------- one session

    /** The details of one session: a header, then its Messages, Output and Activity tabs. */
    void printSession(UUID sessionId) {
        Session session = workspace.get(sessionId);
        SessionSummary s = session.summary();
        heading("Session: " + s.title());
        fact("Agent", s.agent().displayName() + " (" + s.agent().id() + ")");
        fact("Status", status(s));
        fact("Started", at(s.startedAt(), DAY_TIME));
        fact("Duration", duration(s.duration(clock)) + ", of which waiting " + duration(s.waitingTime(clock)));
        fact("Tokens", tokens(s.usage()));
        fact("Ticket", s.ticket() == null ? "-" : s.ticket().display());

        printMessagesTab(sessionId);
        printOutputTab(session);
        printActivityTab(sessionId);
    }

    private void printMessagesTab(UUID sessionId) {
        List<Message> messages = workspace.messages(sessionId);
        tab("Messages (" + messages.size() + ")");
        for (Message m : messages) {
            out.printf(Locale.ROOT, "%s%-4s%-10s %s%s%n", INDENT, "#" + m.seq(), m.role(), at(m.createdAt(), TIME),
                    usage(m.usage()));
            for (ContentBlock block : m.content()) {
                printBlock(block);
            }
        }
    }

    private void printBlock(ContentBlock block) {
        if (block instanceof ContentBlock.Text t) {
            printWrapped("", t.text());
        } else if (block instanceof ContentBlock.Thinking t) {
            printWrapped("[thinking] ", t.thinking());
        } else if (block instanceof ContentBlock.RedactedThinking) {
            printWrapped("[thinking, redacted] ", "");
        } else if (block instanceof ContentBlock.ToolUse u) {
            printWrapped("[tool call " + u.name() + " " + u.id() + "] ", u.input().toString());
        } else if (block instanceof ContentBlock.ToolResult r) {
            printWrapped("[tool result " + r.toolUseId() + (r.isError() ? ", ERROR] " : "] "), text(r.content()));
        } else if (block instanceof ContentBlock.Image i) {
            printWrapped("[image " + i.mediaType() + "] ", i.url() != null ? i.url() : "(inline data)");
        }
    }

    private void printOutputTab(Session session) {
        tab("Output");
        Output output = session.output();
        if (output == null) {
            out.println(INDENT + "(no output)");
            return;
        }
        JsonNode schema = session.outputSchema();
        String checked = schema == null ? "the session has no output schema"
                : "checked against the output schema; required: " + schema.path("required");
        out.println(INDENT + "Verdict: " + output.verdict().status() + " (" + checked + ")");
        output.verdict().errors().forEach(error -> out.println(INDENT + "  - " + error));
        output.value().toPrettyString().lines().forEach(line -> out.println(INDENT + line));
    }

    private void printActivityTab(UUID sessionId) {
        List<ActivityEvent> events = workspace.activity(sessionId);
        tab("Activity (" + events.size() + ")");
        TextTable timeline = new TextTable("Time", "Event", "Summary");
        for (ActivityEvent e : events) {
            timeline.row(at(e.at(), TIME), e.type(), e.summary());
        }
        timeline.print(out, INDENT);
    }

    // ---------------------------------------------------------------- bulk export

    /** Exports the outputs of the sessions {@code query} matches as JSON Lines, and what was skipped. */
    void printExport(String heading, SessionQuery query) {
        heading(heading);
        StringWriter jsonLines = new StringWriter();
        BulkResult result = workspace.exportOutputs(query, ExportFormat.JSON_LINES, jsonLines);
        jsonLines.toString().lines().forEach(line -> out.println(INDENT + line));
        out.println(INDENT + result.done() + " exported, " + result.skipped() + " skipped:");
        for (BulkOutcome outcome : result.outcomes()) {
            if (outcome.result() == BulkOutcome.Result.SKIPPED) {
                out.println(INDENT + "  " + workspace.get(outcome.sessionId()).summary().title()
                        + " (" + outcome.reason() + ")");
            }
        }
    }

    // ---------------------------------------------------------------- formatting

    void heading(String text) {
        out.println();
        out.println("=== " + text + " ===");
    }

    private void fact(String label, String value) {
        out.printf(Locale.ROOT, "%s%-9s %s%n", INDENT, label, value);
    }

    private void tab(String name) {
        out.println();
        out.println("--- " + name + " ---");
    }

    /** Prints {@code text} wrapped, its first line after {@code label}, the rest aligned under it. */
    private void printWrapped(String label, String text) {
        String first = INDENT + "    " + label;
        String rest = " ".repeat(first.length());
        String prefix = first;
        for (String paragraph : text.split("\n", -1)) {
            for (String line : wrap(paragraph, TEXT_WIDTH - first.length())) {
                out.println((prefix + line).stripTrailing());
                prefix = rest;
            }
        }
    }

    private static List<String> wrap(String paragraph, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : paragraph.split(" ", -1)) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            } else if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    /** "Completed", "Waiting (approval)", "Completed [archived]". */
    static String status(SessionSummary s) {
        String name = s.status().name().charAt(0) + s.status().name().substring(1).toLowerCase(Locale.ROOT);
        if (s.status() == SessionStatus.WAITING && s.waitReason() != null) {
            name += " (" + s.waitReason().name().toLowerCase(Locale.ROOT) + ")";
        }
        return s.archived() ? name + " [archived]" : name;
    }

    /** "45s", "12m 05s", "2h 03m", "7d 00h". */
    static String duration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86_400) {
            return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd %02dh", seconds / 86_400, seconds % 86_400 / 3600);
    }

    private String at(Instant instant, DateTimeFormatter format) {
        return format.format(instant.atZone(zone));
    }

    private static String usage(Usage usage) {
        if (usage == null) {
            return "";
        }
        String cache = usage.cacheReadTokens() == 0 ? "" : String.format(Locale.ROOT, ", %,d cache read",
                usage.cacheReadTokens());
        return String.format(Locale.ROOT, "  %s: %,d in / %,d out tokens%s", usage.model(), usage.inputTokens(),
                usage.outputTokens(), cache);
    }

    private static String tokens(UsageTotals usage) {
        return String.format(Locale.ROOT, "%,d in / %,d out / %,d cache read", usage.inputTokens(),
                usage.outputTokens(), usage.cacheReadTokens());
    }

    private static String text(List<ContentBlock> blocks) {
        return blocks.stream().map(b -> b instanceof ContentBlock.Text t ? t.text() : "[image]")
                .collect(Collectors.joining("\n"));
    }

    private static String abbreviate(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 3) + "...";
    }
}
