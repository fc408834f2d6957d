-- 012_email_and_search.sql
-- Shared inbox: each user's mail threads and their messages. Threads go away
-- with their user; messages belong to a thread.

CREATE TABLE email_threads (
    id              bigserial   PRIMARY KEY,
    user_id         bigint      NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    subject         text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX email_threads_user_id_idx ON email_threads (user_id);

CREATE TABLE email_messages (
    id              bigserial   PRIMARY KEY,
    thread_id       bigint      NOT NULL REFERENCES email_threads(id),
    sender          text        NOT NULL,
    body            text        NOT NULL,
    sent_at         timestamptz NOT NULL DEFAULT now()
);

-- Search history, written by the search service, which keeps the user id it
-- was given; the service may run ahead of the users table, so no foreign key.
CREATE TABLE search_history (
    id              bigserial   PRIMARY KEY,
    user_id         bigint      NOT NULL,
    query           text        NOT NULL,
    searched_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX search_history_user_id_searched_at_idx ON search_history (user_id, searched_at DESC);
