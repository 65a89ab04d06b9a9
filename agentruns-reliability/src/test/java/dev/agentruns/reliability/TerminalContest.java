package dev.agentruns.reliability;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import dev.agentruns.IllegalStatusTransitionException;
import dev.agentruns.StatusConflictException;
import dev.agentruns.Workspace;

/**
 * The three ending transitions raced against each other, in this JVM or in a {@link TerminalContestChild}.
 * An outcome is {@code WON:<status>}, the simple name of a typed transition error, or {@code OTHER:...}
 * for anything else (which the tests reject).
 */
final class TerminalContest {
    static final List<String> ENDINGS = List.of("complete", "fail", "cancel");

    private TerminalContest() {
    }

    static String end(Workspace workspace, UUID sessionId, String ending) {
        try {
            return "WON:" + switch (ending) {
                case "complete" -> workspace.complete(sessionId, "{\"winner\": \"complete\"}").status();
                case "fail" -> workspace.fail(sessionId, "failed by the race").status();
                case "cancel" -> workspace.cancel(sessionId, "cancelled by the race").status();
                default -> throw new IllegalArgumentException(ending);
            };
        } catch (StatusConflictException e) {
            return StatusConflictException.class.getSimpleName();
        } catch (IllegalStatusTransitionException e) {
            return IllegalStatusTransitionException.class.getSimpleName();
        } catch (RuntimeException e) {
            return "OTHER:" + e.getClass().getName() + ": " + e.getMessage();
        }
    }

    /** Starts one thread per ending, releases them together, and returns the outcomes in ENDINGS order. */
    static String[] race(Workspace workspace, UUID sessionId) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        String[] outcomes = new String[ENDINGS.size()];
        Thread[] threads = new Thread[ENDINGS.size()];
        for (int i = 0; i < threads.length; i++) {
            int index = i;
            threads[i] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    outcomes[index] = "OTHER:interrupted";
                    return;
                }
                outcomes[index] = end(workspace, sessionId, ENDINGS.get(index));
            });
            threads[i].start();
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return outcomes;
    }
}
