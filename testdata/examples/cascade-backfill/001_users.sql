-- 001_users.sql
-- Core identity. Everything a customer owns hangs off users.id.

CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE TABLE users (
    id              bigserial   PRIMARY KEY,
    email           text        NOT NULL,
    display_name    text,
    password_hash   text,
    is_staff        boolean     NOT NULL DEFAULT false,
    last_login_at   timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));

CREATE TRIGGER users_set_updated_at
    BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- One profile row per user; it goes away with the user.
CREATE TABLE user_profiles (
    user_id     bigint      PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    avatar_url  text,
    timezone    text        NOT NULL DEFAULT 'UTC',
    locale      text        NOT NULL DEFAULT 'en-US',
    bio         text,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Service account used by background jobs and imports.
INSERT INTO users (email, display_name, is_staff)
VALUES ('system@example.com', 'System', true);

INSERT INTO user_profiles (user_id)
SELECT id FROM users WHERE email = 'system@example.com';
