-- 011_saved_searches_and_exports.sql

CREATE TABLE saved_searches (
    id              bigserial   PRIMARY KEY,
    user_id         bigint      NOT NULL REFERENCES users(id),
    workspace_id    bigint      NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    name            text        NOT NULL,
    query           jsonb       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, workspace_id, name)
);

-- GDPR data export requests (Art. 15 / Art. 20). The export worker picks up
-- pending rows and writes the archive to object storage.
CREATE TABLE data_export_requests (
    id              bigserial   PRIMARY KEY,
    user_id         bigint      NOT NULL REFERENCES users(id),
    status          text        NOT NULL DEFAULT 'pending'
                                CHECK (status IN ('pending', 'running', 'ready', 'expired', 'failed')),
    archive_key     text,
    requested_at    timestamptz NOT NULL DEFAULT now(),
    completed_at    timestamptz,
    expires_at      timestamptz
);

CREATE INDEX data_export_requests_pending_idx
    ON data_export_requests (requested_at)
    WHERE status = 'pending';

CREATE INDEX data_export_requests_user_id_idx ON data_export_requests (user_id);
