package dev.agentruns.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.store.memory.chat.InMemoryChatMemoryStore;

/**
 * LangChain4j 1.19 chat memory: one {@link MessageWindowChatMemory} per conversation, all over one
 * shared {@link InMemoryChatMemoryStore}, kept by conversation id the way AI Services keep the memory
 * a {@code ChatMemoryProvider} built for each memory id. The window keeps the whole history.
 *
 * <p>{@link #append} is {@code memory.add(AiMessage.from(text))}: in this version {@code add} copies
 * the stored list into a new {@code LinkedList}, adds the message, applies the window and stores the
 * new list with {@code updateMessages}. {@link #appendAll} is {@code add(Iterable)}, which does that
 * once per message (there is no batch add). {@link #create} (set-up) is one {@code set(list)}.
 * {@link #load} is {@code memory.messages()}, which AI Services call before every model call and
 * which also copies the list; {@link #loadLast} takes the tail of it. Used from one thread.
 */
final class LangChain4jStore implements ConversationStore {
    private final InMemoryChatMemoryStore store = new InMemoryChatMemoryStore();
    private final Map<String, ChatMemory> memories = new ConcurrentHashMap<>();

    @Override
    public String create(List<String> history) {
        String id = UUID.randomUUID().toString();
        ChatMemory memory = MessageWindowChatMemory.builder()
                .id(id)
                .chatMemoryStore(store)
                .maxMessages(Integer.MAX_VALUE)
                .build();
        memories.put(id, memory);
        List<ChatMessage> messages = new ArrayList<>(history.size());
        for (int i = 0; i < history.size(); i++) {
            messages.add(i % 2 == 0 ? UserMessage.from(history.get(i)) : AiMessage.from(history.get(i)));
        }
        memory.set(messages);
        return id;
    }

    @Override
    public void append(String conversation, String text) {
        memories.get(conversation).add(AiMessage.from(text));
    }

    @Override
    public void appendAll(String conversation, List<String> texts) {
        List<ChatMessage> messages = new ArrayList<>(texts.size());
        texts.forEach(t -> messages.add(AiMessage.from(t)));
        memories.get(conversation).add(messages);
    }

    @Override
    public int load(String conversation) {
        return memories.get(conversation).messages().size();
    }

    @Override
    public int loadLast(String conversation, int count) {
        return Peers.last(memories.get(conversation).messages(), count).size();
    }

    @Override
    public void close() {
        memories.values().forEach(ChatMemory::clear);
        memories.clear();
    }
}
