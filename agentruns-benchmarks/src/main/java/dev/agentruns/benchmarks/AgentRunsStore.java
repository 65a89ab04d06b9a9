package dev.agentruns.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import dev.agentruns.AgentRef;
import dev.agentruns.AgentRuns;
import dev.agentruns.NewMessage;
import dev.agentruns.StartSession;
import dev.agentruns.Workspace;
import dev.agentruns.inmemory.InMemorySessionRepository;
import dev.agentruns.jdbc.JdbcSessionRepository;
import dev.agentruns.spi.SessionRepository;

/** agentruns through its public API ({@link Workspace}) on one of its stores. Thread-safe. */
public final class AgentRunsStore implements ConversationStore {
    /** The agent every benchmark session belongs to. */
    public static final AgentRef AGENT = new AgentRef("bench-agent", "Bench agent", null);
    /** The workspace every benchmark session is in. */
    static final String WORKSPACE = "bench";
    private static final int SETUP_CHUNK = 500;

    private final SessionRepository repository;
    private final Workspace workspace;
    private final Runnable cleanup;
    private final DataSource dataSource;
    private final String prefix;
    /**
     * The session id of each conversation made here: a host keeps the UUID it started a session with,
     * and the peers' adapters look their conversations up in a map too, so appends do not parse it.
     */
    private final Map<String, UUID> sessionIds = new ConcurrentHashMap<>();

    private AgentRunsStore(SessionRepository repository, Runnable cleanup, DataSource dataSource, String prefix) {
        this.repository = repository;
        this.workspace = AgentRuns.builder(repository).build().workspace(WORKSPACE);
        this.cleanup = cleanup;
        this.dataSource = dataSource;
        this.prefix = prefix;
    }

    /** The in-memory store. */
    public static AgentRunsStore inMemory() {
        return new AgentRunsStore(new InMemorySessionRepository(), () -> { }, null, null);
    }

    /** A JDBC store on a new database (or new tables on a server) with the given URL settings. */
    public static AgentRunsStore jdbc(Database database, String settings) {
        String url = database.freshUrl(settings);
        String prefix = Database.uniquePrefix();
        // A pool of the repository's own, as embedded(file) and url(...) give a host: the settings
        // of Pools, plus prepared statements kept per connection on SQLite and H2.
        JdbcSessionRepository repository = JdbcSessionRepository.builder().url(url, database.user(), database.password())
                .maximumPoolSize(4).tablePrefix(prefix).build();
        HikariDataSource beside = Pools.open(database, url, 1);
        return new AgentRunsStore(repository, () -> {
            beside.close();
            database.discard(url, prefix);
        }, beside, prefix);
    }

    /** A JDBC store on tables that already exist in {@code dataSource}. */
    static AgentRunsStore jdbc(DataSource dataSource, String prefix) {
        return new AgentRunsStore(JdbcSessionRepository.builder().dataSource(dataSource).tablePrefix(prefix).build(),
                () -> { }, dataSource, prefix);
    }

    public Workspace workspace() {
        return workspace;
    }

    /** The database the tables are in; null in memory. */
    DataSource dataSource() {
        return dataSource;
    }

    /** The table prefix; null in memory. */
    String prefix() {
        return prefix;
    }

    @Override
    public String create(List<String> history) {
        UUID id = workspace.start(StartSession.of(AGENT, history.get(0))).id();
        List<NewMessage> chunk = new ArrayList<>(SETUP_CHUNK);
        for (int i = 1; i < history.size(); i++) {
            chunk.add(i % 2 == 0 ? NewMessage.user(history.get(i)) : NewMessage.assistant(history.get(i)));
            if (chunk.size() == SETUP_CHUNK) {
                workspace.append(id, chunk);
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            workspace.append(id, chunk);
        }
        String conversation = id.toString();
        sessionIds.put(conversation, id);
        return conversation;
    }

    private UUID sessionId(String conversation) {
        return sessionIds.get(conversation);
    }

    @Override
    public void append(String conversation, String text) {
        workspace.append(sessionId(conversation), NewMessage.assistant(text));
    }

    @Override
    public void appendAll(String conversation, List<String> texts) {
        List<NewMessage> messages = new ArrayList<>(texts.size());
        texts.forEach(t -> messages.add(NewMessage.assistant(t)));
        workspace.append(sessionId(conversation), messages);
    }

    @Override
    public int load(String conversation) {
        return workspace.messages(sessionId(conversation)).size();
    }

    @Override
    public int loadLast(String conversation, int count) {
        return workspace.lastMessages(sessionId(conversation), count).size();
    }

    @Override
    public void close() {
        repository.close();
        cleanup.run();
    }
}
