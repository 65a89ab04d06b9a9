package dev.agentruns.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.memory.InMemoryChatMemoryRepository;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.memory.repository.jdbc.H2ChatMemoryRepositoryDialect;
import org.springframework.ai.chat.memory.repository.jdbc.JdbcChatMemoryRepository;
import org.springframework.ai.chat.memory.repository.jdbc.JdbcChatMemoryRepositoryDialect;
import org.springframework.ai.chat.memory.repository.jdbc.MysqlChatMemoryRepositoryDialect;
import org.springframework.ai.chat.memory.repository.jdbc.PostgresChatMemoryRepositoryDialect;
import org.springframework.ai.chat.memory.repository.jdbc.SqliteChatMemoryRepositoryDialect;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Spring AI 1.1 chat memory: {@link MessageWindowChatMemory}, the {@link ChatMemory} that Spring AI's
 * {@code MessageChatMemoryAdvisor} reads and writes on every call of a {@code ChatClient}, over either
 * {@link InMemoryChatMemoryRepository} or {@link JdbcChatMemoryRepository} (module
 * {@code spring-ai-model-chat-memory-repository-jdbc}) on a HikariCP pool through a
 * {@link JdbcTemplate}, as Spring Boot's auto-configuration wires them.
 *
 * <p>Every {@link #append} is {@code chatMemory.add(id, message)}, which in this version reads the
 * whole conversation ({@code findByConversationId}), puts it in a {@code HashSet} to look for system
 * messages, builds a new list with the window applied, and hands it to {@code saveAll}: over JDBC
 * one transaction that deletes every row of the conversation and batch-inserts them all again, with
 * timestamps a second apart as the order; in memory a copy of the stored list on read and a put of
 * the new one. That is the library's only write path, so it is measured as it is. {@link #create} (set-up) calls the repository's
 * {@code saveAll} once with the messages the memory would hold. {@link #load} is
 * {@code chatMemory.get(id)}; there is no "last n" query, so {@link #loadLast} takes the tail of it.
 *
 * <p>The window is either the whole history ({@link Integer#MAX_VALUE}) or
 * {@code MessageWindowChatMemory}'s default of {@value #DEFAULT_WINDOW} messages, for which a
 * conversation holds at most that many.
 *
 * <p>The library ships every dialect needed here (SQLite, H2, PostgreSQL, MySQL for MariaDB) and its
 * schema scripts ({@code schema-<platform>.sql} beside them), which this class runs as Spring Boot's
 * schema initializer would. The table name is fixed ({@code SPRING_AI_CHAT_MEMORY}): embedded stores
 * get a new database file each; on a server the table is created if missing and shared, every
 * conversation gets a random id, and {@link #close} deletes the rows of the conversations this store
 * created. Thread-safe as far as the library is, used from one thread.
 */
final class SpringAiStore implements ConversationStore {
    static final int DEFAULT_WINDOW = 20;
    static final int WHOLE_HISTORY = Integer.MAX_VALUE;
    private static final String SCHEMA = "org/springframework/ai/chat/memory/repository/jdbc/schema-%s.sql";

    private final ChatMemoryRepository repository;
    private final ChatMemory memory;
    private final int window;
    private final Set<String> conversations = ConcurrentHashMap.newKeySet();
    private final Consumer<Set<String>> cleanup;

    private SpringAiStore(ChatMemoryRepository repository, int window, Consumer<Set<String>> cleanup) {
        this.repository = repository;
        this.memory = MessageWindowChatMemory.builder().chatMemoryRepository(repository).maxMessages(window).build();
        this.window = window;
        this.cleanup = cleanup;
    }

    /** {@link InMemoryChatMemoryRepository} with the given window. */
    static SpringAiStore inMemory(int window) {
        return new SpringAiStore(new InMemoryChatMemoryRepository(), window, created -> { });
    }

    /** {@link JdbcChatMemoryRepository} on a new database file, or the shared table on a server. */
    static SpringAiStore jdbc(Database database, int window) {
        String url = database.freshUrl("");
        HikariDataSource pool = Pools.open(database, url, 4);
        try {
            ResourceDatabasePopulator schema = new ResourceDatabasePopulator(
                    new ClassPathResource(String.format(SCHEMA, database.key())));
            schema.execute(pool);
            JdbcChatMemoryRepository repository = JdbcChatMemoryRepository.builder()
                    .jdbcTemplate(new JdbcTemplate(pool))
                    .dialect(dialect(database))
                    .build();
            return new SpringAiStore(repository, window, created -> {
                try {
                    if (database.isServer()) {
                        created.forEach(repository::deleteByConversationId);
                    }
                } finally {
                    pool.close();
                    if (!database.isServer()) {
                        database.discard(url, "");
                    }
                }
            });
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static JdbcChatMemoryRepositoryDialect dialect(Database database) {
        return switch (database) {
            case SQLITE -> new SqliteChatMemoryRepositoryDialect();
            case H2 -> new H2ChatMemoryRepositoryDialect();
            case POSTGRESQL -> new PostgresChatMemoryRepositoryDialect();
            case MARIADB -> new MysqlChatMemoryRepositoryDialect();
        };
    }

    @Override
    public String create(List<String> history) {
        String id = UUID.randomUUID().toString();
        conversations.add(id);
        // What the memory holds after adding the whole history: the last `window` messages.
        int from = Math.max(0, history.size() - window);
        List<Message> messages = new ArrayList<>(history.size() - from);
        for (int i = from; i < history.size(); i++) {
            messages.add(i % 2 == 0 ? new UserMessage(history.get(i)) : new AssistantMessage(history.get(i)));
        }
        repository.saveAll(id, messages);
        return id;
    }

    @Override
    public void append(String conversation, String text) {
        memory.add(conversation, new AssistantMessage(text));
    }

    @Override
    public void appendAll(String conversation, List<String> texts) {
        List<Message> messages = new ArrayList<>(texts.size());
        texts.forEach(t -> messages.add(new AssistantMessage(t)));
        memory.add(conversation, messages);
    }

    @Override
    public int load(String conversation) {
        return memory.get(conversation).size();
    }

    @Override
    public int loadLast(String conversation, int count) {
        return Peers.last(memory.get(conversation), count).size();
    }

    @Override
    public int window() {
        return window;
    }

    @Override
    public void close() {
        cleanup.accept(conversations);
    }
}
