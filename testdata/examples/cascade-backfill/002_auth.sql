-- 002_auth.sql
-- Browser sessions, personal API tokens, SSO identities and the e-mail flows.

CREATE TABLE sessions (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id         bigint      NOT NULL,
    user_agent      text,
    ip_address      inet,
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_seen_at    timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    revoked_at      timestamptz,
    CONSTRAINT fk_sessions_user FOREIGN KEY (user_id) REFERENCES users(id)
);

CREATE INDEX sessions_user_id_idx ON sessions (user_id);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at) WHERE revoked_at IS NULL;

CREATE TABLE api_tokens (
    id              bigserial   PRIMARY KEY,
    user_id         bigint      NOT NULL REFERENCES users(id),
    name            text        NOT NULL,
    token_prefix    char(8)     NOT NULL UNIQUE,
    token_hash      bytea       NOT NULL,
    scopes          text[]      NOT NULL DEFAULT '{}',
    last_used_at    timestamptz,
    expires_at      timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX api_tokens_user_id_idx ON api_tokens (user_id);

-- Google / Microsoft / GitHub sign-in.
CREATE TABLE oauth_identities (
    id              bigserial   PRIMARY KEY,
    user_id         bigint      NOT NULL REFERENCES public.users,
    provider        text        NOT NULL,
    subject         text        NOT NULL,
    email           text,
    linked_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (provider, subject)
);

CREATE INDEX oauth_identities_user_id_idx ON oauth_identities (user_id);

CREATE TABLE password_reset_tokens (
    token_hash      bytea       PRIMARY KEY,
    user_id         bigint      NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at      timestamptz NOT NULL DEFAULT now(),
    used_at         timestamptz
);

CREATE TABLE email_verifications (
    id              bigserial   PRIMARY KEY,
    user_id         bigint      NOT NULL,
    email           text        NOT NULL,
    code_hash       bytea       NOT NULL,
    sent_at         timestamptz NOT NULL DEFAULT now(),
    verified_at     timestamptz,
    FOREIGN KEY (user_id) REFERENCES users(id)
);

CREATE INDEX email_verifications_user_id_idx ON email_verifications (user_id);
