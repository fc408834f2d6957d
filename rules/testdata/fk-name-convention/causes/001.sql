CREATE TABLE users (id bigint PRIMARY KEY);

CREATE TABLE sessions (
    user_id bigint,
    CONSTRAINT fk_sessions_user FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE -- want fk-name-convention `named "fk_sessions_user", not "sessions_user_id_fkey" \(it was named by hand`
);

-- Renamed afterwards: the key keeps its old name.
CREATE TABLE mempalace_entries (user_id bigint REFERENCES users ON DELETE CASCADE); -- want fk-name-convention `"mempalace_entries_user_id_fkey", not "mempalace_user_id_fkey"`
ALTER TABLE mempalace_entries RENAME TO mempalace;
CREATE TABLE notes (uid bigint REFERENCES users ON DELETE CASCADE); -- want fk-name-convention `"notes_uid_fkey", not "notes_user_id_fkey"`
ALTER TABLE notes RENAME COLUMN uid TO user_id;

-- Truncated to 63 bytes.
CREATE TABLE connector_oauth_refresh_token_rotation_audit_events (
    user_id bigint REFERENCES users ON DELETE CASCADE -- want fk-name-convention `"connector_oauth_refresh_token_rotation_audit_event_user_id_fkey", .*truncated the default name to 63 bytes`
);

-- Numbered: a_b_c_fkey is taken by another table's key.
CREATE TABLE a_b (c bigint REFERENCES users ON DELETE CASCADE);
CREATE TABLE a (b_c bigint REFERENCES users ON DELETE CASCADE); -- want fk-name-convention `"a_b_c_fkey1", not "a_b_c_fkey" \(PostgreSQL numbered`

-- Conventional names are fine, explicit or not.
CREATE TABLE posts (
    user_id bigint CONSTRAINT posts_user_id_fkey REFERENCES users ON DELETE CASCADE,
    editor_id bigint REFERENCES users ON DELETE CASCADE
);
