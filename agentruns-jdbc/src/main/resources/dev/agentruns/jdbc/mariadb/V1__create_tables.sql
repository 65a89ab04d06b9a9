-- agentruns schema V1 for MariaDB 10.6+ (InnoDB, utf8mb4). ${prefix} is the table prefix (for example
-- "agentruns_"). Text compares byte for byte and without trailing-space padding (utf8mb4_nopad_bin),
-- as Java does. Times are microseconds since the epoch (UTC) in BIGINT; ids are lower-case UUID text
-- in ascii_bin, whose order is the unsigned order the keyset uses. Lengths of indexed columns are the
-- core's limits, which keep every index within InnoDB's 3072-byte key limit.
-- base_session_id/base_seq: the session whose transcript provides messages 1..base_seq (a fork's
-- shared prefix); fork_* is the fork origin as recorded.
CREATE TABLE ${prefix}sessions (
    id                    CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    workspace_id          VARCHAR(200) NOT NULL,
    kind                  VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    agent_id              VARCHAR(200) NOT NULL,
    agent_name            TEXT NOT NULL,
    agent_icon            TEXT,
    title                 TEXT NOT NULL,
    status                VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    wait_reason           VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin,
    started_at            BIGINT NOT NULL,
    status_changed_at     BIGINT NOT NULL,
    ended_at              BIGINT,
    waited_micros         BIGINT NOT NULL,
    ticket_system         VARCHAR(100),
    ticket_key            VARCHAR(200),
    ticket_title          TEXT,
    ticket_url            TEXT,
    archived_at           BIGINT,
    archived              SMALLINT NOT NULL,
    fork_source_id        CHAR(36) CHARACTER SET ascii COLLATE ascii_bin,
    fork_message_id       TEXT,
    fork_seq              BIGINT,
    base_session_id       CHAR(36) CHARACTER SET ascii COLLATE ascii_bin,
    base_seq              BIGINT NOT NULL,
    message_count         BIGINT NOT NULL,
    activity_count        BIGINT NOT NULL,
    last_activity_at      BIGINT NOT NULL,
    input_tokens          BIGINT NOT NULL,
    output_tokens         BIGINT NOT NULL,
    cache_read_tokens     BIGINT NOT NULL,
    cache_creation_tokens BIGINT NOT NULL,
    output_verdict        VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin,
    output_errors         LONGTEXT,
    output_json           LONGTEXT,
    output_schema         LONGTEXT,
    version               BIGINT NOT NULL,
    PRIMARY KEY (id),
    KEY ${prefix}sessions_ws_archived (workspace_id, archived, started_at, id),
    KEY ${prefix}sessions_ws_agent (workspace_id, agent_id, status, started_at, id),
    KEY ${prefix}sessions_ws_status (workspace_id, status, started_at, id),
    KEY ${prefix}sessions_ws_ticket (workspace_id, ticket_system, ticket_key, started_at, id),
    KEY ${prefix}sessions_ws_fork (workspace_id, fork_source_id, started_at, id),
    KEY ${prefix}sessions_base (base_session_id),
    CONSTRAINT ${prefix}sessions_base_fk FOREIGN KEY (base_session_id) REFERENCES ${prefix}sessions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE ${prefix}messages (
    session_id            CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    seq                   BIGINT NOT NULL,
    message_id            VARCHAR(200) NOT NULL,
    origin_session_id     CHAR(36) CHARACTER SET ascii COLLATE ascii_bin,
    role                  VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    created_at            BIGINT NOT NULL,
    content               LONGTEXT NOT NULL,
    usage_model           TEXT,
    input_tokens          BIGINT,
    output_tokens         BIGINT,
    cache_read_tokens     BIGINT,
    cache_creation_tokens BIGINT,
    PRIMARY KEY (session_id, seq),
    UNIQUE KEY ${prefix}messages_message_id (session_id, message_id),
    CONSTRAINT ${prefix}messages_session_fk FOREIGN KEY (session_id) REFERENCES ${prefix}sessions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE ${prefix}activity (
    session_id  CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    seq         BIGINT NOT NULL,
    event_id    CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    occurred_at BIGINT NOT NULL,
    event_type  VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    summary     TEXT NOT NULL,
    details     LONGTEXT NOT NULL,
    PRIMARY KEY (session_id, seq),
    CONSTRAINT ${prefix}activity_session_fk FOREIGN KEY (session_id) REFERENCES ${prefix}sessions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
