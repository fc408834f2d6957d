-- 007_mempalace_entries.sql
-- Mempalace: per-user pinned notes and snippets shown on the home screen.

CREATE TABLE mempalace_entries (
    id              bigserial   PRIMARY KEY,
    user_id         bigint      NOT NULL REFERENCES users(id),
    title           text        NOT NULL,
    body            text        NOT NULL DEFAULT '',
    tags            text[]      NOT NULL DEFAULT '{}',
    position        integer     NOT NULL DEFAULT 0,
    pinned          boolean     NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX mempalace_entries_user_id_position_idx ON mempalace_entries (user_id, position);
CREATE INDEX mempalace_entries_tags_idx ON mempalace_entries USING gin (tags);

CREATE TRIGGER mempalace_entries_set_updated_at
    BEFORE UPDATE ON mempalace_entries
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
