-- 003_workspaces.sql
-- Workspaces and their members. A workspace belongs to exactly one owner.

CREATE TABLE workspaces (
    id              bigserial   PRIMARY KEY,
    owner_id        bigint      NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name            text        NOT NULL,
    slug            text        NOT NULL UNIQUE,
    plan            text        NOT NULL DEFAULT 'free',
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX workspaces_owner_id_idx ON workspaces (owner_id);

CREATE TRIGGER workspaces_set_updated_at
    BEFORE UPDATE ON workspaces
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE workspace_members (
    workspace_id    bigint      NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    user_id         bigint      NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role            text        NOT NULL DEFAULT 'member'
                                CHECK (role IN ('owner', 'admin', 'member', 'guest')),
    joined_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, user_id)
);

CREATE INDEX workspace_members_user_id_idx ON workspace_members (user_id);

-- The owner is always a member too.
CREATE FUNCTION add_owner_membership() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO workspace_members (workspace_id, user_id, role)
    VALUES (NEW.id, NEW.owner_id, 'owner')
    ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = 'owner';
    RETURN NEW;
END;
$$;

CREATE TRIGGER workspaces_add_owner_membership
    AFTER INSERT ON workspaces
    FOR EACH ROW EXECUTE FUNCTION add_owner_membership();
