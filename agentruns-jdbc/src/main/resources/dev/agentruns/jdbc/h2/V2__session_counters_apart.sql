-- agentruns schema V2 for H2 2.x: a session's counters move to a narrow table of their own.
-- H2 runs every UPDATE as a delete and an insert in each B-tree of the table, so keeping the
-- counters current in the sessions row rewrote that row in all of its indexes on every append;
-- here an append rewrites one short row in one B-tree. session_status is a copy of the session's
-- status, kept by every status change, so that an append checks the status on the row it locks.
-- H2 commits each DDL statement, so each statement here can run again after a process stopped
-- between them; only a stop after the last one and before the version is recorded needs a hand.
CREATE TABLE IF NOT EXISTS ${prefix}session_counters (
    session_id            CHAR(36)    NOT NULL PRIMARY KEY,
    session_status        VARCHAR(16) NOT NULL,
    message_count         BIGINT      NOT NULL,
    activity_count        BIGINT      NOT NULL,
    last_activity_at      BIGINT      NOT NULL,
    input_tokens          BIGINT      NOT NULL,
    output_tokens         BIGINT      NOT NULL,
    cache_read_tokens     BIGINT      NOT NULL,
    cache_creation_tokens BIGINT      NOT NULL,
    CONSTRAINT ${prefix}session_counters_session_fk FOREIGN KEY (session_id) REFERENCES ${prefix}sessions (id)
        ON DELETE CASCADE
);

INSERT INTO ${prefix}session_counters (session_id, session_status, message_count, activity_count, last_activity_at,
    input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens)
SELECT id, status, message_count, activity_count, last_activity_at, input_tokens, output_tokens, cache_read_tokens,
    cache_creation_tokens FROM ${prefix}sessions s
WHERE NOT EXISTS (SELECT 1 FROM ${prefix}session_counters c WHERE c.session_id = s.id);

ALTER TABLE ${prefix}sessions DROP COLUMN message_count, activity_count, last_activity_at, input_tokens, output_tokens,
    cache_read_tokens, cache_creation_tokens;
