CREATE TABLE users (id bigint PRIMARY KEY, email text UNIQUE);

CREATE TABLE sessions (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users ON DELETE CASCADE); -- want fk-missing-index `no index of sessions starts with user_id, the columns of foreign key "sessions_user_id_fkey" \(ON DELETE CASCADE\): deleting a row of users scans the whole table \(sessions\.user_id → users\.id\); fix: CREATE INDEX ON sessions \(user_id\);`

-- Served by an index, a primary key or a unique key whose leading columns
-- are the key's, in any order.
CREATE TABLE tokens (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users ON DELETE CASCADE);
CREATE INDEX tokens_user_idx ON tokens (user_id, id);
CREATE TABLE profiles (user_id bigint PRIMARY KEY REFERENCES users ON DELETE CASCADE);
CREATE TABLE memberships (
    team_id bigint NOT NULL,
    user_id bigint NOT NULL REFERENCES users ON DELETE CASCADE, -- want fk-missing-index `memberships starts with user_id`
    PRIMARY KEY (team_id, user_id)
);
CREATE TABLE pairs (
    a bigint NOT NULL,
    b bigint NOT NULL,
    user_id bigint NOT NULL REFERENCES users ON DELETE CASCADE,
    UNIQUE (user_id, a)
);
CREATE TABLE pair_notes (
    a bigint, b bigint,
    FOREIGN KEY (a, b) REFERENCES pairs (a, user_id) ON DELETE CASCADE
);
CREATE INDEX ON pair_notes (b, a, a);

-- A partial index does not serve the deletion's lookup; checks look up too.
CREATE TABLE webhooks (id bigint PRIMARY KEY, active bool, user_id bigint REFERENCES users); -- want fk-missing-index `webhooks starts with user_id, the columns of foreign key "webhooks_user_id_fkey" \(ON DELETE NO ACTION\)`
CREATE INDEX webhooks_user_id_idx ON webhooks (user_id) WHERE active;
CREATE TABLE pushes (id bigint PRIMARY KEY, active bool, user_id bigint REFERENCES users ON DELETE SET NULL); -- want fk-missing-index `pushes starts with user_id`
CREATE INDEX ON pushes (user_id) WHERE active;
CREATE INDEX ON pushes (lower(user_id::text));

-- Deeper down, and through another key of users.
CREATE TABLE threads (id bigint PRIMARY KEY, user_id bigint REFERENCES users ON DELETE CASCADE);
CREATE INDEX ON threads (user_id);
CREATE TABLE messages (id bigint PRIMARY KEY, thread_id bigint REFERENCES threads); -- want fk-missing-index `\(messages\.thread_id → threads\.id → users\.id\)`
CREATE TABLE mail_log (email text REFERENCES users (email)); -- want fk-missing-index `mail_log starts with email`
-- Not on the deletion tree: messages rows are never deleted (its key blocks).
CREATE TABLE message_flags (message_id bigint REFERENCES messages);

-- Duplicate keys share one finding.
CREATE TABLE devices (id bigint PRIMARY KEY, user_id bigint REFERENCES users ON DELETE CASCADE); -- want fk-missing-index `devices starts with user_id`
ALTER TABLE devices ADD CONSTRAINT devices_owner FOREIGN KEY (user_id) REFERENCES users;
