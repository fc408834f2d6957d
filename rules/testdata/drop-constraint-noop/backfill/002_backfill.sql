ALTER TABLE sessions DROP CONSTRAINT IF EXISTS sessions_user_id_fkey; -- want drop-constraint-noop `"sessions_user_id_fkey" drops nothing: table sessions has no constraint of that name; did you mean "fk_sessions_user" \(FOREIGN KEY \(user_id\) REFERENCES users\(id\)\)\?$`
ALTER TABLE tokens DROP CONSTRAINT IF EXISTS tokens_user_id_fkey;
ALTER TABLE tokens
    ADD COLUMN note text,
    DROP CONSTRAINT IF EXISTS tokens_user_id_fkey; -- want drop-constraint-noop `"tokens_user_id_fkey" drops nothing: table tokens has no constraint of that name$`
ALTER TABLE connector_oauth_refresh_token_rotation_audit_events
    DROP CONSTRAINT IF EXISTS connector_oauth_refresh_token_rotation_audit_events_user_id_fkey; -- want drop-constraint-noop `cuts names to 63 bytes.*did you mean "connector_oauth_refresh_token_rotation_audit_event_user_id_fkey"`
-- A dropped CHECK is matched against CHECKs.
ALTER TABLE sessions DROP CONSTRAINT IF EXISTS sessions_check; -- want drop-constraint-noop `did you mean "sessions_user_id_check" \(CHECK`
