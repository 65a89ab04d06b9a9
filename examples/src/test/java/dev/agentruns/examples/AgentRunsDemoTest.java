package dev.agentruns.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the demo on a new SQLite file and checks what it prints, view by view; then runs it again on one file. */
class AgentRunsDemoTest {
    @TempDir
    static Path dir;

    private static Path firstFile;
    private static String output;

    @BeforeAll
    static void runDemo() {
        firstFile = dir.resolve("first/agentruns.db");
        output = run(firstFile);
    }

    @Test
    void namesTheStoreAndTheFileItUses() {
        assertThat(output.lines().limit(5)).contains(
                "Store: embedded SQLite, JdbcSessionRepository.embedded(file) (dialect SQLITE, tables agentruns_*)",
                "File: " + firstFile.toAbsolutePath() + " (new)",
                "Sessions from earlier runs: 0");
        assertThat(firstFile).isRegularFile();
        assertThat(output).doesNotContain("=== Sessions from earlier runs");
    }

    @Test
    void defaultListShowsEveryStatusButNotTheArchivedSession() {
        List<String> rows = rows("Agent Runs (6)");
        assertThat(rows).hasSize(6);
        assertThat(rows.get(0)).startsWith("Code Reviewer").contains("Running", "Wed 11 Jun 15:40", "22m 00s");
        assertThat(rows.get(1)).startsWith("Test Writer").contains("Waiting (input)", "52m 00s");
        assertThat(rows.get(2)).startsWith("Release Assistant").contains("Completed", "26m 43s");
        assertThat(rows.get(3)).startsWith("Test Writer").contains("Failed", "jira:PAY-142");
        assertThat(rows.get(4)).startsWith("Code Reviewer").contains("Cancelled", "Mon 9 Jun 10:05", "3m 07s");
        assertThat(rows.get(5)).startsWith("Code Reviewer").contains("Completed", "Fri 6 Jun 14:30");
        assertThat(rows).noneMatch(row -> row.contains("[archived]"));
    }

    @Test
    void statusFilterKeepsOnlyCompletedSessions() {
        assertThat(rows("Agent Runs - Status: Completed (2)"))
                .hasSize(2)
                .allMatch(row -> row.contains("Completed"))
                .noneMatch(row -> row.contains("[archived]"));
    }

    @Test
    void agentFilterKeepsOnlyTheCodeReviewer() {
        assertThat(rows("Agent Runs - Agent: Code Reviewer (3)"))
                .hasSize(3)
                .allMatch(row -> row.startsWith("Code Reviewer "));
    }

    @Test
    void thisWeekStartsOnMondayInTheConfiguredZone() {
        assertThat(rows("Agent Runs - This Week (5)"))
                .hasSize(5)
                .noneMatch(row -> row.contains("Fri 6 Jun") || row.contains("Thu 5 Jun"))
                .anyMatch(row -> row.contains("Mon 9 Jun 10:05"));
    }

    @Test
    void ticketViewIncludesTheArchivedSession() {
        List<String> rows = rows("Agent Runs - Ticket: jira:PAY-142 (2)");
        assertThat(rows).hasSize(2).allMatch(row -> row.contains("jira:PAY-142"));
        assertThat(rows.get(0)).contains("Failed");
        assertThat(rows.get(1)).contains("Completed [archived]", "Thu 5 Jun 09:12");
    }

    @Test
    void messagesTabShowsThinkingToolCallsResultsAndUsage() {
        String session = section("Session: Prepare release 2.4.0");
        assertThat(session)
                .contains("--- Messages (8) ---")
                .contains("[thinking] The changelog covers everything merged since v2.3.0.")
                .contains("[tool call git_log toolu_01] {\"from\":\"v2.3.0\",\"to\":\"main\"}")
                .contains("[tool result toolu_01] a41c9e2 Add idempotency keys to payment retries (#498)")
                .contains("claude-sonnet-4-5: 3,120 in / 212 out tokens, 2,048 cache read")
                .contains("Duration  26m 43s, of which waiting 25m 20s");
    }

    @Test
    void outputTabShowsTheValidatedStructuredOutput() {
        assertThat(section("Session: Prepare release 2.4.0"))
                .contains("Verdict: VALID (checked against the output schema")
                .contains("\"version\" : \"2.4.0\"")
                .contains("\"releaseUrl\" : \"https://github.com/acme/payments/releases/tag/v2.4.0\"");
    }

    @Test
    void activityTabShowsThePermissionRoundTripInOrder() {
        String session = section("Session: Prepare release 2.4.0");
        assertThat(session).containsSubsequence(
                "SESSION_STARTED", "TOOL_EXECUTED", "PERMISSION_REQUESTED", "Waiting for approval",
                "PERMISSION_RESOLVED", "Permission granted: git push origin v2.4.0", "Continued",
                "OUTPUT_RECORDED", "SESSION_ENDED");
    }

    @Test
    void bulkExportWritesOneLinePerOutputAndSkipsSessionsWithout() {
        String export = section("Bulk export");
        assertThat(export.lines().filter(line -> line.startsWith("  {\"sessionId\"")))
                .hasSize(2)
                .anyMatch(line -> line.contains("\"verdict\":\"VALID\""))
                .anyMatch(line -> line.contains("\"verdict\":\"NOT_CHECKED\""));
        assertThat(export).contains("2 exported, 1 skipped:", "(session has no output)");
    }

    @Test
    void printsTheSameViewsOnEveryNewFile() {
        String again = run(dir.resolve("again.db"));
        String before = section("Agent Runs (6)") + section("Session: Prepare release 2.4.0");
        String after = sectionOf(again, "Agent Runs (6)") + sectionOf(again, "Session: Prepare release 2.4.0");
        assertThat(after).isEqualTo(before);
    }

    @Test
    void secondRunOnTheSameFileShowsTheFirstRunsSessions() {
        Path file = dir.resolve("twice.db");
        String first = run(file);
        String second = run(file);

        assertThat(second.lines().limit(6)).contains(
                "File: " + file.toAbsolutePath() + " (from an earlier run)",
                "Sessions from earlier runs: 7 (listed below; this run records the week after them)",
                "Clock: a demo clock from Thursday 12 June 2025, 09:00, zone Europe/Berlin, weeks start on Monday");

        // Before this run records anything, it lists the first run's seven sessions, the archived one included.
        List<String> firstRunSessions = new ArrayList<>(withoutDuration(rowsOf(first, "Agent Runs (6)")));
        firstRunSessions.add(withoutDuration(rowsOf(first, "Agent Runs - Ticket: jira:PAY-142 (2)")).get(1));
        assertThat(withoutDuration(rowsOf(second, "Sessions from earlier runs (7)")))
                .containsExactlyInAnyOrderElementsOf(firstRunSessions);

        // The list then shows both runs: this run's week on top, the first run's sessions under it.
        List<String> list = rowsOf(second, "Agent Runs (12)");
        assertThat(list).hasSize(12);
        assertThat(list.subList(0, 6)).allMatch(row -> row.matches(".*(Fri 13|Mon 16|Tue 17|Wed 18) Jun .*"));
        assertThat(withoutDuration(list.subList(6, 12))).isEqualTo(withoutDuration(rowsOf(first, "Agent Runs (6)")));
        // The first run's running fork and waiting session are still open a week later.
        assertThat(list.get(6)).contains("Running", "Wed 11 Jun 15:40", "7d 00h");
        assertThat(list.get(7)).contains("Waiting (input)", "Wed 11 Jun 15:10", "7d 00h");

        // Filters see both runs' sessions; "This Week" only the second run's.
        assertThat(rowsOf(second, "Agent Runs - Agent: Code Reviewer (6)")).hasSize(6);
        assertThat(rowsOf(second, "Agent Runs - Ticket: jira:PAY-142 (4)")).hasSize(4);
        assertThat(rowsOf(second, "Agent Runs - This Week (5)")).noneMatch(row -> row.contains(" 11 Jun "));

        // The export finds the first run's outputs under the same session ids.
        List<String> firstExport = jsonLines(sectionOf(first, "Bulk export"));
        assertThat(firstExport).hasSize(2);
        assertThat(jsonLines(sectionOf(second, "Bulk export"))).hasSize(4).containsAll(firstExport);
        assertThat(sectionOf(second, "Bulk export")).contains("4 exported, 2 skipped:");
    }

    private static String run(Path file) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        AgentRunsDemo.run(new PrintStream(buffer, true, StandardCharsets.UTF_8), file);
        return buffer.toString(StandardCharsets.UTF_8);
    }

    /** The list's cells but the Duration column, which grows while a session is open. */
    private static List<String> withoutDuration(List<String> rows) {
        return rows.stream().map(row -> {
            List<String> cells = new ArrayList<>(List.of(row.split(" {2,}")));
            cells.remove(3);
            return String.join(" | ", cells);
        }).toList();
    }

    private static List<String> jsonLines(String section) {
        return section.lines().filter(line -> line.startsWith("  {\"sessionId\"")).toList();
    }

    /** The table rows of the section with this heading, without header and rule. */
    private static List<String> rows(String heading) {
        return rowsOf(output, heading);
    }

    private static List<String> rowsOf(String text, String heading) {
        List<String> lines = sectionOf(text, heading).lines().toList();
        int rule = lines.indexOf(lines.stream().filter(l -> l.startsWith("  ---")).findFirst().orElseThrow());
        return lines.subList(rule + 1, lines.size()).stream()
                .takeWhile(line -> !line.isBlank())
                .map(String::strip)
                .toList();
    }

    private static String section(String headingStart) {
        return sectionOf(output, headingStart);
    }

    /** From the "=== heading" line up to the next "===" heading. */
    private static String sectionOf(String text, String headingStart) {
        String[] sections = text.split("\n(?==== )");
        return Arrays.stream(sections)
                .filter(s -> s.startsWith("=== " + headingStart))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no section '" + headingStart + "' in:\n" + text));
    }
}
