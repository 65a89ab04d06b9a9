-- agentruns schema V1 for PostgreSQL 13+. ${prefix} is the table prefix (for example "agentruns_").
-- Times are microseconds since the epoch (UTC) in bigint. Free text is stored with U+0000 escaped
-- (text rejects it; see NulEscape); JSON values are json (kept exactly as written).
-- base_session_id/base_seq: the session whose transcript provides messages 1..base_seq (a fork's
-- shared prefix); fork_* is the fork origin as recorded.
CREATE TABLE ${prefix}sessions (
    id                    uuid     NOT NULL PRIMARY KEY,
    workspace_id          text     NOT NULL,
    kind                  text     NOT NULL,
    agent_id              text     NOT NULL,
    agent_name            text     NOT NULL,
    agent_icon            text,
    title                 text     NOT NULL,
    status                text     NOT NULL,
    wait_reason           text,
    started_at            bigint   NOT NULL,
    status_changed_at     bigint   NOT NULL,
    ended_at              bigint,
    waited_micros         bigint   NOT NULL,
    ticket_system         text,
    ticket_key            text,
    ticket_title          text,
    ticket_url            text,
    archived_at           bigint,
    archived              smallint NOT NULL,
    fork_source_id        uuid,
    fork_message_id       text,
    fork_seq              bigint,
    base_session_id       uuid REFERENCES ${prefix}sessions (id),
    base_seq              bigint   NOT NULL,
    message_count         bigint   NOT NULL,
    activity_count        bigint   NOT NULL,
    last_activity_at      bigint   NOT NULL,
    input_tokens          bigint   NOT NULL,
    output_tokens         bigint   NOT NULL,
    cache_read_tokens     bigint   NOT NULL,
    cache_creation_tokens bigint   NOT NULL,
    output_verdict        text,
    output_errors         json,
    output_json           json,
    output_schema         json,
    version               bigint   NOT NULL
);

CREATE INDEX ${prefix}sessions_ws_archived ON ${prefix}sessions (workspace_id, archived, started_at, id);
CREATE INDEX ${prefix}sessions_ws_agent ON ${prefix}sessions (workspace_id, agent_id, status, started_at, id);
CREATE INDEX ${prefix}sessions_ws_status ON ${prefix}sessions (workspace_id, status, started_at, id);
CREATE INDEX ${prefix}sessions_ws_ticket ON ${prefix}sessions (workspace_id, ticket_system, ticket_key, started_at, id);
CREATE INDEX ${prefix}sessions_ws_fork ON ${prefix}sessions (workspace_id, fork_source_id, started_at, id);
CREATE INDEX ${prefix}sessions_base ON ${prefix}sessions (base_session_id);

CREATE TABLE ${prefix}messages (
    session_id            uuid   NOT NULL REFERENCES ${prefix}sessions (id),
    seq                   bigint NOT NULL,
    message_id            text   NOT NULL,
    origin_session_id     uuid,
    role                  text   NOT NULL,
    created_at            bigint NOT NULL,
    content               json   NOT NULL,
    usage_model           text,
    input_tokens          bigint,
    output_tokens         bigint,
    cache_read_tokens     bigint,
    cache_creation_tokens bigint,
    PRIMARY KEY (session_id, seq)
);

CREATE UNIQUE INDEX ${prefix}messages_message_id ON ${prefix}messages (session_id, message_id);

CREATE TABLE ${prefix}activity (
    session_id  uuid   NOT NULL REFERENCES ${prefix}sessions (id),
    seq         bigint NOT NULL,
    event_id    uuid   NOT NULL,
    occurred_at bigint NOT NULL,
    event_type  text   NOT NULL,
    summary     text   NOT NULL,
    details     json   NOT NULL,
    PRIMARY KEY (session_id, seq)
);
