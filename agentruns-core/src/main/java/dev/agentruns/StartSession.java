package dev.agentruns;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentruns.internal.Json;
import dev.agentruns.internal.Require;

/**
 * What {@link Workspace#start} needs: the agent and the first prompt, plus optional kind (default
 * AGENT_RUN), ticket, output schema and title (default: derived from the prompt). Immutable.
 *
 * @param agent        the agent
 * @param kind         agent run or chat
 * @param prompt       the first message (normally the user's prompt)
 * @param ticket       a ticket to link at start, or null
 * @param outputSchema JSON Schema the output is checked against, or null
 * @param title        a title, or null to derive one from the prompt
 */
public record StartSession(AgentRef agent, SessionKind kind, NewMessage prompt, TicketRef ticket,
                           JsonNode outputSchema, String title) {
    /**
     * Checks the components and copies the output schema.
     *
     * @throws InvalidInputException naming the field when a component is missing or too long
     */
    public StartSession {
        Require.nonNull(agent, "agent");
        Require.nonNull(kind, "kind");
        Require.nonNull(prompt, "prompt");
        title = Require.blankToNullOrValid(title, "title", 500);
        outputSchema = outputSchema == null ? null : Json.canonical(outputSchema, "outputSchema");
    }

    /** An agent run with a text prompt. */
    public static StartSession of(AgentRef agent, String prompt) {
        return builder(agent, prompt).build();
    }

    /** A builder for an agent run with a text prompt (not blank). */
    public static Builder builder(AgentRef agent, String prompt) {
        Require.nonBlank(prompt, "prompt");
        return new Builder(agent, NewMessage.user(prompt));
    }

    /** A builder for an agent run with a prompt of any content. */
    public static Builder builder(AgentRef agent, NewMessage prompt) {
        return new Builder(agent, prompt);
    }

    /** Builds a {@link StartSession}. Not thread-safe. */
    public static final class Builder {
        private final AgentRef agent;
        private final NewMessage prompt;
        private SessionKind kind = SessionKind.AGENT_RUN;
        private TicketRef ticket;
        private JsonNode outputSchema;
        private String title;

        private Builder(AgentRef agent, NewMessage prompt) {
            this.agent = agent;
            this.prompt = prompt;
        }

        /** Agent run (the default) or chat. */
        public Builder kind(SessionKind value) {
            this.kind = value;
            return this;
        }

        /** A ticket to link at start, or null. */
        public Builder ticket(TicketRef value) {
            this.ticket = value;
            return this;
        }

        /** JSON Schema the output is checked against, or null. */
        public Builder outputSchema(JsonNode schema) {
            this.outputSchema = schema;
            return this;
        }

        /** The schema as JSON text; text that is not JSON is rejected naming {@code outputSchema}. */
        public Builder outputSchema(String schemaJson) {
            this.outputSchema = Json.parse(schemaJson, "outputSchema");
            return this;
        }

        /** A title (at most 500 characters), or null to derive one from the prompt. */
        public Builder title(String value) {
            this.title = value;
            return this;
        }

        /**
         * The request.
         *
         * @throws InvalidInputException naming the field when a value is missing or too long
         */
        public StartSession build() {
            return new StartSession(agent, kind, prompt, ticket, outputSchema, title);
        }
    }
}
