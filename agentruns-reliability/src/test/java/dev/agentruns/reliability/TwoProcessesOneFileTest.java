package dev.agentruns.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.agentruns.AgentRef;
import dev.agentruns.AgentRuns;
import dev.agentruns.Message;
import dev.agentruns.StartSession;
import dev.agentruns.StorageException;
import dev.agentruns.Workspace;
import dev.agentruns.jdbc.JdbcSessionRepository;

/**
 * Two processes on one embedded database file never write uncoordinated. SQLite: both work, their
 * writes serialised by the database's write lock (BEGIN IMMEDIATE under a busy timeout), and their
 * appends to one session interleave without a gap. H2 file: the file is locked by the process that
 * opened it first, so the second gets a {@link StorageException} naming the problem at build.
 */
class TwoProcessesOneFileTest {

    @Test
    void sqliteSerialisesTwoWriterProcessesOnOneSession() throws Exception {
        int appends = Effort.rounds(200, 2_000);
        Setup setup = setUp(Backend.SQLITE);
        try (ChildProcess first = start(setup, "a", -1)) {
            assertThat(first.awaitReady(120)).as("first writer opened the file (%s)", first.failures()).isTrue();
            Map<String, Long> acknowledged = new HashMap<>();
            try (ChildProcess second = start(setup, "b", appends)) {
                assertThat(second.awaitExit(300)).as("second writer's exit code (%s)", second.failures()).isZero();
                assertThat(second.done()).isTrue();
                assertThat(second.acknowledged()).hasSize(appends);
                acknowledged.putAll(second.acknowledged());
            }
            assertThat(first.stop(false)).isTrue();
            assertThat(first.failures()).isEmpty();
            acknowledged.putAll(first.acknowledged());
            long firstDuringSecond = first.acknowledged().size();

            int stored = verify(Backend.SQLITE, setup, acknowledged);
            CrashFigures.record("two-processes SQLITE: first process appended %d, second %d meanwhile (both on one"
                    + " session), %d stored, gapless, lost 0", firstDuringSecond, appends, stored);
        }
    }

    @Test
    void h2FileRefusesASecondProcessWithAClearError() throws Exception {
        Setup setup = setUp(Backend.H2_FILE);
        try (ChildProcess first = start(setup, "a", -1)) {
            assertThat(first.awaitReady(120)).as("first writer opened the file (%s)", first.failures()).isTrue();
            String failure;
            try (ChildProcess second = start(setup, "b", 10)) {
                assertThat(second.awaitExit(300)).as("second writer's exit code").isEqualTo(2);
                assertThat(second.acknowledged()).isEmpty();
                assertThat(second.failures()).hasSize(1);
                failure = second.failures().get(0);
            }
            assertThat(failure).startsWith(StorageException.class.getName())
                    .containsAnyOf("already in use", "file is locked").contains(setup.url().replaceAll(";.*", "").replace("jdbc:h2:file:", ""));
            assertThat(first.stop(false)).isTrue();
            assertThat(first.failures()).isEmpty();

            int stored = verify(Backend.H2_FILE, setup, first.acknowledged());
            CrashFigures.record("two-processes H2_FILE: second process refused with \"%s\"; first appended %d, %d stored,"
                    + " lost 0", failure, first.acknowledged().size(), stored);
        }
    }

    private record Setup(String url, String prefix, UUID session) {
    }

    private static Setup setUp(Backend backend) {
        String url = backend.freshUrl();
        String prefix = Backend.uniquePrefix();
        try (JdbcSessionRepository repository = backend.openJdbc(url, prefix)) {
            UUID session = AgentRuns.builder(repository).build().workspace(CrashChild.WORKSPACE)
                    .start(StartSession.of(AgentRef.of("writer"), "start")).id();
            return new Setup(url, prefix, session);
        }
    }

    private static ChildProcess start(Setup setup, String tag, int appends) {
        Backend backend = setup.url().startsWith("jdbc:sqlite:") ? Backend.SQLITE : Backend.H2_FILE;
        List<String> args = new ArrayList<>(List.of(backend.name(), setup.url(), setup.prefix(),
                setup.session().toString(), tag, "append"));
        if (appends >= 0) {
            args.add(Integer.toString(appends));
        }
        return ChildProcess.start(args);
    }

    private static int verify(Backend backend, Setup setup, Map<String, Long> acknowledged) throws Exception {
        try (JdbcSessionRepository repository = backend.openJdbc(setup.url(), setup.prefix())) {
            Workspace ws = AgentRuns.builder(repository).build().workspace(CrashChild.WORKSPACE);
            List<Message> messages = ws.messages(setup.session());
            Map<String, Long> stored = new HashMap<>();
            for (int i = 0; i < messages.size(); i++) {
                assertThat(messages.get(i).seq()).isEqualTo(i + 1);
                assertThat(stored.put(messages.get(i).id(), messages.get(i).seq())).isNull();
            }
            assertThat(stored).containsAllEntriesOf(acknowledged);
            Integrity.assertOpensCleanly(backend, setup.url());
            return messages.size();
        }
    }
}
