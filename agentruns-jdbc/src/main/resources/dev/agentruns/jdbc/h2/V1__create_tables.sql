-- agentruns schema V1 for H2 2.x. ${prefix} is the table prefix (for example "agentruns_").
-- Times are microseconds since the epoch (UTC); ids are lower-case UUID text, whose text order is
-- the unsigned order the keyset uses. base_session_id/base_seq: the session whose transcript
-- provides messages 1..base_seq (a fork's shared prefix); fork_* is the fork origin as recorded.
CREATE TABLE ${prefix}sessions (
    id                    CHAR(36)          NOT NULL PRIMARY KEY,
    workspace_id          CHARACTER VARYING NOT NULL,
    kind                  VARCHAR(16)       NOT NULL,
    agent_id              CHARACTER VARYING NOT NULL,
    agent_name            CHARACTER VARYING NOT NULL,
    agent_icon            CHARACTER VARYING,
    title                 CHARACTER VARYING NOT NULL,
    status                VARCHAR(16)       NOT NULL,
    wait_reason           VARCHAR(16),
    started_at            BIGINT            NOT NULL,
    status_changed_at     BIGINT            NOT NULL,
    ended_at              BIGINT,
    waited_micros         BIGINT            NOT NULL,
    ticket_system         CHARACTER VARYING,
    ticket_key            CHARACTER VARYING,
    ticket_title          CHARACTER VARYING,
    ticket_url            CHARACTER VARYING,
    archived_at           BIGINT,
    archived              SMALLINT          NOT NULL,
    fork_source_id        CHAR(36),
    fork_message_id       CHARACTER VARYING,
    fork_seq              BIGINT,
    base_session_id       CHAR(36),
    base_seq              BIGINT            NOT NULL,
    message_count         BIGINT            NOT NULL,
    activity_count        BIGINT            NOT NULL,
    last_activity_at      BIGINT            NOT NULL,
    input_tokens          BIGINT            NOT NULL,
    output_tokens         BIGINT            NOT NULL,
    cache_read_tokens     BIGINT            NOT NULL,
    cache_creation_tokens BIGINT            NOT NULL,
    output_verdict        VARCHAR(16),
    output_errors         CHARACTER LARGE OBJECT,
    output_json           CHARACTER LARGE OBJECT,
    output_schema         CHARACTER LARGE OBJECT,
    version               BIGINT            NOT NULL,
    CONSTRAINT ${prefix}sessions_base_fk FOREIGN KEY (base_session_id) REFERENCES ${prefix}sessions (id)
);

CREATE INDEX ${prefix}sessions_ws_archived ON ${prefix}sessions (workspace_id, archived, started_at, id);
CREATE INDEX ${prefix}sessions_ws_agent ON ${prefix}sessions (workspace_id, agent_id, status, started_at, id);
CREATE INDEX ${prefix}sessions_ws_status ON ${prefix}sessions (workspace_id, status, started_at, id);
CREATE INDEX ${prefix}sessions_ws_ticket ON ${prefix}sessions (workspace_id, ticket_system, ticket_key, started_at, id);
CREATE INDEX ${prefix}sessions_ws_fork ON ${prefix}sessions (workspace_id, fork_source_id, started_at, id);
CREATE INDEX ${prefix}sessions_base ON ${prefix}sessions (base_session_id);

CREATE TABLE ${prefix}messages (
    session_id            CHAR(36)               NOT NULL,
    seq                   BIGINT                 NOT NULL,
    message_id            CHARACTER VARYING      NOT NULL,
    origin_session_id     CHAR(36),
    role                  VARCHAR(16)            NOT NULL,
    created_at            BIGINT                 NOT NULL,
    content               CHARACTER LARGE OBJECT NOT NULL,
    usage_model           CHARACTER VARYING,
    input_tokens          BIGINT,
    output_tokens         BIGINT,
    cache_read_tokens     BIGINT,
    cache_creation_tokens BIGINT,
    CONSTRAINT ${prefix}messages_pk PRIMARY KEY (session_id, seq),
    CONSTRAINT ${prefix}messages_session_fk FOREIGN KEY (session_id) REFERENCES ${prefix}sessions (id)
);

CREATE UNIQUE INDEX ${prefix}messages_message_id ON ${prefix}messages (session_id, message_id);

CREATE TABLE ${prefix}activity (
    session_id  CHAR(36)               NOT NULL,
    seq         BIGINT                 NOT NULL,
    event_id    CHAR(36)               NOT NULL,
    occurred_at BIGINT                 NOT NULL,
    event_type  VARCHAR(64)            NOT NULL,
    summary     CHARACTER VARYING      NOT NULL,
    details     CHARACTER LARGE OBJECT NOT NULL,
    CONSTRAINT ${prefix}activity_pk PRIMARY KEY (session_id, seq),
    CONSTRAINT ${prefix}activity_session_fk FOREIGN KEY (session_id) REFERENCES ${prefix}sessions (id)
);
