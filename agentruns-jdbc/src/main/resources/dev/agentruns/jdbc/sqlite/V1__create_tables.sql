-- agentruns schema V1 for SQLite. ${prefix} is the table prefix (for example "agentruns_").
-- Times are microseconds since the epoch (UTC); ids are lower-case UUID text, whose text order is
-- the unsigned order the keyset uses. base_session_id/base_seq: the session whose transcript
-- provides messages 1..base_seq (a fork's shared prefix); fork_* is the fork origin as recorded.
CREATE TABLE ${prefix}sessions (
    id                    TEXT    NOT NULL PRIMARY KEY,
    workspace_id          TEXT    NOT NULL,
    kind                  TEXT    NOT NULL,
    agent_id              TEXT    NOT NULL,
    agent_name            TEXT    NOT NULL,
    agent_icon            TEXT,
    title                 TEXT    NOT NULL,
    status                TEXT    NOT NULL,
    wait_reason           TEXT,
    started_at            INTEGER NOT NULL,
    status_changed_at     INTEGER NOT NULL,
    ended_at              INTEGER,
    waited_micros         INTEGER NOT NULL,
    ticket_system         TEXT,
    ticket_key            TEXT,
    ticket_title          TEXT,
    ticket_url            TEXT,
    archived_at           INTEGER,
    archived              INTEGER NOT NULL,
    fork_source_id        TEXT,
    fork_message_id       TEXT,
    fork_seq              INTEGER,
    base_session_id       TEXT REFERENCES ${prefix}sessions (id),
    base_seq              INTEGER NOT NULL,
    message_count         INTEGER NOT NULL,
    activity_count        INTEGER NOT NULL,
    last_activity_at      INTEGER NOT NULL,
    input_tokens          INTEGER NOT NULL,
    output_tokens         INTEGER NOT NULL,
    cache_read_tokens     INTEGER NOT NULL,
    cache_creation_tokens INTEGER NOT NULL,
    output_verdict        TEXT,
    output_errors         TEXT,
    output_json           TEXT,
    output_schema         TEXT,
    version               INTEGER NOT NULL
);

CREATE INDEX ${prefix}sessions_ws_archived ON ${prefix}sessions (workspace_id, archived, started_at, id);
CREATE INDEX ${prefix}sessions_ws_agent ON ${prefix}sessions (workspace_id, agent_id, status, started_at, id);
CREATE INDEX ${prefix}sessions_ws_status ON ${prefix}sessions (workspace_id, status, started_at, id);
CREATE INDEX ${prefix}sessions_ws_ticket ON ${prefix}sessions (workspace_id, ticket_system, ticket_key, started_at, id);
CREATE INDEX ${prefix}sessions_ws_fork ON ${prefix}sessions (workspace_id, fork_source_id, started_at, id);
CREATE INDEX ${prefix}sessions_base ON ${prefix}sessions (base_session_id);

CREATE TABLE ${prefix}messages (
    session_id            TEXT    NOT NULL REFERENCES ${prefix}sessions (id),
    seq                   INTEGER NOT NULL,
    message_id            TEXT    NOT NULL,
    origin_session_id     TEXT,
    role                  TEXT    NOT NULL,
    created_at            INTEGER NOT NULL,
    content               TEXT    NOT NULL,
    usage_model           TEXT,
    input_tokens          INTEGER,
    output_tokens         INTEGER,
    cache_read_tokens     INTEGER,
    cache_creation_tokens INTEGER,
    PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;

CREATE UNIQUE INDEX ${prefix}messages_message_id ON ${prefix}messages (session_id, message_id);

CREATE TABLE ${prefix}activity (
    session_id  TEXT    NOT NULL REFERENCES ${prefix}sessions (id),
    seq         INTEGER NOT NULL,
    event_id    TEXT    NOT NULL,
    occurred_at INTEGER NOT NULL,
    event_type  TEXT    NOT NULL,
    summary     TEXT    NOT NULL,
    details     TEXT    NOT NULL,
    PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
