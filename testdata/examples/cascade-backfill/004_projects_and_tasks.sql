-- 004_projects_and_tasks.sql

CREATE TABLE projects (
    id              bigserial   PRIMARY KEY,
    workspace_id    bigint      NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    name            text        NOT NULL,
    description     text,
    archived_at     timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX projects_workspace_id_idx ON projects (workspace_id) WHERE archived_at IS NULL;

CREATE TYPE task_status AS ENUM ('todo', 'in_progress', 'blocked', 'done');

-- tasks.user_id is the author; assignment lives in a later table.
CREATE TABLE tasks (
    id              bigserial   PRIMARY KEY,
    project_id      bigint      NOT NULL,
    user_id         bigint      NOT NULL,
    title           text        NOT NULL,
    body            text,
    status          task_status NOT NULL DEFAULT 'todo',
    due_on          date,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE CASCADE,
    FOREIGN KEY (user_id) REFERENCES users
);

CREATE INDEX tasks_project_id_status_idx ON tasks (project_id, status);
CREATE INDEX tasks_user_id_idx ON tasks (user_id);

CREATE TRIGGER tasks_set_updated_at
    BEFORE UPDATE ON tasks
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE comments (
    id              bigserial   PRIMARY KEY,
    task_id         bigint      NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    user_id         bigint      NOT NULL REFERENCES public.users(id),
    body            text        NOT NULL,
    edited_at       timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX comments_task_id_created_at_idx ON comments (task_id, created_at);

-- Attachments. The uploader is only known by e-mail for now (the upload
-- service does not see user ids); see 010.
CREATE TABLE file_uploads (
    id              bigserial   PRIMARY KEY,
    project_id      bigint      NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    uploaded_by     text        NOT NULL,
    storage_key     text        NOT NULL UNIQUE,
    content_type    text        NOT NULL,
    byte_size       bigint      NOT NULL CHECK (byte_size >= 0),
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX file_uploads_project_id_idx ON file_uploads (project_id);
