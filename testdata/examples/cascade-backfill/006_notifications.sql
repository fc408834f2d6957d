-- 006_notifications.sql

CREATE TABLE notifications (
    id              bigserial   PRIMARY KEY,
    user_id         bigint      NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind            text        NOT NULL,
    payload         jsonb       NOT NULL DEFAULT '{}',
    read_at         timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX notifications_user_unread_idx
    ON notifications (user_id, created_at DESC)
    WHERE read_at IS NULL;

CREATE TABLE notification_preferences (
    user_id         bigint      PRIMARY KEY REFERENCES users,
    email_digest    text        NOT NULL DEFAULT 'daily'
                                CHECK (email_digest IN ('off', 'daily', 'weekly')),
    push_enabled    boolean     NOT NULL DEFAULT true,
    mentions_only   boolean     NOT NULL DEFAULT false,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

INSERT INTO notification_preferences (user_id)
SELECT id FROM users
ON CONFLICT (user_id) DO NOTHING;

-- Device tokens written by the mobile push gateway. The gateway kept its own
-- database until now and has rows for users that no longer exist, so the FK
-- is added later (010) after a cleanup.
CREATE TABLE push_subscriptions (
    id              bigserial   PRIMARY KEY,
    user_id         bigint      NOT NULL,
    platform        text        NOT NULL CHECK (platform IN ('ios', 'android', 'web')),
    device_token    text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (platform, device_token)
);

CREATE INDEX push_subscriptions_user_id_idx ON push_subscriptions (user_id);
