CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE sessions (
    user_id bigint CONSTRAINT fk_sessions_user REFERENCES users,
    CONSTRAINT sessions_user_id_check CHECK (user_id > 0)
);
CREATE TABLE tokens (user_id bigint REFERENCES users);
CREATE TABLE connector_oauth_refresh_token_rotation_audit_events (user_id bigint REFERENCES users);
