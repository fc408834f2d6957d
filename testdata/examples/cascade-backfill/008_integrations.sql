-- 008_integrations.sql
-- Third-party connectors (GitHub, Slack, Google Drive) and outgoing webhooks.

CREATE TABLE connectors (
    id                  bigserial   PRIMARY KEY,
    user_id             bigint      NOT NULL REFERENCES users(id),
    provider            text        NOT NULL,
    external_account_id text        NOT NULL,
    access_token_enc    bytea       NOT NULL,
    refresh_token_enc   bytea,
    token_expires_at    timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, provider, external_account_id)
);

-- SEC-412: keep an audit trail of every refresh-token rotation so token reuse
-- (a sign of a stolen refresh token) can be investigated.
CREATE TABLE connector_oauth_refresh_token_rotation_audit_events (
    id              bigserial   PRIMARY KEY,
    connector_id    bigint      NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
    user_id         bigint      NOT NULL REFERENCES users(id),
    rotated_at      timestamptz NOT NULL DEFAULT now(),
    outcome         text        NOT NULL CHECK (outcome IN ('rotated', 'reused', 'revoked', 'failed')),
    error_code      text,
    client_ip       inet
);

CREATE INDEX connector_token_rotation_audit_connector_idx
    ON connector_oauth_refresh_token_rotation_audit_events (connector_id, rotated_at DESC);

CREATE TABLE webhooks (
    id              bigserial   PRIMARY KEY,
    user_id         bigint      NOT NULL,
    target_url      text        NOT NULL CHECK (target_url LIKE 'https://%'),
    signing_secret  text        NOT NULL,
    events          text[]      NOT NULL,
    active          boolean     NOT NULL DEFAULT true,
    last_failure_at timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (user_id) REFERENCES public.users (id)
);

CREATE INDEX webhooks_user_id_idx ON webhooks (user_id) WHERE active;
