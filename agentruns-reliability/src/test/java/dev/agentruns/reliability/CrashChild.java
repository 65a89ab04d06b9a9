package dev.agentruns.reliability;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import dev.agentruns.AgentRuns;
import dev.agentruns.ContentBlock;
import dev.agentruns.Message;
import dev.agentruns.NewMessage;
import dev.agentruns.Role;
import dev.agentruns.Workspace;
import dev.agentruns.jdbc.JdbcSessionRepository;

/**
 * The writing process of the crash tests, started in its own JVM. Arguments: backend, JDBC URL, table
 * prefix, session id, a tag that makes message ids unique, mode, and for {@code append} an optional
 * number of messages (default: until killed).
 *
 * <p>Output protocol, one line each, flushed, ending in {@code " $"}: {@code READY} once the store is open; {@code ACK <id> <seq>}
 * after an append returned; in mode {@code big}, {@code WRITING <id> <sha-256>} before a multi-megabyte
 * tool result is appended; {@code DONE} when a bounded run finished; {@code FAILED <exception class> <message>}
 * when opening or writing threw (then the exit code is 2).
 */
public final class CrashChild {
    static final String WORKSPACE = "crash";

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Backend backend = Backend.valueOf(args[0]);
        String url = args[1];
        String prefix = args[2];
        UUID sessionId = UUID.fromString(args[3]);
        String tag = args[4];
        String mode = args[5];
        long limit = args.length > 6 ? Long.parseLong(args[6]) : Long.MAX_VALUE;
        JdbcSessionRepository repository;
        try {
            repository = backend.openJdbc(url, prefix);
        } catch (RuntimeException e) {
            say("FAILED " + e.getClass().getName() + " " + oneLine(e.getMessage()));
            System.exit(2);
            return;
        }
        Workspace workspace = AgentRuns.builder(repository).build().workspace(WORKSPACE);
        say("READY");
        try {
            if (mode.equals("big")) {
                appendBigToolOutputs(workspace, sessionId, tag);
            } else {
                appendSmallMessages(workspace, sessionId, tag, limit);
            }
        } catch (RuntimeException e) {
            say("FAILED " + e.getClass().getName() + " " + oneLine(e.getMessage()));
            System.exit(2);
        }
        repository.close();
        say("DONE");
    }

    private static void appendSmallMessages(Workspace workspace, UUID sessionId, String tag, long limit) {
        for (long i = 0; i < limit; i++) {
            String id = tag + "-" + i;
            Message m = workspace.append(sessionId, NewMessage.assistant("payload " + id).withId(id));
            say("ACK " + id + " " + m.seq());
        }
    }

    private static void appendBigToolOutputs(Workspace workspace, UUID sessionId, String tag) {
        Random random = new Random(tag.hashCode());
        for (long i = 0; ; i++) {
            String id = tag + "-" + i;
            String output = bigText(random, 2_000_000 + random.nextInt(4_000_000));
            say("WRITING " + id + " " + sha256(output));
            Message m = workspace.append(sessionId, NewMessage.of(Role.TOOL,
                    ContentBlock.toolResult("toolu_" + i, output, false)).withId(id));
            say("ACK " + id + " " + m.seq());
        }
    }

    /** Text of about {@code chars} characters, mostly ASCII lines with some accented letters and emoji. */
    static String bigText(Random random, int chars) {
        String[] pieces = {"stdout: ", "line ", "é", "ü", "€", "\u4e2d", "\uD83D\uDE00", "\t", "\n", "\"quoted\"", "\\"};
        StringBuilder b = new StringBuilder(chars + 16);
        while (b.length() < chars) {
            if (random.nextInt(8) == 0) {
                b.append(pieces[random.nextInt(pieces.length)]);
            } else {
                b.append((char) ('a' + random.nextInt(26)));
            }
        }
        return b.toString();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text of a message's single tool result (what {@link #appendBigToolOutputs} stored). */
    static String toolOutput(Message message) {
        List<ContentBlock> content = message.content();
        ContentBlock.ToolResult result = (ContentBlock.ToolResult) content.get(0);
        return ((ContentBlock.Text) result.content().get(0)).text();
    }

    /** One protocol line in one write, ending in " $" so that a line cut short by a kill is recognised. */
    private static void say(String line) {
        System.out.print(line + " $\n");
        System.out.flush();
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replace('\n', ' ').replace('\r', ' ');
    }
}
