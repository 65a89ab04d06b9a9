package dev.agentruns.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruns.AgentRef;
import dev.agentruns.ContentBlock;
import dev.agentruns.Message;
import dev.agentruns.NewActivity;
import dev.agentruns.NewMessage;
import dev.agentruns.Role;
import dev.agentruns.StartSession;
import dev.agentruns.TicketRef;
import dev.agentruns.Usage;
import dev.agentruns.WaitReason;
import dev.agentruns.Workspace;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Three simulated agents at work on the {@code acme/payments} repository over two weeks: what an
 * agent host (an IDE plugin, a CI bot) records through a {@link Workspace} while its agents run.
 * Each method is one session, told in the order it happens; the clock moves between steps as real
 * time would. Not thread-safe: it drives one clock.
 */
final class SimulatedAgents {
    static final AgentRef CODE_REVIEWER = new AgentRef("code-reviewer", "Code Reviewer", "eye");
    static final AgentRef TEST_WRITER = new AgentRef("test-writer", "Test Writer", "beaker");
    static final AgentRef RELEASE_ASSISTANT = new AgentRef("release-assistant", "Release Assistant", "rocket");

    static final TicketRef PAY_142 = new TicketRef("jira", "PAY-142", "Retry failed card payments with backoff",
            "https://acme.atlassian.net/browse/PAY-142");

    private static final String MODEL = "claude-sonnet-4-5";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The sessions recorded, named for what happened to them. */
    record Recorded(UUID archived, UUID completedReview, UUID cancelled, UUID failed, UUID release,
                    UUID waitingForInput, UUID fork) {
    }

    private final Workspace workspace;
    private final DemoClock clock;
    private final LocalDate lastThursday;
    private final LocalDate lastFriday;
    private final LocalDate monday;
    private final LocalDate tuesday;
    private final LocalDate wednesday;

    /** The agents record from {@code lastThursday} to the Wednesday six days later. */
    SimulatedAgents(Workspace workspace, DemoClock clock, LocalDate lastThursday) {
        if (lastThursday.getDayOfWeek() != DayOfWeek.THURSDAY) {
            throw new IllegalArgumentException("the simulation starts on a Thursday, not on " + lastThursday);
        }
        this.workspace = workspace;
        this.clock = clock;
        this.lastThursday = lastThursday;
        this.lastFriday = lastThursday.plusDays(1);
        this.monday = lastThursday.plusDays(4);
        this.tuesday = lastThursday.plusDays(5);
        this.wednesday = lastThursday.plusDays(6);
    }

    /** Runs the two weeks: last Thursday to this Wednesday afternoon. */
    Recorded recordTwoWeeks() {
        clock.advanceTo(lastThursday.atTime(9, 12));
        UUID retryTests = writeRetryPolicyTests();
        clock.advanceTo(lastFriday.atTime(14, 30));
        UUID review = reviewIdempotencyPullRequest();

        clock.advanceTo(monday.atTime(9, 40));
        workspace.archive(retryTests, PAY_142);
        clock.advanceTo(monday.atTime(10, 5));
        UUID cancelled = reviewDependencyBumps();
        clock.advanceTo(tuesday.atTime(11, 20));
        UUID failed = writeJitterPropertyTests();
        clock.advanceTo(wednesday.atTime(9, 0));
        UUID release = prepareRelease();
        clock.advanceTo(wednesday.atTime(15, 10));
        UUID waiting = writeRefundTests();
        clock.advanceTo(wednesday.atTime(15, 40));
        UUID fork = reReviewTheMigrationOnly(review);

        clock.advanceTo(wednesday.atTime(16, 2));
        return new Recorded(retryTests, review, cancelled, failed, release, waiting, fork);
    }

    /** Completed; archived on Monday and linked to PAY-142 in the same step. */
    private UUID writeRetryPolicyTests() {
        UUID id = workspace.start(StartSession.of(TEST_WRITER,
                "Write unit tests for PaymentRetryPolicy: backoff delays, max attempts and jitter bounds.")).id();
        agentReplies(id, seconds(9), usage(1_480, 96),
                ContentBlock.text("I'll read the policy first."),
                toolUse("toolu_01", "read_file", input("path", "src/main/java/com/acme/pay/PaymentRetryPolicy.java")));
        toolReturns(id, "toolu_01", "read_file", Duration.ofMillis(180), true,
                "public final class PaymentRetryPolicy { ... }  (84 lines)");
        agentReplies(id, seconds(52), usage(3_960, 1_730),
                ContentBlock.text("Six tests: delays double from 200 ms up to 30 s, at most five attempts,"
                        + " jitter within +/-20%."),
                toolUse("toolu_02", "write_file",
                        input("path", "src/test/java/com/acme/pay/PaymentRetryPolicyTest.java", "lines", 142)));
        toolReturns(id, "toolu_02", "write_file", Duration.ofMillis(95), true, "Wrote 142 lines");
        agentReplies(id, seconds(6), usage(5_820, 64),
                toolUse("toolu_03", "run_tests", input("module", "payments", "tests", "PaymentRetryPolicyTest")));
        toolReturns(id, "toolu_03", "run_tests", seconds(41), true,
                "Tests run: 6, Failures: 0, Errors: 0, Skipped: 0");
        agentReplies(id, seconds(8), usage(5_990, 118),
                ContentBlock.text("Added PaymentRetryPolicyTest with 6 tests; all pass."));
        workspace.complete(id);
        return id;
    }

    /** Completed with an output (no schema: NOT_CHECKED); forked on Wednesday from message 3. */
    private UUID reviewIdempotencyPullRequest() {
        UUID id = workspace.start(StartSession.of(CODE_REVIEWER,
                "Review PR #498 \"Add idempotency keys to payment retries\" in acme/payments.")).id();
        agentReplies(id, seconds(14), usage(2_210, 180),
                ContentBlock.thinking("Idempotency keys touch the schema and the retry path. Read the diff,"
                        + " then the migration: a blocking index on a large table is the usual risk.", "sig-7f3a"),
                toolUse("toolu_01", "get_pr_diff", input("repo", "acme/payments", "pr", 498)));
        toolReturns(id, "toolu_01", "get_pr_diff", Duration.ofMillis(640), true, """
                4 files changed, +212 -38
                  PaymentRetryService.java
                  IdempotencyKey.java
                  V14__idempotency_keys.sql
                  PaymentRetryServiceTest.java""");
        agentReplies(id, seconds(11), usage(6_870, 75),
                toolUse("toolu_02", "read_file", input("path", "src/main/resources/db/migration/V14__idempotency_keys.sql")));
        toolReturns(id, "toolu_02", "read_file", Duration.ofMillis(120), true, """
                CREATE TABLE idempotency_keys (key VARCHAR(64) PRIMARY KEY, payment_id BIGINT NOT NULL);
                CREATE INDEX idx_idempotency_payment ON idempotency_keys (payment_id);""");
        agentReplies(id, seconds(37), usage(7_340, 410),
                ContentBlock.text("Requesting changes: the index is built without CONCURRENTLY, which locks the"
                        + " table during the deploy; IdempotencyKey.equals() ignores the merchant id."));
        workspace.complete(id, """
                {"verdict": "request_changes",
                 "findings": [
                   {"file": "V14__idempotency_keys.sql", "line": 2, "severity": "major",
                    "note": "CREATE INDEX without CONCURRENTLY locks the table while it builds"},
                   {"file": "IdempotencyKey.java", "line": 31, "severity": "minor",
                    "note": "equals() ignores merchantId"}]}""");
        return id;
    }

    /** Cancelled by the user after three minutes. */
    private UUID reviewDependencyBumps() {
        UUID id = workspace.start(StartSession.of(CODE_REVIEWER,
                "Review PR #512: bump jackson-databind to 2.18.2 and slf4j-api to 2.0.16.")).id();
        agentReplies(id, seconds(7), usage(1_950, 62),
                toolUse("toolu_01", "get_pr_diff", input("repo", "acme/payments", "pr", 512)));
        toolReturns(id, "toolu_01", "get_pr_diff", Duration.ofMillis(410), true, "1 file changed, +2 -2: pom.xml");
        clock.advance(Duration.ofMinutes(3));
        workspace.cancel(id, "Superseded by PR #518, which bumps every dependency at once");
        return id;
    }

    /** Linked to PAY-142 at start; fails: a tool error, a warning, then the ERROR the failure records. */
    private UUID writeJitterPropertyTests() {
        UUID id = workspace.start(StartSession.builder(TEST_WRITER,
                        "Add property-based tests for the retry jitter in PaymentRetryPolicy.")
                .ticket(PAY_142)
                .build()).id();
        agentReplies(id, seconds(48), usage(2_640, 1_310),
                ContentBlock.text("Generating delays and attempt numbers with jqwik."),
                toolUse("toolu_01", "write_file",
                        input("path", "src/test/java/com/acme/pay/PaymentRetryJitterPropertiesTest.java", "lines", 88)));
        toolReturns(id, "toolu_01", "write_file", Duration.ofMillis(90), true, "Wrote 88 lines");
        agentReplies(id, seconds(5), usage(4_020, 58),
                toolUse("toolu_02", "run_tests",
                        input("module", "payments", "tests", "PaymentRetryJitterPropertiesTest")));
        toolReturns(id, "toolu_02", "run_tests", seconds(38), false,
                "COMPILATION ERROR: PaymentRetryJitterPropertiesTest.java:[12,17] package net.jqwik.api does not exist");
        workspace.record(id, NewActivity.warning("jqwik is not a test dependency of module payments"));
        clock.advance(seconds(4));
        workspace.fail(id, "Could not compile the new tests: jqwik is not on the test classpath of module payments");
        return id;
    }

    /**
     * Waits for approval before pushing a tag (permission requested, then granted), continues, and
     * completes with a structured output that its output schema checks.
     */
    private UUID prepareRelease() {
        UUID id = workspace.start(StartSession.builder(RELEASE_ASSISTANT,
                        "Prepare release 2.4.0 of acme/payments: changelog since v2.3.0, tag, draft the GitHub release.")
                .outputSchema("""
                        {"type": "object",
                         "required": ["version", "tag", "highlights", "breakingChanges"],
                         "properties": {
                           "version": {"type": "string", "pattern": "^[0-9]+[.][0-9]+[.][0-9]+$"},
                           "tag": {"type": "string"},
                           "highlights": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                           "breakingChanges": {"type": "array", "items": {"type": "string"}},
                           "releaseUrl": {"type": "string"}}}""")
                .build()).id();
        agentReplies(id, seconds(12), new Usage(MODEL, 3_120, 212, 2_048, 0),
                ContentBlock.thinking("The changelog covers everything merged since v2.3.0. Read the log, group"
                        + " the changes, and ask before pushing the tag: everyone sees a pushed tag.", "sig-91c2"),
                toolUse("toolu_01", "git_log", input("from", "v2.3.0", "to", "main")));
        toolReturns(id, "toolu_01", "git_log", Duration.ofMillis(840), true, """
                a41c9e2 Add idempotency keys to payment retries (#498)
                7be0d13 Retry failed card payments with backoff (#486)
                19f3a77 Bump jackson-databind to 2.18.2 (#518)""");
        agentReplies(id, seconds(46), new Usage(MODEL, 3_610, 540, 3_072, 0),
                ContentBlock.text("Changelog drafted: 2 features, 1 dependency update. Pushing tag v2.4.0 to"
                        + " origin needs your approval."));
        workspace.record(id, NewActivity.permissionRequested("git push origin v2.4.0"));
        workspace.waitFor(id, WaitReason.APPROVAL);

        clock.advance(Duration.ofMinutes(25).plusSeconds(20));
        workspace.record(id, NewActivity.permissionResolved("git push origin v2.4.0", true));
        workspace.resume(id, NewMessage.user("Approved, push the tag."));
        agentReplies(id, seconds(4), new Usage(MODEL, 4_230, 88, 3_584, 0),
                toolUse("toolu_02", "git_push_tag", input("remote", "origin", "tag", "v2.4.0")));
        toolReturns(id, "toolu_02", "git_push_tag", Duration.ofMillis(2_130), true,
                "To github.com:acme/payments.git\n * [new tag]         v2.4.0 -> v2.4.0");
        agentReplies(id, seconds(19), new Usage(MODEL, 4_410, 260, 3_584, 0),
                ContentBlock.text("Tagged v2.4.0 and drafted the GitHub release."));
        workspace.complete(id, """
                {"version": "2.4.0",
                 "tag": "v2.4.0",
                 "highlights": ["Retry failed card payments with backoff (#486)",
                                "Idempotency keys for payment retries (#498)"],
                 "breakingChanges": [],
                 "releaseUrl": "https://github.com/acme/payments/releases/tag/v2.4.0"}""");
        return id;
    }

    /** Asks the user a question and is still waiting for the answer at the end of the demo. */
    private UUID writeRefundTests() {
        UUID id = workspace.start(StartSession.of(TEST_WRITER, "Write tests for partial refunds in RefundService.")).id();
        agentReplies(id, seconds(8), usage(1_720, 70),
                toolUse("toolu_01", "read_file", input("path", "src/main/java/com/acme/pay/RefundService.java")));
        toolReturns(id, "toolu_01", "read_file", Duration.ofMillis(150), true,
                "... return amount.setScale(2, RoundingMode.HALF_UP); ...  (212 lines)");
        agentReplies(id, seconds(21), usage(4_480, 96),
                ContentBlock.text("RefundService rounds partial refunds HALF_UP, but PAY-150 asks for banker's"
                        + " rounding (HALF_EVEN). Which one should the tests expect?"));
        workspace.waitFor(id, WaitReason.INPUT);
        return id;
    }

    /** Forks the review from its third message (the fetched diff) with a new prompt; still running. */
    private UUID reReviewTheMigrationOnly(UUID review) {
        Message third = workspace.messages(review, 3, 3).get(0);
        UUID id = workspace.fork(review, third.id(), NewMessage.user(
                "Review only the SQL migration; assume idempotency_keys will hold 40 million rows.")).id();
        agentReplies(id, seconds(10), usage(2_390, 70),
                toolUse("toolu_03", "read_file", input("path", "src/main/resources/db/migration/V14__idempotency_keys.sql")));
        toolReturns(id, "toolu_03", "read_file", Duration.ofMillis(110), true,
                "CREATE INDEX idx_idempotency_payment ON idempotency_keys (payment_id);");
        return id;
    }

    // ---------------------------------------------------------------- steps every agent takes

    /** The model answers after {@code thinkingTime}: text, thinking and tool calls, with its token usage. */
    private void agentReplies(UUID session, Duration thinkingTime, Usage usage, ContentBlock... content) {
        clock.advance(thinkingTime);
        workspace.append(session, NewMessage.of(Role.ASSISTANT, content).withUsage(usage));
    }

    /** A tool call finishes: its result goes into the transcript, its run onto the activity timeline. */
    private void toolReturns(UUID session, String toolUseId, String tool, Duration took, boolean ok, String result) {
        clock.advance(took);
        workspace.append(session, NewMessage.of(Role.TOOL, ContentBlock.toolResult(toolUseId, result, !ok)));
        workspace.record(session, NewActivity.toolExecuted(tool, took, ok));
    }

    private static ContentBlock.ToolUse toolUse(String id, String tool, JsonNode input) {
        return ContentBlock.toolUse(id, tool, input);
    }

    /** A tool's input from key/value pairs, in order. */
    private static ObjectNode input(Object... keysAndValues) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            node.set((String) keysAndValues[i], JSON.valueToTree(keysAndValues[i + 1]));
        }
        return node;
    }

    private static Usage usage(long inputTokens, long outputTokens) {
        return Usage.of(MODEL, inputTokens, outputTokens);
    }

    private static Duration seconds(long seconds) {
        return Duration.ofSeconds(seconds);
    }
}
