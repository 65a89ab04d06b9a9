package dev.agentruns.benchmarks;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.agentruns.AgentRuns;
import dev.agentruns.NewMessage;
import dev.agentruns.StartSession;
import dev.agentruns.Workspace;
import dev.agentruns.inmemory.InMemorySessionRepository;

/**
 * The in-memory store's retained heap: {@code sessions} sessions of {@code messages} messages of
 * {@code bytes} characters each (distinct texts, {@link Texts#text}), recorded through the public API,
 * then the heap in use after garbage collection compared with before. Not a JMH benchmark: run it
 * with a heap large enough for the data and nothing else in it,
 *
 * <pre>java -Xmx3g -cp benchmarks.jar dev.agentruns.benchmarks.HeapFootprint [sessions messages bytes]</pre>
 *
 * (defaults 1000 1000 1024), or through the runner ({@code --only heap}), which starts it so. Prints
 * the result and writes it as notes ({@code heap-footprint.md/.json}).
 */
public final class HeapFootprint {
    private static final int CHUNK = 111;
    /** A Latin-1 String of n characters: the String (24 bytes) and its byte[] (16 bytes header + n, padded). */
    private static final int STRING_OVERHEAD = 40;

    private HeapFootprint() {
    }

    public static void main(String[] args) {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int perSession = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int bytes = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
        long max = Runtime.getRuntime().maxMemory();
        System.out.printf(Locale.ROOT, "# heap footprint: %,d sessions x %,d messages of %,d characters; max heap %,d MB%n",
                sessions, perSession, bytes, max >> 20);

        InMemorySessionRepository repository = new InMemorySessionRepository();
        Workspace workspace = AgentRuns.builder(repository).build().workspace("heap");
        long before = Heap.usedAfterGc();
        long t0 = System.nanoTime();
        long n = 0;
        for (int s = 0; s < sessions; s++) {
            UUID id = workspace.start(StartSession.of(AgentRunsStore.AGENT, Texts.text(++n, bytes))).id();
            List<NewMessage> chunk = new ArrayList<>(CHUNK);
            for (int m = 1; m < perSession; m++) {
                String text = Texts.text(++n, bytes);
                chunk.add(m % 2 == 0 ? NewMessage.user(text) : NewMessage.assistant(text));
                if (chunk.size() == CHUNK || m == perSession - 1) {
                    workspace.append(id, chunk);
                    chunk = new ArrayList<>(CHUNK);
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long after = Heap.usedAfterGc();
        long messages = (long) sessions * perSession;
        long stored = workspace.messages(workspace.list(dev.agentruns.SessionQuery.all().withLimit(1)).items().get(0)
                .id()).size();
        if (stored != perSession) {
            throw new IllegalStateException("a session holds " + stored + " messages, not " + perSession);
        }
        long total = after - before;
        double perMessage = (double) total / messages;
        long target = 1_500_000_000L;
        List<String> histogram = Heap.histogram(20);
        Reference.reachabilityFence(repository);

        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "### In-memory heap footprint%n%n"
                        + "%,d sessions x %,d messages of %,d characters (%,d messages, recorded in %.1f s), "
                        + "max heap %,d MB: retained heap %,d bytes (%.2f GB), **%,.0f bytes per message**, of which "
                        + "the text itself is %,d (a Latin-1 String of %,d characters: %,d bytes with its String and "
                        + "array headers), so about %,.0f bytes per message are agentruns' own. "
                        + "Target: at most 1.5 GB for 1,000,000 messages: %s.%n%n",
                sessions, perSession, bytes, messages, seconds, max >> 20, total, total / 1e9, perMessage, bytes, bytes,
                bytes + STRING_OVERHEAD, perMessage - bytes - STRING_OVERHEAD,
                messages == 1_000_000 ? (total <= target ? "met" : "missed") : "not this size"));
        md.append("Largest classes of live objects (jcmd GC.class_histogram):\n\n```\n");
        histogram.forEach(l -> md.append(l).append('\n'));
        md.append("```\n");
        Notes.write("heap-footprint", md.toString());
        Notes.writeJson("heap-footprint", String.format(Locale.ROOT, "{\"sessions\": %d, \"messagesPerSession\": %d,"
                        + " \"textCharacters\": %d, \"messages\": %d, \"retainedBytes\": %d, \"bytesPerMessage\": %.1f,"
                        + " \"maxHeapBytes\": %d, \"targetBytes\": %d, \"met\": %s}", sessions, perSession, bytes,
                messages, total, perMessage, max, target, total <= target));
    }
}
